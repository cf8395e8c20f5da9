import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type PersonaName, errorWith, fieldErrorPaths, ok, testDbKind } from '@railyard/test-kit'
import {
  ADD_RELEASE,
  ALIGNMENT,
  CREATE_PLAN,
  DECIDE,
  PUBLISH,
  SUBMIT,
  UPDATE_RELEASE,
  releaseInput,
  strategyInput,
} from '../../../services/agency-plans/test/fixtures.ts'
import { type GatewayHarness, startGatewayHarness } from './harness.ts'

/**
 * Issue #3 — the full story through the gateway: the same plan → alignment → approval →
 * promotion story as services/agency-plans/test/story.test.ts, but over real HTTP, every
 * request through the gateway's /graphql, the subgraphs on their own ports calling each other
 * over HTTP, on fresh databases without the demo seed.
 */

const PROMOTE = `mutation($id: ID!, $tier: String!, $rev: Int!) { promoteRelease(releaseId: $id, tier: $tier, expectedRevision: $rev) { id status currentTier revision } }`
const CHECKPOINT = `mutation($id: ID!, $input: CheckpointInput!) { recordCheckpoint(releaseId: $id, input: $input) { criterionKey met value evidenceUrl recordedBy recordedAt note } }`
const INBOX = `{ approvalInbox { id status currentStep requestedBy plan { id } workflow { name steps { order approverRole minApprovals separationOfDuties } } } }`
const REV = `query($id: ID!) { release(id: $id) { revision status currentTier gates { gate { key } passed unmetCriteria } } }`
const REGISTER_ENV = `mutation($input: RegisterEnvironmentInput!) { registerEnvironment(input: $input) { id key tier agency { code } } }`
const REALIGN = `mutation($id: ID!, $rev: Int!) { realignAgencyPlan(id: $id, expectedRevision: $rev) { status strategyVersion revision alignment { stale issues { code } } } }`
/**
 * program-strategy → agency-plans → environment-inventory (and back to program-strategy) in one
 * query; only roadmap fields of plans and releases (readable by other agencies once APPROVED).
 */
const ROADMAP = `query($id: ID!) { program(id: $id) { key strategy { version }
  agencies { code plans { title status releases { id name version cycle { id } schedule { tier environment { key tier agency { code } } } } } environments { key } } } }`

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

