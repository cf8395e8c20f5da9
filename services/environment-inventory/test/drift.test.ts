import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type TestStack, errorWith, fieldErrorPaths, ok, testDbKind } from '@railyard/test-kit'
import { APPROVE, type Fixture, REPORT, countRows, inv, registerEnv, startInventoryStack } from './harness.ts'

const STATE = `query($id: ID!) { environment(id: $id) { baseline { version items { key value } approvedBy } lastReport { id items { key value } reportedBy } drift { inSync items { key expected actual kind } } reports { id } } }`

const initial = [
  { key: 'postgres.version', value: '15.8' },
  { key: 'tls.min_version', value: '1.2' },
  { key: 'java.runtime', value: '21' },
]

describe(`drift lifecycle on ${testDbKind()}`, () => {
  let stack: TestStack
  let fx: Fixture
  let dohTest: string
  let dolTest: string
  let shared: string
  beforeAll(async () => {
    ;({ stack, fx } = await startInventoryStack())
    dohTest = await registerEnv(stack, fx, 'doh-test', 'TEST', 'DOH')
    dolTest = await registerEnv(stack, fx, 'dol-test', 'TEST', 'DOL')
    shared = await registerEnv(stack, fx, 'shared-sso', 'TEST', null)
  })
  afterAll(async () => stack?.close())

  it('refuses to approve a baseline before any report (FAILED_PRECONDITION)', async () => {
    errorWith(await inv(stack, 'dohManager')(APPROVE, { e: dohTest }), 'FAILED_PRECONDITION')
    expect(await countRows(stack, 'configurationBaseline')).toBe(0)
  })

  it('reports a first state: everything UNEXPECTED while there is no baseline', async () => {
    const d = ok(await inv(stack, 'dohIntegration')(REPORT, { e: dohTest, items: initial }))
    expect(d.reportEnvironmentState.inSync).toBe(false)
    expect(d.reportEnvironmentState.items).toEqual([
      { key: 'java.runtime', expected: null, actual: '21', kind: 'UNEXPECTED' },
      { key: 'postgres.version', expected: null, actual: '15.8', kind: 'UNEXPECTED' },
      { key: 'tls.min_version', expected: null, actual: '1.2', kind: 'UNEXPECTED' },
    ])
  })

  it('approves the last report as baseline v1: in sync', async () => {
    const d = ok(await inv(stack, 'dohManager')(APPROVE, { e: dohTest, n: 'first scan' }))
    expect(d.approveBaseline).toMatchObject({ version: 1, approvedBy: 'hana.doh', note: 'first scan', release: null })
    expect(d.approveBaseline.items).toEqual(initial)
    const s = ok(await inv(stack, 'dohViewer')(STATE, { id: dohTest })).environment
    expect(s.drift).toEqual({ inSync: true, items: [] })
    expect(s.baseline.version).toBe(1)
    expect(s.lastReport.reportedBy).toBe('doh-cmdb')
  })

  it('reports one changed, one missing and one extra key: exactly those three drift items', async () => {
    const items = [
      { key: 'postgres.version', value: '15.9' },
      { key: 'java.runtime', value: '21' },
      { key: 'debug.enabled', value: 'true' },
    ]
    const d = ok(await inv(stack, 'dohIntegration')(REPORT, { e: dohTest, items }))
    const expected = {
      inSync: false,
      items: [
        { key: 'debug.enabled', expected: null, actual: 'true', kind: 'UNEXPECTED' },
        { key: 'postgres.version', expected: '15.8', actual: '15.9', kind: 'CHANGED' },
        { key: 'tls.min_version', expected: '1.2', actual: null, kind: 'MISSING' },
      ],
    }
    expect(d.reportEnvironmentState).toEqual(expected)
    const s = ok(await inv(stack, 'viewer')(STATE, { id: dohTest })).environment
    expect(s.drift).toEqual(expected)
    expect(s.lastReport.items).toEqual(items)
    expect(s.reports).toHaveLength(2)
    expect(s.reports[0].id).toBe(s.lastReport.id)
  })

  it('approving the drifted report makes it baseline v2: in sync again', async () => {
    const d = ok(await inv(stack, 'dohManager')(APPROVE, { e: dohTest, n: 'accept drift' }))
    expect(d.approveBaseline.version).toBe(2)
    const s = ok(await inv(stack, 'viewer')(STATE, { id: dohTest })).environment
    expect(s.drift).toEqual({ inSync: true, items: [] })
    expect(s.baseline.items.map((i: any) => i.key)).toEqual(['postgres.version', 'java.runtime', 'debug.enabled'])
  })

  it('approves an older report by id (history is kept) as v3', async () => {
    const s = ok(await inv(stack, 'viewer')(STATE, { id: dohTest })).environment
    const first = s.reports[1].id
    const d = ok(await inv(stack, 'dohManager')(APPROVE, { e: dohTest, r: first }))
    expect(d.approveBaseline).toMatchObject({ version: 3, items: initial })
    const after = ok(await inv(stack, 'viewer')(STATE, { id: dohTest })).environment
    expect(after.drift.items.map((i: any) => `${i.key}:${i.kind}`)).toEqual(['debug.enabled:UNEXPECTED', 'postgres.version:CHANGED', 'tls.min_version:MISSING'])
    const audits = await stack.dbs.environmentInventory!.db.selectFrom('auditLog').select('action').where('entityId', '=', dohTest).execute()
    expect(audits.map((a) => a.action).filter((a) => a === 'approveBaseline')).toHaveLength(3)
  })

  it('rejects empty and repeated keys with their paths, writing nothing', async () => {
    const before = { reports: await countRows(stack, 'environmentReport'), audit: await countRows(stack, 'auditLog') }
    const r = await inv(stack, 'dohIntegration')(REPORT, {
      e: dohTest,
      items: [
        { key: 'a', value: '1' },
        { key: ' ', value: '2' },
        { key: 'a', value: '3' },
        { key: 'b', value: '4' },
        { key: '', value: '5' },
        { key: 'a', value: '6' },
      ],
    })
    expect(fieldErrorPaths(r)).toEqual(['items.1.key', 'items.2.key', 'items.4.key', 'items.5.key'])
    expect(await countRows(stack, 'environmentReport')).toBe(before.reports)
    expect(await countRows(stack, 'auditLog')).toBe(before.audit)
  })

  it('refuses a report id of another environment (BAD_USER_INPUT)', async () => {
    ok(await inv(stack, 'dolManager')(REPORT, { e: dolTest, items: [{ key: 'k', value: 'v' }] }))
    const dol = ok(await inv(stack, 'dolManager')(STATE, { id: dolTest })).environment
    expect(fieldErrorPaths(await inv(stack, 'dohManager')(APPROVE, { e: dohTest, r: dol.lastReport.id }))).toEqual(['reportId'])
  })

  it("treats another agency's or an unknown environment as NOT_FOUND, and refuses non-writers", async () => {
    const before = { reports: await countRows(stack, 'environmentReport'), baselines: await countRows(stack, 'configurationBaseline') }
    const items = [{ key: 'k', value: 'v' }]
    const dohOnDol = errorWith(await inv(stack, 'dohIntegration')(REPORT, { e: dolTest, items }), 'NOT_FOUND')
    const missing = errorWith(await inv(stack, 'dohIntegration')(REPORT, { e: '00000000-0000-0000-0000-000000000000', items }), 'NOT_FOUND')
    // indistinguishable from a missing one
    expect(dohOnDol.message.replace(dolTest, 'X')).toBe(missing.message.replace('00000000-0000-0000-0000-000000000000', 'X'))
    errorWith(await inv(stack, 'dohIntegration')(REPORT, { e: 'not-an-id', items }), 'NOT_FOUND')
    errorWith(await inv(stack, 'dohManager')(APPROVE, { e: dolTest }), 'NOT_FOUND')
    // visible, but not theirs to write
    errorWith(await inv(stack, 'dohViewer')(REPORT, { e: dohTest, items }), 'FORBIDDEN')
    errorWith(await inv(stack, 'dohMember')(REPORT, { e: dohTest, items }), 'FORBIDDEN')
    errorWith(await inv(stack, 'dohViewer')(APPROVE, { e: dohTest }), 'FORBIDDEN')
    errorWith(await inv(stack, 'dohIntegration')(APPROVE, { e: dohTest }), 'FORBIDDEN')
    errorWith(await inv(stack, 'integration')(REPORT, { e: dohTest, items }), 'FORBIDDEN')
    errorWith(await inv(stack, 'dohIntegration')(REPORT, { e: shared, items }), 'FORBIDDEN')
    errorWith(await inv(stack, 'dohManager')(REPORT, { e: shared, items }), 'FORBIDDEN')
    expect(await countRows(stack, 'environmentReport')).toBe(before.reports)
    expect(await countRows(stack, 'configurationBaseline')).toBe(before.baselines)
  })

  it('lets a program-wide integration with inventory:report and PROGRAM_ADMIN report on shared environments', async () => {
    const token = await stack.auth.token({ sub: 'program-cmdb', roles: ['INTEGRATION'], scopes: ['inventory:report'] })
    const r = await stack.servers.environmentInventory!.execute({
      query: REPORT,
      variables: { e: shared, items: [{ key: 'sso.version', value: '4.2.0' }] },
      token,
    })
    expect(ok(r).reportEnvironmentState.items).toEqual([{ key: 'sso.version', expected: null, actual: '4.2.0', kind: 'UNEXPECTED' }])
    expect(ok(await inv(stack, 'admin')(APPROVE, { e: shared })).approveBaseline.version).toBe(1)
    const d = ok(await inv(stack, 'admin')(REPORT, { e: shared, items: [{ key: 'sso.version', value: '4.2.0' }] }))
    expect(d.reportEnvironmentState).toEqual({ inSync: true, items: [] })
  })

  it('serializes concurrent baseline approvals: distinct consecutive versions', async () => {
    const results = await Promise.all(Array.from({ length: 8 }, () => inv(stack, 'dohManager')(APPROVE, { e: dohTest })))
    const versions = results.map((r) => ok(r).approveBaseline.version).sort((a: number, b: number) => a - b)
    expect(versions).toEqual([4, 5, 6, 7, 8, 9, 10, 11])
  })
})
