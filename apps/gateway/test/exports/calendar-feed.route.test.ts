import ICAL from 'ical.js'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ok, testDbKind } from '@railyard/test-kit'
import { readOnlyRoles } from '../../src/exports/calendar-feed.route.ts'
import { mountExports } from '../../src/exports/routes.ts'
import { DEMO_PROGRAM_KEY } from '../../src/seed/demo-seed.ts'
import { demoPersonas } from '../../src/seed/demo-personas.ts'
import { type GatewayHarness, startGatewayHarness } from '../harness.ts'

const NOW = '2026-12-20T20:00:00.000Z'
const CREATE = `mutation($programId: ID!, $name: String!) { createCalendarFeed(programId: $programId, name: $name) { url feed { id url lastUsedAt revoked } } }`
const REVOKE = `mutation($id: ID!) { revokeCalendarFeed(id: $id) { id revoked } }`
const FEEDS = `query($key: String!) { program(key: $key) { calendarFeeds { id name url lastUsedAt revoked } } }`

/** The events of a feed, without what differs between two fetches (DTSTAMP) or between two addresses (URL). */
function events(text: string) {
  const cal = new ICAL.Component(ICAL.parse(text))
  return cal
    .getAllSubcomponents('vevent')
    .map((c) => {
      c.removeAllProperties('dtstamp')
      c.removeAllProperties('url')
      return c.toString()
    })
    .sort()
}

describe(`calendar feed addresses through the gateway on ${testDbKind()}`, () => {
  let h: GatewayHarness
  let tokens: Record<'admin' | 'dohManager' | 'dolManager', string>
  let programId: string
  const get = (url: string, token?: string) => fetch(url, { headers: token ? { authorization: `Bearer ${token}` } : {} })

  beforeAll(async () => {
    h = await startGatewayHarness({ seed: true, releasesPerPlan: 2, routes: (app, deps) => mountExports(app, deps, { clock: () => new Date(NOW) }) })
    tokens = {
      admin: await h.auth.token(demoPersonas.admin),
      dohManager: await h.auth.token(demoPersonas.manager('DOH')),
      dolManager: await h.auth.token(demoPersonas.manager('DOL')),
    }
    programId = ok(await h.gql(`{ program(key: "${DEMO_PROGRAM_KEY}") { id } }`, {}, tokens.admin)).program.id
  })
  afterAll(async () => h?.close())

  it('serves a feed address without any other credential: the calendar its creator sees, the use recorded', async () => {
    const created = ok(await h.gql(CREATE, { programId, name: 'Outlook' }, tokens.dohManager)).createCalendarFeed
    // an absolute address on the gateway the creator reached
    expect(created.url).toMatch(new RegExp(`^${h.url.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}/calendar/feeds/rycf_[A-Za-z0-9_-]{43}\\.ics$`))
    expect(created.feed.url).not.toContain((created.url.split('/').pop() ?? created.url).replace('.ics', ''))
    const res = await get(`${created.url}?from=2026-12-01&to=2027-03-31`)
    expect(res.status).toBe(200)
    expect(res.headers.get('content-type')).toBe('text/calendar; charset=utf-8')
    const text = await res.text()
    // the secret is not repeated in the file
    expect(text).not.toContain((created.url.split('/').pop() ?? created.url).replace('.ics', ''))
    const viaHeader = await (await get(`${h.url}/calendar/${DEMO_PROGRAM_KEY}.ics?from=2026-12-01&to=2027-03-31`, tokens.dohManager)).text()
    expect(events(text)).toEqual(events(viaHeader))
    expect(events(text).length).toBeGreaterThan(10)
    const listed = ok(await h.gql(FEEDS, { key: DEMO_PROGRAM_KEY }, tokens.dohManager)).program.calendarFeeds
    expect(listed).toMatchObject([{ id: created.feed.id, name: 'Outlook', revoked: false }])
    expect(listed[0].lastUsedAt).not.toBeNull()
    // the default range works too
    expect((await get(created.url)).status).toBe(200)
  })

  it('answers 410 once revoked and 404 for unknown or malformed secrets, naming no program', async () => {
    const created = ok(await h.gql(CREATE, { programId, name: 'Phone' }, tokens.dolManager)).createCalendarFeed
    expect((await get(created.url)).status).toBe(200)
    // only its creator (or a program admin) may revoke it; the others are told it does not exist
    expect((await h.gql(REVOKE, { id: created.feed.id }, tokens.dohManager)).errors[0].extensions.code).toBe('NOT_FOUND')
    expect(ok(await h.gql(REVOKE, { id: created.feed.id }, tokens.dolManager)).revokeCalendarFeed.revoked).toBe(true)
    const gone = await get(created.url)
    expect(gone.status).toBe(410)
    const base = created.url.replace(/rycf_[^/]+\.ics$/, '')
    const unknown = await get(`${base}rycf_${'A'.repeat(43)}.ics`)
    expect(unknown.status).toBe(404)
    const malformed = await get(`${base}not-a-secret.ics`)
    expect(malformed.status).toBe(404)
    for (const r of [gone, unknown, malformed]) {
      const body = await r.text()
      expect(r.headers.get('content-type')).toMatch(/^text\/plain/)
      expect(body).not.toContain(DEMO_PROGRAM_KEY)
      expect(body).not.toMatch(/Statewide|program \S+ not/i)
    }
  })

  it('takes no token in the URL, and a session token is no feed address', async () => {
    const created = ok(await h.gql(CREATE, { programId, name: 'Tablet' }, tokens.admin)).createCalendarFeed
    expect((await get(`${created.url}?token=${encodeURIComponent(tokens.admin)}`)).status).toBe(400)
    expect((await get(`${h.url}/calendar/feeds/${encodeURIComponent(tokens.admin)}.ics`)).status).toBe(404)
    // and the program's own address still needs the header
    expect((await get(`${h.url}/calendar/${DEMO_PROGRAM_KEY}.ics?token=${encodeURIComponent(tokens.admin)}`)).status).toBe(401)
  })

  it('acts for the creator with reading roles only', () => {
    expect(readOnlyRoles(['PROGRAM_ADMIN'])).toEqual(['PROGRAM_VIEWER'])
    expect(readOnlyRoles(['AGENCY_MANAGER', 'AGENCY_MEMBER'])).toEqual(['AGENCY_VIEWER'])
    expect(readOnlyRoles(['INTEGRATION', 'NOT_A_ROLE'])).toEqual(['INTEGRATION'])
  })
})

