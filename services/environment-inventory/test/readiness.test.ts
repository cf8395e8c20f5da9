import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type TestStack, errorWith, ok, testDbKind } from '@railyard/test-kit'
import { addFakeRelease, fakeAgencyPlans } from './fake-agency-plans.ts'
import { APPROVE, BOOK, type Fixture, REPORT, inv, registerEnv, startInventoryStack } from './harness.ts'

const READINESS = `query($r: [_Any!]!) { _entities(representations: $r) { ... on Release { id environmentReadiness { environment { key } tier ready blockers { code message } } } } }`
const CANCEL = `mutation($id: ID!) { cancelBooking(id: $id) }`
const SET = `mutation($id: ID!, $s: EnvironmentStatus!) { setEnvironmentStatus(id: $id, status: $s) { status } }`

const good = [
  { key: 'postgres.version', value: '15.8' },
  { key: 'java.runtime', value: '21' },
]
const windows = {
  DEV: { start: '2027-03-01T09:00:00.000Z', end: '2027-03-05T17:00:00.000Z' },
  TEST: { start: '2027-03-08T09:00:00.000Z', end: '2027-03-12T17:00:00.000Z' },
  PROD: { start: '2027-03-16T18:00:00.000Z', end: '2027-03-16T22:00:00.000Z' },
}

