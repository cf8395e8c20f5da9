import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type TestStack, errorWith, ok, testDbKind } from '@railyard/test-kit'
import {
  type Plan,
  WINDOWS as windows,
  addRelease,
  createPlan,
  releaseRepresentation,
  schedule,
  startPlanningStack,
  updateRelease,
} from './agency-plans-fixture.ts'
import { APPROVE, BOOK, type Fixture, REPORT, inv, registerEnv } from './harness.ts'

const READINESS = `query($r: [_Any!]!) { _entities(representations: $r) { ... on Release { id environmentReadiness { environment { key } tier ready blockers { code message } } } } }`
const CANCEL = `mutation($id: ID!) { cancelBooking(id: $id) }`
const SET = `mutation($id: ID!, $s: EnvironmentStatus!) { setEnvironmentStatus(id: $id, status: $s) { status } }`

const good = [
  { key: 'postgres.version', value: '15.8' },
  { key: 'java.runtime', value: '21' },
]

describe(`environment readiness of a release on ${testDbKind()}`, () => {
  let stack: TestStack
  let fx: Fixture
  const env: Record<'DEV' | 'TEST' | 'PROD' | 'shared', string> = {} as any
  let plan: Plan
  let release: string
  let other: string
  const booking: Record<string, string> = {}
  const strict = [
    { key: 'postgres.version', expected: '>=15 <16' },
    { key: 'java.runtime', expected: '21' },
  ]
  /** The release's windows: DEV, TEST and PROD on DOH's environments, UAT without an environment. */
  const releaseSchedule = () => schedule({ DEV: env.DEV, TEST: env.TEST, PROD: env.PROD })
  /**
   * What the gateway sends for @requires: the real release's schedule and requirements as
   * agency-plans returns them (read by a program viewer, so any persona can be tested with it).
   */
  const representation = () => releaseRepresentation(stack, release)
  /** tier → blocker codes, as the given persona sees them. */
  const blockers = async (who: Parameters<typeof inv>[1] = 'dohViewer') => {
    const d = ok(await inv(stack, who)(READINESS, { r: [await representation()] }))
    const out: Record<string, string[]> = {}
    for (const r of d._entities[0].environmentReadiness) {
      expect(r.ready).toBe(r.blockers.length === 0)
      out[r.tier] = r.blockers.map((b: any) => b.code)
    }
    return out
  }

  beforeAll(async () => {
    ;({ stack, fx } = await startPlanningStack())
    env.DEV = await registerEnv(stack, fx, 'doh-dev', 'DEV', 'DOH')
    env.TEST = await registerEnv(stack, fx, 'doh-test', 'TEST', 'DOH')
    env.PROD = await registerEnv(stack, fx, 'doh-prod', 'PROD', 'DOH')
    env.shared = await registerEnv(stack, fx, 'shared-sso', 'UAT', null)
    plan = await createPlan(stack, fx, 'DOH')
    release = await addRelease(stack, plan, { schedule: releaseSchedule(), requirements: strict })
    other = await addRelease(stack, plan, { name: 'Vital records', version: '1.2.0' })
  })
  afterAll(async () => stack?.close())

  it('before any report or booking: requirements cannot be checked and nothing is booked', async () => {
    const rep = await representation()
    expect(rep.schedule.map((w) => [w.tier, w.environment?.id ?? null])).toEqual([
      ['DEV', env.DEV],
      ['TEST', env.TEST],
      ['UAT', null],
      ['PROD', env.PROD],
    ])
    expect(rep.requirements).toEqual(strict)
    // the UAT window names no environment: it has no readiness
    const d = ok(await inv(stack, 'dohViewer')(READINESS, { r: [rep] }))
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
    const d = ok(await inv(stack, 'dohViewer')(READINESS, { r: [await representation()] }))._entities[0].environmentReadiness
    expect(d[0].blockers).toEqual([{ code: 'DRIFT', message: expect.stringContaining('debug.enabled unexpected') }])
    expect((await blockers()).TEST).toEqual([])
    ok(await inv(stack, 'dohManager')(APPROVE, { e: env.DEV }))
    expect((await blockers()).DEV).toEqual([])
  })

  it('REQUIREMENT_UNMET for a missing key or a value outside the semver range / exact value, cleared when met', async () => {
    ok(await inv(stack, 'dohIntegration')(REPORT, { e: env.TEST, items: [{ key: 'postgres.version', value: '16.1' }] }))
    ok(await inv(stack, 'dohManager')(APPROVE, { e: env.TEST }))
    expect((await blockers()).TEST).toEqual(['REQUIREMENT_UNMET', 'REQUIREMENT_UNMET'])
    ok(
      await inv(stack, 'dohIntegration')(REPORT, {
        e: env.TEST,
        items: [
          { key: 'postgres.version', value: '15.10' },
          { key: 'java.runtime', value: '17' },
        ],
      }),
    )
    ok(await inv(stack, 'dohManager')(APPROVE, { e: env.TEST }))
    const d = ok(await inv(stack, 'dohViewer')(READINESS, { r: [await representation()] }))._entities[0].environmentReadiness
    expect(d[1].blockers).toEqual([{ code: 'REQUIREMENT_UNMET', message: expect.stringContaining('java.runtime = 17') }])
    // the requirement comes from the release (through @requires): relaxing it in agency-plans clears the blocker
    await updateRelease(stack, plan, release, {
      schedule: releaseSchedule(),
      requirements: [
        { key: 'postgres.version', expected: '>=15 <16' },
        { key: 'java.runtime', expected: '>=17' },
      ],
    })
    expect(await blockers()).toEqual({ DEV: [], TEST: [], PROD: [] })
  })

  it("BOOKING_CONFLICT when another release's booking overlaps the window, cleared when it is cancelled", async () => {
    expect(ok(await inv(stack, 'dohManager')(CANCEL, { id: booking.PROD })).cancelBooking).toBe(true)
    const theirs = ok(
      await inv(stack, 'dohManager')(BOOK, {
        input: { environmentId: env.PROD, releaseId: other, start: '2027-03-16T20:00:00Z', end: '2027-03-16T23:00:00Z' },
      }),
    )
    const d = ok(await inv(stack, 'dohViewer')(READINESS, { r: [await representation()] }))._entities[0].environmentReadiness
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

  it('leaves out windows on environments the viewer may not see; shared ones are shown to all', async () => {
    // the release's UAT window moves to the shared environment (an edit in agency-plans)
    await updateRelease(stack, plan, release, {
      schedule: schedule({ DEV: env.DEV, TEST: env.TEST, UAT: env.shared, PROD: env.PROD }),
      requirements: (await representation()).requirements,
    })
    // DOH's DRAFT plan is invisible to DOL: even with the representation the program viewer reads, the release is null (as if missing)
    const rep = await representation()
    expect(ok(await inv(stack, 'dolManager')(READINESS, { r: [rep] }))._entities).toEqual([null])
    // a representation that names an environment the caller may not see leaves that window out
    const dolEnv = await registerEnv(stack, fx, 'dol-uat', 'UAT', 'DOL')
    const forged = { ...rep, schedule: rep.schedule.map((w) => (w.tier === 'DEV' ? { ...w, environment: { id: dolEnv } } : w)) }
    const asDoh = ok(await inv(stack, 'dohViewer')(READINESS, { r: [forged] }))._entities[0].environmentReadiness
    expect(asDoh.map((x: any) => x.environment.key)).toEqual(['doh-test', 'shared-sso', 'doh-prod'])
    expect(asDoh[1].blockers.map((b: any) => b.code)).toEqual(['REQUIREMENT_UNMET', 'REQUIREMENT_UNMET', 'NOT_BOOKED'])
    const asViewer = ok(await inv(stack, 'viewer')(READINESS, { r: [rep] }))._entities[0].environmentReadiness
    expect(asViewer.map((x: any) => x.environment.key)).toEqual(['doh-dev', 'doh-test', 'shared-sso', 'doh-prod'])
  })

  it('needs schedule and requirements in the representation, and a token', async () => {
    errorWith(await inv(stack, 'viewer')(READINESS, { r: [{ __typename: 'Release', id: release }] }), 'BAD_USER_INPUT')
    errorWith(await inv(stack, null)(READINESS, { r: [await representation()] }), 'UNAUTHENTICATED')
  })
})
