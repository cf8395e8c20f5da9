import { randomBytes } from 'node:crypto'
import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { PGlite } from '@electric-sql/pglite'
import pg from 'pg'
import { pgliteParsers } from './create-db.ts'

/**
 * A fresh, empty PGlite. Creating one from scratch (initdb) takes seconds, so the first call
 * on a machine dumps a freshly initialised data directory to a template file and every later
 * call loads that (a fraction of the time).
 */
export async function freshPGlite(): Promise<PGlite> {
  const template = join(tmpdir(), `railyard-pglite-template-${PGLITE_TEMPLATE_VERSION}.tar`)
  if (existsSync(template)) {
    const blob = new Blob([readFileSync(template)])
    return PGlite.create({ loadDataDir: blob, parsers: pgliteParsers })
  }
  const db = await PGlite.create({ parsers: pgliteParsers })
  const dump = await db.dumpDataDir('none')
  const tmp = `${template}.${process.pid}.${randomBytes(4).toString('hex')}`
  writeFileSync(tmp, Buffer.from(await dump.arrayBuffer()))
  renameSync(tmp, template)
  return db
}
const PGLITE_TEMPLATE_VERSION = '0.5.17-1'

export interface TestPostgresDatabase {
  url: string
  name: string
  drop(): Promise<void>
}

/** Creates a fresh, randomly named database on the server of `serverUrl`; drop() removes only it. */
export async function createTestPostgresDatabase(serverUrl: string, prefix = 'railyard_test'): Promise<TestPostgresDatabase> {
  const name = `${prefix}_${Date.now().toString(36)}_${randomBytes(4).toString('hex')}`
  const admin = new pg.Client({ connectionString: serverUrl })
  await admin.connect()
  try {
    await admin.query(`create database "${name}"`)
  } finally {
    await admin.end()
  }
  const url = new URL(serverUrl)
  url.pathname = `/${name}`
  return {
    url: url.toString(),
    name,
    async drop() {
      const c = new pg.Client({ connectionString: serverUrl })
      await c.connect()
      try {
        // Wait (briefly) for the test's pools to finish closing before forcing the drop.
        for (let i = 0; i < 50; i++) {
          const r = await c.query<{ n: number }>('select count(*)::int as n from pg_stat_activity where datname = $1', [name])
          if (r.rows[0]?.n === 0) break
          await new Promise((res) => setTimeout(res, 100))
        }
        await c.query(`drop database if exists "${name}" with (force)`)
      } finally {
        await c.end()
      }
    },
  }
}
