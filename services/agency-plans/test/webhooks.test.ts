import { Webhook } from 'standardwebhooks'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startReceiver } from './mail-and-hooks.ts'
import { type TestStack, errorWith, fieldErrorPaths, ok, testDbKind } from '@railyard/test-kit'
import { deliverOnce, drain, fanOutOnce } from '../src/modules/notification/notification.dispatcher.ts'
import {
  ADD_RELEASE,
  DECIDE,
  SUBMIT,
  type Seeded,
  createPlan,
  plansDb,
  releaseInput,
  seedProgram,
  singleAdminApproval,
  startStack,
  strategyInput,
} from './fixtures.ts'
import { must, testNotificationConfig } from './notification-helpers.ts'

const CREATE = `mutation($input: WebhookSubscriptionInput!) { createWebhookSubscription(input: $input) { secret subscription { id url kinds active format agency { id } } } }`
const LIST = `query { webhookSubscriptions { id url deliveries(first: 50) { id eventId kind attempt status responseStatus nextAttemptAt } } }`
const REDELIVER = `mutation($id: ID!) { redeliverWebhook(deliveryId: $id) { id status attempt eventId } }`
const DELETE = `mutation($id: ID!) { deleteWebhookSubscription(id: $id) }`

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))

describe(`webhooks: Standard Webhooks delivery, retries, DEAD and redelivery on ${testDbKind()}`, () => {
  let stack: TestStack
  let seeded: Seeded
  const ap = (who: Parameters<TestStack['as']>[1]) => stack.as('agencyPlans', who)
  const rev = async (id: string) => (await plansDb(stack).selectFrom('plan').select('revision').where('id', '=', id).executeTakeFirstOrThrow()).revision

  /** A DOL plan approved: PLAN_DECIDED for DOL (one notification → one webhook event). */
  async function dolPlanDecided(title: string) {
    const planId = (await createPlan(stack, seeded, 'dolManager', 'DOL', title)).id
    ok(await ap('dolManager')(ADD_RELEASE, { planId, rev: 1, input: releaseInput() }))
    const submitted = ok(await ap('dolManager')(SUBMIT, { id: planId, rev: await rev(planId) })).submitAgencyPlan
    ok(await ap('admin')(DECIDE, { id: submitted.approvals[0].id, d: 'APPROVE' }))
    return planId
  }

  async function subscribe(url: string, who: 'admin' | 'dolManager' = 'admin', extra: Record<string, unknown> = {}) {
    return ok(await ap(who)(CREATE, { input: { url, kinds: ['PLAN_DECIDED'], agencyId: seeded.agencies.DOL, ...extra } })).createWebhookSubscription as {
      secret: string
      subscription: { id: string }
    }
  }

  beforeAll(async () => {
    stack = await startStack()
    seeded = await seedProgram(stack, strategyInput({ planApproval: singleAdminApproval }))
  })
  afterAll(async () => stack?.close())

  it('who may manage subscriptions, and input checks', async () => {
    errorWith(await ap('dohMember')(CREATE, { input: { url: 'https://x.example/h', kinds: ['PLAN_DECIDED'] } }), 'FORBIDDEN')
    errorWith(await ap('dohManager')(CREATE, { input: { url: 'https://x.example/h', kinds: ['PLAN_DECIDED'], agencyId: seeded.agencies.DOL } }), 'FORBIDDEN')
    const bad = await ap('admin')(CREATE, { input: { url: 'ftp://x', kinds: [] } })
    expect(fieldErrorPaths(bad).sort()).toEqual(['input.kinds', 'input.url'])
    const mine = await subscribe('https://dol.example/hook', 'dolManager', { agencyId: null })
    expect(mine.secret).toMatch(/^whsec_[A-Za-z0-9+/]+=*$/)
    expect(ok(await ap('dolManager')(LIST)).webhookSubscriptions.map((s: { id: string }) => s.id)).toEqual([mine.subscription.id])
    expect(ok(await ap('dohManager')(LIST)).webhookSubscriptions).toEqual([])
    expect(ok(await ap('viewer')(LIST)).webhookSubscriptions).toEqual([])
    errorWith(await ap('dohManager')(DELETE, { id: mine.subscription.id }), 'NOT_FOUND')
    expect(ok(await ap('dolManager')(DELETE, { id: mine.subscription.id })).deleteWebhookSubscription).toBe(true)
    expect(ok(await ap('dolManager')(LIST)).webhookSubscriptions).toEqual([])
  })

  it('delivers signed per Standard Webhooks (verified by the reference package), body {type, id, at, data}', async () => {
    const receiver = await startReceiver(() => 204)
    try {
      const { secret, subscription } = await subscribe(receiver.url)
      const planId = await dolPlanDecided('DOL signed')
      await drain({ db: plansDb(stack), config: testNotificationConfig() })
      expect(receiver.received).toHaveLength(1)
      const req = must(receiver.received[0], 'the request')
      const payload = new Webhook(secret).verify(req.body, req.headers as Record<string, string>) as {
        type: string
        id: string
        at: string
        data: Record<string, unknown>
      }
      expect(payload.type).toBe('PLAN_DECIDED')
      expect(payload.id).toBe(req.headers['webhook-id'])
      expect(payload.data.link).toBe(`/plans/${planId}`)
      expect(payload.data.url).toBe(`http://railyard.test/plans/${planId}`)
      expect(() => new Webhook(secret).verify(`${req.body} `, req.headers as Record<string, string>)).toThrow()
      const deliveries = ok(await ap('admin')(LIST)).webhookSubscriptions.find((s: { id: string }) => s.id === subscription.id).deliveries
      expect(deliveries).toMatchObject([{ eventId: payload.id, kind: 'PLAN_DECIDED', attempt: 1, status: 'DELIVERED', responseStatus: 204 }])
      ok(await ap('admin')(DELETE, { id: subscription.id }))
    } finally {
      await receiver.close()
    }
  })

  it('a receiver failing 3 times gets the event on the 4th attempt with the same webhook-id; the first retry is due within 10 s', async () => {
    const receiver = await startReceiver((n) => (n <= 3 ? 500 : 200))
    try {
      const { subscription } = await subscribe(receiver.url)
      await dolPlanDecided('DOL flaky')
      const deps = { db: plansDb(stack), config: testNotificationConfig({ retryBaseMs: 50 }) }
      await fanOutOnce(deps)
      await deliverOnce(deps)
      const afterFirst = await plansDb(stack).selectFrom('webhookDelivery').selectAll().where('subscriptionId', '=', subscription.id).executeTakeFirstOrThrow()
      expect(afterFirst.status).toBe('FAILED')
      expect(afterFirst.responseStatus).toBe(500)
      expect(Date.parse(must(afterFirst.nextAttemptAt)) - Date.parse(afterFirst.at)).toBeLessThanOrEqual(10_000)
      for (let i = 0; i < 100 && receiver.received.length < 4; i++) {
        await sleep(30)
        await deliverOnce(deps)
      }
      expect(receiver.received).toHaveLength(4)
      expect(new Set(receiver.received.map((r) => r.headers['webhook-id'])).size).toBe(1)
      const row = await plansDb(stack).selectFrom('webhookDelivery').selectAll().where('subscriptionId', '=', subscription.id).executeTakeFirstOrThrow()
      expect(row).toMatchObject({ status: 'DELIVERED', attempt: 4, responseStatus: 200 })
      ok(await ap('admin')(DELETE, { id: subscription.id }))
    } finally {
      await receiver.close()
    }
  })

  it('a receiver that never succeeds ends DEAD; redeliverWebhook sends it again with the same id', async () => {
    let healthy = false
    const receiver = await startReceiver(() => (healthy ? 200 : 503))
    try {
      const { subscription } = await subscribe(receiver.url, 'dolManager')
      await dolPlanDecided('DOL dead')
      const deps = { db: plansDb(stack), config: testNotificationConfig({ retryBaseMs: 20, giveUpAfterMs: 200 }) }
      await fanOutOnce(deps)
      const statusOf = async () =>
        (await plansDb(stack).selectFrom('webhookDelivery').selectAll().where('subscriptionId', '=', subscription.id).executeTakeFirstOrThrow()).status
      for (let i = 0; i < 200 && (await statusOf()) !== 'DEAD'; i++) {
        await deliverOnce(deps)
        await sleep(10)
      }
      expect(await statusOf()).toBe('DEAD')
      const dead = ok(await ap('dolManager')(LIST)).webhookSubscriptions[0].deliveries[0]
      expect(dead).toMatchObject({ status: 'DEAD', nextAttemptAt: null, responseStatus: 503 })
      errorWith(await ap('dohManager')(REDELIVER, { id: dead.id }), 'NOT_FOUND')
      const requeued = ok(await ap('dolManager')(REDELIVER, { id: dead.id })).redeliverWebhook
      expect(requeued).toMatchObject({ status: 'PENDING', eventId: dead.eventId })
      errorWith(await ap('dolManager')(REDELIVER, { id: dead.id }), 'FAILED_PRECONDITION')
      healthy = true
      await deliverOnce(deps)
      expect(await statusOf()).toBe('DELIVERED')
      const ids = receiver.received.map((r) => r.headers['webhook-id'])
      expect(new Set(ids)).toEqual(new Set([dead.eventId]))
      ok(await ap('dolManager')(DELETE, { id: subscription.id }))
    } finally {
      await receiver.close()
    }
  })

  it('Slack and Teams formats', async () => {
    const receiver = await startReceiver(() => 200)
    try {
      const slack = await subscribe(receiver.url, 'admin', { format: 'SLACK' })
      const teams = await subscribe(receiver.url, 'admin', { format: 'TEAMS' })
      await dolPlanDecided('DOL chat')
      await drain({ db: plansDb(stack), config: testNotificationConfig() })
      const bodies = receiver.received.map((r) => JSON.parse(r.body) as Record<string, unknown>)
      expect(bodies.find((b) => typeof b.text === 'string' && !b['@type'])?.text).toMatch(
        /^\*Plan “DOL chat” was approved\*\n.*<http:\/\/railyard\.test\/plans\/.+\|Open in Railyard>$/s,
      )
      expect(bodies.find((b) => b['@type'] === 'MessageCard')).toMatchObject({ title: 'Plan “DOL chat” was approved' })
      for (const s of [slack, teams]) ok(await ap('admin')(DELETE, { id: s.subscription.id }))
    } finally {
      await receiver.close()
    }
  })
})
