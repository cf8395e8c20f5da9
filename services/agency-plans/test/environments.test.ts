import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type ServiceModule, type TestStack, fieldErrorPaths, ok, testDbKind } from '@railyard/test-kit'
import { ADD_RELEASE, type Seeded, createPlan, plansDb, releaseInput, seedProgram, startStack } from './fixtures.ts'

const REGISTER = `mutation($input: RegisterEnvironmentInput!) { registerEnvironment(input: $input) { id tier } }`

describe(`agency-plans: schedule environments checked with environment-inventory on ${testDbKind()}`, () => {
  let stack: TestStack
  let seeded: Seeded
  let planId: string
  const env: Record<string, string> = {}
  beforeAll(async () => {
    stack = await startStack({ environmentInventory: (await import('@railyard/environment-inventory/server')) as unknown as ServiceModule })
    seeded = await seedProgram(stack)
    for (const [who, key, tier, agency] of [
      ['dohManager', 'doh-test', 'TEST', 'DOH'],
      ['dohManager', 'doh-prod', 'PROD', 'DOH'],
      ['dolManager', 'dol-test', 'TEST', 'DOL'],
    ] as const) {
      env[key] = ok(
        await stack.as('environmentInventory', who)(REGISTER, {
          input: { key, name: key, tier, programId: seeded.programId, agencyId: seeded.agencies[agency] },
        }),
      ).registerEnvironment.id
    }
    planId = (await createPlan(stack, seeded, 'dohManager', 'DOH')).id
  })
  afterAll(async () => stack?.close())

  const schedule = (testEnv: string | null, prodEnv: string | null) => [
    { tier: 'DEV', start: '2027-02-15T17:00:00Z', end: '2027-02-19T01:00:00Z' },
    { tier: 'TEST', environmentId: testEnv, start: '2027-02-22T17:00:00Z', end: '2027-02-26T01:00:00Z' },
    { tier: 'PROD', environmentId: prodEnv, start: '2027-03-09T18:00:00Z', end: '2027-03-09T20:00:00Z' },
  ]

  it('stores windows on environments the caller may read, of the same tier', async () => {
    const d = ok(
      await stack.as('agencyPlans', 'dohManager')(ADD_RELEASE, {
        planId,
        rev: 1,
        input: releaseInput({ schedule: schedule(env['doh-test']!, env['doh-prod']!) }),
      }),
    )
    const r = ok(
      await stack.as('agencyPlans', 'dohViewer')(`query($id: ID!) { release(id: $id) { schedule { tier environment { id } } } }`, { id: d.addRelease.id }),
    ).release
    expect(r.schedule).toEqual([
      { tier: 'DEV', environment: null },
      { tier: 'TEST', environment: { id: env['doh-test'] } },
      { tier: 'PROD', environment: { id: env['doh-prod'] } },
    ])
    // what environment-inventory's @requires asks of the Release entity
    const rep = ok(
      await stack.as('agencyPlans', 'dohManager')(
        `query($r: [_Any!]!) { _entities(representations: $r) { ... on Release { schedule { tier start end environment { id } } requirements { key expected } } } }`,
        { r: [{ __typename: 'Release', id: d.addRelease.id }] },
      ),
    )._entities[0]
    expect(rep.schedule[1]).toEqual({ tier: 'TEST', start: '2027-02-22T17:00:00.000Z', end: '2027-02-26T01:00:00.000Z', environment: { id: env['doh-test'] } })
    expect(rep.requirements).toEqual([{ key: 'postgres', expected: '>=15 <16' }])
  })

  it('refuses unknown, unreadable and wrong-tier environments with their paths, writing nothing', async () => {
    const before = (await plansDb(stack).selectFrom('release').select('id').execute()).length
    const mgr = stack.as('agencyPlans', 'dohManager')
    const rev = (await plansDb(stack).selectFrom('plan').select('revision').where('id', '=', planId).executeTakeFirstOrThrow()).revision
    // another agency's environment is invisible to DOH: unknown
    expect(
      fieldErrorPaths(await mgr(ADD_RELEASE, { planId, rev, input: releaseInput({ version: '3.0.0', schedule: schedule(env['dol-test']!, null) }) })),
    ).toEqual(['input.schedule.1.environmentId'])
    expect(
      fieldErrorPaths(
        await mgr(ADD_RELEASE, {
          planId,
          rev,
          input: releaseInput({ version: '3.0.0', schedule: schedule('00000000-0000-0000-0000-00000000abcd', 'not-an-id') }),
        }),
      ),
    ).toEqual(['input.schedule.1.environmentId', 'input.schedule.2.environmentId'])
    // a PROD environment in the TEST window
    expect(
      fieldErrorPaths(
        await mgr(ADD_RELEASE, { planId, rev, input: releaseInput({ version: '3.0.0', schedule: schedule(env['doh-prod']!, env['doh-test']!) }) }),
      ),
    ).toEqual(['input.schedule.1.environmentId', 'input.schedule.2.environmentId'])
    expect((await plansDb(stack).selectFrom('release').select('id').execute()).length).toBe(before)
  })
})
