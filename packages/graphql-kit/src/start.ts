import { join } from 'node:path'
import type { Kysely } from 'kysely'
import { type TokenVerifier, type VerifierSource, createTokenVerifier, loadOrCreateDevKeys } from '@railyard/auth'
import type { RailyardConfig } from '@railyard/config'
import { type DbHandle, type MigrationSet, createDb, migrateToLatest } from '@railyard/db'
import type { SubgraphServer } from './subgraph-server.ts'

/**
 * The verifier every service and the gateway use: the dev key from the data dir, or the OIDC
 * provider's keys (AUTH_JWKS_URL, else discovered from AUTH_ISSUER); roles and agency also from
 * the groups claim through AUTH_GROUP_MAP.
 */
export async function verifierFromConfig(config: Pick<RailyardConfig, 'auth' | 'dataDir'>): Promise<TokenVerifier> {
  const { auth } = config
  const rules = { groupsClaim: auth.groupsClaim, groupMap: auth.groupMap }
  if (auth.mode === 'oidc') {
    const source: VerifierSource = auth.jwksUrl ? { kind: 'remote', jwksUrl: auth.jwksUrl } : { kind: 'discovery', issuer: auth.issuer }
    return createTokenVerifier(source, auth.issuer, auth.audience, rules)
  }
  const keys = await loadOrCreateDevKeys(config.dataDir)
  return createTokenVerifier({ kind: 'local', publicJwk: keys.publicJwk }, auth.issuer, auth.audience, rules)
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
