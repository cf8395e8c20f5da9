import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type TestStack, errorWith, fieldErrorPaths, ok, startTestStack, testDbKind } from '@railyard/test-kit'
import { freezeOccurrences } from '@railyard/release-rules'
import type { Kysely } from 'kysely'
import type { Database } from '../src/server.ts'

const PUBLISH = `mutation($programId: ID!, $expectedVersion: Int!, $input: ReleaseStrategyInput!) {
  publishReleaseStrategy(programId: $programId, expectedVersion: $expectedVersion, input: $input) {
    version promotionPath enforcement { windowTiers readinessTiers }
    freezeWindows { id name start end timeZone recurrence tiers }
  }
}`
const OCCURRENCES = `query($id: ID!, $from: DateTime!, $to: DateTime!, $tier: String) {
  program(id: $id) { freezeOccurrences(from: $from, to: $to, tier: $tier) { start end window { id name tiers } } }
}`

const WEEKEND = {
  name: 'Weekend',
  start: '2027-01-08T17:00:00-08:00',
  end: '2027-01-11T08:00:00-08:00',
  timeZone: 'America/Los_Angeles',
  recurrence: 'FREQ=WEEKLY;BYDAY=FR',
  tiers: ['PROD'],
}
const YEAR_END = { name: 'Year-end', start: '2027-12-20T08:00:00Z', end: '2028-01-03T16:00:00Z', timeZone: 'America/Los_Angeles', tiers: [] }

function input(over: Record<string, unknown> = {}) {
  return {
    cadence: { rule: 'FREQ=MONTHLY;BYDAY=2TU', timeZone: 'America/Los_Angeles', startsOn: '2026-12-01', codeFreezeDaysBefore: 7 },
    promotionPath: ['DEV', 'TEST', 'PROD'],
    qualityGates: [],
    readinessCriteria: [],
    planApproval: { name: 'One step', steps: [{ name: 'Program office', approverRole: 'PROGRAM_ADMIN', minApprovals: 1, separationOfDuties: false }] },
    escalationPath: [],
    freezeWindows: [WEEKEND, YEAR_END],
    ...over,
  }
}

