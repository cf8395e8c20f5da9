import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type TestStack, errorWith, fieldErrorPaths, ok, testDbKind } from '@railyard/test-kit'
import {
  ADD_RELEASE,
  DECIDE,
  SUBMIT,
  type Seeded,
  UPDATE_RELEASE,
  createPlan,
  releaseInput,
  seedProgram,
  singleAdminApproval,
  startStack,
  strategyInput,
} from './fixtures.ts'

const ROADMAP_PLAN = `query($id: ID!) {
  agencyPlan(id: $id) {
    id title periodStart periodEnd status agency { id } program { id }
    releases { id name version type status currentTier agency { id } plan { id } cycle { id } schedule { tier start end }
      dependencies { release { id } } dependents { id } impactedAgencies { id } }
  }
}`

const PLAN_FIELDS = ['revision', 'strategyVersion', 'alignment { aligned }', 'approvals { id }', 'updatedAt', 'updatedBy']
const RELEASE_FIELDS = [
  'summary',
  'revision',
  'scope { key }',
  'artifacts { name }',
  'steps { order }',
  'validations { tier }',
  'roles { person }',
  'requirements { key }',
  'rollback { strategy }',
  'escalation { level }',
  'gates { passed }',
  'checkpoints { criterionKey }',
  'postReleaseValidation { passed }',
]

