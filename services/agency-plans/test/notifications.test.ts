import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type Role, planAccess } from '@railyard/auth'
import { type PersonaName, type TestStack, errorWith, ok, personas, testDbKind } from '@railyard/test-kit'
import { findNotificationsFor } from '../src/modules/notification/notification.repository.ts'
import { drain } from '../src/modules/notification/notification.dispatcher.ts'
import { schedulerTick } from '../src/modules/notification/notification.scheduler.ts'
import { must, testNotificationConfig } from './notification-helpers.ts'
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

const NOTIFICATIONS = `query($unread: Boolean) { notifications(unreadOnly: $unread, first: 100) { unread items { id kind title body link read release { id } plan { id } } } }`
const MARK = `mutation($ids: [ID!]!) { markNotificationsRead(ids: $ids) { unread } }`
const PREFS = `query { notificationPreferences { kind channels } }`
const SET_PREFS = `mutation($p: [NotificationPreferenceInput!]!) { setNotificationPreferences(preferences: $p) { kind channels } }`
const PROMOTE = `mutation($id: ID!, $tier: String!, $rev: Int!) { promoteRelease(releaseId: $id, tier: $tier, expectedRevision: $rev) { revision status currentTier } }`
const REQUEST_EXCEPTION = `mutation($input: DeploymentExceptionInput!) { requestDeploymentException(input: $input) { id } }`
const DECIDE_EXCEPTION = `mutation($id: ID!, $d: Decision!, $c: String!) { decideDeploymentException(id: $id, decision: $d, comment: $c) { id status } }`

