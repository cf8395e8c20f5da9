import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import type { Kysely } from 'kysely'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createDb } from '@railyard/db'
import { emitEvent } from '@railyard/graphql-kit'
import { type TestStack, ok, testDbKind } from '@railyard/test-kit'
import { type Dispatcher, startDispatcher } from '../src/modules/notification/notification.dispatcher.ts'
import { startJobQueue } from '../src/modules/notification/notification.queue.ts'
import { type Database, SCHEMA } from '../src/server.ts'
import { ADD_RELEASE, createPlan, plansDb, releaseInput, seedProgram, startStack, strategyInput } from './fixtures.ts'
import { plansDbUrl, testNotificationConfig } from './notification-helpers.ts'

const EVENTS = 1000

/**
 * Two replicas (separate connection pools on one PostgreSQL database, as two processes of the
 * service would have; each with its dispatcher and its graphile-worker runner) work through 1,000
 * outbox events: every event reaches the webhook receiver, none twice.
 */
describe.skipIf(testDbKind() !== 'postgres')(`two dispatcher replicas on ${testDbKind()}`, () => {
  let stack: TestStack
  const closers: (() => Promise<void>)[] = []

  beforeAll(async () => {
    stack = await startStack()
  })
  afterAll(async () => {
    for (const c of closers.reverse()) await c()
    await stack?.close()
  })

  it(`deliver ${EVENTS} events with none lost and none twice`, async () => {
    const seeded = await seedProgram(stack, strategyInput())
    const planId = (await createPlan(stack, seeded, 'dohManager', 'DOH')).id
    const releaseId = ok(await stack.as('agencyPlans', 'dohManager')(ADD_RELEASE, { planId, rev: 1, input: releaseInput() })).addRelease.id
    const db = plansDb(stack)
    const exception = await db
      .insertInto('deploymentException')
      .values({
        releaseId,
        agencyCode: 'DOH',
        tier: 'PROD',
        waives: '["FROZEN"]',
        startAt: '2027-03-09T00:00:00Z',
        endAt: '2027-03-10T00:00:00Z',
        justification: 'load',
        requestedBy: 'hana.doh',
      })
      .returning('id')
      .executeTakeFirstOrThrow()

    const seen = new Map<string, number>()
    const receiver = createServer((req, res) => {
      const id = String(req.headers['webhook-id'])
      seen.set(id, (seen.get(id) ?? 0) + 1)
      req.resume()
      req.on('end', () => res.end())
    })
    await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve))
    closers.push(() => new Promise<void>((resolve) => receiver.close(() => resolve())))
    const url = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/`
    await db
      .insertInto('webhookSubscription')
      .values({ url, kinds: ['EXCEPTION_REQUESTED'], agencyId: null, agencyCode: null, secret: 'whsec_c2VjcmV0', createdBy: 'ada.admin' })
      .execute()

    // 1,000 committed events (as 1,000 requests would leave them), each one notification → one webhook
    await db.transaction().execute(async (trx) => {
      for (let i = 0; i < EVENTS; i++)
        await emitEvent(trx, { type: 'requestDeploymentException', subjectId: exception.id, data: { exceptionId: exception.id } })
    })

    const replicas: { db: Kysely<Database>; dispatcher: Dispatcher; queue: { stop(): Promise<void> } }[] = []
    for (let i = 0; i < 2; i++) {
      const handle = await createDb<Database>({ schema: SCHEMA, databaseUrl: plansDbUrl(stack), poolSize: 5 })
      // as in production on PostgreSQL: fan-out adds graphile-worker jobs, the sweep waits a minute
      const deps = { db: handle.db, config: testNotificationConfig({ dispatchIntervalMs: 10 }), jobs: true, sweepGraceMs: 60_000 }
      const queue = await startJobQueue(deps, plansDbUrl(stack))
      const dispatcher = startDispatcher(deps)
      replicas.push({ db: handle.db, dispatcher, queue })
      closers.push(async () => {
        await dispatcher.stop()
        await queue.stop()
        await handle.close()
      })
    }
    const t0 = Date.now()
    while (seen.size < EVENTS && Date.now() - t0 < 200_000) await new Promise((r) => setTimeout(r, 100))
    // a little longer: a duplicate would arrive now
    await new Promise((r) => setTimeout(r, 500))
    for (const r of replicas) await r.dispatcher.stop()
    const duplicates = [...seen.values()].filter((n) => n > 1).length
    console.log(`two replicas: ${seen.size} distinct webhook ids in ${Date.now() - t0} ms, ${duplicates} delivered more than once`)
    expect(seen.size).toBe(EVENTS)
    expect(duplicates).toBe(0)
    const notifications = await db
      .selectFrom('notification')
      .select(db.fn.countAll<string>().as('n'))
      .where('kind', '=', 'EXCEPTION_REQUESTED')
      .executeTakeFirstOrThrow()
    expect(Number(notifications.n)).toBe(EVENTS)
    const pending = await db.selectFrom('outboxEvent').select('id').where('processedAt', 'is', null).execute()
    expect(pending).toEqual([])
    const delivered = await db.selectFrom('webhookDelivery').select(['status', 'attempt']).execute()
    expect(delivered.every((d) => d.status === 'DELIVERED' && d.attempt === 1)).toBe(true)
  }, 240_000) // 1,000 HTTP deliveries on a busy 2-core machine
})
