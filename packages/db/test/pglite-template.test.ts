import { mkdtempSync, mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { sql } from 'kysely'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createDb, migrateToLatest, testDbKind } from '../src/index.ts'
import { copyPgliteTemplate, createPgliteTemplate, pgliteDataDir } from '../src/pglite-template.ts'

// The template is a PGlite-only start-up aid (PostgreSQL has no data dir of ours): one run suffices.
describe.runIf(testDbKind() === 'pglite')('PGlite template (first start)', () => {
  let root: string
  const template = () => join(root, 'template')
  beforeAll(async () => {
    root = mkdtempSync(join(tmpdir(), 'railyard-template-'))
    await createPgliteTemplate(template())
  })
  afterAll(() => rmSync(root, { recursive: true, force: true }))

  it('is an initdb-ed cluster that each copy migrates like a fresh one', async () => {
    const a = pgliteDataDir(root, 'a')
    const b = pgliteDataDir(root, 'b')
    expect(copyPgliteTemplate(template(), a)).toBe(true)
    expect(copyPgliteTemplate(template(), b)).toBe(true)
    const migrations = {
      '20261203_0001_t': {
        async up(db: any) {
          await db.schema.createTable('t').addColumn('n', 'integer').execute()
        },
      },
    }
    const ha = await createDb<{ t: { n: number } }>({ schema: 's', dataDir: a })
    const hb = await createDb<{ t: { n: number } }>({ schema: 's', dataDir: b })
    try {
      expect(await migrateToLatest(ha.db, 's', migrations)).toEqual(['20261203_0001_t'])
      expect(await migrateToLatest(hb.db, 's', migrations)).toEqual(['20261203_0001_t'])
      await ha.db.insertInto('t').values({ n: 1 }).execute()
      // the copies are independent clusters
      expect((await sql<{ c: number }>`select count(*)::int as c from s.t`.execute(hb.db)).rows[0]?.c).toBe(0)
      expect((await sql<{ c: number }>`select count(*)::int as c from s.t`.execute(ha.db)).rows[0]?.c).toBe(1)
    } finally {
      await ha.close()
      await hb.close()
    }
    // nothing half-copied is left beside them
    expect(readdirSync(join(root, 'pglite')).sort()).toEqual(['a', 'b'])
  })

  it('never lays a template over an existing data dir, nor copies a template that is not a cluster', () => {
    const existing = pgliteDataDir(root, 'existing')
    mkdirSync(existing, { recursive: true })
    writeFileSync(join(existing, 'keep'), 'x')
    expect(copyPgliteTemplate(template(), existing)).toBe(false)
    expect(readdirSync(existing)).toEqual(['keep'])
    expect(copyPgliteTemplate(join(root, 'no-such-template'), pgliteDataDir(root, 'c'))).toBe(false)
  })
})
