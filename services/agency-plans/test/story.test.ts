import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type TestStack, errorWith, fieldErrorPaths, ok, testDbKind } from '@railyard/test-kit'
import {
  ADD_RELEASE,
  ALIGNMENT,
  DECIDE,
  PUBLISH,
  SUBMIT,
  type Seeded,
  UPDATE_RELEASE,
  createPlan,
  releaseInput,
  seedProgram,
  startStack,
  strategyInput,
} from './fixtures.ts'

const PROMOTE = `mutation($id: ID!, $tier: String!, $rev: Int!) { promoteRelease(releaseId: $id, tier: $tier, expectedRevision: $rev) { id status currentTier revision } }`
const CHECKPOINT = `mutation($id: ID!, $input: CheckpointInput!) { recordCheckpoint(releaseId: $id, input: $input) { criterionKey met value evidenceUrl recordedBy recordedAt note } }`
const INBOX = `{ approvalInbox { id status currentStep requestedBy plan { id } workflow { name steps { order approverRole minApprovals separationOfDuties } } } }`
const REV = `query($id: ID!) { release(id: $id) { revision status currentTier gates { gate { key } passed unmetCriteria } } }`

/** An extra freeze on PROD around the current instant, so promotion into PROD is frozen now. */
function freezeNow() {
  return {
    name: 'Emergency change freeze',
    reason: 'Incident in progress',
    start: new Date(Date.now() - 60 * 60_000).toISOString(),
    end: new Date(Date.now() + 3 * 60 * 60_000).toISOString(),
    timeZone: 'UTC',
    tiers: ['PROD'],
  }
}

