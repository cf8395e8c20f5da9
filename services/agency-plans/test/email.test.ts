import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type Caught, startSmtp } from './mail-and-hooks.ts'
import type { TokenClaims } from '@railyard/auth'
import { type TestStack, ok, personas, testDbKind } from '@railyard/test-kit'
import { drain } from '../src/modules/notification/notification.dispatcher.ts'
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
const ME = `query { notifications { unread } }`

describe(`e-mail notifications through a real SMTP server on ${testDbKind()}`, () => {
  let stack: TestStack
  let seeded: Seeded
  let smtp: Awaited<ReturnType<typeof startSmtp>>
  const lee: TokenClaims = { ...personas.dolManager, email: 'lee@dol.example.gov' }
  const lou: TokenClaims = { ...personas.dolMember, email: 'lou@dol.example.gov' }
  const hana: TokenClaims = { ...personas.dohManager, email: 'hana@doh.example.gov' }
  const as = async (who: TokenClaims, query: string, variables?: Record<string, unknown>) =>
    must(stack.servers.agencyPlans).execute({ query, variables, token: await stack.auth.token(who) })
  const rev = async (id: string) => (await plansDb(stack).selectFrom('plan').select('revision').where('id', '=', id).executeTakeFirstOrThrow()).revision

  beforeAll(async () => {
    stack = await startStack()
    seeded = await seedProgram(stack, strategyInput({ planApproval: singleAdminApproval }))
    smtp = await startSmtp()
  })
  afterAll(async () => {
    await stack?.close()
    await smtp?.close()
  })

  it('remembers people from their tokens (subject, name, e-mail, roles, agency, last seen)', async () => {
    for (const who of [lee, lou, hana]) ok(await as(who, ME))
    const people = await plansDb(stack).selectFrom('person').selectAll().orderBy('subject').execute()
    expect(people.map((p) => [p.subject, p.email, p.roles, p.agencyCode])).toEqual([
      ['hana.doh', 'hana@doh.example.gov', ['AGENCY_MANAGER'], 'DOH'],
      ['lee.dol', 'lee@dol.example.gov', ['AGENCY_MANAGER'], 'DOL'],
      ['lou.dol', 'lou@dol.example.gov', ['AGENCY_MEMBER'], 'DOL'],
    ])
    expect(people[1]?.name).toBe('Lee (DOL manager)')
  })

  it('sends PLAN_DECIDED by e-mail to the agency’s people who chose EMAIL: text and HTML, link, unsubscribe link', async () => {
    ok(await as(lee, PREFS, { p: [{ kind: 'PLAN_DECIDED', channels: ['IN_APP', 'EMAIL'] }] }))
    ok(await as(hana, PREFS, { p: [{ kind: 'PLAN_DECIDED', channels: ['EMAIL'] }] })) // DOH: not this plan's agency
    const planId = (await createPlan(stack, seeded, 'dolManager', 'DOL', 'DOL by mail')).id
    ok(await stack.as('agencyPlans', 'dolManager')(ADD_RELEASE, { planId, rev: 1, input: releaseInput() }))
    const submitted = ok(await stack.as('agencyPlans', 'dolManager')(SUBMIT, { id: planId, rev: await rev(planId) })).submitAgencyPlan
    ok(await stack.as('agencyPlans', 'admin')(DECIDE, { id: submitted.approvals[0].id, d: 'APPROVE' }))
    // the persona tokens above carry no e-mail claim: Lee signs in again with one
    ok(await as(lee, ME))
    const mailer = smtpMailer(smtp.url, 'Railyard <railyard@example.gov>')
    try {
      await drain({ db: plansDb(stack), config: testNotificationConfig({ smtpUrl: smtp.url }), mailer })
    } finally {
      mailer.close()
    }
    expect(smtp.caught).toHaveLength(1) // Lee only: Lou kept IN_APP, Hana is not DOL
    const [{ envelopeTo, mail }] = smtp.caught as [Caught]
    expect(envelopeTo).toEqual(['lee@dol.example.gov'])
    expect(mail.subject).toBe('[Railyard] Plan “DOL by mail” was approved')
    expect(mail.from?.text).toContain('railyard@example.gov')
    expect(mail.text).toContain(`Open in Railyard: http://railyard.test/plans/${planId}`)
    expect(mail.text).toContain('http://railyard.test/settings/notifications')
    expect(mail.html).toContain(`<a href="http://railyard.test/plans/${planId}">Open in Railyard</a>`)
    expect(mail.html).toContain('href="http://railyard.test/settings/notifications"')
    expect(mail.headerLines.find((h) => h.key === 'list-unsubscribe')?.line).toContain('<http://railyard.test/settings/notifications>')
    const row = await plansDb(stack).selectFrom('emailDelivery').selectAll().executeTakeFirstOrThrow()
    expect(row).toMatchObject({ status: 'DELIVERED', attempt: 1, email: 'lee@dol.example.gov' })
  })
})
