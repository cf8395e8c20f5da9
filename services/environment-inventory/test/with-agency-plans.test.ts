import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type TestStack, errorWith, ok, testDbKind } from '@railyard/test-kit'
import { WINDOWS as windows, addRelease, createPlan, releaseRepresentation, schedule, startPlanningStack } from './agency-plans-fixture.ts'
import { APPROVE, BOOK, type Fixture, REPORT, inv, registerEnv } from './harness.ts'

/** The same flow as through the gateway, with the real agency-plans subgraph providing releases. */
const READINESS = `query($r: [_Any!]!) { _entities(representations: $r) { ... on Release { id bookings { id } environmentReadiness { environment { key } tier ready blockers { code } } } } }`

describe(`environment-inventory with agency-plans on ${testDbKind()}`, () => {
  let stack: TestStack
  let fx: Fixture
  const env: Record<string, string> = {}
  let dohRelease: string
  let dolRelease: string

  /** What the gateway does for @requires: schedule and requirements from agency-plans (with the caller's token), then _entities here. */
  const readiness = async (who: 'dohManager' | 'viewer', releaseId: string) =>
    ok(await inv(stack, who)(READINESS, { r: [await releaseRepresentation(stack, releaseId, who)] }))._entities[0]

  beforeAll(async () => {
    ;({ stack, fx } = await startPlanningStack())
    for (const tier of ['DEV', 'TEST', 'PROD']) env[tier] = await registerEnv(stack, fx, `doh-${tier.toLowerCase()}`, tier, 'DOH')
    env.dolTest = await registerEnv(stack, fx, 'dol-test', 'TEST', 'DOL')
    dohRelease = await addRelease(stack, await createPlan(stack, fx, 'DOH'), { schedule: schedule({ DEV: env.DEV, TEST: env.TEST, PROD: env.PROD }) })
    dolRelease = await addRelease(stack, await createPlan(stack, fx, 'DOL'), { schedule: schedule({ TEST: env.dolTest }) })
  })
  afterAll(async () => stack?.close())

  it('books environments for a real release, checking it exists, is visible and is of the agency', async () => {
    for (const tier of ['DEV', 'TEST', 'PROD'] as const) {
      ok(await inv(stack, 'dohManager')(BOOK, { input: { environmentId: env[tier], releaseId: dohRelease, ...windows[tier] } }))
    }
    // DOL's draft release is invisible to DOH: NOT_FOUND, like a missing one
    errorWith(
      await inv(stack, 'dohManager')(BOOK, {
        input: { environmentId: env.TEST, releaseId: dolRelease, start: '2027-04-01T00:00:00Z', end: '2027-04-02T00:00:00Z' },
      }),
      'NOT_FOUND',
    )
    errorWith(
      await inv(stack, 'dohManager')(BOOK, {
        input: { environmentId: env.TEST, releaseId: '00000000-0000-0000-0000-000000000000', start: '2027-04-01T00:00:00Z', end: '2027-04-02T00:00:00Z' },
      }),
      'NOT_FOUND',
    )
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
