import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { errorWith, fieldErrorPaths, ok, testDbKind } from '@railyard/test-kit'
import { startProgramStrategy } from './harness.ts'

const REGISTER = `mutation($input: RegisterAgencyInput!) { registerAgency(input: $input) { id code name } }`
const CREATE_PROGRAM = `mutation($input: CreateProgramInput!) { createProgram(input: $input) { id key name agencies { code } } }`
const SHARED = `mutation($programId: ID!, $input: SharedComponentInput!) { registerSharedComponent(programId: $programId, input: $input) { id key currentVersion owner { code } } }`

describe(`program-strategy foundation on ${testDbKind()}`, () => {
  let h: Awaited<ReturnType<typeof startProgramStrategy>>
  let programId: string
  beforeAll(async () => {
    h = await startProgramStrategy()
  })
  afterAll(async () => h?.close())

  it('registers agencies and creates a program of them', async () => {
    const admin = h.as('admin')
    for (const [code, name] of [
      ['DOH', 'Department of Health'],
      ['DOL', 'Department of Licensing'],
    ]) {
      const d = ok(await admin(REGISTER, { input: { code, name } }))
      expect(d.registerAgency).toMatchObject({ code, name })
    }
    const d = ok(await admin(CREATE_PROGRAM, { input: { key: 'wa-dsp', name: 'Digital Services', agencyCodes: ['DOH', 'DOL'] } }))
    expect(d.createProgram).toMatchObject({ key: 'WA-DSP', agencies: [{ code: 'DOH' }, { code: 'DOL' }] })
    programId = d.createProgram.id
  })

  it('reads programs and agencies by id, key and code, with nested joins', async () => {
    const d = ok(
      await h.as('dohMember')(
        `query($id: ID) { programs { key } program(id: $id) { key agencies { code programs { key } } } byKey: program(key: "WA-DSP") { id } agency(code: "dol") { name } agencies { code } }`,
        { id: programId },
      ),
    )
    expect(d.programs).toEqual([{ key: 'WA-DSP' }])
    expect(d.program.agencies).toEqual([
      { code: 'DOH', programs: [{ key: 'WA-DSP' }] },
      { code: 'DOL', programs: [{ key: 'WA-DSP' }] },
    ])
    expect(d.byKey.id).toBe(programId)
    expect(d.agency.name).toBe('Department of Licensing')
    expect(d.agencies.map((a: any) => a.code)).toEqual(['DOH', 'DOL'])
  })

  it('answers viewer from the verified token', async () => {
    const d = ok(await h.as('dohManager')(`{ viewer { subject displayName roles scopes agency { code } } }`))
    expect(d.viewer).toEqual({ subject: 'hana.doh', displayName: 'Hana (DOH manager)', roles: ['AGENCY_MANAGER'], scopes: [], agency: { code: 'DOH' } })
  })

  it('refuses requests without a valid token, _entities included', async () => {
    errorWith(await h.as(null)(`{ programs { id } }`), 'UNAUTHENTICATED')
    errorWith(await h.server.execute({ query: `{ programs { id } }`, token: 'not-a-jwt' }), 'UNAUTHENTICATED')
    errorWith(
      await h.as(null)(`query($r: [_Any!]!) { _entities(representations: $r) { ... on Program { key } } }`, { r: [{ __typename: 'Program', id: programId }] }),
      'UNAUTHENTICATED',
    )
    const forged = await (await import('@railyard/test-kit')).createTestAuth()
    errorWith(await h.server.execute({ query: `{ programs { id } }`, token: await forged.token('admin') }), 'UNAUTHENTICATED')
  })

  it('resolves _entities for a reader', async () => {
    const d = ok(
      await h.as('viewer')(`query($r: [_Any!]!) { _entities(representations: $r) { ... on Program { key } } }`, {
        r: [{ __typename: 'Program', id: programId }],
      }),
    )
    expect(d._entities).toEqual([{ key: 'WA-DSP' }])
  })

  it('lets only PROGRAM_ADMIN write, and writes nothing otherwise', async () => {
    errorWith(await h.as('dohManager')(REGISTER, { input: { code: 'DOX', name: 'X' } }), 'FORBIDDEN')
    errorWith(await h.as('viewer')(CREATE_PROGRAM, { input: { key: 'X1', name: 'X', agencyCodes: [] } }), 'FORBIDDEN')
    const d = ok(await h.as('admin')(`{ agencies { code } }`))
    expect(d.agencies.map((a: any) => a.code)).toEqual(['DOH', 'DOL'])
  })

  it('rejects bad input with field paths and writes nothing', async () => {
    expect(fieldErrorPaths(await h.as('admin')(CREATE_PROGRAM, { input: { key: 'P2', name: 'P2', agencyCodes: ['DOH', 'NOPE'] } }))).toEqual([
      'input.agencyCodes.1',
    ])
    expect(fieldErrorPaths(await h.as('admin')(REGISTER, { input: { code: '1', name: ' ' } }))).toEqual(['input.code', 'input.name'])
    expect(fieldErrorPaths(await h.as('admin')(SHARED, { programId, input: { key: 'sso', name: 'SSO', currentVersion: 'v1' } }))).toEqual([
      'input.currentVersion',
    ])
    const d = ok(await h.as('admin')(`{ programs { key } program(id: "${programId}") { sharedComponents { key } } }`))
    expect(d.programs).toEqual([{ key: 'WA-DSP' }])
    expect(d.program.sharedComponents).toEqual([])
    const audits = await h.db.selectFrom('auditLog').select(['action']).execute()
    expect(audits.map((a) => a.action).sort()).toEqual(['createProgram', 'registerAgency', 'registerAgency'])
  })

  it('refuses duplicate keys with CONFLICT', async () => {
    errorWith(await h.as('admin')(REGISTER, { input: { code: 'DOH', name: 'Again' } }), 'CONFLICT')
    errorWith(await h.as('admin')(CREATE_PROGRAM, { input: { key: 'WA-DSP', name: 'Again', agencyCodes: [] } }), 'CONFLICT')
  })

  it('registers shared components with an owner', async () => {
    const d = ok(await h.as('admin')(SHARED, { programId, input: { key: 'sso', name: 'Statewide SSO', ownerAgencyCode: 'DOL', currentVersion: '3.2.0' } }))
    expect(d.registerSharedComponent).toMatchObject({ key: 'sso', currentVersion: '3.2.0', owner: { code: 'DOL' } })
    errorWith(await h.as('admin')(SHARED, { programId: '00000000-0000-0000-0000-000000000000', input: { key: 'x', name: 'X' } }), 'NOT_FOUND')
  })
})