describe(`calendar feed addresses count against the rate limit on ${testDbKind()}`, () => {
  let h: GatewayHarness
  beforeAll(async () => {
    h = await startGatewayHarness({
      seed: false,
      runtime: { rateLimitPerMinute: 3 },
      routes: (app, deps) => mountExports(app, deps, { clock: () => new Date(NOW) }),
    })
  })
  afterAll(async () => h?.close())

  it('each address as its own actor: 429 with Retry-After beyond the limit, other addresses unaffected', async () => {
    const admin = await h.auth.token(demoPersonas.admin)
    ok(await h.gql(`mutation { registerAgency(input: { code: "DOH", name: "Health" }) { id } }`, {}, admin))
    const programId = ok(await h.gql(`mutation { createProgram(input: { key: "RL", name: "Rate limit", agencyCodes: ["DOH"] }) { id } }`, {}, admin))
      .createProgram.id
    // (GraphQL requests count per actor too: another person creates the feeds)
    const other = await h.auth.token('admin2')
    const a = ok(await h.gql(CREATE, { programId, name: 'A' }, other)).createCalendarFeed.url
    const b = ok(await h.gql(CREATE, { programId, name: 'B' }, other)).createCalendarFeed.url
    const statuses = [await fetch(a), await fetch(a), await fetch(a), await fetch(a)].map((r) => r.status)
    expect(
      statuses.slice(0, 3).every((s) => s !== 429),
      String(statuses),
    ).toBe(true)
    expect(statuses[3]).toBe(429)
    const again = await fetch(a)
    expect(again.headers.get('retry-after')).toMatch(/^\d+$/)
    expect((await fetch(b)).status).not.toBe(429)
  })
})
