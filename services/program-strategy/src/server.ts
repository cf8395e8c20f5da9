import type { Kysely } from 'kysely'
import type { TokenVerifier } from '@railyard/auth'
import { type ServiceClients, type SubgraphRuntimeOptions, type SubgraphServer, createSubgraphServer } from '@railyard/graphql-kit'
import { databaseReady } from '@railyard/graphql-kit/start'
import { type Context, createContext } from './context.ts'
import type { Database } from './database.ts'
import { modules } from './schema.ts'

export interface ProgramStrategyDeps {
  /** Request pipeline settings (introspection policy, rate limit, limits); secure defaults when absent. */
  runtime?: SubgraphRuntimeOptions
  db: Kysely<Database>
  verifier: TokenVerifier
  /** Other subgraphs (unused here: program-strategy calls no one). */
  clients?: ServiceClients
}

/** The program-strategy subgraph: programs, agencies, shared components, release strategies. */
export function createServer({ db, verifier, runtime }: ProgramStrategyDeps): Promise<SubgraphServer<Context>> {
  return createSubgraphServer<Context>({
    name: 'program-strategy',
    modules,
    verifier,
    buildContext: (actor, request) => createContext(db, actor, request),
    ready: databaseReady(db),
    runtime,
  })
}

export { migrations } from './migrations/index.ts'
export { SCHEMA, type Database } from './database.ts'
export { typeDefsText } from './schema.ts'