describe(`agency-plans: plan → alignment → approval → promotion on ${testDbKind()}`, () => {
  let stack: TestStack
  let seeded: Seeded
  let planId: string
  let a: string // the release promoted through the tiers
  let b: string // a release depending on a
  let requestId: string
  const v1 = () => strategyInput({ freezeWindows: [...strategyInput().freezeWindows, freezeNow()] })
  const ap = (who: Parameters<TestStack['as']>[1]) => stack.as('agencyPlans', who)
  const planRevision = async () => ok(await ap('dohManager')(ALIGNMENT, { id: planId })).agencyPlan.revision as number
  const releaseRevision = async (id: string) => ok(await ap('dohManager')(REV, { id })).release.revision as number
  const issues = async () => {
    const al = ok(await ap('dohManager')(ALIGNMENT, { id: planId })).agencyPlan.alignment
    return { aligned: al.aligned as boolean, list: al.issues.map((i: any) => [i.code, i.severity, i.release?.id ?? null]) }
  }
  /** Updates release `id` to `input` and checks the alignment issues it causes. */
  const tripped = async (id: string, input: any) => {
    ok(await ap('dohMember')(UPDATE_RELEASE, { id, rev: await releaseRevision(id), input }))
    return issues()
  }

  beforeAll(async () => {
    stack = await startStack()
    seeded = await seedProgram(stack, v1())
    planId = (await createPlan(stack, seeded, 'dohManager', 'DOH')).id
  })
  afterAll(async () => stack?.close())

  it('starts aligned with a release on the March cycle', async () => {
    a = ok(await ap('dohManager')(ADD_RELEASE, { planId, rev: 1, input: releaseInput() })).addRelease.id
    expect(await issues()).toEqual({ aligned: true, list: [] })
  })

  it('trips each alignment code one at a time, then is fixed', async () => {
    const good = releaseInput()
    const [dev, test, prod] = good.schedule
    const onApril13 = { tier: 'PROD', start: '2027-04-13T17:00:00Z', end: '2027-04-13T19:00:00Z' }

    expect(
      await tripped(a, releaseInput({ cycleId: null, schedule: [dev, test, { tier: 'PROD', start: '2027-07-13T17:00:00Z', end: '2027-07-13T19:00:00Z' }] })),
    ).toEqual({
      aligned: false,
      list: [['OUTSIDE_PLAN_PERIOD', 'ERROR', a]],
    })
    expect(await tripped(a, releaseInput({ schedule: [dev, prod] }))).toEqual({ aligned: false, list: [['TIER_SKIPPED', 'ERROR', a]] })
    expect(await tripped(a, releaseInput({ schedule: [dev, { ...test, start: '2027-02-18T17:00:00Z' }, prod] }))).toEqual({
      aligned: false,
      list: [['TIER_OUT_OF_ORDER', 'ERROR', a]],
    })
    expect(await tripped(a, releaseInput({ cycleId: 'WA-DSP:2027-04-13', schedule: [dev, test, onApril13] }))).toEqual({
      aligned: false,
      list: [['FREEZE_WINDOW', 'ERROR', a]],
    })
    // an emergency release may break a freeze, with a warning
    expect(await tripped(a, releaseInput({ type: 'EMERGENCY', cycleId: null, schedule: [dev, test, onApril13] }))).toEqual({
      aligned: true,
      list: [['FREEZE_WINDOW', 'WARNING', a]],
    })
    expect(
      await tripped(a, releaseInput({ cycleId: null, schedule: [dev, test, { tier: 'PROD', start: '2027-03-10T18:00:00Z', end: '2027-03-10T20:00:00Z' }] })),
    ).toEqual({
      aligned: true,
      list: [['OFF_CYCLE', 'WARNING', a]],
    })
    expect(await tripped(a, releaseInput({ rollback: null }))).toEqual({ aligned: false, list: [['MISSING_ROLLBACK', 'ERROR', a]] })

    // submission is refused while an ERROR issue is open, listing it
    const refused = errorWith(await ap('dohManager')(SUBMIT, { id: planId, rev: await planRevision() }), 'FAILED_PRECONDITION')
    expect(refused.extensions!.issues.map((i: any) => [i.code, i.releaseId])).toEqual([['MISSING_ROLLBACK', a]])
    expect(ok(await ap('dohManager')(ALIGNMENT, { id: planId })).agencyPlan.status).toBe('DRAFT')

    expect(await tripped(a, releaseInput({ roles: [{ responsibility: 'RELEASE_MANAGER', person: 'Hana' }] }))).toEqual({
      aligned: false,
      list: [['MISSING_ROLE', 'ERROR', a]],
    })
    expect(await tripped(a, releaseInput({ validations: [{ tier: 'TEST', description: 'Regression', owner: 'qa' }] }))).toEqual({
      aligned: false,
      list: [['MISSING_VALIDATION', 'ERROR', a]],
    })
    expect(await tripped(a, good)).toEqual({ aligned: true, list: [] })

    // b depends on a but reaches PROD before it
    const early = releaseInput({
      name: 'Notifications',
      version: '1.0.0',
      schedule: [dev, test, { tier: 'PROD', start: '2027-03-09T17:00:00Z', end: '2027-03-09T17:30:00Z' }],
      dependencies: [{ releaseId: a, note: 'needs the new renewal API' }],
    })
    b = ok(await ap('dohManager')(ADD_RELEASE, { planId, rev: await planRevision(), input: early })).addRelease.id
    expect(await issues()).toEqual({ aligned: false, list: [['DEPENDENCY_ORDER', 'ERROR', b]] })
    expect(await tripped(b, { ...early, schedule: [dev, test, { tier: 'PROD', start: '2027-03-09T20:00:00Z', end: '2027-03-09T21:00:00Z' }] })).toEqual({
      aligned: true,
      list: [],
    })
    const deps = ok(
      await ap('dohViewer')(
        `query($a: ID!, $b: ID!) { a: release(id: $a) { dependents { id } } b: release(id: $b) { dependencies { release { id } note } } }`,
        { a, b },
      ),
    )
    expect(deps).toEqual({ a: { dependents: [{ id: b }] }, b: { dependencies: [{ release: { id: a }, note: 'needs the new renewal API' }] } })
  })

  it('submits, and a rejection sends the plan back for editing', async () => {
    const d = ok(await ap('dohManager')(SUBMIT, { id: planId, rev: await planRevision() }))
    expect(d.submitAgencyPlan).toMatchObject({ status: 'SUBMITTED', approvals: [{ status: 'PENDING', currentStep: 1 }] })
    requestId = d.submitAgencyPlan.approvals[0].id
    // a submitted plan cannot be edited
    errorWith(await ap('dohManager')(UPDATE_RELEASE, { id: a, rev: await releaseRevision(a), input: releaseInput({ summary: 'x' }) }), 'FAILED_PRECONDITION')
    errorWith(
      await ap('dohMember')(`mutation($id: ID!, $rev: Int!) { updateAgencyPlan(id: $id, expectedRevision: $rev, input: { title: "x" }) { id } }`, {
        id: planId,
        rev: await planRevision(),
      }),
      'FAILED_PRECONDITION',
    )
    const rejected = ok(await ap('dohManager2')(DECIDE, { id: requestId, d: 'REJECT', c: 'Rollback too slow' })).decideApproval
    expect(rejected).toMatchObject({
      status: 'REJECTED',
      currentStep: null,
      plan: { status: 'REJECTED' },
      decisions: [{ step: 1, decidedBy: 'hugo.doh', decision: 'REJECT' }],
    })
    errorWith(await ap('admin')(DECIDE, { id: requestId, d: 'APPROVE' }), 'FAILED_PRECONDITION')
    // REJECTED is edited (members too) and resubmitted
    const edited = ok(
      await ap('dohMember')(UPDATE_RELEASE, {
        id: a,
        rev: await releaseRevision(a),
        input: releaseInput({ rollback: { strategy: 'FEATURE_FLAG', triggers: ['errors'], steps: ['flip flag'], maxMinutes: 5 } }),
      }),
    ).updateRelease
    expect(edited.plan.status).toBe('REJECTED')
  })

  it('opens a new request and refuses the wrong deciders', async () => {
    const d = ok(await ap('dohManager')(SUBMIT, { id: planId, rev: await planRevision() }))
    expect(d.submitAgencyPlan.status).toBe('SUBMITTED')
    expect(d.submitAgencyPlan.approvals.map((r: any) => r.status)).toEqual(['PENDING', 'REJECTED'])
    requestId = d.submitAgencyPlan.approvals[0].id

    const inbox = async (who: Parameters<TestStack['as']>[1]) => ok(await ap(who)(INBOX)).approvalInbox.map((r: any) => r.id)
    expect(await inbox('dohManager2')).toEqual([requestId])
    expect(ok(await ap('dohManager2')(INBOX)).approvalInbox[0]).toMatchObject({ requestedBy: 'hana.doh', currentStep: 1, plan: { id: planId } })
    expect(await inbox('dohManager')).toEqual([]) // the submitter, under separation of duties
    expect(await inbox('admin')).toEqual([]) // step 1 is the agency's
    expect(await inbox('dolManager')).toEqual([])
    expect(await inbox('dohMember')).toEqual([])

    const sod = errorWith(await ap('dohManager')(DECIDE, { id: requestId, d: 'APPROVE' }), 'FORBIDDEN')
    expect(sod.message).toMatch(/separation of duties/)
    errorWith(await ap('dohMember')(DECIDE, { id: requestId, d: 'APPROVE' }), 'FORBIDDEN')
    // DOH's SUBMITTED plan is invisible to DOL: its request is NOT_FOUND, like a missing one
    errorWith(await ap('dolManager')(DECIDE, { id: requestId, d: 'APPROVE' }), 'NOT_FOUND')
    errorWith(await ap('admin')(DECIDE, { id: requestId, d: 'APPROVE' }), 'FORBIDDEN')
    errorWith(await ap('dohManager')(DECIDE, { id: '00000000-0000-0000-0000-000000000000', d: 'APPROVE' }), 'NOT_FOUND')

    const step1 = ok(await ap('dohManager2')(DECIDE, { id: requestId, d: 'APPROVE', c: 'ok' })).decideApproval
    expect(step1).toMatchObject({ status: 'PENDING', currentStep: 2, plan: { status: 'SUBMITTED' } })
    // step 2 needs program admins: the agency manager may not decide it
    errorWith(await ap('dohManager2')(DECIDE, { id: requestId, d: 'APPROVE' }), 'FORBIDDEN')
    errorWith(await ap('viewer')(DECIDE, { id: requestId, d: 'APPROVE' }), 'FORBIDDEN')
    expect(await inbox('admin')).toEqual([requestId])
    expect(await inbox('admin2')).toEqual([requestId])

    const first = ok(await ap('admin')(DECIDE, { id: requestId, d: 'APPROVE' })).decideApproval
    expect(first).toMatchObject({ status: 'PENDING', currentStep: 2 })
    // the same person deciding the same step twice
    errorWith(await ap('admin')(DECIDE, { id: requestId, d: 'APPROVE' }), 'CONFLICT')
    expect(await inbox('admin')).toEqual([])
    expect(await inbox('admin2')).toEqual([requestId])
  })

  it('is approved by the second program admin', async () => {
    const done = ok(await ap('admin2')(DECIDE, { id: requestId, d: 'APPROVE' })).decideApproval
    expect(done).toMatchObject({ status: 'APPROVED', currentStep: null, plan: { id: planId, status: 'APPROVED' } })
    expect(done.decisions.map((x: any) => [x.step, x.decidedBy, x.decision])).toEqual([
      [1, 'hugo.doh', 'APPROVE'],
      [2, 'ada.admin', 'APPROVE'],
      [2, 'alan.admin', 'APPROVE'],
    ])
    expect(ok(await ap('admin2')(INBOX)).approvalInbox).toEqual([])
  })

  it('promotes through the tiers only past passed gates, never skipping, never into a frozen tier', async () => {
    const mgr = ap('dohManager')
    errorWith(await ap('dohMember')(PROMOTE, { id: a, tier: 'DEV', rev: await releaseRevision(a) }), 'FORBIDDEN')
    errorWith(await ap('dolManager')(PROMOTE, { id: a, tier: 'DEV', rev: await releaseRevision(a) }), 'FORBIDDEN')
    const dev = ok(await mgr(PROMOTE, { id: a, tier: 'DEV', rev: await releaseRevision(a) })).promoteRelease
    expect(dev).toMatchObject({ status: 'IN_PROGRESS', currentTier: 'DEV' })
    errorWith(await mgr(`mutation($id: ID!) { recordPostReleaseValidation(releaseId: $id, passed: true) { id } }`, { id: a }), 'FAILED_PRECONDITION')

    const skipped = errorWith(await mgr(PROMOTE, { id: a, tier: 'PROD', rev: dev.revision }), 'FAILED_PRECONDITION')
    expect(skipped.message).toMatch(/next tier, TEST/)
    const gate = errorWith(await mgr(PROMOTE, { id: a, tier: 'TEST', rev: dev.revision }), 'FAILED_PRECONDITION')
    expect(gate.message).toMatch(/unit-coverage, security-scan/)
    expect(gate.extensions!.reasons).toHaveLength(1)

    // checkpoints: met is judged per criterion
    expect(fieldErrorPaths(await mgr(CHECKPOINT, { id: a, input: { criterionKey: 'no-such-criterion', attested: true } }))).toEqual(['input.criterionKey'])
    errorWith(await ap('dohMember')(CHECKPOINT, { id: a, input: { criterionKey: 'unit-coverage', value: 90 } }), 'FORBIDDEN')
    expect(ok(await mgr(CHECKPOINT, { id: a, input: { criterionKey: 'unit-coverage', value: 72 } })).recordCheckpoint).toMatchObject({
      met: false,
      value: 72,
      recordedBy: 'hana.doh',
    })
    expect(ok(await mgr(CHECKPOINT, { id: a, input: { criterionKey: 'security-scan', attested: true } })).recordCheckpoint.met).toBe(false) // evidence required
    let r = ok(await mgr(REV, { id: a })).release
    expect(r.gates[0]).toEqual({ gate: { key: 'test-entry' }, passed: false, unmetCriteria: ['unit-coverage', 'security-scan'] })
    expect(ok(await mgr(CHECKPOINT, { id: a, input: { criterionKey: 'unit-coverage', value: 85 } })).recordCheckpoint.met).toBe(true)
    const scan = ok(
      await mgr(CHECKPOINT, { id: a, input: { criterionKey: 'security-scan', attested: true, evidenceUrl: 'https://ci.example.gov/scan/42', note: 'clean' } }),
    ).recordCheckpoint
    expect(scan).toMatchObject({ met: true, evidenceUrl: 'https://ci.example.gov/scan/42', note: 'clean' })
    r = ok(await mgr(REV, { id: a })).release
    expect(r.gates[0]).toEqual({ gate: { key: 'test-entry' }, passed: true, unmetCriteria: [] })
    expect(r.revision).toBeGreaterThan(dev.revision) // checkpoints change the release

    errorWith(await mgr(PROMOTE, { id: a, tier: 'TEST', rev: dev.revision }), 'CONFLICT')
    const test = ok(await mgr(PROMOTE, { id: a, tier: 'TEST', rev: r.revision })).promoteRelease
    expect(test).toMatchObject({ status: 'IN_PROGRESS', currentTier: 'TEST' })

    for (const input of [
      { criterionKey: 'uat-signoff', attested: true },
      { criterionKey: 'error-rate', value: 0.4 },
      { criterionKey: 'change-ticket', attested: true, evidenceUrl: 'https://cab.example.gov/CHG-7' },
    ]) {
      expect(ok(await mgr(CHECKPOINT, { id: a, input })).recordCheckpoint.met).toBe(true)
    }
    const rehearsed = ok(
      await mgr(
        `mutation($id: ID!) { recordRollbackRehearsal(releaseId: $id, rehearsedAt: "2026-11-20T10:00:00Z", note: "dry run") { rollback { rehearsedAt } revision } }`,
        { id: a },
      ),
    ).recordRollbackRehearsal
    expect(rehearsed.rollback.rehearsedAt).toBe('2026-11-20T10:00:00.000Z')
    const frozen = errorWith(await mgr(PROMOTE, { id: a, tier: 'PROD', rev: rehearsed.revision }), 'FAILED_PRECONDITION')
    expect(frozen.message).toMatch(/frozen by 'Emergency change freeze'/)
    expect(frozen.extensions!.reasons).toHaveLength(1)
    expect(ok(await mgr(REV, { id: a })).release).toMatchObject({ currentTier: 'TEST', status: 'IN_PROGRESS' })
  })

  it('goes stale when the program publishes a newer strategy, and is realigned and approved again', async () => {
    ok(
      await stack.as('programStrategy', 'admin')(PUBLISH, {
        programId: seeded.programId,
        expectedVersion: 1,
        input: strategyInput({ notes: 'v2: freeze lifted' }),
      }),
    )
    const al = ok(await ap('dohManager')(ALIGNMENT, { id: planId })).agencyPlan.alignment
    expect(al).toMatchObject({ aligned: true, stale: true, strategyVersion: 1 })
    expect(al.issues.map((i: any) => [i.code, i.severity, i.release])).toEqual([['STALE_STRATEGY', 'WARNING', null]])

    const REALIGN = `mutation($id: ID!, $rev: Int!) { realignAgencyPlan(id: $id, expectedRevision: $rev) { status strategyVersion revision alignment { stale issues { code } } } }`
    errorWith(await ap('dohMember')(REALIGN, { id: planId, rev: await planRevision() }), 'FORBIDDEN') // members edit DRAFT/REJECTED plans only
    errorWith(await ap('dohManager')(REALIGN, { id: planId, rev: 1 }), 'CONFLICT')
    const realigned = ok(await ap('dohManager')(REALIGN, { id: planId, rev: await planRevision() })).realignAgencyPlan
    expect(realigned).toMatchObject({ status: 'DRAFT', strategyVersion: 2, alignment: { stale: false, issues: [] } })
    // promotion needs an APPROVED plan
    const notApproved = errorWith(await ap('dohManager')(PROMOTE, { id: a, tier: 'PROD', rev: await releaseRevision(a) }), 'FAILED_PRECONDITION')
    expect(notApproved.message).toMatch(/APPROVED/)

    // hugo submits this time, so hana may decide the agency step
    const sub = ok(await ap('dohManager2')(SUBMIT, { id: planId, rev: realigned.revision })).submitAgencyPlan
    const req = sub.approvals[0].id
    errorWith(await ap('dohManager2')(DECIDE, { id: req, d: 'APPROVE' }), 'FORBIDDEN')
    ok(await ap('dohManager')(DECIDE, { id: req, d: 'APPROVE' }))
    ok(await ap('admin2')(DECIDE, { id: req, d: 'APPROVE' }))
    expect(ok(await ap('admin')(DECIDE, { id: req, d: 'APPROVE' })).decideApproval.plan.status).toBe('APPROVED')
  })

  it('is RELEASED in the last tier and records its post-release validation', async () => {
    const mgr = ap('dohManager')
    const prod = ok(await mgr(PROMOTE, { id: a, tier: 'PROD', rev: await releaseRevision(a) })).promoteRelease
    expect(prod).toMatchObject({ status: 'RELEASED', currentTier: 'PROD' })
    // v2 (DESIGN "Deploy-time enforcement"): promotion refuses exactly when the deploy check does,
    // and NOT_NEXT_TIER allows the release's current tier; so going back is refused, while
    // promoting again into PROD (its current tier) is accepted and leaves it RELEASED there.
    // (v1 refused the second promotion into PROD.)
    const back = errorWith(await mgr(PROMOTE, { id: a, tier: 'TEST', rev: prod.revision }), 'FAILED_PRECONDITION')
    expect(back.message).toMatch(/already in the last tier PROD/)
    expect(ok(await mgr(PROMOTE, { id: a, tier: 'PROD', rev: prod.revision })).promoteRelease).toMatchObject({ status: 'RELEASED', currentTier: 'PROD' })
    const v = ok(
      await mgr(
        `mutation($id: ID!) { recordPostReleaseValidation(releaseId: $id, passed: true, notes: "smoke ok") { status postReleaseValidation { passed notes recordedBy recordedAt } } }`,
        { id: a },
      ),
    ).recordPostReleaseValidation
    expect(v).toMatchObject({ status: 'RELEASED', postReleaseValidation: { passed: true, notes: 'smoke ok', recordedBy: 'hana.doh' } })
    // a released release is no longer edited
    errorWith(await ap('dohManager')(UPDATE_RELEASE, { id: a, rev: await releaseRevision(a), input: releaseInput() }), 'FAILED_PRECONDITION')
    const plan = ok(
      await ap('viewer')(`query($id: ID!) { agencyPlan(id: $id) { status approvals { status } releases { id status currentTier } } }`, { id: planId }),
    ).agencyPlan
    expect(plan.status).toBe('APPROVED')
    expect(plan.approvals.map((x: any) => x.status)).toEqual(['APPROVED', 'APPROVED', 'REJECTED'])
    expect(plan.releases).toEqual([
      { id: a, status: 'RELEASED', currentTier: 'PROD' },
      { id: b, status: 'PLANNED', currentTier: null },
    ])
  })
})