describe(`gateway: the full story (plan → alignment → approval → promotion) over HTTP on ${testDbKind()}`, () => {
  let h: GatewayHarness
  const tokens = {} as Record<PersonaName, string>
  let programId: string
  const agencies = {} as Record<'DOH' | 'DOL', string>
  const env = {} as Record<'doh-test' | 'doh-prod' | 'dol-test', string>
  let planId: string
  let a: string // the release promoted through the tiers
  let b: string // a release depending on a
  let requestId: string

  const as =
    (who: PersonaName) =>
    (query: string, variables: Record<string, unknown> = {}) =>
      h.gql(query, variables, tokens[who])
  const planRevision = async () => ok(await as('dohManager')(ALIGNMENT, { id: planId })).agencyPlan.revision as number
  const releaseRevision = async (id: string) => ok(await as('dohManager')(REV, { id })).release.revision as number
  const issues = async () => {
    const al = ok(await as('dohManager')(ALIGNMENT, { id: planId })).agencyPlan.alignment
    return { aligned: al.aligned as boolean, list: al.issues.map((i: any) => [i.code, i.severity, i.release?.id ?? null]) }
  }
  /** Release `a`'s windows, TEST and PROD on DOH's registered environments. */
  const windows = () => {
    const [dev, test, prod] = releaseInput().schedule
    return [dev, { ...test, environmentId: env['doh-test'] }, { ...prod, environmentId: env['doh-prod'] }]
  }
  /** releaseInput() scheduled on DOH's environments. */
  const rel = (over: Record<string, unknown> = {}) => releaseInput({ schedule: windows(), ...over })
  /** Updates release `id` to `input` (as a member) and returns the alignment issues it causes. */
  const tripped = async (id: string, input: any) => {
    ok(await as('dohMember')(UPDATE_RELEASE, { id, rev: await releaseRevision(id), input }))
    return issues()
  }

  beforeAll(async () => {
    h = await startGatewayHarness({ seed: false })
    for (const name of ['admin', 'admin2', 'viewer', 'dohManager', 'dohManager2', 'dohMember', 'dohViewer', 'dolManager'] as const)
      tokens[name] = await h.auth.token(name)
  })
  afterAll(async () => h?.close())

  it('sets up the program office: agencies, a program, strategy v1 with a freeze on PROD now', async () => {
    const admin = as('admin')
    for (const [code, name] of [
      ['DOH', 'Department of Health'],
      ['DOL', 'Department of Licensing'],
    ] as const) {
      agencies[code] = ok(
        await admin(`mutation($input: RegisterAgencyInput!) { registerAgency(input: $input) { id code } }`, { input: { code, name } }),
      ).registerAgency.id
    }
    // only the program office registers agencies
    errorWith(await as('dohManager')(`mutation { registerAgency(input: { code: "DOT", name: "Transport" }) { id } }`), 'FORBIDDEN')
    programId = ok(
      await admin(`mutation($input: CreateProgramInput!) { createProgram(input: $input) { id key agencies { code } } }`, {
        input: { key: 'WA-DSP', name: 'Digital Services', agencyCodes: ['DOH', 'DOL'] },
      }),
    ).createProgram.id
    const v1 = strategyInput({ freezeWindows: [...strategyInput().freezeWindows, freezeNow()] })
    errorWith(await as('dohManager')(PUBLISH, { programId, expectedVersion: 0, input: v1 }), 'FORBIDDEN')
    expect(ok(await admin(PUBLISH, { programId, expectedVersion: 0, input: v1 })).publishReleaseStrategy.version).toBe(1)
    errorWith(await admin(PUBLISH, { programId, expectedVersion: 0, input: v1 }), 'CONFLICT')

    const s = ok(
      await as('viewer')(
        `query($id: ID!) { program(id: $id) { key agencies { code } strategy { version promotionPath qualityGates { key tier } planApproval { steps { order approverRole minApprovals separationOfDuties } } freezeWindows { name tiers } } } }`,
        { id: programId },
      ),
    ).program
    expect(s.agencies.map((x: any) => x.code).sort()).toEqual(['DOH', 'DOL'])
    expect(s.strategy).toEqual({
      version: 1,
      promotionPath: ['DEV', 'TEST', 'PROD'],
      qualityGates: [
        { key: 'test-entry', tier: 'TEST' },
        { key: 'prod-entry', tier: 'PROD' },
      ],
      planApproval: {
        steps: [
          { order: 1, approverRole: 'AGENCY_MANAGER', minApprovals: 1, separationOfDuties: true },
          { order: 2, approverRole: 'PROGRAM_ADMIN', minApprovals: 2, separationOfDuties: false },
        ],
      },
      freezeWindows: [
        { name: 'Spring freeze', tiers: ['PROD'] },
        { name: 'Emergency change freeze', tiers: ['PROD'] },
      ],
    })
  })

  it('registers environments in environment-inventory and creates DOH’s plan pinned to v1', async () => {
    for (const [who, key, tier, agency] of [
      ['dohManager', 'doh-test', 'TEST', 'DOH'],
      ['dohManager', 'doh-prod', 'PROD', 'DOH'],
      ['dolManager', 'dol-test', 'TEST', 'DOL'],
    ] as const) {
      const e = ok(await as(who)(REGISTER_ENV, { input: { key, name: key, tier, programId, agencyId: agencies[agency] } })).registerEnvironment
      expect(e).toMatchObject({ key, tier, agency: { code: agency } })
      env[key] = e.id
    }
    // DOL's manager may not register DOH's environments
    errorWith(await as('dolManager')(REGISTER_ENV, { input: { key: 'doh-uat', name: 'x', tier: 'TEST', programId, agencyId: agencies.DOH } }), 'FORBIDDEN')

    const input = { programId, agencyId: agencies.DOH, title: 'DOH H1 2027', periodStart: '2027-01-01', periodEnd: '2027-06-30' }
    errorWith(await as('dolManager')(CREATE_PLAN, { input }), 'FORBIDDEN')
    const plan = ok(await as('dohManager')(CREATE_PLAN, { input })).createAgencyPlan
    expect(plan).toMatchObject({ status: 'DRAFT', revision: 1, strategyVersion: 1, agency: { id: agencies.DOH }, program: { id: programId } })
    planId = plan.id
  })

  it('starts aligned with a release on the March cycle, scheduled on DOH’s environments', async () => {
    // another agency's environment is unknown to DOH (agency-plans asks environment-inventory with the caller's token)
    const [dev, test, prod] = windows()
    expect(
      fieldErrorPaths(
        await as('dohManager')(ADD_RELEASE, { planId, rev: 1, input: rel({ schedule: [dev, { ...test, environmentId: env['dol-test'] }, prod] }) }),
      ),
    ).toEqual(['input.schedule.1.environmentId'])
    expect(await planRevision()).toBe(1) // nothing written
    a = ok(await as('dohManager')(ADD_RELEASE, { planId, rev: 1, input: rel() })).addRelease.id
    expect(await issues()).toEqual({ aligned: true, list: [] })
  })

  it('joins program → agencies → plans → releases → schedule → environment across the three subgraphs', async () => {
    const p = ok(await as('admin')(ROADMAP, { id: programId })).program
    expect(p.key).toBe('WA-DSP')
    expect(p.strategy.version).toBe(1)
    const byCode = Object.fromEntries(p.agencies.map((x: any) => [x.code, x]))
    expect(byCode.DOL.plans).toEqual([])
    expect(byCode.DOL.environments).toEqual([{ key: 'dol-test' }])
    expect(byCode.DOH.environments.map((e: any) => e.key).sort()).toEqual(['doh-prod', 'doh-test'])
    expect(byCode.DOH.plans).toEqual([
      {
        title: 'DOH H1 2027',
        status: 'DRAFT',
        releases: [
          {
            id: a,
            name: 'Licensing portal',
            version: '2.4.0',
            cycle: { id: 'WA-DSP:2027-03-09' },
            schedule: [
              { tier: 'DEV', environment: null },
              { tier: 'TEST', environment: { key: 'doh-test', tier: 'TEST', agency: { code: 'DOH' } } },
              { tier: 'PROD', environment: { key: 'doh-prod', tier: 'PROD', agency: { code: 'DOH' } } },
            ],
          },
        ],
      },
    ])
    // DOL does not see DOH's draft at all
    const dol = ok(await as('dolManager')(ROADMAP, { id: programId })).program
    expect(dol.agencies.find((x: any) => x.code === 'DOH')).toMatchObject({ plans: [], environments: [] })
    expect(ok(await as('dolManager')(`query($id: ID!) { release(id: $id) { id } }`, { id: a })).release).toBeNull()
  })

  it('trips each alignment code one at a time, then is fixed', async () => {
    const good = rel()
    const [dev, test, prod] = good.schedule
    const onApril13 = { ...prod, start: '2027-04-13T17:00:00Z', end: '2027-04-13T19:00:00Z' }

    expect(await tripped(a, rel({ cycleId: null, schedule: [dev, test, { ...prod, start: '2027-07-13T17:00:00Z', end: '2027-07-13T19:00:00Z' }] }))).toEqual({
      aligned: false,
      list: [['OUTSIDE_PLAN_PERIOD', 'ERROR', a]],
    })
    expect(await tripped(a, rel({ schedule: [dev, prod] }))).toEqual({ aligned: false, list: [['TIER_SKIPPED', 'ERROR', a]] })
    expect(await tripped(a, rel({ schedule: [dev, { ...test, start: '2027-02-18T17:00:00Z' }, prod] }))).toEqual({
      aligned: false,
      list: [['TIER_OUT_OF_ORDER', 'ERROR', a]],
    })
    expect(await tripped(a, rel({ cycleId: 'WA-DSP:2027-04-13', schedule: [dev, test, onApril13] }))).toEqual({
      aligned: false,
      list: [['FREEZE_WINDOW', 'ERROR', a]],
    })
    // an emergency release may break a freeze, with a warning
    expect(await tripped(a, rel({ type: 'EMERGENCY', cycleId: null, schedule: [dev, test, onApril13] }))).toEqual({
      aligned: true,
      list: [['FREEZE_WINDOW', 'WARNING', a]],
    })
    expect(await tripped(a, rel({ cycleId: null, schedule: [dev, test, { ...prod, start: '2027-03-10T18:00:00Z', end: '2027-03-10T20:00:00Z' }] }))).toEqual({
      aligned: true,
      list: [['OFF_CYCLE', 'WARNING', a]],
    })
    expect(await tripped(a, rel({ rollback: null }))).toEqual({ aligned: false, list: [['MISSING_ROLLBACK', 'ERROR', a]] })

    // submission is refused while an ERROR issue is open, listing it in the error's extensions
    const refused = errorWith(await as('dohManager')(SUBMIT, { id: planId, rev: await planRevision() }), 'FAILED_PRECONDITION')
    expect(refused.extensions!.issues.map((i: any) => [i.code, i.releaseId])).toEqual([['MISSING_ROLLBACK', a]])
    expect(ok(await as('dohManager')(ALIGNMENT, { id: planId })).agencyPlan.status).toBe('DRAFT')

    expect(await tripped(a, rel({ roles: [{ responsibility: 'RELEASE_MANAGER', person: 'Hana' }] }))).toEqual({
      aligned: false,
      list: [['MISSING_ROLE', 'ERROR', a]],
    })
    expect(await tripped(a, rel({ validations: [{ tier: 'TEST', description: 'Regression', owner: 'qa' }] }))).toEqual({
      aligned: false,
      list: [['MISSING_VALIDATION', 'ERROR', a]],
    })
    expect(await tripped(a, good)).toEqual({ aligned: true, list: [] })

    // b depends on a but reaches PROD before it
    const early = releaseInput({
      name: 'Notifications',
      version: '1.0.0',
      schedule: [dev, test, { ...prod, start: '2027-03-09T17:00:00Z', end: '2027-03-09T17:30:00Z' }],
      dependencies: [{ releaseId: a, note: 'needs the new renewal API' }],
    })
    b = ok(await as('dohManager')(ADD_RELEASE, { planId, rev: await planRevision(), input: early })).addRelease.id
    expect(await issues()).toEqual({ aligned: false, list: [['DEPENDENCY_ORDER', 'ERROR', b]] })
    expect(await tripped(b, { ...early, schedule: [dev, test, { ...prod, start: '2027-03-09T20:00:00Z', end: '2027-03-09T21:00:00Z' }] })).toEqual({
      aligned: true,
      list: [],
    })
    const deps = ok(
      await as('dohViewer')(
        `query($a: ID!, $b: ID!) { a: release(id: $a) { dependents { id } } b: release(id: $b) { dependencies { release { id } note } } }`,
        { a, b },
      ),
    )
    expect(deps).toEqual({ a: { dependents: [{ id: b }] }, b: { dependencies: [{ release: { id: a }, note: 'needs the new renewal API' }] } })
  })

  it('submits, and a rejection sends the plan back for editing', async () => {
    const d = ok(await as('dohManager')(SUBMIT, { id: planId, rev: await planRevision() }))
    expect(d.submitAgencyPlan).toMatchObject({ status: 'SUBMITTED', approvals: [{ status: 'PENDING', currentStep: 1 }] })
    requestId = d.submitAgencyPlan.approvals[0].id
    // a submitted plan cannot be edited
    errorWith(await as('dohManager')(UPDATE_RELEASE, { id: a, rev: await releaseRevision(a), input: rel({ summary: 'x' }) }), 'FAILED_PRECONDITION')
    errorWith(
      await as('dohMember')(`mutation($id: ID!, $rev: Int!) { updateAgencyPlan(id: $id, expectedRevision: $rev, input: { title: "x" }) { id } }`, {
        id: planId,
        rev: await planRevision(),
      }),
      'FAILED_PRECONDITION',
    )
    const rejected = ok(await as('dohManager2')(DECIDE, { id: requestId, d: 'REJECT', c: 'Rollback too slow' })).decideApproval
    expect(rejected).toMatchObject({
      status: 'REJECTED',
      currentStep: null,
      plan: { status: 'REJECTED' },
      decisions: [{ step: 1, decidedBy: 'hugo.doh', decision: 'REJECT' }],
    })
    errorWith(await as('admin')(DECIDE, { id: requestId, d: 'APPROVE' }), 'FAILED_PRECONDITION')
    // REJECTED is edited (members too) and resubmitted
    const edited = ok(
      await as('dohMember')(UPDATE_RELEASE, {
        id: a,
        rev: await releaseRevision(a),
        input: rel({ rollback: { strategy: 'FEATURE_FLAG', triggers: ['errors'], steps: ['flip flag'], maxMinutes: 5 } }),
      }),
    ).updateRelease
    expect(edited.plan.status).toBe('REJECTED')
  })

  it('opens a new request and refuses the wrong deciders', async () => {
    const d = ok(await as('dohManager')(SUBMIT, { id: planId, rev: await planRevision() }))
    expect(d.submitAgencyPlan.status).toBe('SUBMITTED')
    expect(d.submitAgencyPlan.approvals.map((r: any) => r.status)).toEqual(['PENDING', 'REJECTED'])
    requestId = d.submitAgencyPlan.approvals[0].id

    const inbox = async (who: PersonaName) => ok(await as(who)(INBOX)).approvalInbox.map((r: any) => r.id)
    expect(await inbox('dohManager2')).toEqual([requestId])
    expect(ok(await as('dohManager2')(INBOX)).approvalInbox[0]).toMatchObject({
      requestedBy: 'hana.doh',
      currentStep: 1,
      plan: { id: planId },
      workflow: {
        name: 'Plan approval',
        steps: [
          { order: 1, approverRole: 'AGENCY_MANAGER' },
          { order: 2, approverRole: 'PROGRAM_ADMIN', minApprovals: 2 },
        ],
      },
    })
    expect(await inbox('dohManager')).toEqual([]) // the submitter, under separation of duties
    expect(await inbox('admin')).toEqual([]) // step 1 is the agency's
    expect(await inbox('dolManager')).toEqual([])
    expect(await inbox('dohMember')).toEqual([])

    const sod = errorWith(await as('dohManager')(DECIDE, { id: requestId, d: 'APPROVE' }), 'FORBIDDEN')
    expect(sod.message).toMatch(/separation of duties/)
    errorWith(await as('dohMember')(DECIDE, { id: requestId, d: 'APPROVE' }), 'FORBIDDEN') // wrong role
    // another agency's manager: DOH's submitted plan is invisible to DOL, so its request is as if missing
    errorWith(await as('dolManager')(DECIDE, { id: requestId, d: 'APPROVE' }), 'NOT_FOUND')
    errorWith(await as('admin')(DECIDE, { id: requestId, d: 'APPROVE' }), 'FORBIDDEN') // not step 1's role
    errorWith(await as('dohManager')(DECIDE, { id: '00000000-0000-0000-0000-000000000000', d: 'APPROVE' }), 'NOT_FOUND')

    const step1 = ok(await as('dohManager2')(DECIDE, { id: requestId, d: 'APPROVE', c: 'ok' })).decideApproval
    expect(step1).toMatchObject({ status: 'PENDING', currentStep: 2, plan: { status: 'SUBMITTED' } })
    // step 2 needs program admins: the agency manager may not decide it
    errorWith(await as('dohManager2')(DECIDE, { id: requestId, d: 'APPROVE' }), 'FORBIDDEN')
    errorWith(await as('viewer')(DECIDE, { id: requestId, d: 'APPROVE' }), 'FORBIDDEN')
    expect(await inbox('admin')).toEqual([requestId])
    expect(await inbox('admin2')).toEqual([requestId])

    const first = ok(await as('admin')(DECIDE, { id: requestId, d: 'APPROVE' })).decideApproval
    expect(first).toMatchObject({ status: 'PENDING', currentStep: 2 })
    // the same person deciding the same step twice
    errorWith(await as('admin')(DECIDE, { id: requestId, d: 'APPROVE' }), 'CONFLICT')
    expect(await inbox('admin')).toEqual([])
    expect(await inbox('admin2')).toEqual([requestId])
  })

  it('is approved by the second program admin', async () => {
    const done = ok(await as('admin2')(DECIDE, { id: requestId, d: 'APPROVE' })).decideApproval
    expect(done).toMatchObject({ status: 'APPROVED', currentStep: null, plan: { id: planId, status: 'APPROVED' } })
    expect(done.decisions.map((x: any) => [x.step, x.decidedBy, x.decision])).toEqual([
      [1, 'hugo.doh', 'APPROVE'],
      [2, 'ada.admin', 'APPROVE'],
      [2, 'alan.admin', 'APPROVE'],
    ])
    expect(ok(await as('admin2')(INBOX)).approvalInbox).toEqual([])
  })

  it('shows the APPROVED plan on DOL’s roadmap with roadmap fields only, DOH’s environments hidden', async () => {
    const dol = as('dolManager')
    const p = ok(await dol(ROADMAP, { id: programId })).program
    const doh = p.agencies.find((x: any) => x.code === 'DOH')
    expect(doh.environments).toEqual([])
    expect(doh.plans).toHaveLength(1)
    expect(doh.plans[0]).toMatchObject({ title: 'DOH H1 2027', status: 'APPROVED' })
    expect(doh.plans[0].releases.map((r: any) => r.id)).toEqual([a, b])
    // the windows are roadmap fields; the environments behind them are DOH's, invisible to DOL
    expect(doh.plans[0].releases[0].schedule).toEqual([
      { tier: 'DEV', environment: null },
      { tier: 'TEST', environment: null },
      { tier: 'PROD', environment: null },
    ])
    // a non-roadmap field is FORBIDDEN while the rest of the response resolves
    const res = await dol(`query($id: ID!) { release(id: $id) { id name rollback { strategy } } }`, { id: a })
    const err = errorWith(res, 'FORBIDDEN')
    expect(err.path).toEqual(['release', 'rollback'])
    expect(res.data.release).toEqual({ id: a, name: 'Licensing portal', rollback: null })
  })

  it('promotes through the tiers only past passed gates, never skipping, never into a frozen tier', async () => {
    const mgr = as('dohManager')
    errorWith(await as('dohMember')(PROMOTE, { id: a, tier: 'DEV', rev: await releaseRevision(a) }), 'FORBIDDEN')
    // another agency's manager: DOH's approved release is visible to DOL on the roadmap, but not DOL's to promote
    errorWith(await as('dolManager')(PROMOTE, { id: a, tier: 'DEV', rev: await releaseRevision(a) }), 'FORBIDDEN')
    const dev = ok(await mgr(PROMOTE, { id: a, tier: 'DEV', rev: await releaseRevision(a) })).promoteRelease
    expect(dev).toMatchObject({ status: 'IN_PROGRESS', currentTier: 'DEV' })
    errorWith(await mgr(`mutation($id: ID!) { recordPostReleaseValidation(releaseId: $id, passed: true) { id } }`, { id: a }), 'FAILED_PRECONDITION')

    const skipped = errorWith(await mgr(PROMOTE, { id: a, tier: 'PROD', rev: dev.revision }), 'FAILED_PRECONDITION')
    expect(skipped.message).toMatch(/next tier, TEST/)
    const gate = errorWith(await mgr(PROMOTE, { id: a, tier: 'TEST', rev: dev.revision }), 'FAILED_PRECONDITION')
    expect(gate.message).toMatch(/unit-coverage, security-scan/)
    expect(gate.extensions!.reasons).toHaveLength(1)
    expect(ok(await mgr(REV, { id: a })).release).toMatchObject({ currentTier: 'DEV', revision: dev.revision }) // nothing written

    // checkpoints: met is judged per criterion
    expect(fieldErrorPaths(await mgr(CHECKPOINT, { id: a, input: { criterionKey: 'no-such-criterion', attested: true } }))).toEqual(['input.criterionKey'])
    errorWith(await as('dohMember')(CHECKPOINT, { id: a, input: { criterionKey: 'unit-coverage', value: 90 } }), 'FORBIDDEN')
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

    // the PROD gate and the enterprise readiness criterion are unmet yet
    const unmet = errorWith(await mgr(PROMOTE, { id: a, tier: 'PROD', rev: test.revision }), 'FAILED_PRECONDITION')
    expect(unmet.message).toMatch(/uat-signoff/)
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
    expect(ok(await mgr(REV, { id: a })).release.gates).toEqual([
      { gate: { key: 'test-entry' }, passed: true, unmetCriteria: [] },
      { gate: { key: 'prod-entry' }, passed: true, unmetCriteria: [] },
    ])
    // everything is met, but PROD is frozen now
    const frozen = errorWith(await mgr(PROMOTE, { id: a, tier: 'PROD', rev: rehearsed.revision }), 'FAILED_PRECONDITION')
    expect(frozen.message).toMatch(/frozen by 'Emergency change freeze'/)
    expect(frozen.extensions!.reasons).toHaveLength(1)
    expect(ok(await mgr(REV, { id: a })).release).toMatchObject({ currentTier: 'TEST', status: 'IN_PROGRESS' })
  })

  it('goes stale when the program publishes a newer strategy, and is realigned and approved again', async () => {
    const v2 = ok(await as('admin')(PUBLISH, { programId, expectedVersion: 1, input: strategyInput({ notes: 'v2: freeze lifted' }) })).publishReleaseStrategy
    expect(v2.version).toBe(2)
    const al = ok(await as('dohManager')(ALIGNMENT, { id: planId })).agencyPlan.alignment
    expect(al).toMatchObject({ aligned: true, stale: true, strategyVersion: 1 })
    expect(al.issues.map((i: any) => [i.code, i.severity, i.release])).toEqual([['STALE_STRATEGY', 'WARNING', null]])

    errorWith(await as('dohMember')(REALIGN, { id: planId, rev: await planRevision() }), 'FORBIDDEN') // members edit DRAFT/REJECTED plans only
    errorWith(await as('dohManager')(REALIGN, { id: planId, rev: 1 }), 'CONFLICT')
    const realigned = ok(await as('dohManager')(REALIGN, { id: planId, rev: await planRevision() })).realignAgencyPlan
    expect(realigned).toMatchObject({ status: 'DRAFT', strategyVersion: 2, alignment: { stale: false, issues: [] } })
    // promotion needs an APPROVED plan
    const notApproved = errorWith(await as('dohManager')(PROMOTE, { id: a, tier: 'PROD', rev: await releaseRevision(a) }), 'FAILED_PRECONDITION')
    expect(notApproved.message).toMatch(/APPROVED/)

    // hugo submits this time, so hana may decide the agency step
    const sub = ok(await as('dohManager2')(SUBMIT, { id: planId, rev: realigned.revision })).submitAgencyPlan
    const req = sub.approvals[0].id
    errorWith(await as('dohManager2')(DECIDE, { id: req, d: 'APPROVE' }), 'FORBIDDEN')
    ok(await as('dohManager')(DECIDE, { id: req, d: 'APPROVE' }))
    ok(await as('admin2')(DECIDE, { id: req, d: 'APPROVE' }))
    expect(ok(await as('admin')(DECIDE, { id: req, d: 'APPROVE' })).decideApproval.plan.status).toBe('APPROVED')
  })

  it('is RELEASED in the last tier and records its post-release validation', async () => {
    const mgr = as('dohManager')
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
    errorWith(await as('dohManager')(UPDATE_RELEASE, { id: a, rev: await releaseRevision(a), input: rel() }), 'FAILED_PRECONDITION')
    const plan = ok(
      await as('viewer')(`query($id: ID!) { agencyPlan(id: $id) { status approvals { status } releases { id status currentTier } } }`, { id: planId }),
    ).agencyPlan
    expect(plan.status).toBe('APPROVED')
    expect(plan.approvals.map((x: any) => x.status)).toEqual(['APPROVED', 'APPROVED', 'REJECTED'])
    expect(plan.releases).toEqual([
      { id: a, status: 'RELEASED', currentTier: 'PROD' },
      { id: b, status: 'PLANNED', currentTier: null },
    ])

    // the story's end, read across the three subgraphs in one query
    const p = ok(await as('viewer')(ROADMAP, { id: programId })).program
    expect(p.strategy.version).toBe(2)
    const doh = p.agencies.find((x: any) => x.code === 'DOH')
    expect(doh.plans).toHaveLength(1)
    expect(doh.plans[0]).toMatchObject({ title: 'DOH H1 2027', status: 'APPROVED' })
    expect(doh.plans[0].releases.map((r: any) => [r.id, r.schedule.map((w: any) => w.environment?.key ?? null)])).toEqual([
      [a, [null, 'doh-test', 'doh-prod']],
      [b, [null, 'doh-test', 'doh-prod']],
    ])
  })
})