describe(`notifications: producers and audiences on ${testDbKind()}`, () => {
  let stack: TestStack
  let seeded: Seeded
  let dohPlan: string
  let dolPlan: string
  let a: string
  let b: string
  const ap = (who: Parameters<TestStack['as']>[1]) => stack.as('agencyPlans', who)
  const deps = () => ({ db: plansDb(stack), config: testNotificationConfig() })
  const inbox = async (who: Parameters<TestStack['as']>[1]) =>
    ok(await ap(who)(NOTIFICATIONS, {})).notifications as {
      unread: number
      items: { id: string; kind: string; title: string; body: string; link: string; read: boolean }[]
    }
  const kinds = async (who: Parameters<TestStack['as']>[1]) => (await inbox(who)).items.map((n) => n.kind).sort()
  const rev = async (table: 'plan' | 'release', id: string) =>
    (await plansDb(stack).selectFrom(table).select('revision').where('id', '=', id).executeTakeFirstOrThrow()).revision
  const approve = async (planId: string, who: 'dohManager' | 'dolManager') => {
    const submitted = ok(await ap(who)(SUBMIT, { id: planId, rev: await rev('plan', planId) })).submitAgencyPlan
    ok(await ap('admin')(DECIDE, { id: submitted.approvals[0].id, d: 'APPROVE' }))
  }

  beforeAll(async () => {
    stack = await startStack()
    seeded = await seedProgram(stack, strategyInput({ planApproval: singleAdminApproval }))
  })
  afterAll(async () => stack?.close())

  it('APPROVAL_REQUESTED reaches the roles that may decide the step; PLAN_DECIDED the plan’s agency', async () => {
    dohPlan = (await createPlan(stack, seeded, 'dohManager', 'DOH')).id
    a = ok(await ap('dohManager')(ADD_RELEASE, { planId: dohPlan, rev: 1, input: releaseInput() })).addRelease.id
    const submitted = ok(await ap('dohManager')(SUBMIT, { id: dohPlan, rev: await rev('plan', dohPlan) })).submitAgencyPlan
    // in the outbox, not yet anywhere else
    expect(await kinds('admin')).toEqual([])
    await drain(deps())
    const adminInbox = await inbox('admin')
    expect(adminInbox.items.map((n) => n.kind)).toEqual(['APPROVAL_REQUESTED'])
    expect(adminInbox.items[0]?.link).toBe('/approvals')
    expect(adminInbox.unread).toBe(1)
    expect(await kinds('viewer')).toEqual([]) // PROGRAM_VIEWER decides nothing
    expect(await kinds('dohManager')).toEqual([])
    expect(await kinds('dolManager')).toEqual([])
    ok(await ap('admin')(DECIDE, { id: submitted.approvals[0].id, d: 'APPROVE' }))
    await drain(deps())
    for (const who of ['dohManager', 'dohMember', 'dohViewer'] as const) expect(await kinds(who)).toEqual(['PLAN_DECIDED'])
    expect(await kinds('dolManager')).toEqual([])
    const decided = must((await inbox('dohManager')).items[0])
    expect(decided.title).toContain('approved')
    expect(decided.link).toBe(`/plans/${dohPlan}`)
  })

  it('marks read per person and keeps preferences per kind (IN_APP by default)', async () => {
    const mine = await inbox('dohManager')
    expect(mine.unread).toBe(1)
    expect(ok(await ap('dohManager')(MARK, { ids: [mine.items[0]?.id, '00000000-0000-4000-8000-000000000000', 'nope'] })).markNotificationsRead.unread).toBe(0)
    expect((await inbox('dohMember')).unread).toBe(1) // someone else's read state is their own
    // another person's notification cannot be marked by an outsider
    const adminItem = must((await inbox('admin')).items[0])
    ok(await ap('dolManager')(MARK, { ids: [adminItem.id] }))
    expect((await inbox('admin')).items.find((n) => n.id === adminItem.id)?.read).toBe(false)
    const prefs = ok(await ap('dohManager')(PREFS)).notificationPreferences as { kind: string; channels: string[] }[]
    expect(prefs).toHaveLength(11)
    expect(prefs.every((p) => p.channels.join() === 'IN_APP')).toBe(true)
    const set = ok(await ap('dohManager')(SET_PREFS, { p: [{ kind: 'PLAN_DECIDED', channels: ['IN_APP', 'EMAIL'] }] })).setNotificationPreferences
    expect(set.find((p: { kind: string }) => p.kind === 'PLAN_DECIDED').channels).toEqual(['IN_APP', 'EMAIL'])
    const bad = await ap('dohManager')(SET_PREFS, { p: [{ kind: 'PLAN_DECIDED', channels: ['EMAIL', 'EMAIL'] }] })
    errorWith(bad, 'BAD_USER_INPUT')
    // IN_APP off hides the kind from the web client
    ok(await ap('dohMember')(SET_PREFS, { p: [{ kind: 'PLAN_DECIDED', channels: [] }] }))
    expect(await kinds('dohMember')).toEqual([])
    ok(await ap('dohMember')(SET_PREFS, { p: [{ kind: 'PLAN_DECIDED', channels: ['IN_APP'] }] }))
  })

  it('another agency hears of a reschedule only once the plan is approved with it, with old → new dates', async () => {
    dolPlan = (await createPlan(stack, seeded, 'dolManager', 'DOL')).id
    b = ok(
      await ap('dolManager')(ADD_RELEASE, {
        planId: dolPlan,
        rev: 1,
        input: releaseInput({ name: 'Permits', version: '1.0.0', dependencies: [{ releaseId: a }] }),
      }),
    ).addRelease.id
    await approve(dolPlan, 'dolManager')
    await drain(deps())
    const before = (await inbox('dolManager')).items.length
    // DOH moves A's PROD window a week later: the plan returns to DRAFT
    const moved = releaseInput({
      schedule: [
        { tier: 'DEV', start: '2027-02-15T17:00:00Z', end: '2027-02-19T01:00:00Z' },
        { tier: 'TEST', start: '2027-02-22T17:00:00Z', end: '2027-02-26T01:00:00Z' },
        { tier: 'PROD', start: '2027-03-16T18:00:00Z', end: '2027-03-16T20:00:00Z' },
      ],
    })
    ok(await ap('dohManager')(UPDATE_RELEASE, { id: a, rev: await rev('release', a), input: moved }))
    await drain(deps())
    // a draft: nobody outside DOH hears anything
    expect((await inbox('dolManager')).items).toHaveLength(before)
    expect((await inbox('admin')).items.filter((n) => n.kind === 'DEPENDENCY_RESCHEDULED')).toHaveLength(0)
    await approve(dohPlan, 'dohManager')
    await drain(deps())
    const dol = (await inbox('dolManager')).items
    const rescheduled = dol.filter((n) => n.kind === 'DEPENDENCY_RESCHEDULED')
    expect(rescheduled).toHaveLength(1)
    expect(rescheduled[0]?.link).toBe(`/releases/${a}`)
    expect(rescheduled[0]?.body).toContain(
      'PROD Mar 9, 2027, 10:00 AM PST – Mar 9, 2027, 12:00 PM PST → Mar 16, 2027, 11:00 AM PDT – Mar 16, 2027, 1:00 PM PDT',
    )
    expect(rescheduled[0]?.body).toContain('Permits 1.0.0 depends on it')
    // B (PROD Mar 9) now reaches PROD before A (Mar 16), which it depends on
    const broken = dol.filter((n) => n.kind === 'DEPENDENCY_ORDER_BROKEN')
    expect(broken).toHaveLength(1)
    expect(broken[0]?.link).toBe(`/releases/${b}`)
    // DOH made the change: it hears neither
    expect((await kinds('dohManager')).filter((k) => k.startsWith('DEPENDENCY_'))).toEqual([])
  })

  it('RELEASE_PROMOTED reaches the agencies a release impacts', async () => {
    ok(await ap('dohManager')(PROMOTE, { id: a, tier: 'DEV', rev: await rev('release', a) }))
    await drain(deps())
    const promoted = (await inbox('dolManager')).items.filter((n) => n.kind === 'RELEASE_PROMOTED')
    expect(promoted).toHaveLength(1)
    expect(promoted[0]?.title).toContain('promoted to DEV')
    expect((await kinds('dohManager')).filter((k) => k === 'RELEASE_PROMOTED')).toEqual([])
  })

  it('EXCEPTION_REQUESTED to program admins, EXCEPTION_DECIDED to the requesting agency', async () => {
    const id = ok(
      await ap('dohManager')(REQUEST_EXCEPTION, {
        input: {
          releaseId: a,
          tier: 'TEST',
          waives: ['FROZEN'],
          start: '2027-02-22T17:00:00Z',
          end: '2027-02-23T17:00:00Z',
          justification: 'Statute deadline',
        },
      }),
    ).requestDeploymentException.id
    await drain(deps())
    expect((await kinds('admin')).filter((k) => k === 'EXCEPTION_REQUESTED')).toHaveLength(1)
    expect((await kinds('viewer')).filter((k) => k === 'EXCEPTION_REQUESTED')).toHaveLength(0)
    expect((await kinds('dolManager')).filter((k) => k.startsWith('EXCEPTION'))).toEqual([])
    ok(await ap('admin')(DECIDE_EXCEPTION, { id, d: 'APPROVE', c: 'ok' }))
    await drain(deps())
    const decided = (await inbox('dohMember')).items.filter((n) => n.kind === 'EXCEPTION_DECIDED')
    expect(decided).toHaveLength(1)
    expect(decided[0]?.body).toContain('APPROVED')
    expect((await kinds('dolManager')).filter((k) => k.startsWith('EXCEPTION'))).toEqual([])
  })

  it('GATE_AT_RISK once per window, 72 h ahead, however often the scheduler runs', async () => {
    // A is in DEV; its TEST window starts 2027-02-22T17:00Z and the TEST gate has no checkpoints
    const now = new Date('2027-02-20T17:00:00Z')
    const written = [
      await schedulerTick(plansDb(stack), now),
      await schedulerTick(plansDb(stack), now),
      await schedulerTick(plansDb(stack), new Date(now.getTime() + 3600_000)),
    ]
    expect(written.reduce((x, y) => x + y)).toBeGreaterThanOrEqual(1)
    await drain(deps())
    const risks = (await inbox('dohManager')).items.filter((n) => n.kind === 'GATE_AT_RISK')
    expect(risks).toHaveLength(1)
    expect(risks[0]?.body).toContain('unit-coverage')
    expect((await inbox('admin')).items.filter((n) => n.kind === 'GATE_AT_RISK')).toHaveLength(1)
    expect((await inbox('dolManager')).items.filter((n) => n.kind === 'GATE_AT_RISK')).toHaveLength(0)
  })

  it('FREEZE_STARTING once per occurrence, 48 h ahead, across repeated ticks and restarts', async () => {
    // a DOH release with a PROD window right after the spring freeze (2027-04-12 … 04-17 local)
    const plan2 = (await createPlan(stack, seeded, 'dohManager', 'DOH', 'DOH spring')).id
    ok(
      await ap('dohManager')(ADD_RELEASE, {
        planId: plan2,
        rev: 1,
        input: releaseInput({
          name: 'Spring',
          version: '3.0.0',
          cycleId: null,
          schedule: [
            { tier: 'DEV', start: '2027-04-01T17:00:00Z', end: '2027-04-02T01:00:00Z' },
            { tier: 'TEST', start: '2027-04-05T17:00:00Z', end: '2027-04-06T01:00:00Z' },
            { tier: 'PROD', start: '2027-04-19T18:00:00Z', end: '2027-04-19T20:00:00Z' },
          ],
        }),
      }),
    )
    const now = new Date('2027-04-10T08:00:00Z') // 47 h before 2027-04-12T07:00Z
    for (let i = 0; i < 3; i++) await schedulerTick(plansDb(stack), new Date(now.getTime() + i * 600_000))
    // "restart": a fresh tick much later within the 48 h
    await schedulerTick(plansDb(stack), new Date('2027-04-11T20:00:00Z'))
    const events = await plansDb(stack).selectFrom('outboxEvent').select('dedupeKey').where('type', '=', 'freeze.starting').execute()
    expect(events).toHaveLength(1)
    // the UNIQUE key refuses a second row even when written directly (two replicas at once)
    await expect(
      plansDb(stack)
        .insertInto('outboxEvent')
        .values({
          type: 'freeze.starting',
          subjectId: 'x',
          data: '{}',
          dedupeKey: events[0]?.dedupeKey,
          actor: null,
          actorAgency: null,
          requestId: null,
          processedAt: null,
        })
        .execute(),
    ).rejects.toThrow()
    await drain(deps())
    const freezes = (await inbox('dohManager')).items.filter((n) => n.kind === 'FREEZE_STARTING')
    expect(freezes).toHaveLength(1)
    expect(freezes[0]?.title).toContain('Spring freeze')
    expect(freezes[0]?.body).toContain('Spring 3.0.0 PROD')
    // DOL has no window near it; the draft of DOH's spring plan is DOH's own business
    expect((await inbox('dolManager')).items.filter((n) => n.kind === 'FREEZE_STARTING')).toHaveLength(0)
  })

  it('generated over personas: nobody is addressed a notification about a plan or release they may not see', async () => {
    const db = plansDb(stack)
    const rows = await db.selectFrom('notification').selectAll().execute()
    expect(new Set(rows.map((r) => r.kind)).size).toBeGreaterThanOrEqual(9)
    const plans = new Map((await db.selectFrom('plan').selectAll().execute()).map((p) => [p.id, p]))
    const releases = new Map((await db.selectFrom('release').selectAll().execute()).map((r) => [r.id, r]))
    let checked = 0
    for (const name of Object.keys(personas) as PersonaName[]) {
      const p = personas[name] as { sub: string; roles: Role[]; agency?: string }
      const actor = { subject: p.sub, displayName: null, email: null, roles: p.roles, agency: p.agency ?? null, scopes: [], token: '' }
      // the raw rows addressed to the persona, before any read-time filter
      const addressed = await findNotificationsFor(db, actor, { unreadOnly: false, limit: 1000 })
      for (const n of addressed) {
        const plan = n.planId ? plans.get(n.planId) : null
        const release = n.releaseId ? releases.get(n.releaseId) : null
        const releasePlan = release ? plans.get(release.planId) : null
        for (const pl of [plan, releasePlan]) if (pl) expect(planAccess(actor, pl.agencyCode, pl.status), `${name}: ${n.kind} ${n.title}`).not.toBe('none')
        checked++
      }
      // and through the API every plan/release link resolves for them
      for (const item of ok(await ap(name)(NOTIFICATIONS, {})).notifications.items as {
        kind: string
        plan: { id: string } | null
        release: { id: string } | null
      }[]) {
        const raw = addressed.find((r) => r.kind === item.kind)
        if (raw?.planId) expect(item.plan, `${name}: ${item.kind}`).not.toBeNull()
      }
    }
    expect(checked).toBeGreaterThan(10)
  })

  it('integrations have no inbox', async () => {
    expect(ok(await ap('integration')(NOTIFICATIONS, {})).notifications).toEqual({ unread: 0, items: [] })
  })
})
