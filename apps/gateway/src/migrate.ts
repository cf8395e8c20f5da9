// The migration job (deploy/): migrates every schema of one PostgreSQL database once — the three
// subgraphs' and the gateway's — before any replica starts; replicas then run with
// RAILYARD_MIGRATE=verify and only check that their schema is current. Migrations are written
// expand/contract (docs/deploy.md), so replicas of the previous version keep working meanwhile.
// Usage: DATABASE_URL=postgres://… node dist/server/migrate.js
import * as agencyPlans from '@railyard/agency-plans/server'
import { ConfigError, loadConfig } from '@railyard/config'
import { createDb, migrateToLatest } from '@railyard/db'
import * as environmentInventory from '@railyard/environment-inventory/server'
import { idempotencyMigrations } from '@railyard/graphql-kit'
import * as programStrategy from '@railyard/program-strategy/server'

async function main() {
  const config = loadConfig()
  if (!config.databaseUrl) throw new ConfigError('the migration job needs DATABASE_URL (embedded PGlite migrates in each process)')
  const schemas = [
    { schema: programStrategy.SCHEMA, migrations: programStrategy.migrations },
    { schema: agencyPlans.SCHEMA, migrations: agencyPlans.migrations },
    { schema: environmentInventory.SCHEMA, migrations: environmentInventory.migrations },
    { schema: 'gateway', migrations: idempotencyMigrations },
  ]
  for (const { schema, migrations } of schemas) {
    const handle = await createDb({ schema, databaseUrl: config.databaseUrl, poolSize: 1 })
    try {
      const applied = await migrateToLatest(handle.db, schema, migrations)
      console.log(`[migrate] ${schema}: ${applied.length ? `applied ${applied.join(', ')}` : 'current'}`)
    } finally {
      await handle.close()
    }
  }
}

main().catch((err: unknown) => {
  console.error(err instanceof ConfigError ? err.message : `[migrate] failed: ${err instanceof Error ? err.message : String(err)}`)
  process.exit(1)
})
