// `pnpm bench [--quick]`: the roadmap query side by side in one run, written to bench/RESULTS.md.
// For each database (embedded PGlite; PostgreSQL when it answers at --postgres, default the
// machine's) and each program size, a fresh in-process stack seeded through the API; then the
// quarter and the full year at 1 client and at 10 concurrent clients (median and spread), the
// same straight at the agency-plans subgraph, SQL statements per roadmap (must not depend on the
// size), bytes on the wire (brotli) vs JSON, and the in-memory floor of the same query (the same
// gateway over subgraphs replaying recorded answers); then cold and warm start-up of the built stack.
// Figures, not assertions: the machine is shared, so the load is printed with them.
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { cpus, loadavg, tmpdir } from 'node:os'
import { join } from 'node:path'
import { execFileSync } from 'node:child_process'
import { brotliCompressSync } from 'node:zlib'
import type { KyselyPlugin } from 'kysely'
import pg from 'pg'
import { createTokenSigner, createTokenVerifier, generateDevKeys } from '@railyard/auth'
import { loadConfig } from '@railyard/config'
import { type DbHandle, createDb, createTestPostgresDatabase, migrateToLatest } from '@railyard/db'
import { openServiceDb } from '@railyard/graphql-kit/start'
import { seedScale } from '../src/seed/scale-seed.ts'
import { startGateway } from '../src/gateway.ts'
import { SUPERGRAPH_PATH, startStack } from '../src/stack.ts'
import { startHiveGateway } from './hive-gateway.ts'
import { startFixedSubgraphs } from './in-memory-floor.ts'
import { measureStartup } from './startup-bench.ts'

const QUICK = process.argv.includes('--quick')
const argValue = (name: string) => {
  const i = process.argv.indexOf(name)
  return i > 0 ? process.argv[i + 1] : undefined
}
const POSTGRES = argValue('--postgres') ?? 'postgres://postgres@127.0.0.1:5432/postgres'
const SIZES = QUICK ? [4, 8] : [4, 40, 80]
const RELEASES = 50
const RUNS = QUICK ? 5 : 15
const CONCURRENT = 10
const ROOT = new URL('../../../', import.meta.url).pathname

const ROADMAP = `query Roadmap($key: String!, $from: DateTime, $to: DateTime) {
  program(key: $key) { id key agencies { id code name plans { id title status periodStart periodEnd
    releases(from: $from, to: $to) { id name version type status currentTier schedule { tier start end } } } } } }`
const SUBGRAPH_PLANS = `query($r: [_Any!]!, $from: DateTime, $to: DateTime) { _entities(representations: $r) { ... on Program {
  plans { id title status periodStart periodEnd agency { id } releases(from: $from, to: $to) { id name version type status currentTier schedule { tier start end } } } } } }`
const FLOOR_DB = 'in memory'
/** Hive Gateway rows: with --hive only (the gateway suite itself runs on Hive Gateway in .ci/run). */
const HIVE = process.argv.includes('--hive')
const HIVE_DEFAULT = 'Hive Gateway (default planner; engine only), full year'
const HIVE_RUST = 'Hive Gateway (Rust planner, router-runtime; engine only), full year'
/** A request that takes longer is a failure (a hung engine must not hold the run). */
const REQUEST_TIMEOUT_MS = 60_000
/** What went wrong with a Hive Gateway, when something did. */
const hiveFailures = new Map<string, string>()
/** Whether each Hive Gateway answered the same data as the kept gateway. */
const hiveSameData = new Map<string, boolean>()
const FLOOR_YEAR = 'in-memory floor (same gateway, fixed subgraph answers), full year'
const FLOOR_QUARTER = 'in-memory floor (same gateway, fixed subgraph answers), quarter'
const YEAR = { from: '2026-12-01T00:00:00Z', to: '2028-01-01T00:00:00Z' }
const QUARTER = { from: '2027-04-01T00:00:00Z', to: '2027-07-01T00:00:00Z' }

