import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type TestStack, errorWith, fieldErrorPaths, ok, testDbKind } from '@railyard/test-kit'
import { addRelease, approvePlan, createPlan, startPlanningStack } from './agency-plans-fixture.ts'
import { APPROVE, BOOK, type Fixture, REPORT, countRows, inv, registerEnv } from './harness.ts'

const CANCEL = `mutation($id: ID!) { cancelBooking(id: $id) }`
const DEPLOY = `mutation($input: RecordDeploymentInput!) { recordDeployment(input: $input) { id version outcome startedAt finishedAt deployedBy environment { key } release { id } } }`
const RELEASE = `query($r: [_Any!]!) { _entities(representations: $r) { ... on Release { id bookings { id environment { key } start end } deployments { version environment { key } } } } }`
const H = (h: number, day = 10) => `2027-03-${String(day).padStart(2, '0')}T${String(h).padStart(2, '0')}:00:00.000Z`

describe(`bookings and deployments on ${testDbKind()}`, () => {
  let stack: TestStack
  let fx: Fixture
  const env: Record<string, string> = {}
  const rel: Record<string, string> = {}
  const booking: Record<string, string> = {}
  beforeAll(async () => {
    ;({ stack, fx } = await startPlanningStack())
    env.doh = await registerEnv(stack, fx, 'doh-test', 'TEST', 'DOH')
    env.dol = await registerEnv(stack, fx, 'dol-test', 'TEST', 'DOL')
    env.shared = await registerEnv(stack, fx, 'shared-sso', 'TEST', null)
    env.race = await registerEnv(stack, fx, 'doh-race', 'TEST', 'DOH')
    // real releases: DOH's in a DRAFT plan (visible to DOH only), DOL's in an APPROVED plan (its roadmap fields visible to every reader)
    const dohPlan = await createPlan(stack, fx, 'DOH')
    rel.doh1 = await addRelease(stack, dohPlan, { version: '2.4.0' })
    rel.doh2 = await addRelease(stack, dohPlan, { name: 'Vital records', version: '1.2.0' })
    const dolPlan = await createPlan(stack, fx, 'DOL')
    rel.dol1 = await addRelease(stack, dolPlan, { name: 'Driver licensing', version: '3.1.0' })
    await approvePlan(stack, dolPlan)
    const dolDraft = await createPlan(stack, fx, 'DOL', 'DOL H1 2027 (draft)')
    rel.dolDraft = await addRelease(stack, dolDraft, { name: 'Vehicle titles', version: '0.9.0' })
  })
  afterAll(async () => stack?.close())

  it("books an environment of the manager's agency for one of its releases", async () => {
    const d = ok(
      await inv(stack, 'dohManager')(BOOK, {
        input: { environmentId: env.doh, releaseId: rel.doh1, start: '2027-03-10T10:00:00Z', end: '2027-03-10T12:00:00+00:00', purpose: ' TEST window ' },
      }),
    )
    expect(d.bookEnvironment).toMatchObject({ start: H(10), end: H(12), purpose: 'TEST window', release: { id: rel.doh1 }, environment: { key: 'doh-test' } })
    booking.first = d.bookEnvironment.id
    const audit = await stack.dbs.environmentInventory!.db.selectFrom('auditLog').selectAll().where('entityId', '=', booking.first).execute()
    expect(audit.map((a) => [a.action, a.actor])).toEqual([['bookEnvironment', 'hana.doh']])
  })

  it('rejects end <= start, and a release of another agency, with paths; nothing written', async () => {
    const before = { b: await countRows(stack, 'environmentBooking'), a: await countRows(stack, 'auditLog') }
    const book = (over: Record<string, unknown>) =>
      inv(stack, 'dohManager')(BOOK, { input: { environmentId: env.doh, releaseId: rel.doh1, start: H(14), end: H(16), ...over } })
    expect(fieldErrorPaths(await book({ end: H(14) }))).toEqual(['input.end'])
    expect(fieldErrorPaths(await book({ end: H(13) }))).toEqual(['input.end'])
    expect(fieldErrorPaths(await book({ releaseId: rel.dol1, end: H(13) }))).toEqual(['input.end', 'input.releaseId'])
    errorWith(await book({ releaseId: '00000000-0000-0000-0000-000000000000' }), 'NOT_FOUND')
    // a release in another agency's DRAFT plan is invisible to DOH: NOT_FOUND, like a missing one
    errorWith(await book({ releaseId: rel.dolDraft }), 'NOT_FOUND')
    errorWith(await book({ environmentId: '00000000-0000-0000-0000-000000000000' }), 'NOT_FOUND')
    expect(await countRows(stack, 'environmentBooking')).toBe(before.b)
    expect(await countRows(stack, 'auditLog')).toBe(before.a)
  })

  it('refuses viewers and members (FORBIDDEN) and other agencies (NOT_FOUND)', async () => {
    const input = { environmentId: env.doh, releaseId: rel.doh1, start: H(14), end: H(16) }
    errorWith(await inv(stack, 'dohViewer')(BOOK, { input }), 'FORBIDDEN')
    errorWith(await inv(stack, 'dohMember')(BOOK, { input }), 'FORBIDDEN')
    errorWith(await inv(stack, 'dohIntegration')(BOOK, { input }), 'FORBIDDEN')
    errorWith(await inv(stack, 'dolManager')(BOOK, { input: { ...input, releaseId: rel.dol1 } }), 'NOT_FOUND')
    errorWith(await inv(stack, 'admin')(BOOK, { input }), 'FORBIDDEN')
  })

  it('refuses an overlapping booking with CONFLICT and conflictingBookingIds; adjacent windows are fine', async () => {
    const r = await inv(stack, 'dohManager')(BOOK, { input: { environmentId: env.doh, releaseId: rel.doh2, start: H(11), end: H(13) } })
    const err = errorWith(r, 'CONFLICT')
    expect(err.extensions?.conflictingBookingIds).toEqual([booking.first])
    const adj = ok(await inv(stack, 'dohManager')(BOOK, { input: { environmentId: env.doh, releaseId: rel.doh2, start: H(12), end: H(14) } }))
    booking.adjacent = adj.bookEnvironment.id
    const both = errorWith(
      await inv(stack, 'dohManager')(BOOK, { input: { environmentId: env.doh, releaseId: rel.doh2, start: H(9), end: H(15) } }),
      'CONFLICT',
    )
    expect([...(both.extensions?.conflictingBookingIds as string[])].sort()).toEqual([booking.first, booking.adjacent].sort())
  })

  it('books shared environments: PROGRAM_ADMIN, or a manager of the release agency only', async () => {
    const d = ok(await inv(stack, 'dolManager')(BOOK, { input: { environmentId: env.shared, releaseId: rel.dol1, start: H(8), end: H(9) } }))
    booking.sharedDol = d.bookEnvironment.id
    errorWith(await inv(stack, 'dohManager')(BOOK, { input: { environmentId: env.shared, releaseId: rel.dol1, start: H(10), end: H(11) } }), 'FORBIDDEN')
    errorWith(await inv(stack, 'dohMember')(BOOK, { input: { environmentId: env.shared, releaseId: rel.doh1, start: H(10), end: H(11) } }), 'FORBIDDEN')
    const a = ok(await inv(stack, 'admin')(BOOK, { input: { environmentId: env.shared, releaseId: rel.doh1, start: H(10), end: H(11) } }))
    booking.sharedDoh = a.bookEnvironment.id
    // the DOH manager may not cancel DOL's booking of the shared environment, the DOL manager may not cancel DOH's
    errorWith(await inv(stack, 'dohManager')(CANCEL, { id: booking.sharedDol }), 'FORBIDDEN')
    errorWith(await inv(stack, 'dolManager')(CANCEL, { id: booking.sharedDoh }), 'FORBIDDEN')
  })

  it('lists bookings of an environment (optionally in a window) and of a release, by visibility', async () => {
    const q = `query($id: ID!, $from: DateTime, $to: DateTime) { environment(id: $id) { all: bookings { id } some: bookings(from: $from, to: $to) { id } after: bookings(from: $to) { id } } }`
    const d = ok(await inv(stack, 'dohViewer')(q, { id: env.doh, from: H(11), to: H(12) }))
    expect(d.environment.all.map((b: any) => b.id)).toEqual([booking.first, booking.adjacent])
    expect(d.environment.some.map((b: any) => b.id)).toEqual([booking.first])
    expect(d.environment.after.map((b: any) => b.id)).toEqual([booking.adjacent])
    const reps = [
      { __typename: 'Release', id: rel.doh1 },
      { __typename: 'Release', id: rel.dol1 },
    ]
    const asDoh = ok(await inv(stack, 'dohViewer')(RELEASE, { r: reps }))._entities
    expect(asDoh[0].bookings.map((b: any) => b.environment.key).sort()).toEqual(['doh-test', 'shared-sso'])
    expect(asDoh[1].bookings.map((b: any) => b.environment.key)).toEqual(['shared-sso'])
    const asDol = ok(await inv(stack, 'dolMember')(RELEASE, { r: reps }))._entities
    // DOH's release is in a DRAFT plan: invisible to DOL, so null like a missing release
    expect(asDol[0]).toBeNull()
    const asViewer = ok(await inv(stack, 'viewer')(RELEASE, { r: reps }))._entities
    expect(asViewer[0].bookings).toHaveLength(2)
  })

  it('50 concurrent overlapping bookings of one environment and window: exactly one is made', async () => {
    const results = await Promise.all(
      Array.from({ length: 50 }, (_, i) =>
        inv(stack, 'dohManager')(BOOK, {
          input: { environmentId: env.race, releaseId: i % 2 ? rel.doh1 : rel.doh2, start: H(9, 20), end: H(17, 20), purpose: `try ${i}` },
        }),
      ),
    )
    const made = results.filter((r) => !r.errors)
    expect(made).toHaveLength(1)
    const winner = made[0].data.bookEnvironment.id
    for (const r of results.filter((x) => x.errors)) {
      expect(errorWith(r, 'CONFLICT').extensions?.conflictingBookingIds).toEqual([winner])
    }
    const rows = await stack.dbs.environmentInventory!.db.selectFrom('environmentBooking').select('id').where('environmentId', '=', env.race).execute()
    expect(rows.map((r) => r.id)).toEqual([winner])
  })

  it('cancels a booking (owner manager), refusing viewers and other agencies', async () => {
    errorWith(await inv(stack, 'dohViewer')(CANCEL, { id: booking.adjacent }), 'FORBIDDEN')
    errorWith(await inv(stack, 'dolManager')(CANCEL, { id: booking.adjacent }), 'NOT_FOUND')
    errorWith(await inv(stack, 'dohManager')(CANCEL, { id: 'nope' }), 'NOT_FOUND')
    expect(ok(await inv(stack, 'dohManager')(CANCEL, { id: booking.adjacent })).cancelBooking).toBe(true)
    errorWith(await inv(stack, 'dohManager')(CANCEL, { id: booking.adjacent }), 'NOT_FOUND')
    expect(ok(await inv(stack, 'dolManager')(CANCEL, { id: booking.sharedDol })).cancelBooking).toBe(true)
    const d = ok(await inv(stack, 'viewer')(`query($id: ID!) { environment(id: $id) { bookings { id } } }`, { id: env.doh }))
    expect(d.environment.bookings.map((b: any) => b.id)).toEqual([booking.first])
    const audits = await stack.dbs.environmentInventory!.db.selectFrom('auditLog').select('action').where('action', '=', 'cancelBooking').execute()
    expect(audits).toHaveLength(2)
  })

  it('records deployments (deployments:write integration of the agency, or manager), newest first', async () => {
    const deploy = (who: Parameters<typeof inv>[1], over: Record<string, unknown> = {}) =>
      inv(stack, who)(DEPLOY, {
        input: { environmentId: env.doh, releaseId: rel.doh1, version: '2.4.0', outcome: 'SUCCEEDED', startedAt: H(10, 11), finishedAt: H(11, 11), ...over },
      })
    const d = ok(await deploy('dohIntegration'))
    expect(d.recordDeployment).toMatchObject({
      version: '2.4.0',
      outcome: 'SUCCEEDED',
      deployedBy: 'doh-cmdb',
      environment: { key: 'doh-test' },
      release: { id: rel.doh1 },
    })
    ok(await deploy('dohManager', { version: '2.4.1', startedAt: H(10, 12), finishedAt: null, outcome: 'FAILED' }))
    ok(await deploy('dohManager', { version: '2.3.9', startedAt: H(10, 9), finishedAt: H(12, 9) }))
    const before = await countRows(stack, 'deployment')
    expect(fieldErrorPaths(await deploy('dohManager', { version: 'v2', finishedAt: H(9, 11) }))).toEqual(['input.version', 'input.finishedAt'])
    expect(fieldErrorPaths(await deploy('dohManager', { releaseId: rel.dol1 }))).toEqual(['input.releaseId'])
    errorWith(await deploy('dohIntegration', { environmentId: env.dol, releaseId: rel.dol1 }), 'NOT_FOUND')
    errorWith(await deploy('dohViewer'), 'FORBIDDEN')
    errorWith(await deploy('integration'), 'FORBIDDEN')
    errorWith(await deploy('dohManager', { releaseId: '00000000-0000-0000-0000-000000000000' }), 'NOT_FOUND')
    errorWith(await deploy('dohManager', { releaseId: rel.dolDraft }), 'NOT_FOUND')
    expect(await countRows(stack, 'deployment')).toBe(before)
    const l = ok(
      await inv(stack, 'dohViewer')(`query($id: ID!) { environment(id: $id) { deployments { version } last2: deployments(last: 2) { version } } }`, {
        id: env.doh,
      }),
    )
    expect(l.environment.deployments.map((x: any) => x.version)).toEqual(['2.4.1', '2.4.0', '2.3.9'])
    expect(l.environment.last2.map((x: any) => x.version)).toEqual(['2.4.1', '2.4.0'])
    const r = ok(await inv(stack, 'viewer')(RELEASE, { r: [{ __typename: 'Release', id: rel.doh1 }] }))
    expect(r._entities[0].deployments.map((x: any) => x.version)).toEqual(['2.4.1', '2.4.0', '2.3.9'])
    expect(ok(await inv(stack, 'dolMember')(RELEASE, { r: [{ __typename: 'Release', id: rel.doh1 }] }))._entities).toEqual([null])
    errorWith(await inv(stack, 'viewer')(`query($id: ID!) { environment(id: $id) { deployments(last: -1) { id } } }`, { id: env.doh }), 'BAD_USER_INPUT')
  })

  it('links a baseline to the release whose post-release state it records', async () => {
    ok(await inv(stack, 'dohIntegration')(REPORT, { e: env.doh, items: [{ key: 'app.version', value: '2.4.1' }] }))
    errorWith(await inv(stack, 'dohManager')(APPROVE, { e: env.doh, rel: '00000000-0000-0000-0000-000000000000' }), 'NOT_FOUND')
    expect(fieldErrorPaths(await inv(stack, 'dohManager')(APPROVE, { e: env.doh, rel: rel.dol1 }))).toEqual(['releaseId'])
    expect(await countRows(stack, 'configurationBaseline')).toBe(0)
    const d = ok(await inv(stack, 'dohManager')(APPROVE, { e: env.doh, rel: rel.doh1, n: 'post-release validation passed' }))
    expect(d.approveBaseline).toMatchObject({ version: 1, release: { id: rel.doh1 }, note: 'post-release validation passed' })
  })
})
