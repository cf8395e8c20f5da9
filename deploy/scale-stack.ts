// The scale-out topology on one machine (docs/deploy.md): PostgreSQL (a fresh database per run,
// named railyard_scale_…), the migration job once, then two replicas of each subgraph behind
// HAProxy (Debian's package) with /readyz health checks and retries, and the gateway in front.
// Every process is the production build run with plain node, supervised (restarted when it
// dies). Subgraphs reach each other through HAProxy too, exactly as the gateway does.
//
//   tsx deploy/scale-stack.ts [--postgres postgres://postgres@127.0.0.1:5432/postgres] [--replicas 2] [--keep]
//
// prints the gateway URL and runs until Ctrl-C; then stops everything and drops the database
// (`--keep` keeps it). `pnpm test:scale` (apps/gateway/test/scale/) drives the same topology.
import { type ChildProcess, execFileSync, spawn } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { connect, createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createInterface } from 'node:readline'
import { fileURLToPath } from 'node:url'
import { loadOrCreateDevKeys } from '../packages/auth/src/index.ts'
import { childEnvironment } from '../packages/config/src/index.ts'
import { Supervisor } from '../apps/gateway/src/supervisor.ts'

const ROOT = fileURLToPath(new URL('..', import.meta.url))
export const SCALE_DB_PREFIX = 'railyard_scale_'

export const SUBGRAPHS = [
  { name: 'program-strategy', env: 'PROGRAM_STRATEGY' },
  { name: 'agency-plans', env: 'AGENCY_PLANS' },
  { name: 'environment-inventory', env: 'ENVIRONMENT_INVENTORY' },
] as const
export type SubgraphName = (typeof SUBGRAPHS)[number]['name']

export interface ScaleStackOptions {
  /** A PostgreSQL server URL (any database on it); the stack makes its own database there. */
  postgresUrl: string
  /** Replicas per subgraph (default 2). */
  replicas?: number
  log?: (line: string) => void
}

export interface ScaleStack {
  /** The gateway, e.g. http://127.0.0.1:41234 */
  url: string
  /** The database made for this run. */
  database: string
  /** The replica processes' names, e.g. agency-plans-1, agency-plans-2. */
  replicaNames(service: SubgraphName): string[]
  /** The running pid of a supervised process (a replica or `gateway`). */
  pid(name: string): number | undefined
  /** Kills a replica with SIGKILL (the supervisor restarts it); its pid. */
  kill(name: string): number
  /** Waits until the replica answers /readyz itself and HAProxy's health check has it up (in rotation). */
  waitUp(name: string, timeoutMs: number): Promise<void>
  /** Takes replica `name` out of (or back into) HAProxy's rotation: the one-vs-two-replicas figure. */
  setInRotation(name: string, on: boolean): Promise<void>
  /** HAProxy's per-server counters (`show stat`), e.g. retries and redispatches. */
  haproxyStats(): Promise<{ proxy: string; server: string; status: string; retries: number; redispatches: number; requests: number }[]>
  lines: string[]
  stop(opts?: { keepDatabase?: boolean }): Promise<void>
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer()
    s.once('error', reject)
    s.listen(0, '127.0.0.1', () => {
      const a = s.address()
      const port = typeof a === 'object' && a ? a.port : 0
      s.close(() => resolve(port))
    })
  })
}

function databaseUrl(serverUrl: string, database: string): string {
  const u = new URL(serverUrl)
  u.pathname = `/${database}`
  return u.toString()
}

function psql(serverUrl: string, sql: string) {
  execFileSync('psql', ['-X', '-q', '-v', 'ON_ERROR_STOP=1', '-d', serverUrl, '-c', sql], { stdio: ['ignore', 'ignore', 'pipe'] })
}