interface Stats {
  median: number
  p95: number
  min: number
  max: number
}
function stats(ms: number[]): Stats {
  const s = [...ms].sort((a, b) => a - b)
  const q = (p: number) => s[Math.min(s.length - 1, Math.floor(p * s.length))] ?? NaN
  return { median: q(0.5), p95: q(0.95), min: s[0] ?? NaN, max: s[s.length - 1] ?? NaN }
}
const fmt = (s: Stats) => `${s.median.toFixed(0)} (${s.min.toFixed(0)}–${s.max.toFixed(0)}; p95 ${s.p95.toFixed(0)})`

interface Row {
  db: string
  agencies: number
  what: string
  clients: number
  latency: Stats
  /** requests per second over the measured runs */
  rps: number
  bytes: number
  sql?: number
}

async function postgresAnswers(url: string): Promise<boolean> {
  const c = new pg.Client({ connectionString: url, connectionTimeoutMillis: 2000 })
  try {
    await c.connect()
    await c.query('select 1')
    return true
  } catch {
    return false
  } finally {
    await c.end().catch(() => {})
  }
}

async function benchOne(db: 'PGlite' | 'PostgreSQL', agencies: number, rows: Row[], floor: boolean) {
  const config = loadConfig()
  const dataDir = mkdtempSync(join(tmpdir(), 'railyard-bench-'))
  const keys = await generateDevKeys()
  const signer = await createTokenSigner(keys, 'bench', 'railyard')
  const verifier = createTokenVerifier({ kind: 'local', publicJwk: keys.publicJwk }, 'bench', 'railyard')
  let statements = 0
  const counter: KyselyPlugin = {
    transformQuery: (a) => {
      statements++
      return a.node
    },
    transformResult: (a) => Promise.resolve(a.result),
  }
  const drops: (() => Promise<void>)[] = []
  const stack = await startStack({
    openDb: async (name, schema, migrations) => {
      let h: DbHandle<unknown>
      if (db === 'PostgreSQL') {
        const created = await createTestPostgresDatabase(POSTGRES, 'railyard_bench')
        drops.push(() => created.drop())
        h = await createDb({ schema, databaseUrl: created.url, poolSize: 20 })
        await migrateToLatest(h.db, schema, migrations)
      } else {
        h = await openServiceDb({ ...config, databaseUrl: undefined, dataDir }, name, schema, migrations)
      }
      return { ...h, db: h.db.withPlugin(counter) }
    },
    verifier,
    devSigner: signer,
    host: '127.0.0.1',
    ports: { gateway: 0, programStrategy: 0, agencyPlans: 0, environmentInventory: 0 },
  })
  try {
    const t = Date.now()
    const seeded = await seedScale({ graphql: stack.gateway.graphql, signer, agencies, releasesPerPlan: RELEASES })
    console.log(`[bench] ${db} ${agencies}×${RELEASES}: seeded in ${((Date.now() - t) / 1000).toFixed(1)} s`)
    const token = await signer.sign({ sub: 'bench.viewer', roles: ['PROGRAM_VIEWER'] })
    const post = async (url: string, query: string, variables: Record<string, unknown>) => {
      const res = await fetch(url, {
        signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}`, 'accept-encoding': 'identity' },
        body: JSON.stringify({ query, variables }),
      })
      const text = await res.text()
      if (!res.ok || text.includes('"errors"')) throw new Error(`query failed: ${text.slice(0, 300)}`)
      return text
    }
    const gw = `${stack.gateway.url.replace('localhost', '127.0.0.1')}/graphql`
    const rep = [{ __typename: 'Program', id: seeded.programId }]
    const cases = [
      { what: 'gateway, full year', url: gw, query: ROADMAP, vars: { key: seeded.programKey, ...YEAR } },
      { what: 'gateway, quarter', url: gw, query: ROADMAP, vars: { key: seeded.programKey, ...QUARTER } },
      { what: 'agency-plans subgraph alone, full year', url: stack.urls.agencyPlans, query: SUBGRAPH_PLANS, vars: { r: rep, ...YEAR } },
    ]
    const measure = async (c: { what: string; url: string; query: string; vars: Record<string, unknown> }, rowDb: string, countSql: boolean) => {
      const body = await post(c.url, c.query, c.vars) // warm-up
      const before = statements
      await post(c.url, c.query, c.vars)
      const sql = countSql ? statements - before : undefined
      for (const clients of [1, CONCURRENT]) {
        const ms: number[] = []
        const t0 = performance.now()
        await Promise.all(
          Array.from({ length: clients }, async () => {
            for (let i = 0; i < RUNS; i++) {
              const s = performance.now()
              await post(c.url, c.query, c.vars)
              ms.push(performance.now() - s)
            }
          }),
        )
        const rps = (clients * RUNS * 1000) / (performance.now() - t0)
        rows.push({ db: rowDb, agencies, what: c.what, clients, latency: stats(ms), rps, bytes: Buffer.byteLength(body), sql })
        console.log(
          `[bench] ${rowDb} ${agencies}×${RELEASES} ${c.what} ×${clients}: ${fmt(stats(ms))} ms, ${rps.toFixed(1)}/s${sql === undefined ? '' : `, ${sql} SQL`}`,
        )
      }
    }
    for (const c of cases) await measure(c, db, true)
    // Hive Gateway (hive-gateway.ts) on the same supergraph and subgraphs, default and Rust query
    // planner, deduplication off: the full year at every size (the target compares the largest), in
    // the first database's pass (--hive).
    if (floor && HIVE) {
      const subgraphUrls = {
        'program-strategy': stack.urls.programStrategy,
        'agency-plans': stack.urls.agencyPlans,
        'environment-inventory': stack.urls.environmentInventory,
      }
      const ours = JSON.parse(await post(gw, ROADMAP, { key: seeded.programKey, ...YEAR })) as { data: unknown }
      for (const [what, rustPlanner] of [
        [HIVE_DEFAULT, false],
        [HIVE_RUST, true],
      ] as const) {
        // A Hive Gateway that fails or hangs is reported in its target row, never the end of the run.
        const hive = await startHiveGateway({ supergraphSdl: readFileSync(SUPERGRAPH_PATH, 'utf8'), subgraphUrls, rustPlanner }).catch((err: unknown) => {
          hiveFailures.set(what, err instanceof Error ? err.message : String(err))
          return null
        })
        if (!hive) continue
        try {
          const theirs = JSON.parse(await post(hive.url, ROADMAP, { key: seeded.programKey, ...YEAR })) as { data: unknown }
          const same = JSON.stringify(theirs.data) === JSON.stringify(ours.data)
          hiveSameData.set(what, (hiveSameData.get(what) ?? true) && same)
          if (!same) console.error(`[bench] ${what}: its answer differs from the kept gateway's`)
          await measure({ what, url: hive.url, query: ROADMAP, vars: { key: seeded.programKey, ...YEAR } }, db, false)
        } catch (err) {
          const message = err instanceof Error ? (err.message.split('\n')[0] ?? '') : String(err)
          hiveFailures.set(what, message)
          console.error(`[bench] ${what}: ${message}`)
        } finally {
          await hive.stop()
        }
      }
    }
    // The in-memory floor (in-memory-floor.ts): the same supergraph through the same gateway, its
    // subgraphs answering from what the real ones answered; measured once per size (the first
    // database's pass: the seeded data is the same on both).
    if (floor) {
      const fixed = await startFixedSubgraphs({
        'program-strategy': stack.urls.programStrategy,
        'agency-plans': stack.urls.agencyPlans,
        'environment-inventory': stack.urls.environmentInventory,
      })
      const floorGateway = await startGateway({ supergraphSdl: readFileSync(SUPERGRAPH_PATH, 'utf8'), subgraphUrls: fixed.urls, verifier }, 0, '127.0.0.1')
      try {
        const url = `${floorGateway.url.replace('localhost', '127.0.0.1')}/graphql`
        const floorCases = [
          { what: FLOOR_YEAR, url, query: ROADMAP, vars: { key: seeded.programKey, ...YEAR } },
          { what: FLOOR_QUARTER, url, query: ROADMAP, vars: { key: seeded.programKey, ...QUARTER } },
        ]
        for (const c of floorCases) {
          // recorded through the real subgraphs, then compared with the gateway's own answer
          const recorded = await post(c.url, c.query, c.vars)
          const real = await post(gw, c.query, c.vars)
          if (recorded !== real) throw new Error(`in-memory floor: ${c.what} differs from the gateway's answer`)
        }
        fixed.replay()
        for (const c of floorCases) await measure(c, FLOOR_DB, false)
        const { recorded, replayed } = fixed.counts()
        console.log(`[bench] in-memory floor ${agencies}×${RELEASES}: ${recorded} subgraph answers recorded, ${replayed} replayed`)
      } finally {
        await floorGateway.stop()
        await fixed.stop()
      }
    }
    const year = await post(gw, ROADMAP, { key: seeded.programKey, ...YEAR })
    return { json: Buffer.byteLength(year), brotli: brotliCompressSync(year, {}).length }
  } finally {
    await stack.stop()
    for (const d of drops) await d()
    rmSync(dataDir, { recursive: true, force: true })
  }
}

