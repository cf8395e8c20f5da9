import { type PersonaName, type TestDb, createTestAuth, openTestDb } from '@railyard/test-kit'
import { type Database, SCHEMA, createServer, migrations } from '../src/server.ts'

/** A program-strategy subgraph on a fresh test database, with a token per persona. */
export async function startProgramStrategy() {
  const dbh: TestDb<Database> = await openTestDb<Database>(SCHEMA, migrations)
  const auth = await createTestAuth()
  const server = await createServer({ db: dbh.db, verifier: auth.verifier })
  const tokens = await auth.tokens()
  const as = (who: PersonaName | null) => (query: string, variables?: Record<string, unknown>) =>
    server.execute({ query, variables, token: who ? tokens[who] : null })
  return {
    db: dbh.db,
    server,
    auth,
    tokens,
    as,
    async close() {
      await server.stop()
      await dbh.close()
    },
  }
}
