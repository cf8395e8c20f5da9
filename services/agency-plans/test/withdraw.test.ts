import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type PersonaName, type TestStack, errorWith, ok, testDbKind } from '@railyard/test-kit'
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
  startStack,
  strategyInput,
} from './fixtures.ts'

const WITHDRAW = `mutation($id: ID!, $rev: Int!) {
  withdrawAgencyPlan(id: $id, expectedRevision: $rev) { id status revision viewerCan { edit submit withdraw } approvals { id status currentStep decisions { step decision } } }
}`
const PLAN = `query($id: ID!) { agencyPlan(id: $id) { status revision viewerCan { edit submit withdraw close } approvals { id status } } }`
const INBOX = `query { approvalInbox { id plan { id } } }`

describe(`withdrawing a submitted plan (issue 12) on ${testDbKind()}`, () => {
  let stack: TestStack
  let seeded: Seeded
  let planId: string
  let releaseId: string
  let rev: number
  let requestId: string
  const ap = (who: PersonaName) => stack.as('agencyPlans', who)
  const plan = async (who: PersonaName = 'dohManager') => ok(await ap(who)(PLAN, { id: planId })).agencyPlan

  /** Every row the withdrawal could touch, to prove a refused one wrote nothing. */
  async function snapshot() {
    const db = plansDb(stack)
    return {
      plan: await db.selectFrom('plan').selectAll().orderBy('id').execute(),
      approvalRequest: await db.selectFrom('approvalRequest').selectAll().orderBy('id').execute(),
      approvalDecision: await db.selectFrom('approvalDecision').selectAll().orderBy('id').execute(),
      auditLog: await db.selectFrom('auditLog').selectAll().orderBy('id').execute(),
      outboxEvent: await db.selectFrom('outboxEvent').select(['id', 'type', 'subjectId']).orderBy('id').execute(),
    }
  }

  beforeAll(async () => {
    stack = await startStack()
    // two steps: a DOH manager (separation of duties), then two program admins
    seeded = await seedProgram(stack, strategyInput({ qualityGates: [], readinessCriteria: [], freezeWindows: [] }))
    planId = (await createPlan(stack, seeded, 'dohMember', 'DOH')).id
    const rel = ok(await ap('dohMember')(ADD_RELEASE, { planId, rev: 1, input: releaseInput() })).addRelease
    releaseId = rel.id
    // a member may submit a DRAFT plan, so a member submits
    const sub = ok(await ap('dohMember')(SUBMIT, { id: planId, rev: rel.plan.revision })).submitAgencyPlan
    expect(sub.status).toBe('SUBMITTED')
    rev = sub.revision
    requestId = sub.approvals[0].id
  })
  afterAll(async () => stack?.close())

  it('viewerCan.withdraw: the agency’s managers and members while SUBMITTED; nobody else', async () => {
    expect((await plan('dohMember')).viewerCan).toEqual({ edit: false, submit: false, withdraw: true, close: false })
    expect((await plan('dohManager')).viewerCan).toEqual({ edit: false, submit: false, withdraw: true, close: false })
    for (const who of ['dohViewer', 'admin', 'viewer'] as const) expect((await plan(who)).viewerCan.withdraw, who).toBe(false)
  })

  it('is refused, writing nothing, for the agency’s viewer and the program office (FORBIDDEN), another agency (NOT_FOUND) and a stale revision (CONFLICT)', async () => {
    const before = await snapshot()
    errorWith(await ap('dohViewer')(WITHDRAW, { id: planId, rev }), 'FORBIDDEN')
    errorWith(await ap('admin')(WITHDRAW, { id: planId, rev }), 'FORBIDDEN')
    errorWith(await ap('viewer')(WITHDRAW, { id: planId, rev }), 'FORBIDDEN')
    // a SUBMITTED plan of DOH does not exist for DOL
    errorWith(await ap('dolManager')(WITHDRAW, { id: planId, rev }), 'NOT_FOUND')
    errorWith(await ap('dohManager')(WITHDRAW, { id: planId, rev: rev - 1 }), 'CONFLICT')
    errorWith(await ap('dohManager')(WITHDRAW, { id: '00000000-0000-4000-8000-000000000000', rev }), 'NOT_FOUND')
    expect(await snapshot()).toEqual(before)
    expect((await plan()).status).toBe('SUBMITTED')
  })

  it('after a first-step approval (no final decision yet) returns the plan to DRAFT and closes the request as WITHDRAWN, with audit rows and an outbox event', async () => {
    // the DOH manager approves step 1; step 2 (program office) is pending
    const step1 = ok(await ap('dohManager')(DECIDE, { id: requestId, d: 'APPROVE' })).decideApproval
    expect(step1).toMatchObject({ status: 'PENDING', currentStep: 2, plan: { status: 'SUBMITTED' } })
    expect(ok(await ap('admin')(INBOX)).approvalInbox.map((r: { id: string }) => r.id)).toContain(requestId)

    const out = ok(await ap('dohManager')(WITHDRAW, { id: planId, rev })).withdrawAgencyPlan
    expect(out).toMatchObject({ id: planId, status: 'DRAFT', revision: rev + 1, viewerCan: { edit: true, submit: true, withdraw: false } })
    expect(out.approvals).toEqual([{ id: requestId, status: 'WITHDRAWN', currentStep: null, decisions: [{ step: 1, decision: 'APPROVE' }] }])
    // nobody is asked to decide a withdrawn request
    expect(ok(await ap('admin')(INBOX)).approvalInbox.map((r: { id: string }) => r.id)).not.toContain(requestId)

    const after = await snapshot()
    // one transaction, one `at`: sorted by entity type (the plan first)
    const rows = after.auditLog.filter((r) => r.action === 'withdrawAgencyPlan').sort((a, b) => a.entityType.localeCompare(b.entityType))
    expect(rows.map((r) => [r.action, r.entityType, r.entityId, r.actor])).toEqual([
      ['withdrawAgencyPlan', 'AgencyReleasePlan', planId, 'hana.doh'],
      ['withdrawAgencyPlan', 'ApprovalRequest', requestId, 'hana.doh'],
    ])
    expect(rows[0]?.before).toMatchObject({ status: 'SUBMITTED', revision: rev })
    expect(rows[0]?.after).toMatchObject({ status: 'DRAFT', revision: rev + 1, withdrawnRequestIds: [requestId] })
    expect(after.outboxEvent.filter((e) => e.type === 'withdrawAgencyPlan').map((e) => e.subjectId)).toEqual([planId])
    rev += 1
  })

  it('a withdrawn plan is a draft again: edited by a member and submitted anew; a DRAFT plan cannot be withdrawn', async () => {
    const before = await snapshot()
    errorWith(await ap('dohManager')(WITHDRAW, { id: planId, rev }), 'FAILED_PRECONDITION')
    expect(await snapshot()).toEqual(before)
    const relRev = (await plansDb(stack).selectFrom('release').select('revision').where('id', '=', releaseId).executeTakeFirstOrThrow()).revision
    const upd = ok(
      await ap('dohMember')(UPDATE_RELEASE, { id: releaseId, rev: relRev, input: releaseInput({ summary: 'Renewals, after review' }) }),
    ).updateRelease
    const sub = ok(await ap('dohMember')(SUBMIT, { id: planId, rev: upd.plan.revision })).submitAgencyPlan
    expect(sub.status).toBe('SUBMITTED')
    expect(sub.approvals.map((a: { status: string }) => a.status)).toEqual(['PENDING', 'WITHDRAWN'])
    rev = sub.revision
    requestId = sub.approvals[0].id
  })

  it('once the last decision is made the plan is no longer SUBMITTED and cannot be withdrawn', async () => {
    ok(await ap('dohManager')(DECIDE, { id: requestId, d: 'APPROVE' }))
    ok(await ap('admin')(DECIDE, { id: requestId, d: 'APPROVE' }))
    const decided = ok(await ap('admin2')(DECIDE, { id: requestId, d: 'APPROVE' })).decideApproval
    expect(decided).toMatchObject({ status: 'APPROVED', plan: { status: 'APPROVED' } })
    const current = await plan()
    expect(current.viewerCan.withdraw).toBe(false)
    const before = await snapshot()
    errorWith(await ap('dohManager')(WITHDRAW, { id: planId, rev: current.revision }), 'FAILED_PRECONDITION')
    expect(await snapshot()).toEqual(before)
  })
})