async function main() {
  const t0 = Date.now()
  const load0 = loadavg()
  const rows: Row[] = []
  const dbs: ('PGlite' | 'PostgreSQL')[] = ['PGlite']
  if (await postgresAnswers(POSTGRES)) dbs.push('PostgreSQL')
  let wire = { json: 0, brotli: 0 }
  for (const db of dbs) for (const n of SIZES) wire = await benchOne(db, n, rows, db === dbs[0])
  execFileSync(process.execPath, [join(ROOT, 'scripts/build.mjs'), '--quiet'], { stdio: 'inherit' })
  // A start-up that does not reach /readyz in time is reported, never the end of the report.
  const startup = await measureStartup({ runs: QUICK ? 1 : 3, port: 4690 }).catch((err: unknown) => {
    console.error(`[bench] start-up: ${err instanceof Error ? err.message.split('\n')[0] : String(err)}`)
    return { cold: [{ ms: Infinity, cpuMs: NaN }], warm: [{ ms: NaN, cpuMs: NaN }] }
  })
  const load1 = loadavg()
  writeFileSync(join(ROOT, 'bench/RESULTS.md'), report({ rows, dbs, wire, startup, load0, load1, seconds: (Date.now() - t0) / 1000 }))
  console.log(`[bench] wrote bench/RESULTS.md in ${((Date.now() - t0) / 1000).toFixed(0)} s`)
  // CI fails when the SQL statements per roadmap depend on the program's size (an N+1 crept in).
  for (const db of dbs)
    for (const what of new Set(rows.map((x) => x.what))) {
      const counts = new Set(rows.filter((x) => x.db === db && x.what === what).map((x) => x.sql))
      if (counts.size > 1) {
        console.error(`[bench] ${db} ${what}: SQL statements differ by size (${[...counts].join(', ')})`)
        process.exitCode = 1
      }
    }
}

