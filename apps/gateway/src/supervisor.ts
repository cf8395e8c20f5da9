import { type ChildProcess, spawn } from 'node:child_process'
import { createInterface } from 'node:readline'
import { fileURLToPath } from 'node:url'
import { childEnvironment } from '@railyard/config'

/** One supervised process: a module run with Node (TypeScript through tsx's loader). */
export interface ChildSpec {
  name: string
  /** file: URL or path of the entry module. */
  entry: string
  /** Environment variables of this child on top of the supervisor's own (replicas: their port). */
  env?: Record<string, string>
}

export interface SupervisorOptions {
  children: ChildSpec[]
  /** One line of output (already prefixed with `[name]`). */
  log: (line: string) => void
  /** First restart delay (default 250 ms), doubled per consecutive crash up to `maxBackoffMs` (default 10 s). */
  initialBackoffMs?: number
  maxBackoffMs?: number
  /** A child that ran this long before exiting starts again from the first delay (default 30 s). */
  stableMs?: number
  /** How long a child may take to drain after SIGTERM before it is killed (default 15 s). */
  stopTimeoutMs?: number
}

interface Running {
  spec: ChildSpec
  child: ChildProcess | null
  startedAt: number
  crashes: number
  restartTimer: NodeJS.Timeout | null
  exited: Promise<void>
}

/** Node arguments to run `entry`: TypeScript sources go through tsx's loader, JavaScript runs as it is. */
export function nodeArgsFor(entry: string): string[] {
  const path = entry.startsWith('file:') ? fileURLToPath(entry) : entry
  if (/\.[cm]?tsx?$/.test(path)) return ['--import', import.meta.resolve('tsx'), path]
  return [path]
}

/**
 * The main job's supervisor: runs each child in its own OS process, prefixes its output with
 * its name, restarts it with exponential backoff when it exits, and stops them all gracefully
 * (SIGTERM in the given order, each drains its requests, SIGKILL only after a timeout). Children
 * get an IPC channel so they end with the supervisor even if it is killed.
 */
export class Supervisor {
  private readonly running = new Map<string, Running>()
  private stopping = false
  private readonly initial: number
  private readonly max: number
  private readonly stable: number
  private readonly stopTimeout: number

  constructor(private readonly opts: SupervisorOptions) {
    this.initial = opts.initialBackoffMs ?? 250
    this.max = opts.maxBackoffMs ?? 10_000
    this.stable = opts.stableMs ?? 30_000
    this.stopTimeout = opts.stopTimeoutMs ?? 15_000
  }

  start(): void {
    for (const spec of this.opts.children) {
      const r: Running = { spec, child: null, startedAt: 0, crashes: 0, restartTimer: null, exited: Promise.resolve() }
      this.running.set(spec.name, r)
      this.spawn(r)
    }
  }

  /** The pid of a child, when it is running. */
  pid(name: string): number | undefined {
    return this.running.get(name)?.child?.pid
  }

  private spawn(r: Running): void {
    const child = spawn(process.execPath, nodeArgsFor(r.spec.entry), {
      stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
      ...(r.spec.env ? { env: childEnvironment(r.spec.env) } : {}),
    })
    r.child = child
    r.startedAt = Date.now()
    this.opts.log(`[supervisor] started ${r.spec.name} (pid ${child.pid ?? '?'})`)
    for (const stream of [child.stdout, child.stderr]) {
      if (!stream) continue
      createInterface({ input: stream, crlfDelay: Infinity }).on('line', (line) => this.opts.log(`[${r.spec.name}] ${line}`))
    }
    r.exited = new Promise<void>((resolve) => {
      child.once('exit', (code, signal) => {
        r.child = null
        resolve()
        if (this.stopping) {
          this.opts.log(`[supervisor] ${r.spec.name} stopped (${signal ?? `exit ${code ?? '?'}`})`)
          return
        }
        if (Date.now() - r.startedAt >= this.stable) r.crashes = 0
        const delay = Math.min(this.max, this.initial * 2 ** r.crashes)
        r.crashes++
        this.opts.log(`[supervisor] ${r.spec.name} exited (${signal ?? `exit ${code ?? '?'}`}); restarting in ${(delay / 1000).toFixed(2)} s`)
        r.restartTimer = setTimeout(() => {
          r.restartTimer = null
          if (!this.stopping) this.spawn(r)
        }, delay)
      })
    })
    // A channel error (the child died mid-message) is not ours to crash on.
    child.on('error', (err) => this.opts.log(`[supervisor] ${r.spec.name}: ${err.message}`))
  }

  /** Stops every child in order (each drains its requests); resolves when all have exited. */
  async stop(order: string[] = [...this.running.keys()]): Promise<void> {
    this.stopping = true
    for (const r of this.running.values()) {
      if (r.restartTimer) clearTimeout(r.restartTimer)
    }
    for (const name of order) {
      const r = this.running.get(name)
      const child = r?.child
      if (!r || !child) continue
      child.kill('SIGTERM')
      const killer = setTimeout(() => {
        this.opts.log(`[supervisor] ${name} did not stop in ${this.stopTimeout / 1000} s: killing it`)
        child.kill('SIGKILL')
      }, this.stopTimeout)
      await r.exited
      clearTimeout(killer)
    }
  }
}
