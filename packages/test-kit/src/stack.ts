import type { Kysely } from 'kysely'
import type { TokenVerifier } from '@railyard/auth'
import type { MigrationSet } from '@railyard/db'
import { type ServiceClients, type SubgraphClient, type SubgraphServer, inProcessSubgraphClient, lazyClient } from '@railyard/graphql-kit'
import type { TestData } from './graphql-assert.ts'
import { type PersonaName, type TestAuth, createTestAuth } from './test-auth.ts'
import { type TestDb, openTestDb } from '@railyard/db'

export type ServiceName = keyof ServiceClients

/** What a service module exports for tests and the launcher. */
export interface ServiceModule {
  SCHEMA: string
  migrations: MigrationSet
  createServer(deps: { db: Kysely<any>; verifier: TokenVerifier; clients: ServiceClients }): Promise<SubgraphServer<any>>
}

export interface TestStack {
  auth: TestAuth
  tokens: Record<PersonaName, string>
  servers: Partial<Record<ServiceName, SubgraphServer<any>>>
  dbs: Partial<Record<ServiceName, TestDb<any>>>
  /** Runs an operation on one subgraph as a persona (null = no token). */
  as(service: ServiceName, who: PersonaName | null): (query: string, variables?: Record<string, unknown>) => Promise<TestData>
  close(): Promise<void>
}

/**
 * Starts the given subgraphs in-process on fresh test databases, wired to each other through
 * in-process clients (same code path as HTTP: token verified by each subgraph).
 */
export async function startTestStack(modules: Partial<Record<ServiceName, ServiceModule>>): Promise<TestStack> {
  const auth = await createTestAuth()
  const tokens = await auth.tokens()
  const servers: Partial<Record<ServiceName, SubgraphServer<any>>> = {}
  const dbs: Partial<Record<ServiceName, TestDb<any>>> = {}
  const clientOf = (name: ServiceName): SubgraphClient =>
    lazyClient(() => {
      const server = servers[name]
      return server ? inProcessSubgraphClient((op) => server.execute(op), name) : undefined
    }, name)
  const clients: ServiceClients = {
    programStrategy: clientOf('programStrategy'),
    agencyPlans: clientOf('agencyPlans'),
    environmentInventory: clientOf('environmentInventory'),
  }
  const entries = Object.entries(modules) as [ServiceName, ServiceModule][]
  await Promise.all(
    entries.map(async ([name, mod]) => {
      dbs[name] = await openTestDb(mod.SCHEMA, mod.migrations)
    }),
  )
  for (const [name, mod] of entries) {
    const db = dbs[name]
    if (!db) throw new Error(`${name}: its test database did not open`)
    servers[name] = await mod.createServer({ db: db.db, verifier: auth.verifier, clients })
  }
  return {
    auth,
    tokens,
    servers,
    dbs,
    as: (service, who) => (query, variables) => {
      const s = servers[service]
      if (!s) throw new Error(`${service} is not part of this test stack`)
      return s.execute({ query, variables, token: who ? tokens[who] : null })
    },
    async close() {
      for (const s of Object.values(servers)) await s?.stop()
      for (const d of Object.values(dbs)) await d?.close()
    },
  }
}
