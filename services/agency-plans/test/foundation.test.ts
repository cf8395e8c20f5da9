import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type TestStack, errorWith, fieldErrorPaths, ok, testDbKind } from '@railyard/test-kit'
import { ADD_RELEASE, CREATE_PLAN, type Seeded, createPlan, plansDb, releaseInput, seedProgram, startStack } from './fixtures.ts'

const PLAN = `query($id: ID!) {
  agencyPlan(id: $id) {
    id title status revision strategyVersion periodStart periodEnd updatedBy
    agency { id } program { id }
    releases { id name version status }
    alignment { aligned stale strategyVersion issues { code } }
    approvals { id }
  }
}`
const RELEASE = `query($id: ID!) {
  release(id: $id) {
    id name version type summary status currentTier revision
    plan { id } agency { id }
    cycle { id name releaseDate codeFreeze }
    scope { key title kind }
    artifacts { name version digest uri }
    schedule { tier start end environment { id } }
    steps { order title owner durationMinutes tier }
    validations { tier description owner }
    roles { responsibility person contact }
    requirements { key expected }
    dependencies { release { id } sharedComponent { id } versionRange note }
    dependents { id }
    impactedAgencies { id }
    rollback { strategy triggers steps maxMinutes rehearsedAt }
    escalation { level title contact responseMinutes }
    gates { gate { id key tier criteria { key kind threshold evidenceRequired } } passed unmetCriteria }
    checkpoints { criterionKey }
    postReleaseValidation { passed }
  }
}`
const ENTITIES = `query($r: [_Any!]!) {
  _entities(representations: $r) {
    ... on Program { id plans { id title status } }
    ... on Agency { id plans { id title } }
    ... on AgencyReleasePlan { id title }
    ... on Release { id name }
  }
}`

