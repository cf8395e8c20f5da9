import { Webhook } from 'standardwebhooks'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startSmtp, startReceiver } from './mail-and-hooks.ts'
import type { TokenClaims } from '@railyard/auth'
import { type TestStack, ok, personas, testDbKind } from '@railyard/test-kit'
import { drain } from '../src/modules/notification/notification.dispatcher.ts'
import { smtpMailer } from '../src/modules/notification/notification.mailer.ts'
import {
  ADD_RELEASE,
  DECIDE,
  SUBMIT,
  type Seeded,
  UPDATE_RELEASE,
  createPlan,
  plansDb,
  releaseInput,
  seedProgram,
  singleAdminApproval,
  startStack,
  strategyInput,
} from './fixtures.ts'
import { must, testNotificationConfig } from './notification-helpers.ts'

/**
 * Issue 11's "done when", end to end on one change: DOH reschedules a release DOL's release
 * depends on; once DOH's plan is approved with the change, DOL hears of it in the app, by e-mail
 * (a real SMTP server) and by webhook (a real receiver, verified with the reference
 * Standard Webhooks package) — once each, however often the dispatcher runs afterwards.
 */

const PREFS = `mutation($p: [NotificationPreferenceInput!]!) { setNotificationPreferences(preferences: $p) { kind channels } }`
const INBOX = `query { notifications(first: 100) { items { kind title body link } } }`
const SUBSCRIBE = `mutation($input: WebhookSubscriptionInput!) { createWebhookSubscription(input: $input) { secret subscription { id } } }`

describe(`a reschedule reaches the dependent agency in the app, by e-mail and by webhook, once each, on ${testDbKind()}`, () => {
  let stack: TestStack
  let seeded: Seeded
  let smtp: Awaited<ReturnType<typeof startSmtp>>
  let receiver: Awaited<ReturnType<typeof startReceiver>>
  const lee: TokenClaims = { ...personas.dolManager, email: 'lee@dol.example.gov' }
  const asLee = async (query: string, variables?: Record<string, unknown>) =>
    must(stack.servers.agencyPlans).execute({ query, variables, token: await stack.auth.token(lee) })
  const ap = (who: Parameters<TestStack['as']>[1]) => stack.as('agencyPlans', who)
  const rev = async (table: 'plan' | 'release', id: string) =>
    (await plansDb(stack).selectFrom(table).select('revision').where('id', '=', id).executeTakeFirstOrThrow()).revision
  const approve = async (planId: string, who: 'dohManager' | 'dolManager') => {
    const submitted = ok(await ap(who)(SUBMIT, { id: planId, rev: await rev('plan', planId) })).submitAgencyPlan
    ok(await ap('admin')(DECIDE, { id: submitted.approvals[0].id, d: 'APPROVE' }))
  }

  beforeAll(async () => {
    stack = await startStack()
    seeded = await seedProgram(stack, strategyInput({ planApproval: singleAdminApproval }))
    smtp = await startSmtp()
    receiver = await startReceiver()
  })
  afterAll(async () => {
    await stack?.close()
    await smtp?.close()
    await receiver?.close()
  })

  it('DOH moves a release DOL depends on; after the approval DOL hears once in each channel', async () => {
    const dohPlan = (await createPlan(stack, seeded, 'dohManager', 'DOH')).id
    const a = ok(await ap('dohManager')(ADD_RELEASE, { planId: dohPlan, rev: 1, input: releaseInput({ name: 'Licensing', version: '2.0.0' }) })).addRelease.id
    await approve(dohPlan, 'dohManager')
    const dolPlan = (await createPlan(stack, seeded, 'dolManager', 'DOL')).id
    ok(
      await ap('dolManager')(ADD_RELEASE, {
        planId: dolPlan,
        rev: 1,
        input: releaseInput({ name: 'Permits', version: '1.0.0', dependencies: [{ releaseId: a }] }),
      }),
    )
    await approve(dolPlan, 'dolManager')

    // DOL's manager wants this kind by e-mail too; the program office points a webhook at DOL's events
    ok(await asLee(PREFS, { p: [{ kind: 'DEPENDENCY_RESCHEDULED', channels: ['IN_APP', 'EMAIL'] }] }))
    const { secret } = ok(await ap('admin')(SUBSCRIBE, { input: { url: receiver.url, kinds: ['DEPENDENCY_RESCHEDULED'], agencyId: seeded.agencies.DOL } }))
      .createWebhookSubscription as { secret: string }
    const config = testNotificationConfig({ smtpUrl: smtp.url })
    const mailer = smtpMailer(smtp.url, 'Railyard <railyard@example.gov>')
    const run = () => drain({ db: plansDb(stack), config, mailer })
    try {
      await run()
      const rescheduled = async () =>
        (ok(await asLee(INBOX)).notifications.items as { kind: string; body: string; link: string }[]).filter((n) => n.kind === 'DEPENDENCY_RESCHEDULED')
      expect(await rescheduled()).toEqual([])

      // DOH moves A's PROD window a week later (its plan returns to DRAFT), then it is approved again
      const moved = releaseInput({
        name: 'Licensing',
        version: '2.0.0',
        schedule: [
          { tier: 'DEV', start: '2027-02-15T17:00:00Z', end: '2027-02-19T01:00:00Z' },
          { tier: 'TEST', start: '2027-02-22T17:00:00Z', end: '2027-02-26T01:00:00Z' },
          { tier: 'PROD', start: '2027-03-16T18:00:00Z', end: '2027-03-16T20:00:00Z' },
        ],
      })
      ok(await ap('dohManager')(UPDATE_RELEASE, { id: a, rev: await rev('release', a), input: moved }))
      await run()
      expect(await rescheduled(), 'nothing while the plan is a draft').toEqual([])
      expect(smtp.caught).toEqual([])
      expect(receiver.received).toEqual([])
      await approve(dohPlan, 'dohManager')
      // the dispatcher runs again and again: still once each
      for (let i = 0; i < 3; i++) await run()

      const inApp = await rescheduled()
      expect(inApp).toHaveLength(1)
      expect(inApp[0]?.link).toBe(`/releases/${a}`)
      expect(inApp[0]?.body).toContain('→')

      const mails = smtp.caught.filter((m) => m.envelopeTo.includes('lee@dol.example.gov'))
      expect(mails).toHaveLength(1)
      const mail = must(mails[0]).mail
      expect(mail.subject).toContain('Licensing')
      expect(mail.text).toContain(`http://railyard.test/releases/${a}`)
      expect(mail.html).toContain(`href="http://railyard.test/releases/${a}"`)
      expect(mail.text).toContain('http://railyard.test/settings/notifications')

      expect(receiver.received).toHaveLength(1)
      const req = must(receiver.received[0])
      const payload = new Webhook(secret).verify(req.body, req.headers as Record<string, string>) as { type: string; id: string; data: Record<string, unknown> }
      expect(payload.type).toBe('DEPENDENCY_RESCHEDULED')
      expect(payload.id).toBe(req.headers['webhook-id'])
      expect(payload.data.url).toBe(`http://railyard.test/releases/${a}`)
    } finally {
      mailer.close()
    }
  })
})
