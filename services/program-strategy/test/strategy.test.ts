import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type TestStack, errorWith, fieldErrorPaths, ok, startTestStack, testDbKind } from '@railyard/test-kit'
import type { Database } from '../src/server.ts'
import type { Kysely } from 'kysely'

const STRATEGY_FIELDS = `
  version publishedAt publishedBy notes
  cadence { rule timeZone startsOn codeFreezeDaysBefore }
  promotionPath
  qualityGates { id key name tier criteria { key description kind threshold evidenceRequired } }
  readinessCriteria { key description kind threshold evidenceRequired }
  planApproval { name steps { order name approverRole minApprovals separationOfDuties } }
  escalationPath { level title contact responseMinutes }
  freezeWindows { id name reason start end timeZone recurrence tiers }
`
const PUBLISH = `mutation($programId: ID!, $expectedVersion: Int!, $input: ReleaseStrategyInput!) {
  publishReleaseStrategy(programId: $programId, expectedVersion: $expectedVersion, input: $input) { ${STRATEGY_FIELDS} }
}`
const VERSIONS = `query($id: ID!) { program(id: $id) { strategy { version } strategyVersions { version publishedBy } } }`

/** A valid strategy input; tests derive invalid ones from it. */
function strategyInput(over: Record<string, unknown> = {}): any {
  return {
    notes: 'Monthly train',
    cadence: { rule: 'FREQ=MONTHLY;BYDAY=2TU', timeZone: 'America/Los_Angeles', startsOn: '2026-12-01', codeFreezeDaysBefore: 7 },
    promotionPath: ['DEV', 'TEST', 'UAT', 'PROD'],
    qualityGates: [
      {
        key: 'uat-entry',
        name: 'UAT entry',
        tier: 'UAT',
        criteria: [
          { key: 'tests', description: 'Regression suite passes', kind: 'ATTESTATION', evidenceRequired: true },
          { key: 'coverage', description: 'Line coverage', kind: 'METRIC_AT_LEAST', threshold: 80, evidenceRequired: false },
        ],
      },
      {
        key: 'prod-entry',
        name: 'PROD entry',
        tier: 'PROD',
        criteria: [{ key: 'sev1', description: 'Open severity-1 defects', kind: 'METRIC_AT_MOST', threshold: 0, evidenceRequired: false }],
      },
    ],
    readinessCriteria: [{ key: 'cab', description: 'CAB approved', kind: 'ATTESTATION', evidenceRequired: true }],
    planApproval: {
      name: 'Two-step approval',
      steps: [
        { name: 'Agency sign-off', approverRole: 'AGENCY_MANAGER', minApprovals: 1, separationOfDuties: true },
        { name: 'Program office', approverRole: 'PROGRAM_ADMIN', minApprovals: 2, separationOfDuties: false },
      ],
    },
    escalationPath: [
      { level: 1, title: 'Release manager', contact: 'rm@example.gov', responseMinutes: 15 },
      { level: 2, title: 'Program director', contact: 'pd@example.gov', responseMinutes: 60 },
    ],
    freezeWindows: [
      { name: 'Year-end', reason: 'Holidays', start: '2027-12-20T08:00:00Z', end: '2028-01-03T16:00:00Z', timeZone: 'America/Los_Angeles', tiers: [] },
      {
        name: 'Weekend',
        start: '2027-01-08T17:00:00-08:00',
        end: '2027-01-11T08:00:00-08:00',
        timeZone: 'America/Los_Angeles',
        recurrence: 'FREQ=WEEKLY;BYDAY=FR',
        tiers: ['PROD'],
      },
    ],
    ...over,
  }
}

/** The first version: a weekly cadence, so tests can tell which version cycles come from. */
const v1Input = () =>
  strategyInput({
    notes: null,
    cadence: { rule: 'FREQ=WEEKLY;BYDAY=TU', timeZone: 'UTC', startsOn: '2027-01-01', codeFreezeDaysBefore: 0 },
    promotionPath: ['DEV', 'PROD'],
    qualityGates: [],
    freezeWindows: [],
  })