/** HAProxy's configuration: one frontend per subgraph, its replicas checked on /readyz, failed requests retried on another. */
export function haproxyConfig(o: { socket: string; frontends: Record<string, number>; servers: Record<string, { name: string; port: number }[]> }): string {
  const lines = [
    'global',
    `  stats socket ${o.socket} mode 600 level admin`,
    '  maxconn 2000',
    'defaults',
    '  mode http',
    '  timeout connect 1s',
    '  timeout client 30s',
    '  timeout server 20s',
    '  timeout http-keep-alive 10s',
    // A request whose replica refused the connection, closed it without answering or answered
    // 502/503/504 goes to another replica (up to 3 times): a killed replica costs no request. Not
    // retried: a response timeout (the first replica may still be writing).
    '  retries 3',
    '  option redispatch 1',
    '  retry-on conn-failure empty-response junk-response 502 503 504',
    '  http-reuse safe',
    // checked every 0.5 s; a refused connection takes the replica out at once
    '  default-server inter 500ms fall 2 rise 2 observe layer4 error-limit 1 on-error mark-down',
  ]
  for (const [service, port] of Object.entries(o.frontends)) {
    lines.push(
      `listen ${service}`,
      `  bind 127.0.0.1:${port}`,
      '  balance leastconn',
      '  option httpchk GET /readyz',
      '  http-check expect status 200',
      ...(o.servers[service] ?? []).map((s) => `  server ${s.name} 127.0.0.1:${s.port} check`),
    )
  }
  return `${lines.join('\n')}\n`
}

