import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startSmtp } from './mail-and-hooks.ts'
import type { TokenClaims } from '@railyard/auth'
import { type TestStack, errorWith, ok, personas, testDbKind } from '@railyard/test-kit'
import { digestTick, drain, utcDay } from '../src/modules/notification/notification.dispatcher.ts'
import { smtpMailer } from '../src/modules/notification/notification.mailer.ts'
import { must, testNotificationConfig } from './notification-helpers.ts'
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

const PREFS = `mutation($p: [NotificationPreferenceInput!]!) { setNotificationPreferences(preferences: $p) { kind channels } }`
const SETTINGS = `query { notificationSettings { emailDigest } }`
const ME = `query { notifications { unread } }`
const SET_SETTINGS = `mutation($d: Boolean!) { setNotificationSettings(emailDigest: $d) { emailDigest } }`
const DAY_MS = 24 * 3600_000

describe(`the daily e-mail digest through a real SMTP server on ${testDbKind()}`, () => {
  let stack: TestStack
  let seeded: Seeded
  let smtp: Awaited<ReturnType<typeof startSmtp>>
  let mailer: ReturnType<typeof smtpMailer>
  const lee: TokenClaims = { ...personas.dolManager, email: 'lee@dol.example.gov' }
  const lou: TokenClaims = { ...personas.dolMember, email: 'lou@dol.example.gov' }
  const as = async (who: TokenClaims | 'integration', query: string, variables?: Record<string, unknown>) =>
    must(stack.servers.agencyPlans).execute({ query, variables, token: who === 'integration' ? stack.tokens.integration : await stack.auth.token(who) })
  const rev = async (id: string) => (await plansDb(stack).selectFrom('plan').select('revision').where('id', '=', id).executeTakeFirstOrThrow()).revision
  let today = new Date()
  const day = (offset: number) => new Date(today.getTime() + offset * DAY_MS)
  /** The dispatcher as it runs on a given day (never before the real now: deliveries are due from the database's now()). */
  const run = (at: Date) =>
    drain({ db: plansDb(stack), config: testNotificationConfig({ smtpUrl: smtp.url }), mailer, now: () => new Date(Math.max(at.getTime(), Date.now())) })
  const mailsTo = (address: string) => smtp.caught.filter((c) => c.envelopeTo.includes(address))
  let n = 0
  /** A DOL plan approved: one PLAN_DECIDED to DOL. */
  const approvedPlan = async () => {
    const title = `DOL digest ${++n}`
    const planId = (await createPlan(stack, seeded, 'dolManager', 'DOL', title)).id
    ok(await stack.as('agencyPlans', 'dolManager')(ADD_RELEASE, { planId, rev: 1, input: releaseInput() }))
    const submitted = ok(await stack.as('agencyPlans', 'dolManager')(SUBMIT, { id: planId, rev: await rev(planId) })).submitAgencyPlan
    ok(await stack.as('agencyPlans', 'admin')(DECIDE, { id: submitted.approvals[0].id, d: 'APPROVE' }))
    // the persona token used above carries no e-mail claim: Lee and Lou sign in again with one
    for (const who of [lee, lou]) ok(await as(who, ME))
    return { planId, title }
  }

  beforeAll(async () => {
    stack = await startStack()
    seeded = await seedProgram(stack, strategyInput({ planApproval: singleAdminApproval }))
    smtp = await startSmtp()
    mailer = smtpMailer(smtp.url, 'Railyard <railyard@example.gov>')
    // the test's "today" must stay today's UTC day while it runs: not within two minutes of midnight
    const toMidnight = DAY_MS - (Date.now() % DAY_MS)
    if (toMidnight < 120_000) await new Promise((resolve) => setTimeout(resolve, toMidnight + 1_000))
    today = new Date()
  }, 240_000)
  afterAll(async () => {
    mailer?.close()
    await stack?.close()
    await smtp?.close()
  })

  it('is a per-person setting, off by default; integrations have none', async () => {
    expect(ok(await as(lee, SETTINGS)).notificationSettings).toEqual({ emailDigest: false })
    expect(ok(await as(lee, SET_SETTINGS, { d: true })).setNotificationSettings).toEqual({ emailDigest: true })
    expect(ok(await as(lee, SETTINGS)).notificationSettings).toEqual({ emailDigest: true })
    expect(ok(await as(lou, SETTINGS)).notificationSettings).toEqual({ emailDigest: false })
    errorWith(await as('integration', SET_SETTINGS, { d: true }), 'FORBIDDEN')
    for (const who of [lee, lou]) ok(await as(who, PREFS, { p: [{ kind: 'PLAN_DECIDED', channels: ['IN_APP', 'EMAIL'] }] }))
  })

  it('sends one digest per person per day with the day’s notifications, once across restarts; others get each mail', async () => {
    const first = await approvedPlan()
    const second = await approvedPlan()
    await run(day(0))
    // Lou (no digest) gets each mail now; Lee nothing yet
    expect(mailsTo('lou@dol.example.gov')).toHaveLength(2)
    expect(mailsTo('lee@dol.example.gov')).toHaveLength(0)
    const items = await plansDb(stack).selectFrom('emailDigestItem').selectAll().execute()
    expect(items.map((i) => [i.subject, i.day, i.digestId])).toEqual([
      ['lee.dol', utcDay(day(0)), null],
      ['lee.dol', utcDay(day(0)), null],
    ])
    // the day is not over: no digest
    expect(await digestTick(plansDb(stack), day(0))).toBe(0)
    // the next day: one digest, however many schedulers run at once or after each other (restarts)
    const made = await Promise.all([digestTick(plansDb(stack), day(1)), digestTick(plansDb(stack), day(1))])
    expect(made[0] + made[1]).toBe(1)
    expect(await digestTick(plansDb(stack), day(1))).toBe(0)
    expect(await digestTick(plansDb(stack), day(2))).toBe(0)
    await run(day(1))
    await run(day(1))
    const digests = mailsTo('lee@dol.example.gov')
    expect(digests).toHaveLength(1)
    const { mail } = must(digests[0])
    expect(mail.subject).toBe(`[Railyard] Daily digest for ${utcDay(day(0))}: 2 notifications`)
    for (const { planId, title } of [first, second]) {
      expect(mail.text).toContain(`Plan “${title}” was approved`)
      expect(mail.text).toContain(`Open in Railyard: http://railyard.test/plans/${planId}`)
      expect(mail.html).toContain(`<a href="http://railyard.test/plans/${planId}">Open in Railyard</a>`)
    }
    expect(mail.text).toContain('http://railyard.test/settings/notifications')
    expect(mail.html).toContain('href="http://railyard.test/settings/notifications"')
    expect(mail.headerLines.find((h) => h.key === 'list-unsubscribe')?.line).toContain('<http://railyard.test/settings/notifications>')
    const row = await plansDb(stack).selectFrom('emailDelivery').selectAll().where('digestDay', 'is not', null).executeTakeFirstOrThrow()
    expect(row).toMatchObject({
      status: 'DELIVERED',
      attempt: 1,
      email: 'lee@dol.example.gov',
      subject: 'lee.dol',
      digestDay: utcDay(day(0)),
      notificationId: null,
    })
  })

  it('collects the next day in the next digest, and mails each notification again once the digest is turned off', async () => {
    const third = await approvedPlan()
    await run(day(1)) // fanned out on the next day: that day's digest
    expect(await digestTick(plansDb(stack), day(1))).toBe(0)
    expect(await digestTick(plansDb(stack), day(2))).toBe(1)
    await run(day(2))
    const digests = mailsTo('lee@dol.example.gov')
    expect(digests.map((d) => d.mail.subject)).toEqual([
      `[Railyard] Daily digest for ${utcDay(day(0))}: 2 notifications`,
      `[Railyard] Daily digest for ${utcDay(day(1))}: 1 notification`,
    ])
    expect(digests[1]?.mail.text).toContain(`Plan “${third.title}” was approved`)
    expect(digests[1]?.mail.text).not.toContain('DOL digest 1')
    ok(await as(lee, SET_SETTINGS, { d: false }))
    const fourth = await approvedPlan()
    await run(day(2))
    const latest = mailsTo('lee@dol.example.gov').at(-1)
    expect(latest?.mail.subject).toBe(`[Railyard] Plan “${fourth.title}” was approved`)
    expect(await digestTick(plansDb(stack), day(3))).toBe(0)
  })
})
