import type { Kysely } from 'kysely'
import type { TokenVerifier } from '@railyard/auth'
import { type ServiceClients, type SubgraphServer, createSubgraphServer } from '@railyard/graphql-kit'
import { type Context, createContext } from './context.ts'
import type { Database } from './database.ts'
import { modules } from './schema.ts'

export interface EnvironmentInventoryDeps {
  db: Kysely<Database>
  verifier: TokenVerifier
  /** Other subgraphs: program-strategy (programs, agencies) and agency-plans (releases), called with the caller's token. */
  clients: ServiceClients
}

/** The environment-inventory subgraph: environments, baselines, reported state, drift, bookings, deployments, readiness. */
export function createServer({ db, verifier, clients }: EnvironmentInventoryDeps): Promise<SubgraphServer<Context>> {
  return createSubgraphServer<Context>({
    name: 'environment-inventory',
    modules,
    verifier,
    buildContext: (actor) => createContext(db, actor, clients),
  })
}

export { migrations } from './migrations/index.ts'
export { SCHEMA, type Database } from './database.ts'
export { typeDefsText } from './schema.ts'
