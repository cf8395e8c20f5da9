// Start-up to /readyz: `pnpm start`'s real processes (the built launcher and its four children),
// cold (an empty data dir: migrations and the demo seed) and warm (the same data dir again).
// Usage: tsx apps/gateway/bench/startup-bench.ts [--runs N] [--port 4600] [--database-url postgres://…]
import { type ChildProcess, spawn } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { childEnvironment } from '@railyard/config'

const ROOT = fileURLToPath(new URL('../../../', import.meta.url))

export interface StartupRun {
  /** ms from spawning `node dist/server/launch.js` to the first 200 from /readyz */
  ms: number
  /**
   * CPU time (user + system) the launcher and its four processes used until then, in ms (Linux
   * /proc; NaN elsewhere): unlike the wall time, hardly affected by other work on the machine.
   */
  cpuMs: number
}

/** CPU ms used so far by `pid` and its children (sampled: the highest value seen per process is kept). */
function cpuSampler(root: number) {
  const seen = new Map<number, number>()
  const read = (pid: number) => {
    try {
      const f = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? []
      return ((Number(f[11]) + Number(f[12])) * 1000) / 100 // utime + stime, USER_HZ = 100
    } catch {
      return undefined
    }
  }
  const children = (pid: number) => {
    try {
      return readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').trim().split(/\s+/).filter(Boolean).map(Number)
    } catch {
      return []
    }
  }
  return () => {
    for (const pid of [root, ...children(root)]) {
      const v = read(pid)
      if (v !== undefined) seen.set(pid, Math.max(v, seen.get(pid) ?? 0))
    }
    return process.platform === 'linux' ? [...seen.values()].reduce((a, b) => a + b, 0) : NaN
  }
}

/** Starts the built stack on `port` with `dataDir`, waits for /readyz, stops it; the time (and CPU) to ready. */
export async function timeToReady(port: number, dataDir: string, env: Record<string, string> = {}): Promise<StartupRun> {
  const t0 = performance.now()
  const child = spawn(process.execPath, [join(ROOT, 'dist/server/launch.js')], {
    cwd: ROOT,
    env: childEnvironment({ ...env, PORT: String(port), RAILYARD_DATA_DIR: dataDir }),
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  const cpu = cpuSampler(child.pid ?? 0)
  const sampling = setInterval(cpu, 100)
  let out = ''
  child.stdout.on('data', (d: Buffer) => (out += d.toString()))
  child.stderr.on('data', (d: Buffer) => (out += d.toString()))
  try {
    for (;;) {
      if (child.exitCode !== null) throw new Error(`the stack exited (${child.exitCode}):\n${out.slice(-2000)}`)
      if (performance.now() - t0 > 180_000) throw new Error(`not ready in 180 s:\n${out.slice(-2000)}`)
      const ok = await fetch(`http://127.0.0.1:${port}/readyz`, { signal: AbortSignal.timeout(2000) }).then(
        (r) => r.ok,
        () => false,
      )
      if (ok) return { ms: performance.now() - t0, cpuMs: cpu() }
      await new Promise((r) => setTimeout(r, 50))
    }
  } finally {
    clearInterval(sampling)
    await stop(child)
  }
}

async function stop(child: ChildProcess) {
  if (child.exitCode !== null) return
  const exited = new Promise((r) => child.once('exit', r))
  child.kill('SIGTERM')
  const t = setTimeout(() => child.kill('SIGKILL'), 20_000)
  await exited
  clearTimeout(t)
}

/** Cold (fresh data dir) then warm (same data dir) start-ups, `runs` of each. */
export async function measureStartup(o: { runs: number; port: number; databaseUrl?: string }): Promise<{ cold: StartupRun[]; warm: StartupRun[] }> {
  const cold: StartupRun[] = []
  const warm: StartupRun[] = []
  for (let i = 0; i < o.runs; i++) {
    const dir = mkdtempSync(join(tmpdir(), 'railyard-startup-'))
    try {
      cold.push(await timeToReady(o.port, dir))
      warm.push(await timeToReady(o.port, dir))
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  }
  return { cold, warm }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const arg = (name: string) => {
    const i = process.argv.indexOf(name)
    return i > 0 ? process.argv[i + 1] : undefined
  }
  const r = await measureStartup({ runs: Number(arg('--runs') ?? 1), port: Number(arg('--port') ?? 4600) })
  const show = (runs: StartupRun[]) => runs.map((m) => `${(m.ms / 1000).toFixed(1)} s (${(m.cpuMs / 1000).toFixed(1)} CPU-s)`).join(', ')
  console.log(`cold start to /readyz: ${show(r.cold)}`)
  console.log(`warm start to /readyz: ${show(r.warm)}`)
}
