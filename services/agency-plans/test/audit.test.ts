import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type TestStack, errorWith, fieldErrorPaths, ok, testDbKind } from '@railyard/test-kit'
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

const PROMOTE = `mutation($id: ID!, $tier: String!, $rev: Int!) { promoteRelease(releaseId: $id, tier: $tier, expectedRevision: $rev) { revision status } }`
const CHECKPOINT = `mutation($id: ID!, $input: CheckpointInput!) { recordCheckpoint(releaseId: $id, input: $input) { met } }`
const UPDATE_PLAN = `mutation($id: ID!, $rev: Int!, $input: UpdateAgencyPlanInput!) { updateAgencyPlan(id: $id, expectedRevision: $rev, input: $input) { revision title status } }`
const CANCEL = `mutation($id: ID!, $rev: Int!, $reason: String!) { cancelRelease(id: $id, expectedRevision: $rev, reason: $reason) { status revision } }`

describe(`agency-plans: audit records and failed writes on ${testDbKind()}`, () => {
  let stack: TestStack
  let seeded: Seeded
  let planId: string
  let a: string
  let b: string
  const ap = (who: Parameters<TestStack['as']>[1]) => stack.as('agencyPlans', who)
  const releaseRev = async (id: string) =>
    (await plansDb(stack).selectFrom('release').select('revision').where('id', '=', id).executeTakeFirstOrThrow()).revision
  const planRev = async () => (await plansDb(stack).selectFrom('plan').select('revision').where('id', '=', planId).executeTakeFirstOrThrow()).revision

  /** Every row of every table of the service, to prove a failed mutation changed nothing. */
  async function snapshot() {
    const db = plansDb(stack)
    return {
      plan: await db.selectFrom('plan').selectAll().orderBy('id').execute(),
      release: await db.selectFrom('release').selectAll().orderBy('id').execute(),
      releaseDependency: await db.selectFrom('releaseDependency').selectAll().orderBy('id').execute(),
      checkpoint: await db.selectFrom('checkpoint').selectAll().orderBy('id').execute(),
      approvalRequest: await db.selectFrom('approvalRequest').selectAll().orderBy('id').execute(),
      approvalDecision: await db.selectFrom('approvalDecision').selectAll().orderBy('id').execute(),
      auditLog: await db.selectFrom('auditLog').selectAll().orderBy('id').execute(),
    }
  }

  beforeAll(async () => {
    stack = await startStack()
    seeded = await seedProgram(stack, strategyInput({ planApproval: singleAdminApproval }))
  })
  afterAll(async () => stack?.close())

  it('writes one audit record per mutation, in the same transaction', async () => {
    planId = (await createPlan(stack, seeded, 'dohManager', 'DOH')).id
    a = ok(await ap('dohManager')(ADD_RELEASE, { planId, rev: 1, input: releaseInput() })).addRelease.id
    b = ok(await ap('dohMember')(ADD_RELEASE, { planId, rev: 2, input: releaseInput({ name: 'Second', version: '2.5.0' }) })).addRelease.id
    ok(await ap('dohMember')(UPDATE_RELEASE, { id: b, rev: 1, input: releaseInput({ name: 'Second', version: '2.5.1' }) }))
    ok(await ap('dohMember')(UPDATE_PLAN, { id: planId, rev: await planRev(), input: { title: 'DOH first half 2027' } }))
    ok(
      await ap('dohManager')(`mutation($id: ID!, $rev: Int!) { realignAgencyPlan(id: $id, expectedRevision: $rev) { revision } }`, {
        id: planId,
        rev: await planRev(),
      }),
    )
    ok(await ap('dohManager')(CANCEL, { id: b, rev: await releaseRev(b), reason: 'descoped' }))
    const sub = ok(await ap('dohManager')(SUBMIT, { id: planId, rev: await planRev() })).submitAgencyPlan
    ok(await ap('admin')(DECIDE, { id: sub.approvals[0].id, d: 'APPROVE' }))
    for (const input of [
      { criterionKey: 'unit-coverage', value: 91 },
      { criterionKey: 'security-scan', attested: true, evidenceUrl: 'https://ci.example.gov/1' },
      { criterionKey: 'uat-signoff', attested: true },
      { criterionKey: 'error-rate', value: 0 },
      { criterionKey: 'change-ticket', attested: true, evidenceUrl: 'https://cab.example.gov/2' },
    ]) {
      ok(await ap('dohManager')(CHECKPOINT, { id: a, input }))
    }
    ok(await ap('dohManager')(`mutation($id: ID!) { recordRollbackRehearsal(releaseId: $id, rehearsedAt: "2026-11-01T12:00:00Z") { id } }`, { id: a }))
    for (const tier of ['DEV', 'TEST', 'PROD']) ok(await ap('dohManager')(PROMOTE, { id: a, tier, rev: await releaseRev(a) }))
    ok(await ap('dohManager')(`mutation($id: ID!) { recordPostReleaseValidation(releaseId: $id, passed: true) { id } }`, { id: a }))

    const rows = await plansDb(stack)
      .selectFrom('auditLog')
      .select(['actor', 'action', 'entityType', 'entityId', 'before', 'after'])
      .orderBy('at')
      .orderBy('id')
      .execute()
    const count = (action: string) => rows.filter((r) => r.action === action).length
    expect(Object.fromEntries([...new Set(rows.map((r) => r.action))].map((x) => [x, count(x)]))).toEqual({
      createAgencyPlan: 1,
      addRelease: 2,
      updateRelease: 1,
      updateAgencyPlan: 1,
      realignAgencyPlan: 1,
      cancelRelease: 1,
      submitAgencyPlan: 1,
      decideApproval: 2, // the request and the plan it approved
      recordCheckpoint: 5,
      recordRollbackRehearsal: 1,
      promoteRelease: 3,
      recordPostReleaseValidation: 1,
    })
    const find = (action: string) => rows.find((r) => r.action === action)!
    expect(find('createAgencyPlan')).toMatchObject({ actor: 'hana.doh', entityType: 'AgencyReleasePlan', entityId: planId, before: null })
    expect(find('updateRelease')).toMatchObject({
      actor: 'mia.doh',
      entityType: 'Release',
      entityId: b,
      before: { version: '2.5.0' },
      after: { version: '2.5.1' },
    })
    expect(find('updateAgencyPlan')).toMatchObject({ before: { title: 'DOH H1 2027' }, after: { title: 'DOH first half 2027' } })
    expect(find('cancelRelease')).toMatchObject({ entityId: b, before: { status: 'PLANNED' }, after: { status: 'CANCELLED', reason: 'descoped' } })
    expect(rows.filter((r) => r.action === 'decideApproval').map((r) => [r.actor, r.entityType])).toEqual(
      expect.arrayContaining([
        ['ada.admin', 'ApprovalRequest'],
        ['ada.admin', 'AgencyReleasePlan'],
      ]),
    )
    expect(rows.filter((r) => r.action === 'promoteRelease').map((r) => (r.after as any).currentTier)).toEqual(['DEV', 'TEST', 'PROD'])
    expect((rows.filter((r) => r.action === 'promoteRelease')[2]!.after as any).status).toBe('RELEASED')
  })

  it('writes nothing when a mutation fails, whatever the reason', async () => {
    // back to an editable DRAFT plan with a live release to play with
    const c = ok(await ap('dohManager')(ADD_RELEASE, { planId, rev: await planRev(), input: releaseInput({ name: 'Third', version: '2.6.0' }) })).addRelease.id
    const before = await snapshot()
    const cRev = await releaseRev(c)
    const pRev = await planRev()

    // BAD_USER_INPUT
    expect(
      fieldErrorPaths(
        await ap('dohManager')(UPDATE_RELEASE, {
          id: c,
          rev: cRev,
          input: releaseInput({
            name: ' ',
            version: '2.4.0', // taken by release a
            cycleId: 'WA-DSP:2027-03-10',
            schedule: [
              { tier: 'DEV', start: '2027-02-15T17:00:00Z', end: '2027-02-19T01:00:00Z' },
              { tier: 'UAT', start: '2027-02-22T17:00:00Z', end: '2027-02-26T01:00:00Z' },
              { tier: 'DEV', start: '2027-03-09T18:00:00Z', end: '2027-03-09T20:00:00Z' },
            ],
            artifacts: [{ name: 'x', version: '1.0', digest: 'sha256:1' }],
            steps: [{ title: 'Deploy', owner: 'ops', durationMinutes: 0 }],
            rollback: { strategy: 'FORWARD_FIX', triggers: [], steps: [], maxMinutes: 0 },
            dependencies: [{ note: 'neither' }, { sharedComponentId: '00000000-0000-0000-0000-000000000009', versionRange: 'not a range' }],
            escalation: [{ level: 1, title: 'A', contact: 'a', responseMinutes: 0 }],
          }),
        }),
      ),
    ).toEqual([
      'input.name',
      'input.version',
      'input.cycleId',
      'input.artifacts.0.version',
      'input.schedule.1.tier',
      'input.schedule.2.tier',
      'input.steps.0.durationMinutes',
      'input.dependencies.0.releaseId',
      'input.dependencies.1.sharedComponentId',
      'input.dependencies.1.versionRange',
      'input.rollback.maxMinutes',
      'input.escalation.0.responseMinutes',
    ])
    expect(fieldErrorPaths(await ap('dohManager')(UPDATE_PLAN, { id: planId, rev: pRev, input: { periodEnd: '2026-12-31' } }))).toEqual(['input.periodEnd'])
    expect(fieldErrorPaths(await ap('dohManager')(CANCEL, { id: c, rev: cRev, reason: '  ' }))).toEqual(['reason'])
    // CONFLICT
    errorWith(await ap('dohManager')(UPDATE_RELEASE, { id: c, rev: cRev + 5, input: releaseInput({ name: 'Third', version: '2.6.0' }) }), 'CONFLICT')
    errorWith(await ap('dohManager')(UPDATE_PLAN, { id: planId, rev: pRev - 1, input: { title: 'stale' } }), 'CONFLICT')
    errorWith(await ap('dohManager')(CANCEL, { id: c, rev: cRev - 1, reason: 'stale' }), 'CONFLICT')
    // FORBIDDEN
    errorWith(await ap('dohViewer')(UPDATE_PLAN, { id: planId, rev: pRev, input: { title: 'viewer' } }), 'FORBIDDEN')
    errorWith(await ap('admin')(CANCEL, { id: c, rev: cRev, reason: 'admin' }), 'FORBIDDEN')
    // NOT_FOUND
    errorWith(await ap('dohManager')(CANCEL, { id: '00000000-0000-0000-0000-000000000000', rev: 1, reason: 'x' }), 'NOT_FOUND')
    // FAILED_PRECONDITION
    errorWith(await ap('dohManager')(PROMOTE, { id: c, tier: 'DEV', rev: cRev }), 'FAILED_PRECONDITION') // plan is DRAFT
    errorWith(
      await ap('dohManager')(UPDATE_RELEASE, { id: b, rev: await releaseRev(b), input: releaseInput({ name: 'Second', version: '2.5.1' }) }),
      'FAILED_PRECONDITION',
    ) // cancelled

    expect(await snapshot()).toEqual(before)
  })
})