describe(`agency-plans: roadmap fields of other agencies' plans on ${testDbKind()}`, () => {
  let stack: TestStack
  let seeded: Seeded
  let approvedPlan: string
  let approvedRelease: string
  let draftPlan: string
  let draftRelease: string
  const ap = (who: Parameters<TestStack['as']>[1]) => stack.as('agencyPlans', who)

  beforeAll(async () => {
    stack = await startStack()
    seeded = await seedProgram(stack, strategyInput({ planApproval: singleAdminApproval }))
    approvedPlan = (await createPlan(stack, seeded, 'dohManager', 'DOH', 'DOH approved')).id
    approvedRelease = ok(await ap('dohManager')(ADD_RELEASE, { planId: approvedPlan, rev: 1, input: releaseInput() })).addRelease.id
    const sub = ok(await ap('dohManager')(SUBMIT, { id: approvedPlan, rev: 2 })).submitAgencyPlan
    ok(await ap('admin')(DECIDE, { id: sub.approvals[0].id, d: 'APPROVE' }))
    draftPlan = (await createPlan(stack, seeded, 'dohMember', 'DOH', 'DOH draft')).id
    draftRelease = ok(await ap('dohMember')(ADD_RELEASE, { planId: draftPlan, rev: 1, input: releaseInput({ name: 'Draft thing' }) })).addRelease.id
  })
  afterAll(async () => stack?.close())

  it("reads another agency's APPROVED plan with its roadmap fields", async () => {
    for (const who of ['dolManager', 'dolMember'] as const) {
      const p = ok(await ap(who)(ROADMAP_PLAN, { id: approvedPlan })).agencyPlan
      expect(p).toMatchObject({
        id: approvedPlan,
        title: 'DOH approved',
        status: 'APPROVED',
        agency: { id: seeded.agencies.DOH },
        program: { id: seeded.programId },
        releases: [
          {
            id: approvedRelease,
            name: 'Licensing portal',
            version: '2.4.0',
            type: 'MINOR',
            status: 'PLANNED',
            currentTier: null,
            plan: { id: approvedPlan },
            cycle: { id: 'WA-DSP:2027-03-09' },
            dependencies: [],
            dependents: [],
            impactedAgencies: [],
          },
        ],
      })
      expect(p.releases[0].schedule.map((w: any) => w.tier)).toEqual(['DEV', 'TEST', 'PROD'])
    }
  })

  it('answers FORBIDDEN on every other field, while the rest of the response resolves', async () => {
    const dol = ap('dolManager')
    for (const f of PLAN_FIELDS) {
      const body = await dol(`query($id: ID!) { fine: agencyPlan(id: $id) { id title } guarded: agencyPlan(id: $id) { id ${f} } }`, { id: approvedPlan })
      const err = errorWith(body, 'FORBIDDEN')
      expect(err.path).toEqual(['guarded', f.split(' ')[0]])
      expect(body.data.fine).toEqual({ id: approvedPlan, title: 'DOH approved' })
    }
    for (const f of RELEASE_FIELDS) {
      const body = await dol(`query($id: ID!) { fine: release(id: $id) { id name } guarded: release(id: $id) { id ${f} } }`, { id: approvedRelease })
      const err = errorWith(body, 'FORBIDDEN')
      expect(err.path).toEqual(['guarded', f.split(' ')[0]])
      expect(body.data.fine).toEqual({ id: approvedRelease, name: 'Licensing portal' })
    }
    // nullable fields fail alone: the release itself still resolves
    const body = await dol(`query($id: ID!) { release(id: $id) { id name version summary rollback { strategy } postReleaseValidation { passed } } }`, {
      id: approvedRelease,
    })
    expect(body.data.release).toEqual({
      id: approvedRelease,
      name: 'Licensing portal',
      version: '2.4.0',
      summary: null,
      rollback: null,
      postReleaseValidation: null,
    })
    expect(body.errors!.map((e: any) => [e.extensions.code, e.path.join('.')])).toEqual([
      ['FORBIDDEN', 'release.summary'],
      ['FORBIDDEN', 'release.rollback'],
      ['FORBIDDEN', 'release.postReleaseValidation'],
    ])
    // the same through _entities
    const r = [
      { __typename: 'AgencyReleasePlan', id: approvedPlan },
      { __typename: 'Release', id: approvedRelease },
    ]
    const fine = ok(
      await dol(`query($r: [_Any!]!) { _entities(representations: $r) { ... on AgencyReleasePlan { id status } ... on Release { id version } } }`, { r }),
    )
    expect(fine._entities).toEqual([
      { id: approvedPlan, status: 'APPROVED' },
      { id: approvedRelease, version: '2.4.0' },
    ])
    const guarded = await dol(`query($r: [_Any!]!) { _entities(representations: $r) { ... on Release { id summary } } }`, { r: r.slice(1) })
    expect(errorWith(guarded, 'FORBIDDEN').path).toEqual(['_entities', 0, 'summary'])
    // the owner and the program office read everything
    for (const who of ['dohViewer', 'dohIntegration', 'viewer', 'integration'] as const) {
      const d = ok(
        await ap(who)(`query($id: ID!) { release(id: $id) { summary revision rollback { strategy } plan { revision updatedBy } } }`, { id: approvedRelease }),
      )
      expect(d.release).toMatchObject({
        summary: 'Online renewals',
        revision: 1,
        rollback: { strategy: 'REDEPLOY_PREVIOUS' },
        plan: { updatedBy: 'ada.admin' },
      })
    }
  })

  it("does not show another agency's DRAFT plan anywhere", async () => {
    const dol = ap('dolManager')
    const d = ok(await dol(`query($p: ID!, $r: ID!) { agencyPlan(id: $p) { id } release(id: $r) { id } }`, { p: draftPlan, r: draftRelease }))
    expect(d).toEqual({ agencyPlan: null, release: null })
    const lists = ok(
      await dol(
        `query($r: [_Any!]!) { _entities(representations: $r) { ... on Program { plans { id } } ... on Agency { plans { id } } ... on AgencyReleasePlan { id } ... on Release { id } } }`,
        {
          r: [
            { __typename: 'Program', id: seeded.programId },
            { __typename: 'Agency', id: seeded.agencies.DOH },
            { __typename: 'AgencyReleasePlan', id: draftPlan },
            { __typename: 'Release', id: draftRelease },
          ],
        },
      ),
    )._entities
    expect(lists).toEqual([{ plans: [{ id: approvedPlan }] }, { plans: [{ id: approvedPlan }] }, null, null])
    errorWith(
      await dol(`mutation($id: ID!) { updateAgencyPlan(id: $id, expectedRevision: 2, input: { title: "mine" }) { id } }`, { id: draftPlan }),
      'NOT_FOUND',
    )
    errorWith(await dol(SUBMIT, { id: draftPlan, rev: 2 }), 'NOT_FOUND')
    errorWith(await dol(UPDATE_RELEASE, { id: draftRelease, rev: 1, input: releaseInput() }), 'NOT_FOUND')
    errorWith(
      await dol(`mutation($id: ID!) { recordCheckpoint(releaseId: $id, input: { criterionKey: "uat-signoff", attested: true }) { met } }`, {
        id: draftRelease,
      }),
      'NOT_FOUND',
    )
    // but DOH's own viewer sees both
    const own = ok(
      await ap('dohViewer')(`query($id: ID!) { _entities(representations: [{ __typename: "Agency", id: $id }]) { ... on Agency { plans { id } } } }`, {
        id: seeded.agencies.DOH,
      }),
    )
    expect(own._entities[0].plans.map((p: any) => p.id).sort()).toEqual([approvedPlan, draftPlan].sort())
  })

  it('depends on readable releases only, and reports impact to those who may see it', async () => {
    const dolPlan = (await createPlan(stack, seeded, 'dolManager', 'DOL', 'DOL H1')).id
    const bad = releaseInput({
      name: 'DOL app',
      version: '1.0.0',
      dependencies: [{ releaseId: draftRelease }, { releaseId: approvedRelease, versionRange: '^2' }],
    })
    expect(fieldErrorPaths(await ap('dolManager')(ADD_RELEASE, { planId: dolPlan, rev: 1, input: bad }))).toEqual([
      'input.dependencies.0.releaseId',
      'input.dependencies.1.versionRange',
    ])
    const input = releaseInput({
      name: 'DOL app',
      version: '1.0.0',
      schedule: [
        { tier: 'DEV', start: '2027-02-15T17:00:00Z', end: '2027-02-19T01:00:00Z' },
        { tier: 'TEST', start: '2027-02-22T17:00:00Z', end: '2027-02-26T01:00:00Z' },
        { tier: 'PROD', start: '2027-03-09T20:00:00Z', end: '2027-03-09T21:00:00Z' },
      ],
      dependencies: [{ releaseId: approvedRelease }],
    })
    const dolRelease = ok(await ap('dolManager')(ADD_RELEASE, { planId: dolPlan, rev: 1, input })).addRelease.id
    const IMPACT = `query($id: ID!) { release(id: $id) { dependents { id } impactedAgencies { id } } }`
    // DOL's plan is a DRAFT: DOH does not see the dependent, the program office does
    expect(ok(await ap('dohManager')(IMPACT, { id: approvedRelease })).release).toEqual({ dependents: [], impactedAgencies: [] })
    expect(ok(await ap('viewer')(IMPACT, { id: approvedRelease })).release).toEqual({
      dependents: [{ id: dolRelease }],
      impactedAgencies: [{ id: seeded.agencies.DOL }],
    })
    expect(ok(await ap('dolManager')(IMPACT, { id: dolRelease })).release).toEqual({ dependents: [], impactedAgencies: [{ id: seeded.agencies.DOH }] })
    const al = ok(await ap('dolManager')(`query($id: ID!) { agencyPlan(id: $id) { alignment { aligned issues { code } } } }`, { id: dolPlan })).agencyPlan
      .alignment
    expect(al).toEqual({ aligned: true, issues: [] })
  })

  it('depends on shared components of the program, with their owners among the impacted agencies', async () => {
    const sso = ok(
      await stack.as('programStrategy', 'admin')(
        `mutation($p: ID!) { registerSharedComponent(programId: $p, input: { key: "sso", name: "SSO", ownerAgencyCode: "DOL", currentVersion: "3.2.0" }) { id } }`,
        {
          p: seeded.programId,
        },
      ),
    ).registerSharedComponent.id
    const plan = (await createPlan(stack, seeded, 'dohManager', 'DOH', 'DOH with SSO')).id
    const input = releaseInput({
      name: 'SSO login',
      version: '1.1.0',
      rollback: null,
      escalation: [{ level: 1, title: 'On-call', contact: 'oncall@doh.example.gov', responseMinutes: 10 }],
      dependencies: [{ sharedComponentId: sso, versionRange: '^3.2.0', note: 'OIDC logout' }],
    })
    const id = ok(await ap('dohManager')(ADD_RELEASE, { planId: plan, rev: 1, input })).addRelease.id
    const r = ok(
      await ap('dohManager')(
        `query($id: ID!) { release(id: $id) { dependencies { release { id } sharedComponent { id } versionRange note } impactedAgencies { id } escalation { title } } }`,
        { id },
      ),
    ).release
    expect(r).toEqual({
      dependencies: [{ release: null, sharedComponent: { id: sso }, versionRange: '^3.2.0', note: 'OIDC logout' }],
      impactedAgencies: [{ id: seeded.agencies.DOL }],
      escalation: [{ title: 'On-call' }], // its own, not the strategy's
    })
    // no rollback plan: nothing to rehearse
    errorWith(
      await ap('dohManager')(`mutation($id: ID!) { recordRollbackRehearsal(releaseId: $id, rehearsedAt: "2026-11-01T00:00:00Z") { id } }`, { id }),
      'FAILED_PRECONDITION',
    )
    // releases of a time window (an addition to the contract)
    const W = `query($id: ID!, $from: DateTime, $to: DateTime) { agencyPlan(id: $id) { releases(from: $from, to: $to) { id } } }`
    expect(ok(await ap('dohManager')(W, { id: plan, from: '2027-03-09T19:00:00Z', to: '2027-03-10T00:00:00Z' })).agencyPlan.releases).toEqual([{ id }])
    expect(ok(await ap('dohManager')(W, { id: plan, from: '2027-03-09T20:00:00Z' })).agencyPlan.releases).toEqual([])
    expect(ok(await ap('dohManager')(W, { id: plan, to: '2027-02-15T17:00:00Z' })).agencyPlan.releases).toEqual([])
  })

  it('hides the plan again once an edit returns it to DRAFT', async () => {
    const rev = ok(await ap('dohManager')(`query($id: ID!) { release(id: $id) { revision } }`, { id: approvedRelease })).release.revision
    const d = ok(await ap('dohManager')(UPDATE_RELEASE, { id: approvedRelease, rev, input: releaseInput({ summary: 'changed' }) })).updateRelease
    expect(d.plan.status).toBe('DRAFT')
    expect(ok(await ap('dolManager')(`query($id: ID!) { agencyPlan(id: $id) { id } }`, { id: approvedPlan })).agencyPlan).toBeNull()
  })
})
