import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type ServiceModule, type TestStack, errorWith, ok, testDbKind } from '@railyard/test-kit'
import { BOOK, type Fixture, REPORT, APPROVE, inv, registerEnv, startInventoryStack } from './harness.ts'

/** The same flow as through the gateway, with the real agency-plans subgraph providing releases. */
const PUBLISH = `mutation($p: ID!, $input: ReleaseStrategyInput!) { publishReleaseStrategy(programId: $p, expectedVersion: 0, input: $input) { version } }`
const strategy = {
  cadence: { rule: 'FREQ=MONTHLY;BYDAY=2TU', timeZone: 'America/Los_Angeles', startsOn: '2027-01-01', codeFreezeDaysBefore: 7 },
  promotionPath: ['DEV', 'TEST', 'PROD'],
  qualityGates: [],
  readinessCriteria: [],
  planApproval: { name: 'Program office', steps: [{ name: 'Program office', approverRole: 'PROGRAM_ADMIN', minApprovals: 1, separationOfDuties: false }] },
  escalationPath: [{ level: 1, title: 'Release manager', contact: 'rm@example.gov', responseMinutes: 30 }],
  freezeWindows: [],
}
const windows = {
  DEV: { start: '2027-02-15T17:00:00.000Z', end: '2027-02-19T01:00:00.000Z' },
  TEST: { start: '2027-02-22T17:00:00.000Z', end: '2027-02-26T01:00:00.000Z' },
  PROD: { start: '2027-03-09T18:00:00.000Z', end: '2027-03-09T20:00:00.000Z' },
}
const releaseInput = (env: Record<string, string | undefined>) => ({
  name: 'Licensing portal',
  version: '2.4.0',
  type: 'MINOR',
  scope: [],
  artifacts: [],
  schedule: (['DEV', 'TEST', 'PROD'] as const).map((tier) => ({ tier, environmentId: env[tier] ?? null, ...windows[tier] })),
  steps: [],
  validations: [{ tier: 'PROD', description: 'Smoke test', owner: 'qa' }],
  roles: [
    { responsibility: 'RELEASE_MANAGER', person: 'Hana' },
    { responsibility: 'DEPLOYER', person: 'Ops' },
  ],
  requirements: [{ key: 'postgres.version', expected: '>=15 <16' }],
  dependencies: [],
  rollback: { strategy: 'REDEPLOY_PREVIOUS', triggers: ['errors'], steps: ['redeploy'], maxMinutes: 30 },
})
const READINESS = `query($r: [_Any!]!) { _entities(representations: $r) { ... on Release { id bookings { id } environmentReadiness { environment { key } tier ready blockers { code } } } } }`

describe(`environment-inventory with agency-plans on ${testDbKind()}`, () => {
  let stack: TestStack
  let fx: Fixture
  const env: Record<string, string> = {}
  let dohRelease: string
  let dolRelease: string

  const createRelease = async (who: 'dohManager' | 'dolManager', agency: 'DOH' | 'DOL', envs: Record<string, string>) => {
    const plans = stack.as('agencyPlans', who)
    const plan = ok(
      await plans(`mutation($input: CreateAgencyPlanInput!) { createAgencyPlan(input: $input) { id revision } }`, {
        input: { programId: fx.programId, agencyId: fx.agencyIds[agency], title: `${agency} H1 2027`, periodStart: '2027-01-01', periodEnd: '2027-06-30' },
      }),
    ).createAgencyPlan
    return ok(
      await plans(`mutation($p: ID!, $r: Int!, $input: ReleaseInput!) { addRelease(planId: $p, expectedRevision: $r, input: $input) { id } }`, {
        p: plan.id,
        r: plan.revision,
        input: releaseInput(envs),
      }),
    ).addRelease.id as string
  }

  /** What the gateway does for @requires: schedule and requirements from agency-plans, then _entities here. */
  const readiness = async (who: 'dohManager' | 'viewer', releaseId: string) => {
    const r = ok(await stack.as('agencyPlans', who)(`query($id: ID!) { release(id: $id) { id schedule { tier start end environment { id } } requirements { key expected } } }`, { id: releaseId })).release
    return ok(await inv(stack, who)(READINESS, { r: [{ __typename: 'Release', ...r }] }))._entities[0]
  }

  beforeAll(async () => {
    ;({ stack, fx } = await startInventoryStack({ agencyPlans: (await import('@railyard/agency-plans/server')) as unknown as ServiceModule }))
    ok(await stack.as('programStrategy', 'admin')(PUBLISH, { p: fx.programId, input: strategy }))
    for (const tier of ['DEV', 'TEST', 'PROD']) env[tier] = await registerEnv(stack, fx, `doh-${tier.toLowerCase()}`, tier, 'DOH')
    env.dolTest = await registerEnv(stack, fx, 'dol-test', 'TEST', 'DOL')
    dohRelease = await createRelease('dohManager', 'DOH', env)
    dolRelease = await createRelease('dolManager', 'DOL', { TEST: env.dolTest })
  })
  afterAll(async () => stack?.close())

  it('books environments for a real release, checking it exists, is visible and is of the agency', async () => {
    for (const tier of ['DEV', 'TEST', 'PROD'] as const) {
      ok(await inv(stack, 'dohManager')(BOOK, { input: { environmentId: env[tier], releaseId: dohRelease, ...windows[tier] } }))
    }
    // DOL's draft release is invisible to DOH: NOT_FOUND, like a missing one
    errorWith(await inv(stack, 'dohManager')(BOOK, { input: { environmentId: env.TEST, releaseId: dolRelease, start: '2027-04-01T00:00:00Z', end: '2027-04-02T00:00:00Z' } }), 'NOT_FOUND')
    errorWith(await inv(stack, 'dohManager')(BOOK, { input: { environmentId: env.TEST, releaseId: '00000000-0000-0000-0000-000000000000', start: '2027-04-01T00:00:00Z', end: '2027-04-02T00:00:00Z' } }), 'NOT_FOUND')
  })

  it('resolves readiness from the release schedule and requirements agency-plans provides', async () => {
    let r = await readiness('dohManager', dohRelease)
    expect(r.bookings).toHaveLength(3)
    expect(r.environmentReadiness.map((x: any) => [x.tier, x.environment.key, x.blockers.map((b: any) => b.code)])).toEqual([
      ['DEV', 'doh-dev', ['REQUIREMENT_UNMET']],
      ['TEST', 'doh-test', ['REQUIREMENT_UNMET']],
      ['PROD', 'doh-prod', ['REQUIREMENT_UNMET']],
    ])
    for (const tier of ['DEV', 'TEST', 'PROD']) {
      ok(await inv(stack, 'dohIntegration')(REPORT, { e: env[tier], items: [{ key: 'postgres.version', value: '15.8' }] }))
      ok(await inv(stack, 'dohManager')(APPROVE, { e: env[tier] }))
    }
    r = await readiness('viewer', dohRelease)
    expect(r.environmentReadiness.map((x: any) => x.ready)).toEqual([true, true, true])
  })
})