export async function startScaleStack(o: ScaleStackOptions): Promise<ScaleStack> {
  const replicas = o.replicas ?? 2
  const lines: string[] = []
  const log = (line: string) => {
    lines.push(line)
    o.log?.(line)
  }
  // The production build (skipped when current).
  execFileSync(process.execPath, [join(ROOT, 'scripts/build.mjs'), '--quiet'], { cwd: ROOT, stdio: 'inherit' })

  const database = `${SCALE_DB_PREFIX}${Date.now().toString(36)}_${Math.random().toString(36).slice(2, 8)}`
  psql(o.postgresUrl, `create database ${database}`)
  const dbUrl = databaseUrl(o.postgresUrl, database)
  const dir = mkdtempSync(join(tmpdir(), 'railyard-scale-'))
  let haproxy: ChildProcess | undefined
  let supervisor: Supervisor | undefined
  const cleanup = async (keepDatabase = false) => {
    await supervisor?.stop(['gateway', ...SUBGRAPHS.flatMap((s) => replicaNamesOf(s.name))])
    if (haproxy && haproxy.exitCode === null && haproxy.signalCode === null) {
      const exited = new Promise((r) => haproxy?.once('exit', r))
      haproxy.kill('SIGTERM')
      await exited
    }
    if (!keepDatabase) {
      try {
        psql(o.postgresUrl, `drop database if exists ${database} with (force)`)
      } catch (err) {
        log(`[scale] could not drop ${database}: ${(err as Error).message}`)
      }
    }
    rmSync(dir, { recursive: true, force: true })
  }
  const replicaNamesOf = (service: string) => Array.from({ length: replicas }, (_, i) => `${service}-${i + 1}`)

  try {
    // One signing key for every process (made before any of them reads it).
    await loadOrCreateDevKeys(dir)
    // Migrations once, before any replica starts.
    const t = Date.now()
    const out = execFileSync(process.execPath, [join(ROOT, 'dist/server/migrate.js')], {
      cwd: ROOT,
      env: childEnvironment({ DATABASE_URL: dbUrl }),
      encoding: 'utf8',
    })
    for (const l of out.trim().split('\n')) log(l)
    log(`[scale] migration job done in ${Date.now() - t} ms`)

    const gatewayPort = await freePort()
    const frontends: Record<string, number> = {}
    const servers: Record<string, { name: string; port: number }[]> = {}
    for (const s of SUBGRAPHS) {
      frontends[s.name] = await freePort()
      servers[s.name] = []
      for (const name of replicaNamesOf(s.name)) servers[s.name]?.push({ name, port: await freePort() })
    }
    const socket = join(dir, 'haproxy.sock')
    const cfg = join(dir, 'haproxy.cfg')
    writeFileSync(cfg, haproxyConfig({ socket, frontends, servers }))
    haproxy = spawn('haproxy', ['-db', '-f', cfg], { stdio: ['ignore', 'pipe', 'pipe'] })
    for (const st of [haproxy.stdout, haproxy.stderr]) if (st) createInterface({ input: st }).on('line', (l) => log(`[haproxy] ${l}`))

    const common: Record<string, string> = {
      DATABASE_URL: dbUrl,
      RAILYARD_DATA_DIR: dir,
      RAILYARD_SEED: 'none',
      RAILYARD_MIGRATE: 'verify',
      RATE_LIMIT_PER_MINUTE: '0',
      AUTH_MODE: 'dev',
      PORT: String(gatewayPort),
      HOST: '127.0.0.1',
    }
    for (const s of SUBGRAPHS) common[`${s.env}_URL`] = `http://127.0.0.1:${frontends[s.name]}/graphql`
    const entry = (name: string) => join(ROOT, 'dist/server', `${name}.js`)
    supervisor = new Supervisor({
      log,
      children: [
        ...SUBGRAPHS.flatMap((s) =>
          (servers[s.name] ?? []).map((r) => ({ name: r.name, entry: entry(s.name), env: { ...common, [`${s.env}_PORT`]: String(r.port) } })),
        ),
        { name: 'gateway', entry: entry('gateway'), env: common },
      ],
    })
    supervisor.start()
    const url = `http://127.0.0.1:${gatewayPort}`
    const deadline = Date.now() + 120_000
    for (;;) {
      const ok = await fetch(`${url}/readyz`, { signal: AbortSignal.timeout(2000) }).then(
        (r) => r.ok,
        () => false,
      )
      if (ok) break
      if (Date.now() > deadline) throw new Error(`the scale stack was not ready in 120 s:\n${lines.slice(-40).join('\n')}`)
      await new Promise((r) => setTimeout(r, 200))
    }
    log(`[scale] ready at ${url}: gateway, ${replicas} replicas of each subgraph behind HAProxy, database ${database}`)

    const admin = (command: string) =>
      new Promise<string>((resolve, reject) => {
        const c = connect(socket)
        let data = ''
        c.on('data', (d) => (data += d.toString()))
        c.on('end', () => resolve(data))
        c.on('error', reject)
        c.write(`${command}\n`)
      })
    const serviceOf = (name: string) => name.replace(/-\d+$/, '')
    const sup = supervisor
    const stats: ScaleStack['haproxyStats'] = async () => {
      const csv = (await admin('show stat')).replace(/^# /, '').trim().split('\n')
      const head = (csv[0] ?? '').split(',')
      const col = (row: string[], k: string) => row[head.indexOf(k)] ?? ''
      return csv.slice(1).map((l) => {
        const row = l.split(',')
        return {
          proxy: col(row, 'pxname'),
          server: col(row, 'svname'),
          status: col(row, 'status'),
          retries: Number(col(row, 'wretr') || 0),
          redispatches: Number(col(row, 'wredis') || 0),
          requests: Number(col(row, 'stot') || 0),
        }
      })
    }
    return {
      url,
      database,
      lines,
      replicaNames: replicaNamesOf,
      pid: (name) => sup.pid(name),
      kill(name) {
        const pid = sup.pid(name)
        if (!pid) throw new Error(`${name} is not running`)
        process.kill(pid, 'SIGKILL')
        return pid
      },
      async waitUp(name, timeoutMs) {
        const until = Date.now() + timeoutMs
        const port = servers[serviceOf(name)]?.find((r) => r.name === name)?.port
        for (;;) {
          const row = (await stats()).find((r) => r.proxy === serviceOf(name) && r.server === name)
          const ready = await fetch(`http://127.0.0.1:${port}/readyz`, { signal: AbortSignal.timeout(1000) }).then(
            (r) => r.ok,
            () => false,
          )
          if (ready && row?.status.startsWith('UP')) return
          if (Date.now() > until) throw new Error(`${name} not up in HAProxy after ${timeoutMs} ms (status ${row?.status ?? '?'})`)
          await new Promise((r) => setTimeout(r, 100))
        }
      },
      async setInRotation(name, on) {
        await admin(`${on ? 'enable' : 'disable'} server ${serviceOf(name)}/${name}`)
      },
      haproxyStats: stats,
      stop: (s) => cleanup(s?.keepDatabase),
    }
  } catch (err) {
    await cleanup()
    throw err
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const arg = (name: string) => {
    const i = process.argv.indexOf(name)
    return i > 0 ? process.argv[i + 1] : undefined
  }
  const stack = await startScaleStack({
    postgresUrl: arg('--postgres') ?? 'postgres://postgres@127.0.0.1:5432/postgres',
    replicas: Number(arg('--replicas') ?? 2),
    log: (l) => console.log(l),
  })
  console.log(`Railyard (scale-out) ready at ${stack.url}`)
  const keepDatabase = process.argv.includes('--keep')
  const stop = () => void stack.stop({ keepDatabase }).then(() => process.exit(0))
  process.on('SIGINT', stop)
  process.on('SIGTERM', stop)
}
