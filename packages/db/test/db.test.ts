import { sql } from 'kysely'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createDb, isUniqueViolation, migrateDownAll } from '../src/index.ts'
import { openTestDb, testDbKind, type TestDb } from '../src/index.ts'

interface DB {
  widget: { id: string; name: string; madeAt: string; dueOn: string; count: number; meta: unknown }
}

const migrations = {
  '20261127_0001_widgets': {
    async up(db: any) {
      await db.schema
        .createTable('widget')
        .addColumn('id', 'text', (c: any) => c.primaryKey())
        .addColumn('name', 'text', (c: any) => c.notNull().unique())
        .addColumn('made_at', 'timestamptz', (c: any) => c.notNull())
        .addColumn('due_on', 'date', (c: any) => c.notNull())
        .addColumn('count', 'bigint', (c: any) => c.notNull())
        .addColumn('meta', 'jsonb')
        .execute()
    },
    async down(db: any) {
      await db.schema.dropTable('widget').execute()
    },
  },
}

describe(`db on ${testDbKind()}`, () => {
  let t: TestDb<DB>
  beforeAll(async () => {
    t = await openTestDb<DB>('db_test', migrations)
  })
  afterAll(async () => t?.close())

  it('runs on the requested driver', () => {
    expect(t.kind).toBe(testDbKind())
  })

  it('round-trips camelCase fields, instants as ISO strings, dates as YYYY-MM-DD, bigint as number, jsonb', async () => {
    await t.db
      .insertInto('widget')
      .values({ id: 'w1', name: 'one', madeAt: '2027-03-09T10:00:00-08:00', dueOn: '2027-03-10', count: 3, meta: JSON.stringify({ a: [1] }) })
      .execute()
    const row = await t.db.selectFrom('widget').selectAll().where('id', '=', 'w1').executeTakeFirstOrThrow()
    expect(row).toEqual({ id: 'w1', name: 'one', madeAt: '2027-03-09T18:00:00.000Z', dueOn: '2027-03-10', count: 3, meta: { a: [1] } })
  })

  it('keeps tables in the service schema', async () => {
    const r = await sql<{
      n: number
    }>`select count(*)::int as n from information_schema.tables where table_schema = 'db_test' and table_name = 'widget'`.execute(t.db)
    expect(r.rows[0]?.n).toBe(1)
  })

  it('reports unique violations the same way on both drivers', async () => {
    const err = await t.db
      .insertInto('widget')
      .values({ id: 'w2', name: 'one', madeAt: new Date().toISOString(), dueOn: '2027-01-01', count: 1, meta: null })
      .execute()
      .catch((e) => e)
    expect(isUniqueViolation(err)).toBe(true)
  })

  it('rolls a failed transaction back completely', async () => {
    await expect(
      t.db.transaction().execute(async (trx) => {
        await trx
          .insertInto('widget')
          .values({ id: 'w3', name: 'three', madeAt: new Date().toISOString(), dueOn: '2027-01-01', count: 1, meta: null })
          .execute()
        throw new Error('boom')
      }),
    ).rejects.toThrow('boom')
    expect(await t.db.selectFrom('widget').select('id').where('id', '=', 'w3').executeTakeFirst()).toBeUndefined()
  })

  it('migrates down and up again', async () => {
    await migrateDownAll(t.db, 'db_test', migrations)
    const r = await sql<{
      n: number
    }>`select count(*)::int as n from information_schema.tables where table_schema = 'db_test' and table_name = 'widget'`.execute(t.db)
    expect(r.rows[0]?.n).toBe(0)
  })
})

// A lost connection never ends the process (issue 9: a checked-out client's unhandled 'error'
// event did): only PostgreSQL has connections to lose, so these run on the postgres project.
if (testDbKind() === 'postgres') {
  describe('a connection lost in the middle of a query (PostgreSQL)', () => {
    it('fails that query with a connection error, warns, keeps the process alive, and the next query succeeds', async () => {
      const url = await openTestDb<DB>('db_conn_test', migrations)
      const warnings: string[] = []
      const handle = await createDb<DB>({ schema: 'db_conn_test', databaseUrl: url.url, poolSize: 2, warn: (m) => warnings.push(m) })
      try {
        let failure: unknown = null
        try {
          await handle.db.transaction().execute(async (trx) => {
            await sql`select 1`.execute(trx)
            // The server ends this very connection while it is checked out by the transaction.
            await sql`select pg_terminate_backend(pg_backend_pid())`.execute(trx)
          })
        } catch (e) {
          failure = e
        }
        // What the request pipeline turns into SERVICE_UNAVAILABLE (see graphql-kit's masking).
        const e = failure as { code?: string; message?: string }
        expect(e.code === '57P01' || /Connection terminated|terminating connection/i.test(e.message ?? '')).toBe(true)
        await new Promise((r) => setTimeout(r, 100))
        expect(warnings.some((w) => /connection lost during a query|idle PostgreSQL connection closed/.test(w))).toBe(true)
        const again = await sql<{ n: number }>`select 41 + 1 as n`.execute(handle.db)
        expect(again.rows[0]?.n).toBe(42)
      } finally {
        await handle.close()
        await url.close()
      }
    })

    it('cancels a statement that runs past statement_timeout', async () => {
      const url = await openTestDb<DB>('db_timeout_test', migrations)
      const handle = await createDb<DB>({ schema: 'db_timeout_test', databaseUrl: url.url, statementTimeoutMs: 200 })
      try {
        const slow = await sql`select pg_sleep(5)`.execute(handle.db).then(
          () => null,
          (e: unknown) => e,
        )
        expect((slow as { code?: string }).code).toBe('57014') // query_canceled: the pipeline's TIMEOUT
      } finally {
        await handle.close()
        await url.close()
      }
    })
  })
}