describe(`agency-plans foundation on ${testDbKind()}`, () => {
  let stack: TestStack
  let seeded: Seeded
  let planId: string
  let releaseId: string
  beforeAll(async () => {
    stack = await startStack()
    seeded = await seedProgram(stack)
  })
  afterAll(async () => stack?.close())

  it('creates a DRAFT plan pinned to the latest strategy', async () => {
    const plan = await createPlan(stack, seeded, 'dohManager', 'DOH')
    expect(plan).toMatchObject({
      title: 'DOH H1 2027',
      status: 'DRAFT',
      revision: 1,
      strategyVersion: 1,
      periodStart: '2027-01-01',
      periodEnd: '2027-06-30',
      agency: { id: seeded.agencies.DOH },
      program: { id: seeded.programId },
    })
    planId = plan.id
    const row = await plansDb(stack).selectFrom('plan').selectAll().where('id', '=', planId).executeTakeFirstOrThrow()
    expect(row.agencyCode).toBe('DOH')
    expect(row.programKey).toBe('WA-DSP')
    // the complete snapshot is pinned, ids of gates and freeze windows included
    expect(row.strategy.version).toBe(1)
    expect(row.strategy.promotionPath).toEqual(['DEV', 'TEST', 'PROD'])
    expect(row.strategy.qualityGates.map((g) => g.key)).toEqual(['test-entry', 'prod-entry'])
    expect(row.strategy.qualityGates.every((g) => typeof g.id === 'string' && g.id.length > 0)).toBe(true)
    expect(row.strategy.freezeWindows[0]).toMatchObject({ name: 'Spring freeze', tiers: ['PROD'] })
    expect(row.strategy.freezeWindows[0]?.id).toBeTruthy()
    expect(row.strategy.planApproval.steps.map((s) => s.approverRole)).toEqual(['AGENCY_MANAGER', 'PROGRAM_ADMIN'])
    expect(row.strategy.readinessCriteria.map((c) => c.key)).toEqual(['change-ticket'])
    expect(row.strategy.escalationPath).toHaveLength(2)
  })

  it('adds a release with the plan revision and bumps it', async () => {
    const d = ok(await stack.as('agencyPlans', 'dohMember')(ADD_RELEASE, { planId, rev: 1, input: releaseInput() }))
    expect(d.addRelease).toMatchObject({ revision: 1, status: 'PLANNED', version: '2.4.0', plan: { id: planId, revision: 2, status: 'DRAFT' } })
    releaseId = d.addRelease.id
    // the same stale plan revision is refused
    errorWith(await stack.as('agencyPlans', 'dohManager')(ADD_RELEASE, { planId, rev: 1, input: releaseInput({ version: '2.5.0' }) }), 'CONFLICT')
  })

  it('reads the plan and the release with every section', async () => {
    const p = ok(await stack.as('agencyPlans', 'dohViewer')(PLAN, { id: planId })).agencyPlan
    expect(p).toMatchObject({
      id: planId,
      status: 'DRAFT',
      revision: 2,
      strategyVersion: 1,
      updatedBy: 'mia.doh',
      releases: [{ id: releaseId, name: 'Licensing portal', version: '2.4.0', status: 'PLANNED' }],
      alignment: { aligned: true, stale: false, strategyVersion: 1, issues: [] },
      approvals: [],
    })
    const r = ok(await stack.as('agencyPlans', 'dohManager')(RELEASE, { id: releaseId })).release
    expect(r).toMatchObject({
      id: releaseId,
      type: 'MINOR',
      summary: 'Online renewals',
      currentTier: null,
      revision: 1,
      plan: { id: planId },
      agency: { id: seeded.agencies.DOH },
      cycle: { id: 'WA-DSP:2027-03-09', releaseDate: '2027-03-09', codeFreeze: '2027-03-02' },
      scope: [{ key: 'LIC-101', title: 'Online renewals', kind: 'FEATURE' }],
      artifacts: [{ name: 'portal-web', version: '2.4.0', digest: 'sha256:0f1e2d', uri: 'https://registry.example.gov/v2/portal-web/manifests/2.4.0' }],
      steps: [
        { order: 1, title: 'Drain traffic', owner: 'ops', durationMinutes: 10, tier: 'PROD' },
        { order: 2, title: 'Deploy containers', owner: 'ops', durationMinutes: 20, tier: null },
      ],
      roles: [
        { responsibility: 'RELEASE_MANAGER', person: 'Hana', contact: 'hana@doh.example.gov' },
        { responsibility: 'DEPLOYER', person: 'Ops team', contact: null },
      ],
      requirements: [{ key: 'postgres', expected: '>=15 <16' }],
      dependencies: [],
      dependents: [],
      impactedAgencies: [],
      rollback: { strategy: 'REDEPLOY_PREVIOUS', maxMinutes: 45, rehearsedAt: null },
      checkpoints: [],
      postReleaseValidation: null,
    })
    expect(r.schedule).toEqual([
      { tier: 'DEV', start: '2027-02-15T17:00:00.000Z', end: '2027-02-19T01:00:00.000Z', environment: null },
      { tier: 'TEST', start: '2027-02-22T17:00:00.000Z', end: '2027-02-26T01:00:00.000Z', environment: null },
      { tier: 'PROD', start: '2027-03-09T18:00:00.000Z', end: '2027-03-09T20:00:00.000Z', environment: null },
    ])
    // no own escalation path: the strategy's
    expect(r.escalation.map((e: any) => e.title)).toEqual(['Release manager', 'Program director'])
    expect(r.gates.map((g: any) => [g.gate.key, g.passed, g.unmetCriteria])).toEqual([
      ['test-entry', false, ['unit-coverage', 'security-scan']],
      ['prod-entry', false, ['uat-signoff', 'error-rate']],
    ])
  })

  it('lists plans on Program and Agency through _entities, only those the viewer may read', async () => {
    const r = [
      { __typename: 'Program', id: seeded.programId },
      { __typename: 'Agency', id: seeded.agencies.DOH },
      { __typename: 'AgencyReleasePlan', id: planId },
      { __typename: 'Release', id: releaseId },
    ]
    const own = ok(await stack.as('agencyPlans', 'dohManager')(ENTITIES, { r }))._entities
    expect(own).toEqual([
      { id: seeded.programId, plans: [{ id: planId, title: 'DOH H1 2027', status: 'DRAFT' }] },
      { id: seeded.agencies.DOH, plans: [{ id: planId, title: 'DOH H1 2027' }] },
      { id: planId, title: 'DOH H1 2027' },
      { id: releaseId, name: 'Licensing portal' },
    ])
    const admin = ok(await stack.as('agencyPlans', 'viewer')(ENTITIES, { r: r.slice(0, 1) }))._entities
    expect(admin).toEqual([{ id: seeded.programId, plans: [{ id: planId, title: 'DOH H1 2027', status: 'DRAFT' }] }])
    const filtered = ok(
      await stack.as('agencyPlans', 'integration')(
        `query($r: [_Any!]!) { _entities(representations: $r) { ... on Program { approved: plans(status: APPROVED) { id } draft: plans(status: DRAFT) { id } } } }`,
        { r: r.slice(0, 1) },
      ),
    )._entities
    expect(filtered).toEqual([{ approved: [], draft: [{ id: planId }] }])
    // another agency does not see DOH's DRAFT plan anywhere
    const other = ok(await stack.as('agencyPlans', 'dolManager')(ENTITIES, { r }))._entities
    expect(other).toEqual([{ id: seeded.programId, plans: [] }, { id: seeded.agencies.DOH, plans: [] }, null, null])
  })

  it("refuses to create another agency's plan and hides DOH's DRAFT plan from DOL", async () => {
    errorWith(
      await stack.as('agencyPlans', 'dolManager')(CREATE_PLAN, {
        input: { programId: seeded.programId, agencyId: seeded.agencies.DOH, title: 'Not mine', periodStart: '2027-01-01', periodEnd: '2027-06-30' },
      }),
      'FORBIDDEN',
    )
    errorWith(
      await stack.as('agencyPlans', 'admin')(CREATE_PLAN, {
        input: { programId: seeded.programId, agencyId: seeded.agencies.DOH, title: 'Admin', periodStart: '2027-01-01', periodEnd: '2027-06-30' },
      }),
      'FORBIDDEN',
    )
    errorWith(
      await stack.as('agencyPlans', 'dohViewer')(CREATE_PLAN, {
        input: { programId: seeded.programId, agencyId: seeded.agencies.DOH, title: 'Viewer', periodStart: '2027-01-01', periodEnd: '2027-06-30' },
      }),
      'FORBIDDEN',
    )
    const d = ok(
      await stack.as('agencyPlans', 'dolManager')(`query($p: ID!, $r: ID!) { agencyPlan(id: $p) { id } release(id: $r) { id } }`, { p: planId, r: releaseId }),
    )
    expect(d).toEqual({ agencyPlan: null, release: null })
    // a mutation on an invisible plan is NOT_FOUND, like a missing one
    errorWith(await stack.as('agencyPlans', 'dolManager')(ADD_RELEASE, { planId, rev: 2, input: releaseInput({ version: '9.9.9' }) }), 'NOT_FOUND')
    errorWith(
      await stack.as('agencyPlans', 'dolManager')(ADD_RELEASE, { planId: '00000000-0000-0000-0000-000000000001', rev: 2, input: releaseInput() }),
      'NOT_FOUND',
    )
    // PROGRAM_ADMIN reads but never edits a plan
    errorWith(await stack.as('agencyPlans', 'admin')(ADD_RELEASE, { planId, rev: 2, input: releaseInput({ version: '9.9.9' }) }), 'FORBIDDEN')
    const missing = ok(await stack.as('agencyPlans', 'admin')(`{ agencyPlan(id: "nope") { id } release(id: "00000000-0000-0000-0000-000000000000") { id } }`))
    expect(missing).toEqual({ agencyPlan: null, release: null })
  })

  it('rejects bad input with field paths and writes nothing', async () => {
    const db = plansDb(stack)
    const before = {
      plans: await db.selectFrom('plan').select(['id', 'revision']).execute(),
      releases: (await db.selectFrom('release').select('id').execute()).length,
      audits: (await db.selectFrom('auditLog').select('id').execute()).length,
    }
    const mgr = stack.as('agencyPlans', 'dohManager')
    const bad = releaseInput({
      version: 'v2',
      schedule: [
        { tier: 'DEV', start: '2027-02-15T17:00:00Z', end: '2027-02-19T01:00:00Z' },
        { tier: 'TEST', start: '2027-02-26T01:00:00Z', end: '2027-02-22T17:00:00Z' },
        { tier: 'PROD', start: '2027-03-09T18:00:00Z', end: '2027-03-09T20:00:00Z' },
      ],
    })
    expect(fieldErrorPaths(await mgr(ADD_RELEASE, { planId, rev: 2, input: bad }))).toEqual(['input.version', 'input.schedule.1.end'])
    expect(
      fieldErrorPaths(
        await mgr(CREATE_PLAN, {
          input: {
            programId: seeded.programId,
            agencyId: '00000000-0000-0000-0000-0000000000aa',
            title: 'X',
            periodStart: '2027-01-01',
            periodEnd: '2027-06-30',
          },
        }),
      ),
    ).toEqual(['input.agencyId'])
    expect(
      fieldErrorPaths(
        await mgr(CREATE_PLAN, {
          input: { programId: 'not-a-program', agencyId: seeded.agencies.DOH, title: ' ', periodStart: '2027-06-01', periodEnd: '2027-01-01' },
        }),
      ),
    ).toEqual(['input.title', 'input.periodEnd', 'input.programId'])
    // DOT is not part of WA-DSP
    const dot = await stack.auth.token({ sub: 'tia.dot', name: 'Tia', roles: ['AGENCY_MANAGER'], agency: 'DOT' })
    const body = await stack.servers.agencyPlans!.execute({
      query: CREATE_PLAN,
      variables: { input: { programId: seeded.programId, agencyId: seeded.agencies.DOT, title: 'DOT', periodStart: '2027-01-01', periodEnd: '2027-06-30' } },
      token: dot,
    })
    expect(fieldErrorPaths(body)).toEqual(['input.agencyId'])
    const after = {
      plans: await db.selectFrom('plan').select(['id', 'revision']).execute(),
      releases: (await db.selectFrom('release').select('id').execute()).length,
      audits: (await db.selectFrom('auditLog').select('id').execute()).length,
    }
    expect(after).toEqual(before)
  })

  it('fails clearly when environment-inventory cannot be reached to check a window environment', async () => {
    // this stack has no environment-inventory
    const before = (await plansDb(stack).selectFrom('release').select('id').execute()).length
    const input = releaseInput({
      version: '2.6.0',
      schedule: [
        { tier: 'DEV', start: '2027-02-15T17:00:00Z', end: '2027-02-19T01:00:00Z' },
        { tier: 'TEST', environmentId: '00000000-0000-0000-0000-00000000e001', start: '2027-02-22T17:00:00Z', end: '2027-02-26T01:00:00Z' },
        { tier: 'PROD', start: '2027-03-09T18:00:00Z', end: '2027-03-09T20:00:00Z' },
      ],
    })
    const err = errorWith(await stack.as('agencyPlans', 'dohManager')(ADD_RELEASE, { planId, rev: 2, input }), 'FAILED_PRECONDITION')
    expect(err.extensions).toMatchObject({ reason: 'UPSTREAM_UNAVAILABLE', upstream: 'environment-inventory' })
    expect(err.message).toMatch(/environment-inventory is not reachable/)
    expect((await plansDb(stack).selectFrom('release').select('id').execute()).length).toBe(before)
  })

  it('refuses a plan for a program without a published strategy (FAILED_PRECONDITION)', async () => {
    const admin = stack.as('programStrategy', 'admin')
    const p2 = ok(await admin(`mutation { createProgram(input: { key: "WA-NEW", name: "New", agencyCodes: ["DOH"] }) { id } }`)).createProgram.id
    errorWith(
      await stack.as('agencyPlans', 'dohManager')(CREATE_PLAN, {
        input: { programId: p2, agencyId: seeded.agencies.DOH, title: 'Too early', periodStart: '2027-01-01', periodEnd: '2027-06-30' },
      }),
      'FAILED_PRECONDITION',
    )
  })

  it('refuses requests without a valid token, _entities included', async () => {
    errorWith(await stack.as('agencyPlans', null)(PLAN, { id: planId }), 'UNAUTHENTICATED')
    errorWith(await stack.as('agencyPlans', null)(ENTITIES, { r: [{ __typename: 'AgencyReleasePlan', id: planId }] }), 'UNAUTHENTICATED')
    errorWith(await stack.servers.agencyPlans!.execute({ query: `{ approvalInbox { id } }`, token: 'garbage' }), 'UNAUTHENTICATED')
    errorWith(await stack.as('agencyPlans', null)(ADD_RELEASE, { planId, rev: 2, input: releaseInput({ version: '3.0.0' }) }), 'UNAUTHENTICATED')
  })
})
