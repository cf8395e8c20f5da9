import { createHash } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { errorWith, fieldErrorPaths, ok, testDbKind } from '@railyard/test-kit'
import { startProgramStrategy } from './harness.ts'

const CREATE = `mutation($programId: ID!, $name: String!) { createCalendarFeed(programId: $programId, name: $name) { url feed { id name url createdAt lastUsedAt revoked program { key } } } }`
const REVOKE = `mutation($id: ID!) { revokeCalendarFeed(id: $id) { id revoked url } }`
const LIST = `query($id: ID) { program(id: $id) { calendarFeeds { id name url lastUsedAt revoked } } }`
const OPEN = `mutation($secret: String!) { openCalendarFeed(secret: $secret) { status programKey creator { subject name roles agency scopes } } }`

const secretOf = (url: string) => /\/calendar\/feeds\/(rycf_[A-Za-z0-9_-]{43})\.ics$/.exec(url)?.[1] ?? ''

describe(`calendar feeds in program-strategy on ${testDbKind()}`, () => {
  let h: Awaited<ReturnType<typeof startProgramStrategy>>
  let programId: string
  let gateway: (query: string, variables?: Record<string, unknown>) => ReturnType<typeof h.server.execute>

  beforeAll(async () => {
    h = await startProgramStrategy()
    ok(await h.as('admin')(`mutation { registerAgency(input: { code: "DOH", name: "Health" }) { id } }`))
    ok(await h.as('admin')(`mutation { registerAgency(input: { code: "DOL", name: "Licensing" }) { id } }`))
    const d = ok(await h.as('admin')(`mutation { createProgram(input: { key: "WA-DSP", name: "Digital", agencyCodes: ["DOH", "DOL"] }) { id } }`))
    programId = d.createProgram.id
    // the gateway's internal token: INTEGRATION with only the calendar-feeds:open scope
    const token = await h.auth.token({ sub: 'railyard-gateway', roles: ['INTEGRATION'], scopes: ['calendar-feeds:open'] })
    gateway = (query, variables) => h.server.execute({ query, variables, token })
  })
  afterAll(async () => h?.close())

  it('creates a feed: the secret shown once, stored only as its SHA-256, audited', async () => {
    const d = ok(await h.as('dohManager')(CREATE, { programId, name: '  My work calendar ' }))
    const { url, feed } = d.createCalendarFeed
    const secret = secretOf(url)
    expect(secret, url).not.toBe('')
    expect(url).toBe(`http://127.0.0.1/calendar/feeds/${secret}.ics`)
    expect(feed).toMatchObject({ name: 'My work calendar', lastUsedAt: null, revoked: false, program: { key: 'WA-DSP' } })
    // masked everywhere but in this one answer
    expect(feed.url).not.toContain(secret)
    expect(feed.url).toBe(`http://127.0.0.1/calendar/feeds/${secret.slice(0, 9)}…(hidden).ics`)
    const rows = await h.db.selectFrom('calendarFeed').selectAll().execute()
    expect(rows).toHaveLength(1)
    const [row] = rows
    expect(row?.secretHash).toBe(createHash('sha256').update(secret).digest('hex'))
    expect(JSON.stringify(rows)).not.toContain(secret)
    expect(rows[0]).toMatchObject({ createdBy: 'hana.doh', creatorRoles: ['AGENCY_MANAGER'], creatorAgency: 'DOH' })
    const audits = await h.db.selectFrom('auditLog').selectAll().where('action', '=', 'createCalendarFeed').execute()
    expect(audits).toHaveLength(1)
    expect(audits[0]).toMatchObject({ entityType: 'CalendarFeed', entityId: feed.id, actor: 'hana.doh' })
    expect(JSON.stringify(audits)).not.toContain(row?.secretHash ?? 'no hash')
    // two feeds never share a secret
    const again = ok(await h.as('dohManager')(CREATE, { programId, name: 'Phone' }))
    expect(secretOf(again.createCalendarFeed.url)).not.toBe(secret)
  })

  it('lists only the viewer’s own feeds of the program, newest first', async () => {
    const mine = ok(await h.as('dohManager')(LIST, { id: programId })).program.calendarFeeds
    expect(mine.map((f: any) => f.name)).toEqual(['Phone', 'My work calendar'])
    expect(mine.every((f: any) => f.url.includes('…(hidden)'))).toBe(true)
    for (const who of ['dohManager2', 'admin', 'dolManager', 'viewer'] as const) {
      expect(ok(await h.as(who)(LIST, { id: programId })).program.calendarFeeds, who).toEqual([])
    }
  })

  it('refuses bad input with field paths, unknown programs and tokens without a reading role', async () => {
    expect(fieldErrorPaths(await h.as('dohMember')(CREATE, { programId, name: '   ' }))).toEqual(['name'])
    expect(fieldErrorPaths(await h.as('dohMember')(CREATE, { programId, name: 'x'.repeat(101) }))).toEqual(['name'])
    errorWith(await h.as('dohMember')(CREATE, { programId: '00000000-0000-0000-0000-000000000000', name: 'Cal' }), 'NOT_FOUND')
    errorWith(await h.as('dohMember')(CREATE, { programId: 'nope', name: 'Cal' }), 'NOT_FOUND')
    const writer = await h.auth.token({ sub: 'deployer', roles: ['INTEGRATION'], scopes: ['deployments:write'] })
    errorWith(await h.server.execute({ query: CREATE, variables: { programId, name: 'Cal' }, token: writer }), 'FORBIDDEN')
    errorWith(await h.as(null)(CREATE, { programId, name: 'Cal' }), 'UNAUTHENTICATED')
    expect(await h.db.selectFrom('calendarFeed').select('id').execute()).toHaveLength(2)
  })

  it('opens a feed for the gateway only: who it acts for, the use recorded; unknown secrets are null', async () => {
    const created = ok(await h.as('dolMember')(CREATE, { programId, name: 'Team' })).createCalendarFeed
    const secret = secretOf(created.url)
    // no one but the gateway's internal token may open feeds, not even the creator or an admin
    for (const who of ['dolMember', 'admin', 'integration', 'dohIntegration'] as const) errorWith(await h.as(who)(OPEN, { secret }), 'FORBIDDEN')
    const d = ok(await gateway(OPEN, { secret }))
    expect(d.openCalendarFeed).toEqual({
      status: 'ACTIVE',
      programKey: 'WA-DSP',
      creator: { subject: 'lou.dol', name: 'Lou (DOL member)', roles: ['AGENCY_MEMBER'], agency: 'DOL', scopes: [] },
    })
    const listed = ok(await h.as('dolMember')(LIST, { id: programId })).program.calendarFeeds
    expect(listed[0].lastUsedAt).not.toBeNull()
    for (const s of ['', 'rycf_', `${secret}x`, secret.replace(/.$/, (c) => (c === 'A' ? 'B' : 'A')), `rycf_${'A'.repeat(43)}`]) {
      expect(ok(await gateway(OPEN, { secret: s })).openCalendarFeed, s).toBeNull()
    }
  })

  it('revokes: the creator or a PROGRAM_ADMIN; NOT_FOUND for anyone else; the gateway is told REVOKED', async () => {
    const created = ok(await h.as('dolManager')(CREATE, { programId, name: 'Ops' })).createCalendarFeed
    const { id } = created.feed
    for (const who of ['dolMember', 'dohManager', 'viewer'] as const) errorWith(await h.as(who)(REVOKE, { id }), 'NOT_FOUND')
    errorWith(await h.as('dolManager')(REVOKE, { id: '00000000-0000-0000-0000-000000000000' }), 'NOT_FOUND')
    expect(ok(await h.as('dolManager')(REVOKE, { id })).revokeCalendarFeed).toMatchObject({ id, revoked: true })
    // again: nothing changes, no second audit row
    expect(ok(await h.as('dolManager')(REVOKE, { id })).revokeCalendarFeed).toMatchObject({ id, revoked: true })
    expect(await h.db.selectFrom('auditLog').select('id').where('action', '=', 'revokeCalendarFeed').execute()).toHaveLength(1)
    expect(ok(await gateway(OPEN, { secret: secretOf(created.url) })).openCalendarFeed).toEqual({ status: 'REVOKED', programKey: null, creator: null })
    // still listed, as revoked
    expect(ok(await h.as('dolManager')(LIST, { id: programId })).program.calendarFeeds).toMatchObject([{ id, revoked: true }])
    // a PROGRAM_ADMIN may revoke anyone's feed (an address that leaked)
    const other = ok(await h.as('dohMember')(CREATE, { programId, name: 'Leaked' })).createCalendarFeed.feed.id
    expect(ok(await h.as('admin')(REVOKE, { id: other })).revokeCalendarFeed.revoked).toBe(true)
  })

  it('shows the feeds’ audit rows to their creator’s agency and the program office only', async () => {
    const feed = (await h.db.selectFrom('calendarFeed').select('id').where('name', '=', 'Ops').executeTakeFirstOrThrow()).id
    const q = `query($ids: [ID!]!) { strategyAuditRecords(subjectIds: $ids) }`
    expect(ok(await h.as('admin')(q, { ids: [feed] })).strategyAuditRecords).toHaveLength(2)
    expect(ok(await h.as('dolMember')(q, { ids: [feed] })).strategyAuditRecords).toHaveLength(2)
    expect(ok(await h.as('dohManager')(q, { ids: [feed] })).strategyAuditRecords).toEqual([])
  })
})
