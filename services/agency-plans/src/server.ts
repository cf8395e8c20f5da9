import type { Kysely } from 'kysely'
import type { TokenVerifier } from '@railyard/auth'
import { type ServiceClients, type SubgraphServer, createSubgraphServer } from '@railyard/graphql-kit'
import { type Context, createContext } from './context.ts'
import type { Database } from './database.ts'
import { modules } from './schema.ts'

export interface AgencyPlansDeps {
  db: Kysely<Database>
  verifier: TokenVerifier
  /** The other subgraphs: program-strategy (strategy snapshots, shared components), environment-inventory (environments). */
  clients: ServiceClients
}

/** The agency-plans subgraph: agency release plans, releases, checkpoints, approvals. */
export function createServer({ db, verifier, clients }: AgencyPlansDeps): Promise<SubgraphServer<Context>> {
  return createSubgraphServer<Context>({
    name: 'agency-plans',
    modules,
    verifier,
    buildContext: (actor) => createContext(db, clients, actor),
  })
}

export { migrations } from './migrations/index.ts'
export { SCHEMA, type Database } from './database.ts'
export { typeDefsText } from './schema.ts'