describe(`deploy enforcement and freeze occurrences on ${testDbKind()}`, () => {
  let stack: TestStack
  let db: Kysely<Database>
  let programId: string
  let version = 0
  const as = (who: Parameters<TestStack['as']>[1]) => stack.as('programStrategy', who)
  const strategyRows = async () =>
    Number(
      (
        await db
          .selectFrom('releaseStrategy')
          .select((eb) => eb.fn.countAll().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    )

  beforeAll(async () => {
    stack = await startTestStack({ programStrategy: await import('@railyard/program-strategy/server') })
    const handle = stack.dbs.programStrategy
    if (!handle) throw new Error('program-strategy has no test database')
    db = handle.db as Kysely<Database>
    const admin = as('admin')
    ok(await admin(`mutation { registerAgency(input: { code: "DOH", name: "Health" }) { id } }`))
    programId = ok(await admin(`mutation { createProgram(input: { key: "WA-DSP", name: "Digital Services", agencyCodes: ["DOH"] }) { id } }`)).createProgram.id
  })
  afterAll(async () => stack?.close())

  it('gives an empty list of occurrences before the first strategy', async () => {
    const d = ok(await as('dohViewer')(OCCURRENCES, { id: programId, from: '2027-01-01T00:00:00Z', to: '2027-02-01T00:00:00Z' }))
    expect(d.program.freezeOccurrences).toEqual([])
  })

  it('defaults the enforcement to the last tier for both when omitted', async () => {
    const d = ok(await as('admin')(PUBLISH, { programId, expectedVersion: version, input: input() }))
    version = d.publishReleaseStrategy.version
    expect(d.publishReleaseStrategy.enforcement).toEqual({ windowTiers: ['PROD'], readinessTiers: ['PROD'] })
  })

  it('stores the tiers given, in promotion-path order', async () => {
    const d = ok(
      await as('admin')(PUBLISH, {
        programId,
        expectedVersion: version,
        input: input({ enforcement: { windowTiers: [' PROD ', 'TEST'], readinessTiers: [] } }),
      }),
    )
    version = d.publishReleaseStrategy.version
    expect(d.publishReleaseStrategy.enforcement).toEqual({ windowTiers: ['TEST', 'PROD'], readinessTiers: [] })
    const latest = ok(
      await as('dohViewer')(`query($id: ID!) { program(id: $id) { strategy { version enforcement { windowTiers readinessTiers } } } }`, { id: programId }),
    )
    expect(latest.program.strategy).toEqual({ version, enforcement: { windowTiers: ['TEST', 'PROD'], readinessTiers: [] } })
  })

  it('reads a version stored without enforcement (published before v2) as the last tier for both', async () => {
    await db
      .updateTable('releaseStrategy')
      .set({ enforcement: null } as never)
      .where('version', '=', 1)
      .execute()
    const d = ok(
      await as('admin')(`query($id: ID!) { program(id: $id) { strategyVersion(version: 1) { enforcement { windowTiers readinessTiers } } } }`, {
        id: programId,
      }),
    )
    expect(d.program.strategyVersion.enforcement).toEqual({ windowTiers: ['PROD'], readinessTiers: ['PROD'] })
  })

  it('refuses unknown, blank and repeated tiers with their field paths and writes nothing', async () => {
    const before = await strategyRows()
    const body = await as('admin')(PUBLISH, {
      programId,
      expectedVersion: version,
      input: input({ enforcement: { windowTiers: ['UAT', 'PROD', 'PROD'], readinessTiers: [''] } }),
    })
    expect(fieldErrorPaths(body).sort()).toEqual(['input.enforcement.readinessTiers.0', 'input.enforcement.windowTiers.0', 'input.enforcement.windowTiers.2'])
    expect(await strategyRows()).toBe(before)
  })

  it('expands the latest strategy exactly as release-rules does, per tier', async () => {
    const from = '2027-03-01T00:00:00Z'
    const to = '2028-01-15T00:00:00Z'
    const windows = ok(
      await as('admin')(`query($id: ID!) { program(id: $id) { strategy { freezeWindows { id name start end timeZone recurrence tiers } } } }`, {
        id: programId,
      }),
    ).program.strategy.freezeWindows
    for (const tier of ['PROD', 'DEV', null]) {
      const d = ok(await as('dohViewer')(OCCURRENCES, { id: programId, from, to, tier }))
      const expected = freezeOccurrences(windows, from, to, tier).map((o) => ({ start: o.start, end: o.end, name: o.window.name }))
      expect(d.program.freezeOccurrences.map((o: any) => ({ start: o.start, end: o.end, name: o.window.name }))).toEqual(expected)
      expect(expected.length).toBeGreaterThan(0)
    }
    const dev = ok(await as('dohViewer')(OCCURRENCES, { id: programId, from, to, tier: 'DEV' })).program.freezeOccurrences
    expect(dev.map((o: any) => o.window.name)).toEqual(['Year-end'])
    // the weekend freeze stays Friday 17:00 → Monday 08:00 Los Angeles across the March DST change
    const prod = ok(await as('dohViewer')(OCCURRENCES, { id: programId, from: '2027-03-12T00:00:00Z', to: '2027-03-16T00:00:00Z', tier: 'PROD' }))
    expect(prod.program.freezeOccurrences.map((o: any) => [o.start, o.end])).toEqual([['2027-03-13T01:00:00.000Z', '2027-03-15T15:00:00.000Z']])
  })

  it('refuses an inverted or longer than 5 year range with BAD_USER_INPUT on to', async () => {
    for (const [from, to] of [
      ['2027-02-01T00:00:00Z', '2027-01-01T00:00:00Z'],
      ['2027-01-01T00:00:00Z', '2032-01-02T00:00:00Z'],
    ]) {
      expect(fieldErrorPaths(await as('admin')(OCCURRENCES, { id: programId, from, to }))).toEqual(['to'])
    }
  })

  it('is not readable without a reader token', async () => {
    errorWith(await as(null)(OCCURRENCES, { id: programId, from: '2027-01-01T00:00:00Z', to: '2027-02-01T00:00:00Z' }), 'UNAUTHENTICATED')
  })
})
