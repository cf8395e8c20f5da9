import { type Kysely, sql } from 'kysely'
import { type Migration, type MigrationProvider, Migrator } from 'kysely/migration'

export type MigrationSet = Record<string, Migration>

class StaticProvider implements MigrationProvider {
  constructor(private readonly migrations: MigrationSet) {}
  async getMigrations() {
    return this.migrations
  }
}

/**
 * Runs a service's migrations inside its own schema. Migration names are timestamps
 * (e.g. 20261127_1600_init) so they sort in the order they were written.
 */
export async function migrateToLatest<DB>(db: Kysely<DB>, schema: string, migrations: MigrationSet): Promise<string[]> {
  await sql`create schema if not exists ${sql.id(schema)}`.execute(db)
  const migrator = new Migrator({
    db,
    provider: new StaticProvider(migrations),
    migrationTableSchema: schema,
  })
  const { error, results } = await migrator.migrateToLatest()
  if (error) {
    const failed = results?.find((r) => r.status === 'Error')
    throw new Error(`migration ${failed?.migrationName ?? '?'} of ${schema} failed: ${describe(error)}`, { cause: error })
  }
  return (results ?? []).map((r) => r.migrationName)
}

/** The migrations not yet applied to `schema` (empty when it is current). */
export async function pendingMigrations<DB>(db: Kysely<DB>, schema: string, migrations: MigrationSet): Promise<string[]> {
  const migrator = new Migrator({ db, provider: new StaticProvider(migrations), migrationTableSchema: schema })
  const all = await migrator.getMigrations()
  return all.filter((m) => m.executedAt === undefined).map((m) => m.name)
}

/** Rolls every migration back (used by migration tests). */
export async function migrateDownAll<DB>(db: Kysely<DB>, schema: string, migrations: MigrationSet): Promise<void> {
  const migrator = new Migrator({ db, provider: new StaticProvider(migrations), migrationTableSchema: schema })
  for (;;) {
    const { error, results } = await migrator.migrateDown()
    if (error) throw error instanceof Error ? error : new Error(`migrating ${schema} down failed: ${describe(error)}`, { cause: error })
    if (!results || results.length === 0) return
  }
}

/** A migration error as text (Kysely reports whatever the migration threw). */
function describe(error: unknown): string {
  return error instanceof Error ? String(error) : JSON.stringify(error)
}
