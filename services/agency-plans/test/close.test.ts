import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type TestStack, errorWith, ok, testDbKind } from '@railyard/test-kit'
import { ADD_RELEASE, CREATE_PLAN, DECIDE, SUBMIT, type Seeded, releaseInput, seedProgram, singleAdminApproval, startStack, strategyInput } from './fixtures.ts'

const CLOSE = `mutation($id: ID!, $rev: Int!) { closeAgencyPlan(id: $id, expectedRevision: $rev) { id status revision } }`
const CANCEL = `mutation($id: ID!, $rev: Int!) { cancelRelease(id: $id, expectedRevision: $rev, reason: "descoped") { id status revision } }`

describe(`closing a plan on ${testDbKind()}`, () => {
  let stack: TestStack
  let seeded: Seeded
  let planId: string
  let releaseId: string
  let releaseRev: number
  let rev: number
  beforeAll(async () => {
    stack = await startStack()
    seeded = await seedProgram(stack, strategyInput({ planApproval: singleAdminApproval, qualityGates: [], readinessCriteria: [], freezeWindows: [] }))
    const mgr = stack.as('agencyPlans', 'dohManager')
    const plan = ok(
      await mgr(CREATE_PLAN, {
        input: { programId: seeded.programId, agencyId: seeded.agencies.DOH, title: 'H1', periodStart: '2027-01-01', periodEnd: '2027-06-30' },
      }),
    ).createAgencyPlan
    const rel = ok(await mgr(ADD_RELEASE, { planId: plan.id, rev: plan.revision, input: releaseInput() })).addRelease
    releaseId = rel.id
    releaseRev = rel.revision
    const sub = ok(await mgr(SUBMIT, { id: plan.id, rev: rel.plan.revision })).submitAgencyPlan
    ok(await stack.as('agencyPlans', 'admin')(DECIDE, { id: sub.approvals.at(-1).id, d: 'APPROVE' }))
    planId = plan.id
    rev = ok(await mgr(`query($id: ID!) { agencyPlan(id: $id) { revision status } }`, { id: planId })).agencyPlan.revision
  })
  afterAll(async () => stack?.close())

  it('is refused while a release is still planned, naming it, and for members and other agencies', async () => {
    const err = errorWith(await stack.as('agencyPlans', 'dohManager')(CLOSE, { id: planId, rev }), 'FAILED_PRECONDITION')
    expect(err.extensions?.openReleaseIds).toEqual([releaseId])
    errorWith(await stack.as('agencyPlans', 'dohMember')(CLOSE, { id: planId, rev }), 'FORBIDDEN')
    errorWith(await stack.as('agencyPlans', 'dolManager')(CLOSE, { id: planId, rev }), 'FORBIDDEN') // an approved plan is visible to DOL
  })

  it('closes an approved plan whose releases are all done; the plan is then read-only', async () => {
    const mgr = stack.as('agencyPlans', 'dohManager')
    // cancelling edits an approved plan's content: it returns to DRAFT and needs approval again
    ok(await mgr(CANCEL, { id: releaseId, rev: releaseRev }))
    const p = ok(await mgr(`query($id: ID!) { agencyPlan(id: $id) { revision status } }`, { id: planId })).agencyPlan
    if (p.status !== 'APPROVED') {
      const sub = ok(await mgr(SUBMIT, { id: planId, rev: p.revision })).submitAgencyPlan
      const pending = sub.approvals.find((a: any) => a.status === 'PENDING')
      ok(await stack.as('agencyPlans', 'admin')(DECIDE, { id: pending.id, d: 'APPROVE' }))
    }
    const current = ok(await mgr(`query($id: ID!) { agencyPlan(id: $id) { revision status } }`, { id: planId })).agencyPlan
    expect(current.status).toBe('APPROVED')
    errorWith(await mgr(CLOSE, { id: planId, rev: current.revision - 1 }), 'CONFLICT')
    const closed = ok(await mgr(CLOSE, { id: planId, rev: current.revision })).closeAgencyPlan
    expect(closed.status).toBe('CLOSED')
    expect(closed.revision).toBe(current.revision + 1)
    errorWith(await mgr(ADD_RELEASE, { planId, rev: closed.revision, input: releaseInput({ version: '9.9.9' }) }), 'FAILED_PRECONDITION')
    errorWith(await mgr(CLOSE, { id: planId, rev: closed.revision }), 'FAILED_PRECONDITION')
  })
})
