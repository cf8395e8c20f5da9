import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type PersonaName, type TestStack, errorWith, fieldErrorPaths, ok, testDbKind } from '@railyard/test-kit'
import { type Seeded, plansDb, seedProgram, startStack } from './fixtures.ts'

const FIELDS = `id name parameters shared mine revision createdAt updatedAt program { id } viewerCan { update delete share }`
const LIST = `query($programId: ID!) { savedViews(programId: $programId) { ${FIELDS} } }`
const SAVE = `mutation($input: SaveViewInput!) { saveView(input: $input) { ${FIELDS} } }`
const UPDATE = `mutation($id: ID!, $rev: Int!, $input: UpdateViewInput!) { updateView(id: $id, expectedRevision: $rev, input: $input) { ${FIELDS} } }`
const DELETE = `mutation($id: ID!, $rev: Int!) { deleteView(id: $id, expectedRevision: $rev) }`
const MISSING = '00000000-0000-4000-8000-000000000000'

describe(`saved roadmap views (issue 12) on ${testDbKind()}`, () => {
  let stack: TestStack
  let seeded: Seeded
  const as = (who: PersonaName) => stack.as('agencyPlans', who)
  const list = async (who: PersonaName) => ok(await as(who)(LIST, { programId: seeded.programId })).savedViews as { id: string; name: string; mine: boolean }[]
  const ownNames = async (who: PersonaName) => (await list(who)).filter((x) => x.mine).map((x) => x.name)
  const save = (who: PersonaName, input: Record<string, unknown>) => as(who)(SAVE, { input: { programId: seeded.programId, ...input } })
  const auditOf = async (id: string) =>
    plansDb(stack)
      .selectFrom('auditLog')
      .select(['actor', 'action'])
      .where('entityType', '=', 'SavedView')
      .where('entityId', '=', id)
      .orderBy('at')
      .orderBy('id')
      .execute()
  const rows = async () => plansDb(stack).selectFrom('savedView').selectAll().orderBy('name').execute()

  beforeAll(async () => {
    stack = await startStack()
    seeded = await seedProgram(stack)
  })
  afterAll(async () => stack?.close())

  it('saves a private view with trimmed name and normalised parameters; only its owner lists it', async () => {
    const v = ok(await save('dohManager', { name: '  My DOH quarter  ', parameters: '?agency=DOH&from=2027-01-01&to=2027-03-31&zoom=week' })).saveView
    expect(v).toMatchObject({
      name: 'My DOH quarter',
      parameters: 'agency=DOH&from=2027-01-01&to=2027-03-31&zoom=week',
      shared: false,
      mine: true,
      revision: 1,
      program: { id: seeded.programId },
      viewerCan: { update: true, delete: true, share: false },
    })
    expect((await list('dohManager')).map((x) => x.name)).toEqual(['My DOH quarter'])
    for (const who of ['dohManager2', 'dolManager', 'admin', 'viewer'] as const) expect(await list(who), who).toEqual([])
    expect(await auditOf(v.id)).toEqual([{ actor: 'hana.doh', action: 'saveView' }])
  })

  it('a name the owner uses already (ignoring case) is a CONFLICT at input.name, nothing written; another person may use it', async () => {
    const before = await rows()
    const res = await save('dohManager', { name: 'my doh QUARTER', parameters: 'zoom=month' })
    const err = errorWith(res, 'CONFLICT')
    expect(err.extensions?.fieldErrors).toEqual([{ path: ['input', 'name'], message: expect.stringContaining('my doh QUARTER') }])
    expect(await rows()).toEqual(before)
    ok(await save('dohManager2', { name: 'My DOH quarter', parameters: 'zoom=month' }))
  })

  it('validates the whole input at once: name 1–80 characters, only roadmap parameters with valid values, a known program', async () => {
    const before = await rows()
    expect(fieldErrorPaths(await save('dohMember', { name: '   ', parameters: 'zoom=year&token=abc&from=tomorrow' }))).toEqual([
      'input.name',
      'input.parameters',
      'input.parameters',
      'input.parameters',
    ])
    expect(fieldErrorPaths(await save('dohMember', { name: 'x'.repeat(81), parameters: `q=${'a'.repeat(2001)}` }))).toEqual(['input.name', 'input.parameters'])
    expect(fieldErrorPaths(await save('dohMember', { name: 'twice', parameters: 'agency=DOH&agency=DOL' }))).toEqual(['input.parameters'])
    expect(fieldErrorPaths(await as('dohMember')(SAVE, { input: { programId: MISSING, name: 'nowhere', parameters: '' } }))).toEqual(['input.programId'])
    expect(fieldErrorPaths(await as('dohMember')(SAVE, { input: { programId: 'not-an-id', name: 'nowhere', parameters: '' } }))).toEqual(['input.programId'])
    // exactly at the limits is fine
    const v = ok(await save('dohMember', { name: 'n'.repeat(80), parameters: '' })).saveView
    expect(v).toMatchObject({ name: 'n'.repeat(80), parameters: '' })
    expect((await rows()).length).toBe(before.length + 1)
  })

  it('only program admins share; a shared view is listed for every reader of the program, with viewerCan false for others', async () => {
    errorWith(await save('dohManager', { name: 'For everyone', parameters: 'zoom=quarter', shared: true }), 'FORBIDDEN')
    errorWith(await save('viewer', { name: 'For everyone', parameters: 'zoom=quarter', shared: true }), 'FORBIDDEN')
    const shared = ok(await save('admin', { name: 'Program quarter', parameters: 'zoom=quarter&status=PLANNED,IN_PROGRESS', shared: true })).saveView
    expect(shared.viewerCan).toEqual({ update: true, delete: true, share: true })
    const priv = ok(await save('admin', { name: 'Admin scratch', parameters: 'zoom=week' })).saveView
    for (const who of ['dohViewer', 'dolMember', 'viewer', 'admin2', 'integration'] as const) {
      const views = ok(await as(who)(LIST, { programId: seeded.programId })).savedViews
      expect(
        views.filter((x: { id: string }) => x.id === shared.id || x.id === priv.id),
        who,
      ).toEqual([{ ...shared, mine: false, viewerCan: { update: false, delete: false, share: false } }])
    }
    expect((await list('admin')).map((x) => x.name)).toEqual(['Admin scratch', 'Program quarter'])
  })

  it('updates rename, change and share with the expected revision; a stale revision is a CONFLICT and changes nothing', async () => {
    const v = ok(await save('dolManager', { name: 'DOL', parameters: 'agency=DOL' })).saveView
    const renamed = ok(await as('dolManager')(UPDATE, { id: v.id, rev: 1, input: { name: 'DOL releases', parameters: 'agency=DOL&deps=0' } })).updateView
    expect(renamed).toMatchObject({ name: 'DOL releases', parameters: 'agency=DOL&deps=0', revision: 2, shared: false })
    const stale = await as('dolManager')(UPDATE, { id: v.id, rev: 1, input: { name: 'Lost update' } })
    errorWith(stale, 'CONFLICT')
    expect(await ownNames('dolManager')).toEqual(['DOL releases'])
    errorWith(await as('dolManager')(UPDATE, { id: v.id, rev: 2, input: { shared: true } }), 'FORBIDDEN')
    expect(fieldErrorPaths(await as('dolManager')(UPDATE, { id: v.id, rev: 2, input: { name: '', parameters: 'layers=x' } }))).toEqual([
      'input.name',
      'input.parameters',
    ])
    ok(await save('dolManager', { name: 'Other', parameters: '' }))
    const dup = errorWith(await as('dolManager')(UPDATE, { id: v.id, rev: 2, input: { name: 'OTHER' } }), 'CONFLICT')
    expect(dup.extensions?.fieldErrors).toEqual([{ path: ['input', 'name'], message: expect.any(String) }])

    const mine = ok(await save('admin', { name: 'To share', parameters: '' })).saveView
    const sharedNow = ok(await as('admin')(UPDATE, { id: mine.id, rev: 1, input: { shared: true } })).updateView
    expect(sharedNow).toMatchObject({ shared: true, revision: 2, name: 'To share' })
    expect((await list('dohMember')).map((x) => x.name)).toContain('To share')
    ok(await as('admin')(UPDATE, { id: mine.id, rev: 2, input: { shared: false } }))
    expect((await list('dohMember')).map((x) => x.name)).not.toContain('To share')
    expect((await auditOf(mine.id)).map((a) => a.action)).toEqual(['saveView', 'updateView', 'updateView'])
  })

  it("another person's private view is NOT_FOUND (as a missing one); another's shared view is FORBIDDEN; the owner deletes with the revision", async () => {
    const priv = ok(await save('dohManager', { name: 'Private', parameters: 'q=portal' })).saveView
    const shared = ok(await save('admin', { name: 'Shared to delete', parameters: '', shared: true })).saveView
    const missing = (await as('dohManager2')(DELETE, { id: MISSING, rev: 1 })).errors?.[0]
    const foreign = (await as('dohManager2')(DELETE, { id: priv.id, rev: 1 })).errors?.[0]
    expect(missing?.extensions?.code).toBe('NOT_FOUND')
    expect(foreign?.extensions?.code).toBe('NOT_FOUND')
    expect(foreign?.message.replace(priv.id, MISSING)).toBe(missing?.message)
    errorWith(await as('admin')(UPDATE, { id: priv.id, rev: 1, input: { name: 'Mine now' } }), 'NOT_FOUND')
    errorWith(await as('dohManager')(DELETE, { id: shared.id, rev: 1 }), 'FORBIDDEN')
    errorWith(await as('admin2')(UPDATE, { id: shared.id, rev: 1, input: { name: 'Taken over' } }), 'FORBIDDEN')
    errorWith(await as('dohManager')(DELETE, { id: priv.id, rev: 7 }), 'CONFLICT')
    expect((await list('dohManager')).map((x) => x.id)).toContain(priv.id)

    expect(ok(await as('dohManager')(DELETE, { id: priv.id, rev: 1 })).deleteView).toBe(true)
    expect((await list('dohManager')).map((x) => x.id)).not.toContain(priv.id)
    errorWith(await as('dohManager')(DELETE, { id: priv.id, rev: 1 }), 'NOT_FOUND')
    expect(await auditOf(priv.id)).toEqual([
      { actor: 'hana.doh', action: 'saveView' },
      { actor: 'hana.doh', action: 'deleteView' },
    ])
    ok(await as('admin')(DELETE, { id: shared.id, rev: 1 }))
    expect((await list('dohManager')).map((x) => x.id)).not.toContain(shared.id)
  })

  it('no token is UNAUTHENTICATED; a token that reads nothing may not save', async () => {
    errorWith(await stack.as('agencyPlans', null)(LIST, { programId: seeded.programId }), 'UNAUTHENTICATED')
    const token = await stack.auth.token({ sub: 'deploy-bot', name: 'Deploy bot', roles: ['INTEGRATION'], scopes: ['deployments:write'] })
    const server = stack.servers.agencyPlans
    if (!server) throw new Error('agency-plans is part of the stack')
    const res = await server.execute({ query: SAVE, variables: { input: { programId: seeded.programId, name: 'x', parameters: '' } }, token })
    errorWith(res, 'FORBIDDEN')
    expect(await plansDb(stack).selectFrom('savedView').select('id').where('createdBy', '=', 'deploy-bot').execute()).toEqual([])
  })
})