describe(`release strategies on ${testDbKind()}`, () => {
  let stack: TestStack
  let db: Kysely<Database>
  let programId: string
  let v1: any
  let v2: any
  const as = (who: Parameters<TestStack['as']>[1]) => stack.as('programStrategy', who)
  const publishAs = (who: Parameters<TestStack['as']>[1], expectedVersion: number, input: unknown, id = programId) =>
    as(who)(PUBLISH, { programId: id, expectedVersion, input })
  const counts = async () => ({
    strategies: Number(
      (
        await db
          .selectFrom('releaseStrategy')
          .select((eb) => eb.fn.countAll().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    ),
    audits: Number(
      (
        await db
          .selectFrom('auditLog')
          .select((eb) => eb.fn.countAll().as('n'))
          .where('action', '=', 'publishReleaseStrategy')
          .executeTakeFirstOrThrow()
      ).n,
    ),
  })

  beforeAll(async () => {
    stack = await startTestStack({ programStrategy: await import('@railyard/program-strategy/server') })
    db = stack.dbs.programStrategy!.db as Kysely<Database>
    const admin = as('admin')
    for (const code of ['DOH', 'DOL']) ok(await admin(`mutation($c: String!) { registerAgency(input: { code: $c, name: $c }) { id } }`, { c: code }))
    const d = ok(await admin(`mutation { createProgram(input: { key: "WA-DSP", name: "Digital Services", agencyCodes: ["DOH", "DOL"] }) { id } }`))
    programId = d.createProgram.id
  })
  afterAll(async () => stack?.close())

  it('has no strategy, versions or cycles before the first publish', async () => {
    const d = ok(
      await as('dohViewer')(
        `query($id: ID!) { program(id: $id) { strategy { version } strategyVersions { version } strategyVersion(version: 1) { version } cycles(from: "2027-01-01", to: "2027-12-31") { id } } }`,
        { id: programId },
      ),
    )
    expect(d.program).toEqual({ strategy: null, strategyVersions: [], strategyVersion: null, cycles: [] })
  })

  it('refuses non-admins with FORBIDDEN and an unknown program with NOT_FOUND, writing nothing', async () => {
    for (const who of ['viewer', 'dohManager', 'dohMember', 'dohViewer', 'integration', 'dohIntegration'] as const) {
      errorWith(await publishAs(who, 0, strategyInput()), 'FORBIDDEN')
    }
    errorWith(await publishAs(null, 0, strategyInput()), 'UNAUTHENTICATED')
    errorWith(await publishAs('admin', 0, strategyInput(), '00000000-0000-0000-0000-000000000000'), 'NOT_FOUND')
    errorWith(await publishAs('admin', 0, strategyInput(), 'not-a-uuid'), 'NOT_FOUND')
    expect(await counts()).toEqual({ strategies: 0, audits: 0 })
  })

  it('publishes version 1 from expectedVersion 0, with publishedBy from the token', async () => {
    const d = ok(await publishAs('admin', 0, v1Input()))
    v1 = d.publishReleaseStrategy
    expect(v1).toMatchObject({
      version: 1,
      publishedBy: 'ada.admin',
      notes: null,
      cadence: { rule: 'FREQ=WEEKLY;BYDAY=TU', timeZone: 'UTC', startsOn: '2027-01-01', codeFreezeDaysBefore: 0 },
      promotionPath: ['DEV', 'PROD'],
      qualityGates: [],
      freezeWindows: [],
    })
    expect(Date.now() - Date.parse(v1.publishedAt)).toBeLessThan(60_000)
  })

  it('refuses a stale expectedVersion with CONFLICT and writes nothing', async () => {
    const before = await counts()
    const err = errorWith(await publishAs('admin2', 0, strategyInput()), 'CONFLICT')
    expect(err.extensions).toMatchObject({ expectedVersion: 0, currentVersion: 1 })
    errorWith(await publishAs('admin2', 2, strategyInput()), 'CONFLICT')
    expect(await counts()).toEqual(before)
    const d = ok(await as('admin')(VERSIONS, { id: programId }))
    expect(d.program.strategyVersions).toEqual([{ version: 1, publishedBy: 'ada.admin' }])
  })

  it('publishes version 2 with the whole framework stored as given, ids generated', async () => {
    const d = ok(await publishAs('admin2', 1, strategyInput()))
    v2 = d.publishReleaseStrategy
    expect(v2).toMatchObject({
      version: 2,
      publishedBy: 'alan.admin',
      notes: 'Monthly train',
      cadence: { rule: 'FREQ=MONTHLY;BYDAY=2TU', timeZone: 'America/Los_Angeles', startsOn: '2026-12-01', codeFreezeDaysBefore: 7 },
      promotionPath: ['DEV', 'TEST', 'UAT', 'PROD'],
      readinessCriteria: [{ key: 'cab', description: 'CAB approved', kind: 'ATTESTATION', threshold: null, evidenceRequired: true }],
      planApproval: {
        name: 'Two-step approval',
        steps: [
          { order: 1, name: 'Agency sign-off', approverRole: 'AGENCY_MANAGER', minApprovals: 1, separationOfDuties: true },
          { order: 2, name: 'Program office', approverRole: 'PROGRAM_ADMIN', minApprovals: 2, separationOfDuties: false },
        ],
      },
      escalationPath: [
        { level: 1, title: 'Release manager', contact: 'rm@example.gov', responseMinutes: 15 },
        { level: 2, title: 'Program director', contact: 'pd@example.gov', responseMinutes: 60 },
      ],
    })
    expect(v2.qualityGates.map((g: any) => [g.key, g.tier, g.criteria.map((c: any) => [c.key, c.kind, c.threshold])])).toEqual([
      [
        'uat-entry',
        'UAT',
        [
          ['tests', 'ATTESTATION', null],
          ['coverage', 'METRIC_AT_LEAST', 80],
        ],
      ],
      ['prod-entry', 'PROD', [['sev1', 'METRIC_AT_MOST', 0]]],
    ])
    expect(v2.freezeWindows).toEqual([
      {
        id: expect.any(String),
        name: 'Year-end',
        reason: 'Holidays',
        start: '2027-12-20T08:00:00.000Z',
        end: '2028-01-03T16:00:00.000Z',
        timeZone: 'America/Los_Angeles',
        recurrence: null,
        tiers: [],
      },
      {
        id: expect.any(String),
        name: 'Weekend',
        reason: null,
        start: '2027-01-09T01:00:00.000Z',
        end: '2027-01-11T16:00:00.000Z',
        timeZone: 'America/Los_Angeles',
        recurrence: 'FREQ=WEEKLY;BYDAY=FR',
        tiers: ['PROD'],
      },
    ])
    const ids = [...v2.qualityGates, ...v2.freezeWindows].map((x: any) => x.id)
    expect(new Set(ids).size).toBe(4)
  })

  it('reads the latest strategy, every version newest first, and any version by number', async () => {
    const d = ok(
      await as('dolMember')(
        `query($id: ID!) { program(id: $id) { strategy { ${STRATEGY_FIELDS} } strategyVersions { ${STRATEGY_FIELDS} } first: strategyVersion(version: 1) { ${STRATEGY_FIELDS} } second: strategyVersion(version: 2) { version } none: strategyVersion(version: 3) { version } } }`,
        { id: programId },
      ),
    )
    // immutable and stable: the stored versions read back exactly as published, generated ids included
    expect(d.program.strategy).toEqual(v2)
    expect(d.program.strategyVersions).toEqual([v2, v1])
    expect(d.program.first).toEqual(v1)
    expect(d.program.second).toEqual({ version: 2 })
    expect(d.program.none).toBeNull()
  })

  it('expands cycles of the latest cadence: second Tuesdays of 2027 in Los Angeles', async () => {
    const d = ok(
      await as('integration')(`query($id: ID!) { program(id: $id) { cycles(from: "2027-01-01", to: "2027-12-31") { id name codeFreeze releaseDate } } }`, {
        id: programId,
      }),
    )
    const dates = [
      '2027-01-12',
      '2027-02-09',
      '2027-03-09',
      '2027-04-13',
      '2027-05-11',
      '2027-06-08',
      '2027-07-13',
      '2027-08-10',
      '2027-09-14',
      '2027-10-12',
      '2027-11-09',
      '2027-12-14',
    ]
    expect(d.program.cycles).toHaveLength(12)
    expect(d.program.cycles.map((c: any) => c.releaseDate)).toEqual(dates)
    expect(d.program.cycles.map((c: any) => c.id)).toEqual(dates.map((r) => `WA-DSP:${r}`))
    expect(d.program.cycles[0]).toEqual({ id: 'WA-DSP:2027-01-12', name: expect.any(String), codeFreeze: '2027-01-05', releaseDate: '2027-01-12' })
    expect(d.program.cycles[1].codeFreeze).toBe('2027-02-02')
    expect(d.program.cycles[2].codeFreeze).toBe('2027-03-02')
    // bounds are inclusive
    const e = ok(await as('viewer')(`query($id: ID!) { program(id: $id) { cycles(from: "2027-03-09", to: "2027-04-13") { releaseDate } } }`, { id: programId }))
    expect(e.program.cycles).toEqual([{ releaseDate: '2027-03-09' }, { releaseDate: '2027-04-13' }])
  })

  it('refuses an inverted or too long cycle range with BAD_USER_INPUT', async () => {
    const q = `query($id: ID!, $from: Date!, $to: Date!) { program(id: $id) { cycles(from: $from, to: $to) { id } } }`
    expect(fieldErrorPaths(await as('viewer')(q, { id: programId, from: '2027-02-01', to: '2027-01-31' }))).toEqual(['to'])
    expect(fieldErrorPaths(await as('viewer')(q, { id: programId, from: '2027-01-01', to: '2032-01-02' }))).toEqual(['to'])
    const d = ok(await as('viewer')(q, { id: programId, from: '2027-01-01', to: '2032-01-01' }))
    expect(d.program.cycles).toHaveLength(60)
  })

  const badCases: [string, (i: any) => void, string[]][] = [
    ['cadence rule does not parse', (i) => (i.cadence.rule = 'FREQ=FORTNIGHTLY'), ['input.cadence.rule']],
    ['cadence time zone is not IANA', (i) => (i.cadence.timeZone = 'Pacific Time'), ['input.cadence.timeZone']],
    ['negative code freeze', (i) => (i.cadence.codeFreezeDaysBefore = -1), ['input.cadence.codeFreezeDaysBefore']],
    ['empty promotion path', (i) => ((i.promotionPath = []), (i.qualityGates = []), (i.freezeWindows = [])), ['input.promotionPath']],
    ['duplicate tier', (i) => (i.promotionPath = ['DEV', 'TEST', 'UAT', 'TEST', 'PROD']), ['input.promotionPath.3']],
    ['blank tier', (i) => (i.promotionPath = ['DEV', ' ', 'TEST', 'UAT', 'PROD']), ['input.promotionPath.1']],
    ['gate tier not in the path', (i) => (i.qualityGates[1].tier = 'STAGING'), ['input.qualityGates.1.tier']],
    ['duplicate gate key', (i) => (i.qualityGates[1].key = 'uat-entry'), ['input.qualityGates.1.key']],
    ['duplicate criterion key within a gate', (i) => (i.qualityGates[0].criteria[1].key = 'tests'), ['input.qualityGates.0.criteria.1.key']],
    ['duplicate readiness criterion key', (i) => i.readinessCriteria.push({ ...i.readinessCriteria[0] }), ['input.readinessCriteria.1.key']],
    ['metric criterion without threshold', (i) => delete i.qualityGates[0].criteria[1].threshold, ['input.qualityGates.0.criteria.1.threshold']],
    ['METRIC_AT_MOST readiness criterion without threshold', (i) => (i.readinessCriteria[0].kind = 'METRIC_AT_MOST'), ['input.readinessCriteria.0.threshold']],
    ['attestation with a threshold', (i) => (i.qualityGates[0].criteria[0].threshold = 1), ['input.qualityGates.0.criteria.0.threshold']],
    ['approval without steps', (i) => (i.planApproval.steps = []), ['input.planApproval.steps']],
    ['minApprovals 0', (i) => (i.planApproval.steps[1].minApprovals = 0), ['input.planApproval.steps.1.minApprovals']],
    ['duplicate escalation level', (i) => (i.escalationPath[1].level = 1), ['input.escalationPath.1.level']],
    ['descending escalation levels', (i) => (i.escalationPath = [...i.escalationPath].reverse()), ['input.escalationPath.1.level']],
    ['responseMinutes 0', (i) => (i.escalationPath[0].responseMinutes = 0), ['input.escalationPath.0.responseMinutes']],
    ['freeze window end before start', (i) => (i.freezeWindows[1].end = '2027-01-08T17:00:00-08:00'), ['input.freezeWindows.1.end']],
    ['freeze window time zone not IANA', (i) => (i.freezeWindows[0].timeZone = '+02:00'), ['input.freezeWindows.0.timeZone']],
    ['freeze recurrence does not parse', (i) => (i.freezeWindows[1].recurrence = 'DTSTART:20270101T000000Z'), ['input.freezeWindows.1.recurrence']],
    ['freeze tier not in the path', (i) => (i.freezeWindows[1].tiers = ['PROD', 'PRD']), ['input.freezeWindows.1.tiers.1']],
  ]

  it.each(badCases)('rejects %s with its field path and writes nothing', async (_name, spoil, paths) => {
    const before = await counts()
    const input = strategyInput()
    spoil(input)
    expect(fieldErrorPaths(await publishAs('admin', 2, input))).toEqual(paths)
    expect(await counts()).toEqual(before)
  })

  it('collects every problem of one input at once', async () => {
    const input = strategyInput()
    input.cadence.rule = 'nonsense'
    input.cadence.timeZone = 'Mars/Olympus'
    input.qualityGates[0].tier = 'QA'
    input.qualityGates[1].criteria[0].threshold = null
    input.planApproval.steps[0].minApprovals = 0
    input.escalationPath[1].responseMinutes = -5
    input.freezeWindows[0].end = input.freezeWindows[0].start
    const body = await publishAs('admin', 2, input)
    expect(fieldErrorPaths(body)).toEqual([
      'input.cadence.rule',
      'input.cadence.timeZone',
      'input.qualityGates.0.tier',
      'input.qualityGates.1.criteria.0.threshold',
      'input.planApproval.steps.0.minApprovals',
      'input.escalationPath.1.responseMinutes',
      'input.freezeWindows.0.end',
    ])
    const err = errorWith(body, 'BAD_USER_INPUT')
    expect(err.extensions!.fieldErrors.find((e: any) => e.path.join('.') === 'input.qualityGates.1.criteria.0.threshold').message).toBe(
      'threshold missing for a metric criterion',
    )
    expect(err.extensions!.fieldErrors.find((e: any) => e.path.join('.') === 'input.qualityGates.0.tier').message).toMatch(/unknown tier/)
    const d = ok(await as('admin')(VERSIONS, { id: programId }))
    expect(d.program.strategyVersions.map((s: any) => s.version)).toEqual([2, 1])
  })

  it('lets exactly one of 10 concurrent publishes on the same expectedVersion win', async () => {
    const results = await Promise.all(Array.from({ length: 10 }, (_, k) => publishAs(k % 2 ? 'admin' : 'admin2', 2, strategyInput({ notes: `attempt ${k}` }))))
    const winners = results.filter((r) => !r.errors)
    expect(winners).toHaveLength(1)
    expect(winners[0].data.publishReleaseStrategy.version).toBe(3)
    const losers = results.filter((r) => r.errors)
    expect(losers).toHaveLength(9)
    for (const r of losers) expect(errorWith(r, 'CONFLICT').extensions).toMatchObject({ expectedVersion: 2, currentVersion: 3 })
    const d = ok(await as('admin')(`query($id: ID!) { program(id: $id) { strategy { version notes } strategyVersions { version } } }`, { id: programId }))
    expect(d.program.strategy).toEqual({ version: 3, notes: winners[0].data.publishReleaseStrategy.notes })
    expect(d.program.strategyVersions.map((s: any) => s.version)).toEqual([3, 2, 1])
    expect(await counts()).toEqual({ strategies: 3, audits: 3 })
  })

  it('writes an audit record per published version, with the previous version as before', async () => {
    const rows = await db
      .selectFrom('auditLog')
      .select(['actor', 'action', 'entityType', 'entityId', 'before', 'after'])
      .where('action', '=', 'publishReleaseStrategy')
      .orderBy('at')
      .execute()
    const stored = await db.selectFrom('releaseStrategy').select(['id', 'version']).orderBy('version').execute()
    expect(rows.map((r: any) => [r.entityType, r.entityId, r.before?.version ?? null, r.after.version, r.after.programId])).toEqual([
      ['ReleaseStrategy', stored[0]!.id, null, 1, programId],
      ['ReleaseStrategy', stored[1]!.id, 1, 2, programId],
      ['ReleaseStrategy', stored[2]!.id, 2, 3, programId],
    ])
    expect(rows.slice(0, 2).map((r) => r.actor)).toEqual(['ada.admin', 'alan.admin'])
    expect((rows[1]!.after as any).promotionPath).toEqual(['DEV', 'TEST', 'UAT', 'PROD'])
  })

  it('applies the read rule to nested fields and _entities', async () => {
    const d = ok(
      await as('dohViewer')(
        `query($r: [_Any!]!) { _entities(representations: $r) { ... on Program { strategy { version } cycles(from: "2027-01-01", to: "2027-01-31") { id } } } }`,
        { r: [{ __typename: 'Program', id: programId }] },
      ),
    )
    expect(d._entities).toEqual([{ strategy: { version: 3 }, cycles: [{ id: 'WA-DSP:2027-01-12' }] }])
    // a token without any reading role reaches Program only through viewer → agency → programs
    const token = await stack.auth.token({ sub: 'bare-bot', name: 'Bare', roles: ['INTEGRATION'], agency: 'DOH', scopes: [] })
    const body = await stack.servers.programStrategy!.execute({ query: `{ viewer { agency { programs { key strategy { version } } } } }`, token })
    errorWith(body, 'FORBIDDEN')
    expect(JSON.stringify(body.data)).not.toContain('"version"')
    errorWith(
      await stack.servers.programStrategy!.execute({
        query: `query($r: [_Any!]!) { _entities(representations: $r) { ... on Program { strategy { version } } } }`,
        variables: { r: [{ __typename: 'Program', id: programId }] },
        token,
      }),
      'FORBIDDEN',
    )
  })
})