function report(r: {
  rows: Row[]
  dbs: string[]
  wire: { json: number; brotli: number }
  startup: { cold: { ms: number; cpuMs: number }[]; warm: { ms: number; cpuMs: number }[] }
  load0: number[]
  load1: number[]
  seconds: number
}): string {
  const out: string[] = []
  const small = SIZES[0] ?? 4
  const large = SIZES[SIZES.length - 1] ?? 4
  out.push(`# Benchmark results${QUICK ? ' (--quick)' : ''}`, '')
  out.push(
    `${new Date().toISOString()} · ${cpus().length} cores (${cpus()[0]?.model ?? '?'}) · load average ${r.load0.map((l) => l.toFixed(1)).join(' ')} at the start, ${r.load1.map((l) => l.toFixed(1)).join(' ')} at the end · ${r.seconds.toFixed(0)} s · ${RUNS} runs per client after a warm-up · latencies in ms: median (min–max; p95)`,
    '',
  )
  out.push('## Roadmap query', '')
  out.push(
    `Rows "${FLOOR_DB}": the in-memory floor — the same supergraph through the same gateway, its three subgraphs replaced by servers replaying the answers the real subgraphs gave in this run (no database, no token check); measured in the first database's pass.`,
    '',
  )
  out.push('| database | program | query | clients | latency ms | req/s | JSON KB | SQL statements |', '| --- | --- | --- | --- | --- | --- | --- | --- |')
  for (const x of r.rows)
    out.push(
      `| ${x.db} | ${x.agencies}×${RELEASES} | ${x.what} | ${x.clients} | ${fmt(x.latency)} | ${x.rps.toFixed(1)} | ${(x.bytes / 1024).toFixed(0)} | ${x.sql ?? ''} |`,
    )
  out.push('', '## Targets', '', '| target | measured | result |', '| --- | --- | --- |')
  const target = (name: string, measured: string, pass: boolean | null) =>
    out.push(`| ${name} | ${measured} | ${pass === null ? 'not measured' : pass ? 'pass' : '**fail**'} |`)
  const find = (db: string, n: number, what: string, clients = 1) =>
    r.rows.find((x) => x.db === db && x.agencies === n && x.what === what && x.clients === clients)
  for (const db of r.dbs) {
    const a = find(db, small, 'gateway, full year')
    const b = find(db, large, 'gateway, full year')
    if (a && b) {
      const ratio = b.latency.p95 / a.latency.p95
      target(`${db}: p95(${large}×50) / p95(${small}×50) ≤ 20 (full year)`, ratio.toFixed(1), ratio <= 20)
    }
    const sqls = new Set(r.rows.filter((x) => x.db === db && x.what.startsWith('gateway')).map((x) => `${x.what}:${x.sql}`))
    const perQuery = new Set([...sqls].map((s) => s.split(':')[0]))
    target(`${db}: SQL statements per roadmap the same at every size`, [...sqls].join(', '), sqls.size === perQuery.size)
    const gwRow = find(db, large, 'gateway, full year', CONCURRENT)
    const direct = find(db, large, 'agency-plans subgraph alone, full year', CONCURRENT)
    if (gwRow && direct)
      target(
        `${db}: gateway ≥ 0.5 × direct-subgraph throughput (full year, ${CONCURRENT} clients, ${large}×50; the gateway also joins the program subgraph)`,
        `${(gwRow.rps / direct.rps).toFixed(2)}`,
        gwRow.rps / direct.rps >= 0.5,
      )
  }
  const q40 = find('PostgreSQL', 40, 'gateway, quarter')
  target('quarter 40×50 p95 ≤ 150 ms on PostgreSQL at 1 client', q40 ? q40.latency.p95.toFixed(0) : 'size not in this run', q40 ? q40.latency.p95 <= 150 : null)
  const share = r.wire.brotli / r.wire.json
  target(
    `bytes on the wire (brotli) for the full-year roadmap ≤ 20 % of JSON (${large}×50)`,
    `${(share * 100).toFixed(1)} % of ${(r.wire.json / 1024).toFixed(0)} KB`,
    share <= 0.2,
  )
  const cold = stats(r.startup.cold.map((x) => x.ms))
  const warm = stats(r.startup.warm.map((x) => x.ms))
  const cpuOf = (runs: { cpuMs: number }[]) => {
    const s = stats(runs.map((x) => x.cpuMs))
    return Number.isFinite(s.median)
      ? `; ${(s.median / 1000).toFixed(1)} CPU-s, so ≥ ${(s.median / 1000 / cpus().length).toFixed(1)} s on ${cpus().length} idle cores`
      : ''
  }
  target('cold start (empty data dir, built) ≤ 15 s to /readyz', `${seconds(cold.median)}${cpuOf(r.startup.cold)}`, cold.median <= 15_000)
  target('warm start ≤ 6 s to /readyz', `${seconds(warm.median)}${cpuOf(r.startup.warm)}`, Number.isNaN(warm.median) ? null : warm.median <= 6000)
  const floorSize = SIZES.includes(40) ? 40 : large
  const floorRow = find(FLOOR_DB, floorSize, FLOOR_YEAR)
  for (const db of r.dbs) {
    const g = find(db, floorSize, 'gateway, full year')
    if (g && floorRow) {
      const ratio = g.latency.median / floorRow.latency.median
      target(
        `${db}: full year ${floorSize}×50 p50 ≤ 1.5 × the in-memory floor (1 client)`,
        `${ratio.toFixed(2)} (${g.latency.median.toFixed(0)} vs ${floorRow.latency.median.toFixed(0)} ms)`,
        ratio <= 1.5,
      )
    } else target(`${db}: full year ${floorSize}×50 p50 ≤ 1.5 × the in-memory floor`, 'not measured in this run', null)
  }
  const first = r.dbs[0] ?? 'PGlite'
  const kept = find(first, large, 'gateway, full year', CONCURRENT)
  for (const other of [HIVE_DEFAULT, HIVE_RUST]) {
    const h = find(first, large, other, CONCURRENT)
    const label = `kept gateway (Apollo Gateway + our pipeline) ≥ 1.0 × ${other.replace(/, full year$/, '')} (req/s, full year, ${CONCURRENT} clients, ${large}×50, ${first})`
    if (kept && h)
      target(
        label,
        `${(kept.rps / h.rps).toFixed(2)} (${kept.rps.toFixed(1)} vs ${h.rps.toFixed(1)}/s; same data: ${hiveSameData.get(other) ? 'yes' : '**no**'})`,
        kept.rps / h.rps >= 1,
      )
    else
      target(
        label,
        hiveFailures.has(other) ? `failed: ${hiveFailures.get(other)?.slice(0, 200) ?? ''}` : HIVE ? 'not measured' : 'full run only (or --hive)',
        null,
      )
  }
  target('two replicas ≥ 1.5 × one', 'printed by `pnpm test:scale` (deploy/: HAProxy, 2 replicas per subgraph on PostgreSQL; see docs/deploy.md)', null)
  target('browser at 40×50: first bars ≤ 1.0 s, whole range ≤ 1.5 s', 'use `pnpm bench:roadmap` (browser marks)', null)
  out.push(
    '',
    'Start-up (PGlite, `node dist/server/launch.js`; cold: an empty data dir, each database a copy of the empty cluster `pnpm build` made in dist/pglite-template, then migrations and the demo seed):',
    '',
  )
  const run = (x: { ms: number; cpuMs: number }) => `${seconds(x.ms)}${Number.isFinite(x.cpuMs) ? ` (${(x.cpuMs / 1000).toFixed(1)} CPU-s)` : ''}`
  out.push(`- cold: ${r.startup.cold.map(run).join(', ')}`)
  out.push(`- warm: ${r.startup.warm.map(run).join(', ')}`, '')
  return `${out.join('\n')}\n`
}

function seconds(ms: number): string {
  if (Number.isNaN(ms)) return 'not measured (the cold start did not finish)'
  return Number.isFinite(ms) ? `${(ms / 1000).toFixed(1)} s` : 'not ready within 180 s'
}

mkdirSync(join(ROOT, 'bench'), { recursive: true })
main().catch((err) => {
  console.error(err)
  process.exit(1)
})
