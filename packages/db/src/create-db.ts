import { mkdirSync } from 'node:fs'
import { resolve } from 'node:path'
import { PGlite } from '@electric-sql/pglite'
import { CamelCasePlugin, Kysely, PGliteDialect, PostgresDialect } from 'kysely'
import pg from 'pg'

// timestamptz and date come back as ISO strings on both drivers: the API speaks ISO strings.
const TIMESTAMPTZ = 1184
const TIMESTAMP = 1114
const DATE = 1082
const INT8 = 20
const NUMERIC = 1700

const parsers: Record<number, (v: string) => unknown> = {
  [TIMESTAMPTZ]: (v) => new Date(v).toISOString(),
  [TIMESTAMP]: (v) => new Date(`${v}Z`).toISOString(),
  [DATE]: (v) => v,
  [INT8]: (v) => Number(v),
  [NUMERIC]: (v) => Number(v),
}

let pgTypesSet = false
function setPgTypeParsers() {
  if (pgTypesSet) return
  pgTypesSet = true
  for (const [oid, fn] of Object.entries(parsers)) pg.types.setTypeParser(Number(oid), fn)
}

export type DbKind = 'postgres' | 'pglite'

export interface DbHandle<DB> {
  db: Kysely<DB>
  kind: DbKind
  /** The schema every table of this service lives in. */
  schema: string
  /** The PostgreSQL pool's connections (for /metrics); PGlite has no pool. */
  poolStats?(): { total: number; idle: number; waiting: number }
  close(): Promise<void>
}

export interface CreateDbOptions {
  /** PostgreSQL schema owned by the service, e.g. program_strategy. */
  schema: string
  /** postgres:// URL; when absent an embedded PGlite is used. */
  databaseUrl?: string
  /** PGlite data directory; when absent (and no URL) an in-memory PGlite. */
  dataDir?: string
  /** An already-open PGlite instance (tests share/clone them). */
  pglite?: PGlite
  poolSize?: number
  /**
   * PostgreSQL `statement_timeout` in ms for every connection (default 10 000, the execution
   * time limit): a runaway statement is cancelled by the server. 0 turns it off.
   */
  statementTimeoutMs?: number
  /** Where connection trouble is reported (default console.warn). */
  warn?: (message: string) => void
}

/** Opens a Kysely instance on PostgreSQL (pg) or embedded PGlite, scoped to one schema. */
export async function createDb<DB>(opts: CreateDbOptions): Promise<DbHandle<DB>> {
  if (opts.databaseUrl) {
    setPgTypeParsers()
    const warn = opts.warn ?? ((m: string) => console.warn(m))
    const statementTimeout = opts.statementTimeoutMs ?? 10_000
    const pool = new pg.Pool({
      connectionString: opts.databaseUrl,
      max: opts.poolSize ?? 10,
      // Fail fast while the server is away (the request gets SERVICE_UNAVAILABLE) instead of hanging.
      connectionTimeoutMillis: 5000,
      ...(statementTimeout > 0 ? { statement_timeout: statementTimeout } : {}),
    })
    // A lost or restarted database never ends the process:
    // - an idle connection dropped by the server emits 'error' on the pool (it is replaced on next use);
    // - a connection checked out by a query in flight emits 'error' on its client: without a listener
    //   that is an unhandled 'error' event and the process dies. Every client gets one when it is made;
    //   the query in flight fails (SERVICE_UNAVAILABLE for the request) and the broken client is not reused.
    pool.on('error', (err) => warn(`[db] idle PostgreSQL connection closed: ${err.message}`))
    pool.on('connect', (client) => {
      client.on('error', (err) => warn(`[db] PostgreSQL connection lost during a query: ${err.message}`))
    })
    const root = new Kysely<DB>({ dialect: new PostgresDialect({ pool }), plugins: [new CamelCasePlugin()] })
    return {
      db: root.withSchema(opts.schema),
      kind: 'postgres',
      schema: opts.schema,
      poolStats: () => ({ total: pool.totalCount, idle: pool.idleCount, waiting: pool.waitingCount }),
      close: () => root.destroy(),
    }
  }
  let pglite = opts.pglite
  const owned = !pglite
  if (!pglite) {
    if (opts.dataDir) mkdirSync(resolve(opts.dataDir), { recursive: true })
    pglite = await PGlite.create(opts.dataDir ? resolve(opts.dataDir) : undefined, { parsers })
  }
  const root = new Kysely<DB>({ dialect: new PGliteDialect({ pglite }), plugins: [new CamelCasePlugin()] })
  return {
    db: root.withSchema(opts.schema),
    kind: 'pglite',
    schema: opts.schema,
    close: async () => {
      // Kysely's PGlite driver closes the instance on destroy; keep shared ones open.
      if (owned) await root.destroy()
    },
  }
}

export { parsers as pgliteParsers }
