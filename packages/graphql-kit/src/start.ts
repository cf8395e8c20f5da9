import { join } from 'node:path'
import type { Kysely } from 'kysely'
import { type TokenVerifier, createTokenVerifier, loadOrCreateDevKeys } from '@railyard/auth'
import type { RailyardConfig } from '@railyard/config'
import { type DbHandle, type MigrationSet, createDb, migrateToLatest } from '@railyard/db'
import type { SubgraphServer } from './subgraph-server.ts'

/** The verifier every service uses: the dev key from the data dir, or the OIDC provider's JWKS. */
export async function verifierFromConfig(config: RailyardConfig): Promise<TokenVerifier> {
  if (config.auth.mode === 'oidc') {
    if (!config.auth.jwksUrl) throw new Error('AUTH_MODE=oidc needs AUTH_JWKS_URL')
    return createTokenVerifier({ kind: 'remote', jwksUrl: config.auth.jwksUrl }, config.auth.issuer, config.auth.audience)
  }
  const keys = await loadOrCreateDevKeys(config.dataDir)
  return createTokenVerifier({ kind: 'local', publicJwk: keys.publicJwk }, config.auth.issuer, config.auth.audience)
}

/** Opens a service's database (PostgreSQL when DATABASE_URL is set, else PGlite under the data dir) and migrates it. */
export async function openServiceDb<DB>(config: RailyardConfig, name: string, schema: string, migrations: MigrationSet): Promise<DbHandle<DB>> {
  const handle = await createDb<DB>({
    schema,
    databaseUrl: config.databaseUrl,
    dataDir: config.databaseUrl ? undefined : join(config.dataDir, 'pglite', name),
  })
  await migrateToLatest(handle.db, schema, migrations)
  return handle
}

export interface StartServiceOptions<DB> {
  name: string
  schema: string
  migrations: MigrationSet
  port: number
  config: RailyardConfig
  createServer(deps: { db: Kysely<DB>; verifier: TokenVerifier }): Promise<Pick<SubgraphServer<object>, 'listen' | 'stop'>>
}

/** Runs one subgraph as its own process: migrate, listen, stop cleanly on SIGINT/SIGTERM. */
export async function startService<DB>(o: StartServiceOptions<DB>) {
  const handle = await openServiceDb<DB>(o.config, o.name, o.schema, o.migrations)
  const server = await o.createServer({ db: handle.db, verifier: await verifierFromConfig(o.config) })
  const { url } = await server.listen(o.port, o.config.host)
  console.log(`${o.name} subgraph at ${url}`)
  const stop = async () => {
    await server.stop()
    await handle.close()
    process.exit(0)
  }
  process.once('SIGINT', () => void stop())
  process.once('SIGTERM', () => void stop())
  return { server, handle, url }
}
