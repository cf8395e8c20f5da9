import type { Kysely } from 'kysely'
import type { TokenVerifier } from '@railyard/auth'
import { type ServiceClients, type SubgraphRuntimeOptions, type SubgraphServer, createSubgraphServer } from '@railyard/graphql-kit'
import { databaseReady } from '@railyard/graphql-kit/start'
import { type Context, createContext } from './context.ts'
import type { Database } from './database.ts'
import { modules } from './schema.ts'

export interface EnvironmentInventoryDeps {
  /** Request pipeline settings (introspection policy, rate limit, limits); secure defaults when absent. */
  runtime?: SubgraphRuntimeOptions
  db: Kysely<Database>
  verifier: TokenVerifier
  /** Other subgraphs: program-strategy (programs, agencies) and agency-plans (releases), called with the caller's token. */
  clients: ServiceClients
}

/** The environment-inventory subgraph: environments, baselines, reported state, drift, bookings, deployments, readiness. */
export function createServer({ db, verifier, clients, runtime }: EnvironmentInventoryDeps): Promise<SubgraphServer<Context>> {
  return createSubgraphServer<Context>({
    name: 'environment-inventory',
    modules,
    verifier,
    buildContext: (actor, request) => createContext(db, actor, clients, request),
    ready: databaseReady(db),
    runtime,
  })
}

export { migrations } from './migrations/index.ts'
export { SCHEMA, type Database } from './database.ts'
export { typeDefsText } from './schema.ts'
