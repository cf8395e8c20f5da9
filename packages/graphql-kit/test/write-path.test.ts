import { GraphQLError } from 'graphql'
import { type Generated, type Kysely, sql } from 'kysely'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { z } from 'zod'
import type { Actor } from '@railyard/auth'
import { type TestDb, openTestDb } from '@railyard/db'
import { type AuditDatabase, FieldErrors, createAuditLogTable, forbidden, parseInput, runWrite, upgradeAuditLogV2 } from '../src/index.ts'

interface ThingTable {
  id: string
  name: string
  revision: Generated<number>
}
interface DB extends AuditDatabase {
  thing: ThingTable
}

const actor: Actor = { subject: 'u-1', displayName: 'Una', email: null, roles: ['PROGRAM_ADMIN'], agency: null, scopes: [], token: 't' }

const codeOf = (err: unknown) => (err instanceof GraphQLError ? err.extensions.code : 'not a GraphQLError')

async function attempt(p: Promise<unknown>): Promise<unknown> {
  try {
    await p
  } catch (err) {
    return err
  }
  throw new Error('expected the write to fail')
}

describe('runWrite: authorize → validate → lock → revision → write → audit → events → refresh', () => {
  let handle: TestDb<DB>
  let db: Kysely<DB>
  let refreshes = 0
  const ctx = () => ({ actor, db, refresh: () => void refreshes++ })
  const audits = async () => (await db.selectFrom('auditLog').select(['action', 'entityId']).orderBy('at').execute()).map((r) => `${r.action}:${r.entityId}`)

  beforeAll(async () => {
    handle = await openTestDb<DB>('kit_write_path', {
      '0001_init': {
        async up(k: Kysely<unknown>) {
          await createAuditLogTable(k)
          await upgradeAuditLogV2(k, 'kit_write_path')
          await k.schema
            .createTable('thing')
            .addColumn('id', 'text', (c) => c.primaryKey())
            .addColumn('name', 'text', (c) => c.notNull().unique())
            .addColumn('revision', 'integer', (c) => c.notNull().defaultTo(1))
            .execute()
        },
      },
    })
    db = handle.db
    await db.insertInto('thing').values({ id: 'a', name: 'alpha' }).execute()
  })
  afterAll(async () => handle?.close())

  const rename = (id: string, name: string, expected: number | null, events: string[] = []) =>
    runWrite(ctx(), {
      authorize: () => ({ id }),
      validate: () => {
        const errors = new FieldErrors()
        errors.check(name.trim() !== '', ['input', 'name'], 'name must not be empty')
        return errors
      },
      lock: (trx, s) => trx.selectFrom('thing').selectAll().where('id', '=', s.id).forUpdate().executeTakeFirstOrThrow(),
      expectedRevision: { expected, current: (t) => t.revision, entity: 'Thing', id },
      write: (trx, locked) =>
        trx
          .updateTable('thing')
          .set({ name, revision: sql<number>`revision + 1` })
          .where('id', '=', locked.id)
          .returningAll()
          .executeTakeFirstOrThrow(),
      audit: (after, before) => ({ action: 'renameThing', entityType: 'Thing', entityId: id, before, after }),
      events: (_trx, after) => {
        events.push(`renamed:${after.name}`)
      },
      uniqueViolation: { path: ['input', 'name'], message: `a thing named ${name} exists` },
    })

  it('writes, audits in the same transaction, runs the events hook and refreshes the caches', async () => {
    const events: string[] = []
    const before = refreshes
    const row = await rename('a', 'alef', 1, events)
    expect(row).toMatchObject({ id: 'a', name: 'alef', revision: 2 })
    expect(await audits()).toEqual(['renameThing:a'])
    expect(events).toEqual(['renamed:alef'])
    expect(refreshes).toBe(before + 1)
  })

  it('refuses before validating: authorize runs first', async () => {
    const err = await attempt(
      runWrite(ctx(), {
        authorize: () => {
          throw forbidden('no')
        },
        validate: () => [{ path: ['input', 'name'], message: 'bad' }],
        write: async () => 1,
        audit: () => null,
      }),
    )
    expect(codeOf(err)).toBe('FORBIDDEN')
  })

  it('reports every validation problem at once as BAD_USER_INPUT with fieldErrors, writing nothing', async () => {
    const schema = z.object({ name: z.string().min(1), tier: z.enum(['DEV', 'PROD']) })
    const err = await attempt(
      runWrite(ctx(), {
        validate: () => parseInput(schema, { name: '', tier: 'QA' }, ['input']).errors,
        write: async () => {
          throw new Error('must not run')
        },
        audit: () => null,
      }),
    )
    expect(codeOf(err)).toBe('BAD_USER_INPUT')
    const fieldErrors = (err as GraphQLError).extensions.fieldErrors as { path: string[] }[]
    expect(fieldErrors.map((e) => e.path.join('.'))).toEqual(['input.name', 'input.tier'])
  })

  it('a stale expected revision is CONFLICT with the current one; nothing written, no audit row, no event, no refresh', async () => {
    const events: string[] = []
    const before = { audits: await audits(), refreshes }
    const err = await attempt(rename('a', 'aleph', 1, events))
    expect(codeOf(err)).toBe('CONFLICT')
    expect((err as GraphQLError).extensions.currentRevision).toBe(2)
    expect(await db.selectFrom('thing').select('name').where('id', '=', 'a').executeTakeFirst()).toEqual({ name: 'alef' })
    expect({ audits: await audits(), refreshes }).toEqual(before)
    expect(events).toEqual([])
  })

  it('an omitted expected revision is not checked', async () => {
    expect((await rename('a', 'aleph', null)).revision).toBe(3)
  })

  it('a duplicate key is CONFLICT carrying fieldErrors at the input; the audit row rolls back with the change', async () => {
    await db.insertInto('thing').values({ id: 'b', name: 'beta' }).execute()
    const before = await audits()
    const err = await attempt(rename('b', 'aleph', null))
    expect(codeOf(err)).toBe('CONFLICT')
    expect((err as GraphQLError).extensions.fieldErrors).toEqual([{ path: ['input', 'name'], message: 'a thing named aleph exists' }])
    expect(await audits()).toEqual(before)
  })

  it('a failing events hook rolls the whole write back', async () => {
    const before = await audits()
    const err = await attempt(
      runWrite(ctx(), {
        write: (trx) => trx.insertInto('thing').values({ id: 'c', name: 'gamma' }).returningAll().executeTakeFirstOrThrow(),
        audit: (row) => ({ action: 'createThing', entityType: 'Thing', entityId: row.id, after: row }),
        events: () => {
          throw new Error('outbox down')
        },
      }),
    )
    expect((err as Error).message).toBe('outbox down')
    expect(await db.selectFrom('thing').select('id').where('id', '=', 'c').execute()).toEqual([])
    expect(await audits()).toEqual(before)
  })
})
