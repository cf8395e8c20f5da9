import type { Kysely } from 'kysely'
import type { TokenVerifier } from '@railyard/auth'
import { type ServiceClients, type SubgraphRuntimeOptions, type SubgraphServer, createSubgraphServer } from '@railyard/graphql-kit'
import { databaseReady } from '@railyard/graphql-kit/start'
import { type Context, createContext } from './context.ts'
import type { Database } from './database.ts'
import { modules } from './schema.ts'

export interface AgencyPlansDeps {
  /** Request pipeline settings (introspection policy, rate limit, limits); secure defaults when absent. */
  runtime?: SubgraphRuntimeOptions
  db: Kysely<Database>
  verifier: TokenVerifier
  /** The other subgraphs: program-strategy (strategy snapshots, shared components), environment-inventory (environments). */
  clients: ServiceClients
}

/** The agency-plans subgraph: agency release plans, releases, checkpoints, approvals. */
export function createServer({ db, verifier, clients, runtime }: AgencyPlansDeps): Promise<SubgraphServer<Context>> {
  return createSubgraphServer<Context>({
    name: 'agency-plans',
    modules,
    verifier,
    buildContext: (actor, request) => createContext(db, clients, actor, request),
    ready: databaseReady(db),
    runtime,
  })
}

export { migrations } from './migrations/index.ts'
export { SCHEMA, type Database } from './database.ts'
export { typeDefsText } from './schema.ts'
export { startNotificationWorkers } from './modules/notification/notification.workers.ts'
export { internalRelay } from './modules/notification/notification.relay.ts'
