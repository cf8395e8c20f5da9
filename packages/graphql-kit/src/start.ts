import { type Kysely, sql } from 'kysely'
import {
  type InternalAuth,
  type TokenVerifier,
  type VerifierSource,
  createInternalAuth,
  createTokenVerifier,
  loadOrCreateDevKeys,
  loadOrCreateInternalKeys,
  withInternalTokens,
} from '@railyard/auth'
import type { RailyardConfig } from '@railyard/config'
import { type DbHandle, type MigrationSet, createDb, migrateToLatest, pendingMigrations } from '@railyard/db'
import { pgliteDataDir } from '@railyard/db/pglite-template'
import { enableRequestLogs, registerDbPool } from './observability.ts'
import type { SubgraphRuntimeOptions, SubgraphServer } from './subgraph-server.ts'

/**
 * The verifier every service and the gateway use: the dev key from the data dir, or the OIDC
 * provider's keys (AUTH_JWKS_URL, else discovered from AUTH_ISSUER); roles and agency also from
 * the groups claim through AUTH_GROUP_MAP.
 */
export async function verifierFromConfig(config: Pick<RailyardConfig, 'auth' | 'dataDir'>): Promise<TokenVerifier> {
  const { auth } = config
  const rules = { groupsClaim: auth.groupsClaim, groupMap: auth.groupMap }
  const internal = (await internalAuthFromConfig(config)).verifier
  if (auth.mode === 'oidc') {
    const source: VerifierSource = auth.jwksUrl ? { kind: 'remote', jwksUrl: auth.jwksUrl } : { kind: 'discovery', issuer: auth.issuer }
    return withInternalTokens(createTokenVerifier(source, auth.issuer, auth.audience, rules), internal)
  }
  const keys = await loadOrCreateDevKeys(config.dataDir)
  return withInternalTokens(createTokenVerifier({ kind: 'local', publicJwk: keys.publicJwk }, auth.issuer, auth.audience, rules), internal)
}

/**
 * The internal token key of this installation (in the data directory, shared by the gateway and
 * the subgraphs): the gateway signs with it when it acts for a calendar feed's creator; every
 * verifier from verifierFromConfig accepts its tokens.
 */
export async function internalAuthFromConfig(config: Pick<RailyardConfig, 'dataDir'>): Promise<InternalAuth> {
  return createInternalAuth(await loadOrCreateInternalKeys(config.dataDir))
}

/** The request pipeline settings of DESIGN "Limits" for this configuration. */
export function runtimeFromConfig(config: RailyardConfig): SubgraphRuntimeOptions {
  return { introspection: config.auth.mode === 'dev' ? 'open' : 'restricted', rateLimitPerMinute: config.rateLimitPerMinute }
}

/**
 * Opens a service's database (PostgreSQL when DATABASE_URL is set, else PGlite under the data dir)
 * and migrates it — or, with RAILYARD_MIGRATE=verify (replicas, deploy/), where a migration job ran
 * once before, only checks that it is current and refuses to start on an older schema.
 */
export async function openServiceDb<DB>(config: RailyardConfig, name: string, schema: string, migrations: MigrationSet): Promise<DbHandle<DB>> {
  const handle = await createDb<DB>({
    schema,
    databaseUrl: config.databaseUrl,
    dataDir: config.databaseUrl ? undefined : pgliteDataDir(config.dataDir, name),
  })
  try {
    if (config.migrate === 'verify') {
      const pending = await pendingMigrations(handle.db, schema, migrations)
      if (pending.length) throw new Error(`${schema} is not migrated (pending: ${pending.join(', ')}); run the migration job first`)
    } else await migrateToLatest(handle.db, schema, migrations)
  } catch (err) {
    await handle.close()
    throw err
  }
  return handle
}

/** A readiness probe: the database answers within a second. */
export function databaseReady<DB>(db: Kysely<DB>): () => Promise<true | string> {
  return async () => {
    let timer: NodeJS.Timeout | undefined
    const timeout = new Promise<string>((resolve) => {
      timer = setTimeout(() => resolve('database not answering'), 1000)
    })
    try {
      const ok = sql`select 1`
        .execute(db)
        .then(() => true as const)
        .catch(() => 'database unavailable')
      return await Promise.race([ok, timeout])
    } finally {
      clearTimeout(timer)
    }
  }
}

export interface StartServiceOptions<DB> {
  name: string
  schema: string
  migrations: MigrationSet
  port: number
  config: RailyardConfig
  createServer(deps: { db: Kysely<DB>; verifier: TokenVerifier; runtime: SubgraphRuntimeOptions }): Promise<Pick<SubgraphServer<object>, 'listen' | 'stop'>>
}

/**
 * Runs one subgraph as its own OS process: migrate, listen; on SIGTERM/SIGINT (or when the
 * supervising process goes away) stop taking connections, answer the requests in flight, close
 * the database and exit 0. A failed start exits 1 (the supervisor restarts it with backoff).
 */
export async function startService<DB>(o: StartServiceOptions<DB>) {
  const t0 = Date.now()
  enableRequestLogs(o.name, o.config.logLevel)
  const handle = await openServiceDb<DB>(o.config, o.name, o.schema, o.migrations)
  registerDbPool(o.name, () => handle.poolStats?.())
  const server = await o.createServer({ db: handle.db, verifier: await verifierFromConfig(o.config), runtime: runtimeFromConfig(o.config) })
  const { url } = await server.listen(o.port, o.config.host)
  console.log(`${o.name} subgraph at ${url} (${handle.kind}, started in ${Date.now() - t0} ms)`)
  let stopping = false
  const stop = async (why: string) => {
    if (stopping) return
    stopping = true
    console.log(`${o.name}: ${why}: draining requests in flight`)
    await server.stop()
    await handle.close()
    process.exit(0)
  }
  // A stray rejected promise is logged, never the end of the process (a lost database must not end it).
  process.on('unhandledRejection', (err) => console.error(`${o.name}: unhandled rejection`, err))
  process.on('SIGINT', () => void stop('SIGINT'))
  process.on('SIGTERM', () => void stop('SIGTERM'))
  // Started by the supervisor with an IPC channel: end with it (never outlive `pnpm start`).
  if (process.send) process.once('disconnect', () => void stop('supervisor gone'))
  return { server, handle, url }
}
