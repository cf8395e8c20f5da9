import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type TestStack, errorWith, ok, testDbKind } from '@railyard/test-kit'
import { DECIDE, SUBMIT, type Seeded, createPlan, plansDb, seedProgram, startStack } from './fixtures.ts'

const MISSING = '00000000-0000-0000-0000-000000000000'

describe(`access review (agency-plans) on ${testDbKind()}`, () => {
  let stack: TestStack
  let seeded: Seeded
  beforeAll(async () => {
    stack = await startStack()
    seeded = await seedProgram(stack)
  })
  afterAll(async () => stack?.close())

  it('decideApproval on the request of a plan the actor may not see is NOT_FOUND, like a missing request; nothing written', async () => {
    const plan = await createPlan(stack, seeded, 'dohManager', 'DOH')
    const submitted = ok(await stack.as('agencyPlans', 'dohManager')(SUBMIT, { id: plan.id, rev: plan.revision })).submitAgencyPlan
    expect(submitted.status).toBe('SUBMITTED')
    const requestId = submitted.approvals[0].id
    const audits = async () =>
      Number(
        (
          await plansDb(stack)
            .selectFrom('auditLog')
            .select((eb) => eb.fn.countAll<number>().as('n'))
            .executeTakeFirstOrThrow()
        ).n,
      )
    const before = await audits()
    // DOH's SUBMITTED plan is invisible to DOL: its request must look exactly like a missing one
    errorWith(await stack.as('agencyPlans', 'dolManager')(DECIDE, { id: MISSING, d: 'APPROVE' }), 'NOT_FOUND')
    errorWith(await stack.as('agencyPlans', 'dolManager')(DECIDE, { id: requestId, d: 'APPROVE' }), 'NOT_FOUND')
    errorWith(await stack.as('agencyPlans', 'dolMember')(DECIDE, { id: requestId, d: 'REJECT' }), 'NOT_FOUND')
    expect(await audits()).toBe(before)
    // DOH's other manager decides (REJECT): the plan is REJECTED, still invisible to DOL
    expect(ok(await stack.as('agencyPlans', 'dohManager2')(DECIDE, { id: requestId, d: 'REJECT', c: 'no' })).decideApproval.status).toBe('REJECTED')
    errorWith(await stack.as('agencyPlans', 'dolManager')(DECIDE, { id: requestId, d: 'APPROVE' }), 'NOT_FOUND')
    // those who see it still get the real answer
    errorWith(await stack.as('agencyPlans', 'dohManager2')(DECIDE, { id: requestId, d: 'APPROVE' }), 'FAILED_PRECONDITION')
  })
})