describe(`environment readiness of a release on ${testDbKind()}`, () => {
  let stack: TestStack
  let fx: Fixture
  const env: Record<'DEV' | 'TEST' | 'PROD' | 'shared', string> = {} as any
  let release: string
  let other: string
  const booking: Record<string, string> = {}
  let requirements = [
    { key: 'postgres.version', expected: '>=15 <16' },
    { key: 'java.runtime', expected: '21' },
  ]
  const representation = () => ({
    __typename: 'Release',
    id: release,
    schedule: [
      { tier: 'DEV', ...windows.DEV, environment: { id: env.DEV } },
      { tier: 'TEST', ...windows.TEST, environment: { id: env.TEST } },
      { tier: 'UAT', start: '2027-03-13T09:00:00.000Z', end: '2027-03-14T17:00:00.000Z', environment: null },
      { tier: 'PROD', ...windows.PROD, environment: { id: env.PROD } },
    ],
    requirements,
  })
  /** tier → blocker codes, as the given persona sees them. */
  const blockers = async (who: Parameters<typeof inv>[1] = 'dohViewer') => {
    const d = ok(await inv(stack, who)(READINESS, { r: [representation()] }))
    const out: Record<string, string[]> = {}
    for (const r of d._entities[0].environmentReadiness) {
      expect(r.ready).toBe(r.blockers.length === 0)
      out[r.tier] = r.blockers.map((b: any) => b.code)
    }
    return out
  }

  beforeAll(async () => {
    ;({ stack, fx } = await startInventoryStack({ agencyPlans: fakeAgencyPlans }))
    env.DEV = await registerEnv(stack, fx, 'doh-dev', 'DEV', 'DOH')
    env.TEST = await registerEnv(stack, fx, 'doh-test', 'TEST', 'DOH')
    env.PROD = await registerEnv(stack, fx, 'doh-prod', 'PROD', 'DOH')
    env.shared = await registerEnv(stack, fx, 'shared-sso', 'TEST', null)
    release = addFakeRelease(fx.agencyIds.DOH)
    other = addFakeRelease(fx.agencyIds.DOH)
  })
  afterAll(async () => stack?.close())

  it('before any report or booking: requirements cannot be checked and nothing is booked', async () => {
    const d = ok(await inv(stack, 'dohViewer')(READINESS, { r: [representation()] }))
    const r = d._entities[0].environmentReadiness
    expect(r.map((x: any) => [x.environment.key, x.tier, x.ready])).toEqual([
      ['doh-dev', 'DEV', false],
      ['doh-test', 'TEST', false],
      ['doh-prod', 'PROD', false],
    ])
    expect(r[0].blockers.map((b: any) => b.code)).toEqual(['REQUIREMENT_UNMET', 'REQUIREMENT_UNMET', 'NOT_BOOKED'])
    expect(r[0].blockers[0].message).toContain('postgres.version')
  })

  it('reported and baselined state that meets the requirements clears REQUIREMENT_UNMET', async () => {
    for (const tier of ['DEV', 'TEST', 'PROD'] as const) {
      ok(await inv(stack, 'dohIntegration')(REPORT, { e: env[tier], items: good }))
      ok(await inv(stack, 'dohManager')(APPROVE, { e: env[tier] }))
    }
    expect(await blockers()).toEqual({ DEV: ['NOT_BOOKED'], TEST: ['NOT_BOOKED'], PROD: ['NOT_BOOKED'] })
  })

  it('bookings covering every window clear NOT_BOOKED: ready everywhere', async () => {
    // TEST is covered by two adjacent bookings; a partial one is not enough
    const book = async (tier: 'DEV' | 'TEST' | 'PROD', start: string, end: string, rel = release) =>
      ok(await inv(stack, 'dohManager')(BOOK, { input: { environmentId: env[tier], releaseId: rel, start, end } })).bookEnvironment.id as string
    booking.DEV = await book('DEV', windows.DEV.start, windows.DEV.end)
    booking.TEST1 = await book('TEST', windows.TEST.start, '2027-03-10T12:00:00.000Z')
    expect((await blockers()).TEST).toEqual(['NOT_BOOKED'])
    booking.TEST2 = await book('TEST', '2027-03-10T12:00:00.000Z', windows.TEST.end)
    booking.PROD = await book('PROD', '2027-03-16T12:00:00.000Z', '2027-03-17T00:00:00.000Z')
    expect(await blockers()).toEqual({ DEV: [], TEST: [], PROD: [] })
  })

  it('DRIFT appears when the reported state leaves the baseline, and clears when it is approved', async () => {
    ok(await inv(stack, 'dohIntegration')(REPORT, { e: env.DEV, items: [...good, { key: 'debug.enabled', value: 'true' }] }))
    const d = ok(await inv(stack, 'dohViewer')(READINESS, { r: [representation()] }))._entities[0].environmentReadiness
    expect(d[0].blockers).toEqual([{ code: 'DRIFT', message: expect.stringContaining('debug.enabled unexpected') }])
    expect((await blockers()).TEST).toEqual([])
    ok(await inv(stack, 'dohManager')(APPROVE, { e: env.DEV }))
    expect((await blockers()).DEV).toEqual([])
  })

  it('REQUIREMENT_UNMET for a missing key or a value outside the semver range / exact value, cleared when met', async () => {
    ok(await inv(stack, 'dohIntegration')(REPORT, { e: env.TEST, items: [{ key: 'postgres.version', value: '16.1' }] }))
    ok(await inv(stack, 'dohManager')(APPROVE, { e: env.TEST }))
    expect((await blockers()).TEST).toEqual(['REQUIREMENT_UNMET', 'REQUIREMENT_UNMET'])
    ok(await inv(stack, 'dohIntegration')(REPORT, { e: env.TEST, items: [{ key: 'postgres.version', value: '15.10' }, { key: 'java.runtime', value: '17' }] }))
    ok(await inv(stack, 'dohManager')(APPROVE, { e: env.TEST }))
    const d = ok(await inv(stack, 'dohViewer')(READINESS, { r: [representation()] }))._entities[0].environmentReadiness
    expect(d[1].blockers).toEqual([{ code: 'REQUIREMENT_UNMET', message: expect.stringContaining('java.runtime = 17') }])
    // the requirement comes from the release (through @requires): relaxing it clears the blocker
    requirements = [
      { key: 'postgres.version', expected: '>=15 <16' },
      { key: 'java.runtime', expected: '>=17' },
    ]
    expect(await blockers()).toEqual({ DEV: [], TEST: [], PROD: [] })
  })

  it("BOOKING_CONFLICT when another release's booking overlaps the window, cleared when it is cancelled", async () => {
    expect(ok(await inv(stack, 'dohManager')(CANCEL, { id: booking.PROD })).cancelBooking).toBe(true)
    const theirs = ok(await inv(stack, 'dohManager')(BOOK, { input: { environmentId: env.PROD, releaseId: other, start: '2027-03-16T20:00:00Z', end: '2027-03-16T23:00:00Z' } }))
    const d = ok(await inv(stack, 'dohViewer')(READINESS, { r: [representation()] }))._entities[0].environmentReadiness
    expect(d[2].blockers.map((b: any) => b.code)).toEqual(['BOOKING_CONFLICT', 'NOT_BOOKED'])
    expect(d[2].blockers[0].message).toContain(other)
    ok(await inv(stack, 'dohManager')(CANCEL, { id: theirs.bookEnvironment.id }))
    ok(await inv(stack, 'dohManager')(BOOK, { input: { environmentId: env.PROD, releaseId: release, ...windows.PROD } }))
    expect((await blockers()).PROD).toEqual([])
  })

  it('ENVIRONMENT_OFFLINE while the environment is offline', async () => {
    ok(await inv(stack, 'dohManager')(SET, { id: env.PROD, s: 'OFFLINE' }))
    expect(await blockers()).toEqual({ DEV: [], TEST: [], PROD: ['ENVIRONMENT_OFFLINE'] })
    ok(await inv(stack, 'dohManager')(SET, { id: env.PROD, s: 'DEGRADED' }))
    expect((await blockers()).PROD).toEqual([])
  })

  it("leaves out windows on environments the viewer may not see; shared ones are shown to all", async () => {
    const rep = { ...representation(), schedule: [...representation().schedule, { tier: 'STAGE', start: '2027-03-15T09:00:00Z', end: '2027-03-15T17:00:00Z', environment: { id: env.shared } }] }
    const asDol = ok(await inv(stack, 'dolManager')(READINESS, { r: [rep] }))._entities[0].environmentReadiness
    expect(asDol.map((x: any) => x.environment.key)).toEqual(['shared-sso'])
    expect(asDol[0].blockers.map((b: any) => b.code)).toEqual(['REQUIREMENT_UNMET', 'REQUIREMENT_UNMET', 'NOT_BOOKED'])
    const asViewer = ok(await inv(stack, 'viewer')(READINESS, { r: [rep] }))._entities[0].environmentReadiness
    expect(asViewer.map((x: any) => x.environment.key)).toEqual(['doh-dev', 'doh-test', 'doh-prod', 'shared-sso'])
  })

  it('needs schedule and requirements in the representation, and a token', async () => {
    errorWith(await inv(stack, 'viewer')(READINESS, { r: [{ __typename: 'Release', id: release }] }), 'BAD_USER_INPUT')
    errorWith(await inv(stack, null)(READINESS, { r: [representation()] }), 'UNAUTHENTICATED')
  })
})
