import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type TestStack, errorWith, ok, testDbKind } from '@railyard/test-kit'
import { addRelease, createPlan, startPlanningStack } from './agency-plans-fixture.ts'
import { BOOK, type Fixture, REPORT, countRows, inv, registerEnv, startInventoryStack } from './harness.ts'

const APPROVE_SAFE = `mutation($e: ID!, $r: ID, $v: Int, $last: ID) {
  approveBaseline(environmentId: $e, reportId: $r, expectedBaselineVersion: $v, expectedLastReportId: $last) { version items { key value } }
}`
const LAST = `query($id: ID!) { environment(id: $id) { lastReport { id } baseline { version } } }`

describe(`write safety of approveBaseline (issue 8) on ${testDbKind()}`, () => {
  let stack: TestStack
  let fx: Fixture
  let env: string
  const last = async () => ok(await inv(stack, 'dohManager')(LAST, { id: env })).environment

  beforeAll(async () => {
    ;({ stack, fx } = await startInventoryStack())
    env = await registerEnv(stack, fx, 'doh-safe', 'TEST', 'DOH')
    ok(await inv(stack, 'dohIntegration')(REPORT, { e: env, items: [{ key: 'java', value: '21' }] }))
  })
  afterAll(async () => stack?.close())

  it('a stale expectedBaselineVersion is CONFLICT with the current version, and nothing is written', async () => {
    const seen = await last()
    expect(seen.baseline).toBeNull()
    // someone else approves first
    ok(await inv(stack, 'dohManager')(APPROVE_SAFE, { e: env, r: seen.lastReport.id, v: 0 }))
    const before = { baselines: await countRows(stack, 'configurationBaseline'), audit: await countRows(stack, 'auditLog') }
    const err = errorWith(await inv(stack, 'dohManager')(APPROVE_SAFE, { e: env, r: seen.lastReport.id, v: 0 }), 'CONFLICT')
    expect(err.extensions?.currentBaselineVersion).toBe(1)
    expect({ baselines: await countRows(stack, 'configurationBaseline'), audit: await countRows(stack, 'auditLog') }).toEqual(before)
    expect(ok(await inv(stack, 'dohManager')(APPROVE_SAFE, { e: env, r: seen.lastReport.id, v: 1 })).approveBaseline.version).toBe(2)
  })

  it('without reportId it approves the report the caller saw — a newer one is CONFLICT, never approved unseen', async () => {
    const seen = await last()
    // a new report arrives after the caller looked
    ok(await inv(stack, 'dohIntegration')(REPORT, { e: env, items: [{ key: 'java', value: '25' }] }))
    const newer = (await last()).lastReport.id
    expect(newer).not.toBe(seen.lastReport.id)
    const err = errorWith(await inv(stack, 'dohManager')(APPROVE_SAFE, { e: env, v: seen.baseline.version, last: seen.lastReport.id }), 'CONFLICT')
    expect(err.extensions?.currentLastReportId).toBe(newer)
    expect((await last()).baseline.version).toBe(seen.baseline.version)
    // having seen the newer report, the caller approves exactly it
    const d = ok(await inv(stack, 'dohManager')(APPROVE_SAFE, { e: env, v: seen.baseline.version, last: newer })).approveBaseline
    expect(d).toEqual({ version: seen.baseline.version + 1, items: [{ key: 'java', value: '25' }] })
  })

  it('naming a report approves exactly that report, even when a newer one exists', async () => {
    const seen = await last()
    ok(await inv(stack, 'dohIntegration')(REPORT, { e: env, items: [{ key: 'java', value: '26' }] }))
    const d = ok(await inv(stack, 'dohManager')(APPROVE_SAFE, { e: env, r: seen.lastReport.id, v: seen.baseline.version })).approveBaseline
    expect(d.items).toEqual([{ key: 'java', value: '25' }])
  })
})

const STATUS = `mutation($id: ID!, $s: EnvironmentStatus!, $rev: Int) { setEnvironmentStatus(id: $id, status: $s, expectedRevision: $rev) { status revision } }`

