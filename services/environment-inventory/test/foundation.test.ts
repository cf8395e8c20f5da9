import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type TestStack, errorWith, fieldErrorPaths, ok, testDbKind } from '@railyard/test-kit'
import { ENTITIES, type Fixture, REGISTER, countRows, inv, registerEnv, startInventoryStack } from './harness.ts'

const ENV = `query($id: ID, $key: String) { environment(id: $id, key: $key) { id key name tier url status agency { id } program { id } baseline { version } lastReport { id } drift { inSync items { key } } bookings { id } deployments { id } reports { id } } }`

describe(`environment-inventory foundation on ${testDbKind()}`, () => {
  let stack: TestStack
  let fx: Fixture
  const ids: Record<string, string> = {}
  beforeAll(async () => {
    ;({ stack, fx } = await startInventoryStack())
  })
  afterAll(async () => stack?.close())

  it('registers agency environments (their manager) and shared ones (PROGRAM_ADMIN)', async () => {
    const d = ok(
      await inv(stack, 'dohManager')(REGISTER, {
        input: { key: ' DOH-Test ', name: 'DOH test', tier: 'TEST', programId: fx.programId, agencyId: fx.agencyIds.DOH, url: 'https://doh-test.example.gov' },
      }),
    )
    expect(d.registerEnvironment).toMatchObject({
      key: 'doh-test',
      name: 'DOH test',
      tier: 'TEST',
      url: 'https://doh-test.example.gov',
      status: 'AVAILABLE',
      agency: { id: fx.agencyIds.DOH },
      program: { id: fx.programId },
    })
    ids['doh-test'] = d.registerEnvironment.id
    ids['dol-test'] = await registerEnv(stack, fx, 'dol-test', 'TEST', 'DOL')
    const s = ok(await inv(stack, 'admin')(REGISTER, { input: { key: 'shared-sso', name: 'Shared SSO', tier: 'TEST', programId: fx.programId } }))
    expect(s.registerEnvironment.agency).toBeNull()
    ids['shared-sso'] = s.registerEnvironment.id
    const audits = await stack.dbs
      .environmentInventory!.db.selectFrom('auditLog')
      .select(['action', 'actor', 'entityId'])
      .where('action', '=', 'registerEnvironment')
      .execute()
    expect(audits.map((a) => a.entityId).sort()).toEqual(Object.values(ids).sort())
    expect(audits.find((a) => a.entityId === ids['shared-sso'])?.actor).toBe('ada.admin')
  })

  it('reads an environment by id and by key, with empty state before any report', async () => {
    const d = ok(
      await inv(stack, 'dohMember')(
        `query($id: ID) { a: environment(id: $id) { key } b: environment(key: "DOH-TEST") { id } c: environment(key: "nope") { id } d: environment(id: "not-a-uuid") { id } }`,
        { id: ids['doh-test'] },
      ),
    )
    expect(d).toEqual({ a: { key: 'doh-test' }, b: { id: ids['doh-test'] }, c: null, d: null })
    const e = ok(await inv(stack, 'viewer')(ENV, { id: ids['doh-test'] }))
    expect(e.environment).toMatchObject({ baseline: null, lastReport: null, drift: { inSync: true, items: [] }, bookings: [], deployments: [], reports: [] })
  })

  it('lists environments of a program and of an agency through _entities, filtered by visibility', async () => {
    const reps = [
      { __typename: 'Program', id: fx.programId },
      { __typename: 'Agency', id: fx.agencyIds.DOH },
      { __typename: 'Agency', id: fx.agencyIds.DOL },
    ]
    const keys = async (who: Parameters<typeof inv>[1]) =>
      ok(await inv(stack, who)(ENTITIES, { r: reps }))._entities.map((e: any) => e.environments.map((x: any) => x.key))
    expect(await keys('viewer')).toEqual([['doh-test', 'dol-test', 'shared-sso'], ['doh-test'], ['dol-test']])
    expect(await keys('integration')).toEqual([['doh-test', 'dol-test', 'shared-sso'], ['doh-test'], ['dol-test']])
    expect(await keys('dohViewer')).toEqual([['doh-test', 'shared-sso'], ['doh-test'], []])
    expect(await keys('dohIntegration')).toEqual([['doh-test', 'shared-sso'], ['doh-test'], []])
    expect(await keys('dolMember')).toEqual([['dol-test', 'shared-sso'], [], ['dol-test']])
  })

  it("hides another agency's environments (null, absent, null entity) and shows shared ones to everyone", async () => {
    const q = `query($a: ID, $s: ID) { a: environment(id: $a) { key } b: environment(key: "dol-test") { key } s: environment(id: $s) { key } }`
    const d = ok(await inv(stack, 'dohManager')(q, { a: ids['dol-test'], s: ids['shared-sso'] }))
    expect(d).toEqual({ a: null, b: null, s: { key: 'shared-sso' } })
    const l = ok(await inv(stack, 'dolMember')(q, { a: ids['doh-test'], s: ids['shared-sso'] }))
    expect(l).toEqual({ a: null, b: { key: 'dol-test' }, s: { key: 'shared-sso' } })
    const e = ok(
      await inv(stack, 'dohViewer')(ENTITIES, {
        r: [
          { __typename: 'Environment', id: ids['dol-test'] },
          { __typename: 'Environment', id: ids['shared-sso'] },
        ],
      }),
    )
    expect(e._entities).toEqual([null, { __typename: 'Environment', id: ids['shared-sso'], key: 'shared-sso' }])
  })

  it('refuses requests without a valid token, _entities included, and non-readers', async () => {
    errorWith(await inv(stack, null)(`{ environment(key: "doh-test") { id } }`), 'UNAUTHENTICATED')
    errorWith(await inv(stack, null)(ENTITIES, { r: [{ __typename: 'Environment', id: ids['doh-test'] }] }), 'UNAUTHENTICATED')
    const token = await stack.auth.token({ sub: 'bot', roles: ['INTEGRATION'], agency: 'DOH', scopes: ['inventory:report'] })
    const r = await stack.servers.environmentInventory!.execute({ query: `{ environment(key: "doh-test") { id } }`, token })
    errorWith(r, 'FORBIDDEN')
  })

  it('lets only the owning manager (or PROGRAM_ADMIN for shared) register, writing nothing otherwise', async () => {
    const before = await countRows(stack, 'environment')
    const input = (over: Record<string, unknown>) => ({
      input: { key: 'x-env', name: 'X', tier: 'DEV', programId: fx.programId, agencyId: fx.agencyIds.DOH, ...over },
    })
    errorWith(await inv(stack, 'dohViewer')(REGISTER, input({})), 'FORBIDDEN')
    errorWith(await inv(stack, 'dohMember')(REGISTER, input({})), 'FORBIDDEN')
    errorWith(await inv(stack, 'dolManager')(REGISTER, input({})), 'FORBIDDEN')
    errorWith(await inv(stack, 'admin')(REGISTER, input({})), 'FORBIDDEN')
    errorWith(await inv(stack, 'dohManager')(REGISTER, input({ agencyId: null })), 'FORBIDDEN')
    errorWith(await inv(stack, 'dohIntegration')(REGISTER, input({})), 'FORBIDDEN')
    expect(await countRows(stack, 'environment')).toBe(before)
  })

  it('rejects bad input with every path, and a taken key with CONFLICT, writing nothing', async () => {
    const before = { env: await countRows(stack, 'environment'), audit: await countRows(stack, 'auditLog') }
    const bad = await inv(stack, 'dohManager')(REGISTER, {
      input: { key: 'Bad Key!', name: ' ', tier: '  ', programId: fx.programId, agencyId: fx.agencyIds.DOH, url: 'ftp://x' },
    })
    expect(fieldErrorPaths(bad)).toEqual(['input.key', 'input.name', 'input.tier', 'input.url'])
    expect(
      fieldErrorPaths(
        await inv(stack, 'dohManager')(REGISTER, {
          input: { key: 'doh-x', name: 'X', tier: 'DEV', programId: '00000000-0000-0000-0000-000000000000', agencyId: fx.agencyIds.DOH },
        }),
      ),
    ).toEqual(['input.programId'])
    expect(fieldErrorPaths(await inv(stack, 'admin')(REGISTER, { input: { key: 'doh-x', name: 'X', tier: 'DEV', programId: 'nope' } }))).toEqual([
      'input.programId',
    ])
    expect(
      fieldErrorPaths(
        await inv(stack, 'dohManager')(REGISTER, {
          input: { key: 'doh-x', name: 'X', tier: 'DEV', programId: fx.programId, agencyId: '00000000-0000-0000-0000-000000000000' },
        }),
      ),
    ).toEqual(['input.agencyId'])
    const taken = errorWith(
      await inv(stack, 'dolManager')(REGISTER, { input: { key: 'doh-test', name: 'again', tier: 'DEV', programId: fx.programId, agencyId: fx.agencyIds.DOL } }),
      'CONFLICT',
    )
    expect(taken.message).toContain('doh-test')
    expect(await countRows(stack, 'environment')).toBe(before.env)
    expect(await countRows(stack, 'auditLog')).toBe(before.audit)
  })

  it('sets the status (owner manager), refusing viewers and other agencies', async () => {
    const SET = `mutation($id: ID!, $s: EnvironmentStatus!) { setEnvironmentStatus(id: $id, status: $s) { key status } }`
    expect(ok(await inv(stack, 'dohManager')(SET, { id: ids['doh-test'], s: 'DEGRADED' })).setEnvironmentStatus).toEqual({
      key: 'doh-test',
      status: 'DEGRADED',
    })
    errorWith(await inv(stack, 'dohViewer')(SET, { id: ids['doh-test'], s: 'OFFLINE' }), 'FORBIDDEN')
    errorWith(await inv(stack, 'dohManager')(SET, { id: ids['shared-sso'], s: 'OFFLINE' }), 'FORBIDDEN')
    errorWith(await inv(stack, 'dolManager')(SET, { id: ids['doh-test'], s: 'OFFLINE' }), 'NOT_FOUND')
    errorWith(await inv(stack, 'dolManager')(SET, { id: '00000000-0000-0000-0000-000000000000', s: 'OFFLINE' }), 'NOT_FOUND')
    expect(ok(await inv(stack, 'admin')(SET, { id: ids['shared-sso'], s: 'OFFLINE' })).setEnvironmentStatus.status).toBe('OFFLINE')
    // an inventory integration may report the status of its agency's environments only
    expect(ok(await inv(stack, 'dohIntegration')(SET, { id: ids['doh-test'], s: 'AVAILABLE' })).setEnvironmentStatus.status).toBe('AVAILABLE')
    errorWith(await inv(stack, 'dohIntegration')(SET, { id: ids['dol-test'], s: 'OFFLINE' }), 'NOT_FOUND')
    ok(await inv(stack, 'dohManager')(SET, { id: ids['doh-test'], s: 'DEGRADED' }))
    const audits = await stack.dbs
      .environmentInventory!.db.selectFrom('auditLog')
      .select(['actor', 'before', 'after'])
      .where('action', '=', 'setEnvironmentStatus')
      .orderBy('at')
      .execute()
    expect(audits.map((a) => [a.actor, a.before.status, a.after.status])).toEqual([
      ['hana.doh', 'AVAILABLE', 'DEGRADED'],
      ['ada.admin', 'AVAILABLE', 'OFFLINE'],
      ['doh-cmdb', 'DEGRADED', 'AVAILABLE'],
      ['hana.doh', 'AVAILABLE', 'DEGRADED'],
    ])
    const d = ok(
      await inv(stack, 'viewer')(`query($a: ID, $b: ID) { a: environment(id: $a) { status } b: environment(id: $b) { status } }`, {
        a: ids['doh-test'],
        b: ids['shared-sso'],
      }),
    )
    expect(d).toEqual({ a: { status: 'DEGRADED' }, b: { status: 'OFFLINE' } })
  })
})
