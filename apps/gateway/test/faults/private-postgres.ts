import { execFile } from 'node:child_process'
import { chownSync, mkdtempSync, rmSync } from 'node:fs'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'

const run = promisify(execFile)
const BIN = '/usr/lib/postgresql/15/bin'

/** A free loopback TCP port (the OS picks it). */
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

/**
 * A private PostgreSQL 15 cluster for the fault tests (never the shared server on 5432): initdb
 * in a temporary directory, listening on a free loopback port, restartable, removed on stop.
 * initdb and postgres refuse to run as root, so as root they run as the `postgres` user.
 */
export interface PrivateCluster {
  url: string
  port: number
  restart(): Promise<void>
  stop(): Promise<void>
}

export async function startPrivateCluster(): Promise<PrivateCluster> {
  const dir = mkdtempSync(join(tmpdir(), 'railyard-faults-pg-'))
  const data = join(dir, 'data')
  const asRoot = process.getuid?.() === 0
  const pgUser = asRoot ? await run('id', ['-u', 'postgres']).then((r) => Number(r.stdout.trim())) : null
  const pgGroup = asRoot ? await run('id', ['-g', 'postgres']).then((r) => Number(r.stdout.trim())) : null
  if (asRoot && pgUser !== null && pgGroup !== null) chownSync(dir, pgUser, pgGroup)
  const as = (cmd: string, args: string[]) => (asRoot ? run('runuser', ['-u', 'postgres', '--', `${BIN}/${cmd}`, ...args]) : run(`${BIN}/${cmd}`, args))
  await as('initdb', ['-D', data, '-U', 'postgres', '-A', 'trust', '--no-sync', '-E', 'UTF8'])
  const port = await freePort()
  const opts = `-p ${port} -c listen_addresses=127.0.0.1 -c unix_socket_directories=${dir} -c max_connections=200`
  const log = join(dir, 'postgres.log')
  await as('pg_ctl', ['-D', data, '-l', log, '-o', opts, '-w', '-t', '60', 'start'])
  return {
    url: `postgres://postgres@127.0.0.1:${port}/postgres`,
    port,
    async restart() {
      await as('pg_ctl', ['-D', data, '-l', log, '-o', opts, '-m', 'fast', '-w', '-t', '60', 'restart'])
    },
    async stop() {
      try {
        await as('pg_ctl', ['-D', data, '-m', 'immediate', '-w', '-t', '30', 'stop'])
      } finally {
        rmSync(dir, { recursive: true, force: true })
      }
    },
  }
}