describe(`write safety of setEnvironmentStatus (issue 8) on ${testDbKind()}`, () => {
  let stack: TestStack
  let fx: Fixture
  let env: string
  const revision = async () => ok(await inv(stack, 'dohManager')(`query($id: ID!) { environment(id: $id) { revision status } }`, { id: env })).environment

  beforeAll(async () => {
    ;({ stack, fx } = await startInventoryStack())
    env = await registerEnv(stack, fx, 'doh-status', 'TEST', 'DOH')
  })
  afterAll(async () => stack?.close())

  it('every change bumps the revision; a stale expectedRevision is CONFLICT with the current one, nothing written', async () => {
    expect(await revision()).toEqual({ revision: 1, status: 'AVAILABLE' })
    expect(ok(await inv(stack, 'dohManager')(STATUS, { id: env, s: 'DEGRADED', rev: 1 })).setEnvironmentStatus).toEqual({ status: 'DEGRADED', revision: 2 })
    ok(await inv(stack, 'dohIntegration')(REPORT, { e: env, items: [{ key: 'java', value: '21' }] }))
    expect((await revision()).revision).toBe(3)
    const audits = await countRows(stack, 'auditLog')
    const err = errorWith(await inv(stack, 'dohManager')(STATUS, { id: env, s: 'OFFLINE', rev: 2 }), 'CONFLICT')
    expect(err.extensions?.currentRevision).toBe(3)
    expect(await revision()).toEqual({ revision: 3, status: 'DEGRADED' })
    expect(await countRows(stack, 'auditLog')).toBe(audits)
    expect(ok(await inv(stack, 'dohManager')(STATUS, { id: env, s: 'OFFLINE', rev: 3 })).setEnvironmentStatus).toEqual({ status: 'OFFLINE', revision: 4 })
    // without expectedRevision (an integration that only reports status): no check
    expect(ok(await inv(stack, 'dohIntegration')(STATUS, { id: env, s: 'AVAILABLE' })).setEnvironmentStatus.revision).toBe(5)
  })
})

const CANCEL_SAFE = `mutation($id: ID!, $rev: Int) { cancelBooking(id: $id, expectedRevision: $rev) }`
const BOOKING = `query($id: ID!) { environment(id: $id) { bookings { id revision } } }`

describe(`write safety of cancelBooking (issue 8) on ${testDbKind()}`, () => {
  let stack: TestStack
  let fx: Fixture
  let env: string
  let release: string
  const book = async (hour: number) =>
    ok(
      await inv(stack, 'dohManager')(BOOK, {
        input: { environmentId: env, releaseId: release, start: `2027-04-01T${hour}:00:00Z`, end: `2027-04-01T${hour + 1}:00:00Z` },
      }),
    ).bookEnvironment.id as string

  beforeAll(async () => {
    ;({ stack, fx } = await startPlanningStack())
    env = await registerEnv(stack, fx, 'doh-cancel', 'TEST', 'DOH')
    release = await addRelease(stack, await createPlan(stack, fx, 'DOH'), { version: '2.4.0' })
  })
  afterAll(async () => stack?.close())

  it('a booking carries its revision; a stale expectedRevision is CONFLICT with the current one, and nothing is removed', async () => {
    const id = await book(10)
    const seen = ok(await inv(stack, 'dohManager')(BOOKING, { id: env })).environment.bookings
    expect(seen).toEqual([{ id, revision: 1 }])
    const before = { bookings: await countRows(stack, 'environmentBooking'), audit: await countRows(stack, 'auditLog') }
    const err = errorWith(await inv(stack, 'dohManager')(CANCEL_SAFE, { id, rev: 2 }), 'CONFLICT')
    expect(err.extensions).toMatchObject({ expectedRevision: 2, currentRevision: 1 })
    expect({ bookings: await countRows(stack, 'environmentBooking'), audit: await countRows(stack, 'auditLog') }).toEqual(before)
    expect(ok(await inv(stack, 'dohManager')(CANCEL_SAFE, { id, rev: 1 })).cancelBooking).toBe(true)
    expect(await countRows(stack, 'environmentBooking')).toBe(before.bookings - 1)
    // cancelled meanwhile: NOT_FOUND, whatever revision the caller saw
    errorWith(await inv(stack, 'dohManager')(CANCEL_SAFE, { id, rev: 1 }), 'NOT_FOUND')
  })

  it('without expectedRevision there is no check (as before)', async () => {
    const id = await book(12)
    expect(ok(await inv(stack, 'dohManager')(CANCEL_SAFE, { id })).cancelBooking).toBe(true)
  })
})
