import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type TestDb, migrateToLatest, openTestDb, pendingMigrations, testDbKind } from '../src/index.ts'

// RAILYARD_MIGRATE=verify (replicas behind a load balancer, deploy/): a process only checks that a
// migration job already brought its schema up to date.
const first = {
  '20261203_0001_a': {
    async up(db: any) {
      await db.schema.createTable('a').addColumn('id', 'text').execute()
    },
  },
}
const second = {
  ...first,
  '20261203_0002_b': {
    async up(db: any) {
      await db.schema.createTable('b').addColumn('id', 'text').execute()
    },
  },
}

describe(`pending migrations on ${testDbKind()}`, () => {
  let t: TestDb<unknown>
  beforeAll(async () => {
    t = await openTestDb('pending_test', first)
  })
  afterAll(async () => t?.close())

  it('names the migrations a schema lacks, none once it is current', async () => {
    expect(await pendingMigrations(t.db, 'pending_test', first)).toEqual([])
    expect(await pendingMigrations(t.db, 'pending_test', second)).toEqual(['20261203_0002_b'])
    await migrateToLatest(t.db, 'pending_test', second)
    expect(await pendingMigrations(t.db, 'pending_test', second)).toEqual([])
  })

  it('lists every migration of a schema never migrated', async () => {
    expect(await pendingMigrations(t.db, 'never_migrated', second)).toEqual(['20261203_0001_a', '20261203_0002_b'])
  })
})
