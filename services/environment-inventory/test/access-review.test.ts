import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type TestData, type TestStack, errorWith, ok, testDbKind } from '@railyard/test-kit'
import { addRelease, createPlan, releaseRepresentation, schedule, startPlanningStack } from './agency-plans-fixture.ts'
import { BOOK, type Fixture, REPORT, inv, registerEnv } from './harness.ts'

const RELEASE = `query($r: [_Any!]!) { _entities(representations: $r) { ... on Release { id bookings { id } deployments { id } } } }`
const READINESS = `query($r: [_Any!]!) { _entities(representations: $r) { ... on Release { id environmentReadiness { environment { key } ready } } } }`
const DEPLOY = `mutation($input: RecordDeploymentInput!) { recordDeployment(input: $input) { id } }`
const SET = (fields: string) => `mutation($id: ID!, $s: EnvironmentStatus!) { setEnvironmentStatus(id: $id, status: $s) { id key status ${fields} } }`
const ENV_INTERNALS = ['baseline { version }', 'lastReport { id }', 'drift { inSync }', 'bookings { id }', 'deployments { id }', 'reports { id }']
const MISSING = '00000000-0000-0000-0000-000000000000'

describe(`access review (environment-inventory) on ${testDbKind()}`, () => {
  let stack: TestStack
  let fx: Fixture
  let shared: string
  let doh: string
  let dohDraft: string
  beforeAll(async () => {
    ;({ stack, fx } = await startPlanningStack())
    shared = await registerEnv(stack, fx, 'shared-sso', 'TEST', null)
    doh = await registerEnv(stack, fx, 'doh-test', 'TEST', 'DOH')
    // a release in DOH's DRAFT plan: DOL may not see it at all
    const plan = await createPlan(stack, fx, 'DOH')
    dohDraft = await addRelease(stack, plan, { schedule: schedule({ TEST: shared }) })
    ok(await inv(stack, 'admin')(BOOK, { input: { environmentId: shared, releaseId: dohDraft, start: '2027-03-08T09:00:00Z', end: '2027-03-12T17:00:00Z' } }))
    ok(
      await inv(stack, 'admin')(DEPLOY, {
        input: { environmentId: shared, releaseId: dohDraft, version: '2.4.0', outcome: 'SUCCEEDED', startedAt: '2027-03-08T10:00:00Z' },
      }),
    )
    ok(await inv(stack, 'dohIntegration')(REPORT, { e: doh, items: [{ key: 'postgres.version', value: '15.8' }] }))
  })
  afterAll(async () => stack?.close())

  it('resolves a Release representation the caller may not see to null, like a missing release (_entities)', async () => {
    const reps = [
      { __typename: 'Release', id: dohDraft },
      { __typename: 'Release', id: MISSING },
    ]
    // DOH and program-wide readers see the release and its bookings/deployments on the shared environment
    const asDoh = ok(await inv(stack, 'dohViewer')(RELEASE, { r: reps }))._entities
    expect(asDoh[0].bookings).toHaveLength(1)
    expect(asDoh[0].deployments).toHaveLength(1)
    expect(ok(await inv(stack, 'viewer')(RELEASE, { r: reps }))._entities[0].bookings).toHaveLength(1)
    // DOL may not see DOH's draft release: indistinguishable from a release that does not exist
    const asDol = ok(await inv(stack, 'dolManager')(RELEASE, { r: reps }))._entities
    expect(asDol[0]).toBeNull()
    expect(asDol[1]).toBeNull()
    const rep = { ...(await releaseRepresentation(stack, dohDraft, 'viewer')) }
    expect(ok(await inv(stack, 'dolMember')(READINESS, { r: [rep] }))._entities).toEqual([null])
    expect(ok(await inv(stack, 'viewer')(READINESS, { r: [rep] }))._entities[0].environmentReadiness.map((r: any) => r.environment.key)).toEqual(['shared-sso'])
  })

  it('lets an integration without graph:read write what its scope allows but read nothing of the environment through the result', async () => {
    const token = await stack.auth.token({ sub: 'doh-reporter', name: 'DOH reporter', roles: ['INTEGRATION'], agency: 'DOH', scopes: ['inventory:report'] })
    const run = (query: string, variables: Record<string, unknown>) => stack.servers.environmentInventory!.execute<TestData>({ query, variables, token })
    // reading directly is refused
    errorWith(await run(`query($id: ID!) { environment(id: $id) { id } }`, { id: doh }), 'FORBIDDEN')
    // its write works, and its own result (the drift it reported) is readable
    expect((await run(REPORT, { e: doh, items: [{ key: 'postgres.version', value: '15.9' }] })).data.reportEnvironmentState.inSync).toBe(false)
    // but the environment's baseline, reports, bookings and deployments are not readable through a mutation result
    expect((await run(SET(''), { id: doh, s: 'AVAILABLE' })).data.setEnvironmentStatus).toMatchObject({ key: 'doh-test', status: 'AVAILABLE' })
    for (const field of ENV_INTERNALS) {
      const err = errorWith(await run(SET(field), { id: doh, s: 'AVAILABLE' }), 'FORBIDDEN')
      expect(err.path?.at(-1)).toBe(field.split(' ')[0])
    }
    // a reader still reads them all
    ok(await inv(stack, 'dohIntegration')(SET(ENV_INTERNALS.join(' ')), { id: doh, s: 'AVAILABLE' }))
  })
})
