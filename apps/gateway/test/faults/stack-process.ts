import { type ChildProcess, spawn } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createInterface } from 'node:readline'
import { childEnvironment } from '@railyard/config'
import { nodeArgsFor } from '../../src/supervisor.ts'

/**
 * The real `pnpm start` main job (apps/gateway/src/launch.ts: the supervisor and its four
 * processes) on a PostgreSQL of the test's own, on free loopback ports. Its output is kept and
 * parsed: which process started with which pid, which exited.
 */
export interface StackProcess {
  url: string
  lines: string[]
  /** The pid a service was last started with. */
  pid(service: string): number | undefined
  /** How many times the supervisor saw a service exit (all services when none is named). */
  exits(service?: string): number
  waitFor(pattern: RegExp, timeoutMs: number, from?: number): Promise<string>
  /** A dev token from the real endpoint. */
  token(claims: Record<string, unknown>): Promise<string>
  stop(): Promise<number | null>
}

export async function startStackProcess(o: { databaseUrl: string; port: number; seed: 'demo' | 'none' }): Promise<StackProcess> {
  const dataDir = mkdtempSync(join(tmpdir(), 'railyard-faults-data-'))
  const entry = new URL('../../src/launch.ts', import.meta.url).href
  const child: ChildProcess = spawn(process.execPath, nodeArgsFor(entry), {
    env: childEnvironment({
      PORT: String(o.port),
      DATABASE_URL: o.databaseUrl,
      RAILYARD_DATA_DIR: dataDir,
      RAILYARD_SEED: o.seed,
      RATE_LIMIT_PER_MINUTE: '0',
      AUTH_MODE: 'dev',
    }),
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  const lines: string[] = []
  const waiters: { re: RegExp; from: number; resolve: (l: string) => void }[] = []
  const onLine = (line: string) => {
    lines.push(line)
    for (const w of [...waiters]) {
      if (lines.length - 1 >= w.from && w.re.test(line)) {
        waiters.splice(waiters.indexOf(w), 1)
        w.resolve(line)
      }
    }
  }
  for (const s of [child.stdout, child.stderr]) if (s) createInterface({ input: s }).on('line', onLine)
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)))
  const url = `http://127.0.0.1:${o.port}`

  const self: StackProcess = {
    url,
    lines,
    pid(service) {
      const re = new RegExp(`^\\[supervisor\\] started ${service} \\(pid (\\d+)\\)`)
      for (let i = lines.length - 1; i >= 0; i--) {
        const m = re.exec(lines[i] ?? '')
        if (m) return Number(m[1])
      }
      return undefined
    },
    exits(service) {
      const re = service ? new RegExp(`^\\[supervisor\\] ${service} exited`) : /^\[supervisor\] \S+ exited/
      return lines.filter((l) => re.test(l)).length
    },
    waitFor(re, timeoutMs, from = 0) {
      const hit = lines.slice(from).find((l) => re.test(l))
      if (hit) return Promise.resolve(hit)
      return new Promise((resolve, reject) => {
        const t = setTimeout(
          () => reject(new Error(`timed out after ${timeoutMs} ms waiting for ${re}; last lines:\n${lines.slice(-30).join('\n')}`)),
          timeoutMs,
        )
        waiters.push({
          re,
          from,
          resolve: (l) => {
            clearTimeout(t)
            resolve(l)
          },
        })
      })
    },
    async token(claims) {
      const r = await fetch(`${url}/auth/dev-token`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(claims) })
      if (!r.ok) throw new Error(`dev token: HTTP ${r.status}`)
      return ((await r.json()) as { token: string }).token
    },
    async stop() {
      if (child.exitCode === null) child.kill('SIGTERM')
      const t = setTimeout(() => child.kill('SIGKILL'), 30_000)
      const code = await exited
      clearTimeout(t)
      rmSync(dataDir, { recursive: true, force: true })
      return code
    },
  }
  return self
}
