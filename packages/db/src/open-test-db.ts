import { loadConfig } from '@railyard/config'
import { type DbHandle, createDb } from './create-db.ts'
import { type MigrationSet, migrateToLatest } from './migrate.ts'
import { createTestPostgresDatabase, freshPGlite } from './test-database.ts'

export type TestDbKind = 'pglite' | 'postgres'

/** Which database this test run targets: RAILYARD_TEST_DB=postgres (with TEST_DATABASE_URL) or PGlite. */
export function testDbKind(): TestDbKind {
  // eslint-disable-next-line no-restricted-properties -- set per Vitest project by vitest.config.ts to pick the test database; not application configuration
  return process.env.RAILYARD_TEST_DB === 'postgres' ? 'postgres' : 'pglite'
}

export interface TestDb<DB> extends DbHandle<DB> {
  /** Database URL when on PostgreSQL (a fresh, randomly named database), else undefined. */
  url?: string
}

/**
 * A fresh, migrated database for one test file: a PGlite loaded from a template, or a new
 * randomly named database on TEST_DATABASE_URL's server (dropped again on close).
 */
export async function openTestDb<DB>(schema: string, migrations: MigrationSet): Promise<TestDb<DB>> {
  if (testDbKind() === 'postgres') {
    const serverUrl = loadConfig().testDatabaseUrl
    if (!serverUrl) throw new Error('RAILYARD_TEST_DB=postgres needs TEST_DATABASE_URL')
    const created = await createTestPostgresDatabase(serverUrl)
    const handle = await createDb<DB>({ schema, databaseUrl: created.url, poolSize: 20 })
    await migrateToLatest(handle.db, schema, migrations)
    return {
      ...handle,
      url: created.url,
      async close() {
        await handle.close()
        await created.drop()
      },
    }
  }
  const pglite = await freshPGlite()
  const handle = await createDb<DB>({ schema, pglite })
  await migrateToLatest(handle.db, schema, migrations)
  return {
    ...handle,
    async close() {
      await handle.close()
      await pglite.close()
    },
  }
}
