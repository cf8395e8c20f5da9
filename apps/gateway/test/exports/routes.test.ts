import ICAL from 'ical.js'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { parse as parseYaml } from 'yaml'
import { ok, testDbKind } from '@railyard/test-kit'
import type { GitlabFreezePeriodsExport } from '../../src/exports/gitlab-freeze-periods.export.ts'
import { mountExports } from '../../src/exports/routes.ts'
import { DEMO_PROGRAM_KEY } from '../../src/seed/demo-seed.ts'
import { demoPersonas } from '../../src/seed/demo-personas.ts'
import { type GatewayHarness, startGatewayHarness } from '../harness.ts'

/** Parses a CSV body (RFC 4180, no line breaks inside the seeded fields). */
function csvRows(text: string): string[][] {
  return text
    .trimEnd()
    .split('\r\n')
    .map((line) => {
      const out: string[] = []
      for (const m of line.matchAll(/(?:^|,)("(?:[^"]|"")*"|[^,]*)/g)) {
        const f = m[1] ?? ''
        out.push(f.startsWith('"') ? f.slice(1, -1).replace(/""/g, '"') : f)
      }
      return out
    })
}

/** The exports' "now" comes from the request's clock, fixed here: a Sunday inside the year-end freeze. */
const NOW = '2026-12-20T20:00:00.000Z'

describe(`calendar feed and exports through the gateway on ${testDbKind()}`, () => {
  let h: GatewayHarness
  let tokens: Record<'admin' | 'dohManager' | 'dolManager', string>
  const get = (path: string, token?: string | null, headers: Record<string, string> = {}) =>
    fetch(`${h.url}${path}`, { headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...headers } })

  beforeAll(async () => {
    h = await startGatewayHarness({ seed: true, releasesPerPlan: 2, routes: (app, deps) => mountExports(app, deps, { clock: () => new Date(NOW) }) })
    tokens = {
      admin: await h.auth.token(demoPersonas.admin),
      dohManager: await h.auth.token(demoPersonas.manager('DOH')),
      dolManager: await h.auth.token(demoPersonas.manager('DOL')),
    }
  })
  afterAll(async () => h?.close())

  it('answers 401 with a short text without a valid token, on every route', async () => {
    for (const path of [
      `/calendar/${DEMO_PROGRAM_KEY}.ics`,
      `/exports/${DEMO_PROGRAM_KEY}/gitlab-freeze-periods.json`,
      `/exports/${DEMO_PROGRAM_KEY}/argocd-sync-windows.yaml`,
      `/exports/${DEMO_PROGRAM_KEY}/roadmap.csv`,
      '/exports/plans/anything/rmp.md',
      '/exports/plans/anything/rmp.html',
    ]) {
      const res = await get(path)
      expect(res.status, path).toBe(401)
      expect(res.headers.get('content-type')).toMatch(/^text\/plain/)
      expect(await res.text()).toMatch(/^Unauthorized/)
    }
    const garbage = await get(`/calendar/${DEMO_PROGRAM_KEY}.ics?token=garbage`)
    expect(garbage.status).toBe(401)
  })

  it('refuses a session token in the URL (?token=) on every route, even a valid one, even with a valid header', async () => {
    for (const path of [
      `/calendar/${DEMO_PROGRAM_KEY}.ics`,
      `/exports/${DEMO_PROGRAM_KEY}/gitlab-freeze-periods.json`,
      `/exports/${DEMO_PROGRAM_KEY}/argocd-sync-windows.yaml`,
      `/exports/${DEMO_PROGRAM_KEY}/validity.json`,
      `/exports/${DEMO_PROGRAM_KEY}/roadmap.csv`,
      '/exports/plans/anything/rmp.md',
      '/exports/plans/anything/rmp.html',
    ]) {
      const res = await get(`${path}?token=${encodeURIComponent(tokens.dohManager)}`)
      expect(res.status, path).toBe(401)
      expect(await res.text(), path).toMatch(/^Unauthorized: tokens are not accepted in the URL/)
      expect((await get(`${path}?token=${encodeURIComponent(tokens.dohManager)}`, tokens.dohManager)).status, path).toBe(401)
    }
  })

  it('serves the .ics feed with the token in the Authorization header, and it parses', async () => {
    const res = await get(`/calendar/${DEMO_PROGRAM_KEY}.ics?from=2026-12-01&to=2027-03-31`, tokens.dohManager)
    expect(res.status).toBe(200)
    expect(res.headers.get('content-type')).toBe('text/calendar; charset=utf-8')
    expect(res.headers.get('content-disposition')).toBe(`attachment; filename="${DEMO_PROGRAM_KEY}.ics"`)
    const cal = new ICAL.Component(ICAL.parse(await res.text()))
    expect(cal.getFirstPropertyValue('x-wr-calname')).toBe(`Statewide Digital Services Program (${DEMO_PROGRAM_KEY}) releases`)
    const events = cal.getAllSubcomponents('vevent').map((c) => new ICAL.Event(c))
    const uids = events.map((e) => e.uid)
    // second Tuesdays Dec 2026 – Mar 2027: four cycles, each with its code freeze
    expect(uids.filter((u) => u.startsWith('cycle-'))).toEqual(
      ['2026-12-08', '2027-01-12', '2027-02-09', '2027-03-09'].map((d) => `cycle-${DEMO_PROGRAM_KEY}:${d}@railyard`),
    )
    expect(uids.filter((u) => u.startsWith('codefreeze-'))).toHaveLength(4)
    const weekend = events.find((e) => e.summary.startsWith('Freeze: Weekend production freeze'))!
    expect(weekend.component.getFirstProperty('dtstart')!.getParameter('tzid')).toBe('America/Los_Angeles')
    expect(String(weekend.component.getFirstPropertyValue('rrule'))).toBe('FREQ=WEEKLY')
    expect(weekend.startDate.toString()).toBe('2026-07-17T17:00:00')
    expect(events.some((e) => e.summary.startsWith('Freeze: Year-end freeze'))).toBe(true)
    // production windows of the APPROVED plans (DOH, ECY) only
    const prod = events.filter((e) => e.uid.startsWith('release-'))
    expect(prod.length).toBeGreaterThan(0)
    expect(new Set(prod.map((e) => e.summary.split(' ')[0]))).toEqual(new Set(['DOH', 'ECY']))
  })

  it('refuses bad ranges and answers 404 for an unknown program', async () => {
    expect((await get(`/calendar/${DEMO_PROGRAM_KEY}.ics?from=tomorrow`, tokens.admin)).status).toBe(400)
    expect((await get(`/calendar/${DEMO_PROGRAM_KEY}.ics?from=2027-01-01&to=2026-01-01`, tokens.admin)).status).toBe(400)
    expect((await get(`/calendar/${DEMO_PROGRAM_KEY}.ics?from=2026-01-01&to=2032-01-01`, tokens.admin)).status).toBe(400)
    for (const path of ['/calendar/NOPE.ics', '/exports/NOPE/roadmap.csv', '/exports/NOPE/gitlab-freeze-periods.json']) {
      const res = await get(path, tokens.admin)
      expect(res.status, path).toBe(404)
    }
  })

  it('exports a roadmap CSV of what the viewer may see: no other agency’s draft plans', async () => {
    const res = await get(`/exports/${DEMO_PROGRAM_KEY}/roadmap.csv`, tokens.dolManager)
    expect(res.status).toBe(200)
    expect(res.headers.get('content-type')).toMatch(/^text\/csv/)
    expect(res.headers.get('content-disposition')).toBe(`attachment; filename="${DEMO_PROGRAM_KEY}-roadmap.csv"`)
    const rows = csvRows(await res.text())
    expect(rows[0]).toEqual(['agency', 'plan', 'planStatus', 'release', 'version', 'type', 'status', 'currentTier', 'tier', 'environment', 'start', 'end'])
    const body = rows.slice(1)
    const agencies = new Set(body.map((r) => r[0]))
    // DOL's own plan (SUBMITTED) and the APPROVED plans of DOH and ECY; DOT's draft, DSHS's
    // rejected and DOR's submitted plans are not DOL's to see
    expect(agencies).toEqual(new Set(['DOL', 'DOH', 'ECY']))
    expect(body.filter((r) => r[0] !== 'DOL').every((r) => r[2] === 'APPROVED')).toBe(true)
    // DOL's own plans in any status: the submitted FY2027 plan (2 releases × 3 tiers) and the
    // closed FY2026 plan (1 release × 3 tiers); other agencies' closed plans are not DOL's to see
    const dol = body.filter((r) => r[0] === 'DOL')
    expect(dol.filter((r) => r[2] === 'SUBMITTED')).toHaveLength(6)
    expect(dol.filter((r) => r[2] === 'CLOSED')).toHaveLength(3)
    expect(dol).toHaveLength(9)
    // the program office sees every agency
    const all = csvRows(await (await get(`/exports/${DEMO_PROGRAM_KEY}/roadmap.csv`, tokens.admin)).text()).slice(1)
    expect(new Set(all.map((r) => r[0]))).toEqual(new Set(['DOH', 'DOL', 'DOT', 'DSHS', 'ECY', 'DOR']))
  })

  it('exports GitLab freeze periods and Argo CD sync windows of the production tier', async () => {
    const gl = await get(`/exports/${DEMO_PROGRAM_KEY}/gitlab-freeze-periods.json`, tokens.admin)
    expect(gl.status).toBe(200)
    expect(gl.headers.get('content-type')).toBe('application/json; charset=utf-8')
    const periods = (await gl.json()) as GitlabFreezePeriodsExport
    expect(periods.freezePeriods[0]).toEqual({ freeze_start: '0 17 * * 5', freeze_end: '0 8 * * 1', cron_timezone: 'America/Los_Angeles' })
    // the year-end freeze is in progress at NOW: one dated period from NOW (in the file's own words: valid for 12 months)
    expect(periods.freezePeriods[1]).toEqual({ freeze_start: '0 20 20 12 *', freeze_end: '0 16 4 1 *', cron_timezone: 'UTC' })
    expect(periods).toMatchObject({ tier: 'PROD', validFrom: NOW, validUntil: '2027-12-20T20:00:00.000Z', unsupported: [] })
    // and in the response headers
    expect(gl.headers.get('x-railyard-valid-until')).toBe('2027-12-20T20:00:00.000Z')
    expect(gl.headers.get('x-railyard-unsupported')).toBe('0')

    const argo = await get(`/exports/${DEMO_PROGRAM_KEY}/argocd-sync-windows.yaml`, tokens.dohManager)
    expect(argo.status).toBe(200)
    expect(argo.headers.get('content-type')).toBe('application/yaml; charset=utf-8')
    expect(argo.headers.get('x-railyard-valid-until')).toBe('2027-12-20T20:00:00.000Z')
    const text = await argo.text()
    expect(text).toContain('# Valid until 2027-12-20T20:00:00.000Z')
    const doc = parseYaml(text) as { metadata: { name: string; annotations: Record<string, string> }; spec: { syncWindows: unknown[] } }
    expect(doc.metadata.name).toBe(DEMO_PROGRAM_KEY.toLowerCase())
    expect(doc.metadata.annotations['railyard.io/valid-until']).toBe('2027-12-20T20:00:00.000Z')
    // v2: Argo CD adds durations in absolute time, so the 62–64 hour weekend freeze is a 62h window plus a 2h one before Monday 08:00
    // (v1 wrote one 63h window, an hour off in both daylight-saving weeks)
    expect(doc.spec.syncWindows.slice(0, 2)).toEqual([
      { kind: 'deny', schedule: '0 17 * * 5', duration: '62h', applications: ['*'], timeZone: 'America/Los_Angeles', manualSync: true },
      { kind: 'deny', schedule: '0 6 * * 1', duration: '2h', applications: ['*'], timeZone: 'America/Los_Angeles', manualSync: true },
    ])

    // what the web client's export links show
    const validity = await get(`/exports/${DEMO_PROGRAM_KEY}/validity.json`, tokens.dohManager)
    expect(validity.status).toBe(200)
    expect(await validity.json()).toMatchObject({
      program: DEMO_PROGRAM_KEY,
      tier: 'PROD',
      generatedAt: NOW,
      gitlab: { validUntil: '2027-12-20T20:00:00.000Z', unsupported: [] },
      argocd: { validUntil: '2027-12-20T20:00:00.000Z', unsupported: [] },
      calendar: { from: '2026-12-20', to: '2027-12-20' },
    })
    expect((await get(`/exports/${DEMO_PROGRAM_KEY}/validity.json`)).status).toBe(401)

    expect((await get(`/exports/${DEMO_PROGRAM_KEY}/gitlab-freeze-periods.json?tier=QA`, tokens.admin)).status).toBe(400)
  })

  it('generates the Release Management Plan for whoever may read the whole plan', async () => {
    const d = ok(await h.gql(`{ program(key: "${DEMO_PROGRAM_KEY}") { plans { id status agency { code } } } }`, {}, tokens.admin))
    // the current (FY2027) plan of each agency; DOH also has last year's CLOSED plan
    const planOf = (code: string) => d.program.plans.find((p: any) => p.agency.code === code && p.status !== 'CLOSED').id as string
    const doh = planOf('DOH')

    const md = await get(`/exports/plans/${doh}/rmp.md`, tokens.dohManager)
    expect(md.status).toBe(200)
    expect(md.headers.get('content-type')).toBe('text/markdown; charset=utf-8')
    const text = await md.text()
    for (const title of [
      'Scope',
      'Sequencing',
      'Roles (RACI)',
      'Dependencies',
      'Packaging and versioning',
      'Rollback',
      'Readiness checkpoints',
      'Quality gates and approvals',
      'Escalation',
      'Communication',
      'Post-release validation',
    ]) {
      expect(text).toContain(`\n## ${title}\n`)
    }
    expect(text).toContain('Immunization registry')
    expect(text).toContain('Aligned with the program framework.')

    const html = await get(`/exports/plans/${doh}/rmp.html`, tokens.admin)
    expect(html.status).toBe(200)
    expect(html.headers.get('content-type')).toBe('text/html; charset=utf-8')
    expect(html.headers.get('content-disposition')).toMatch(/^inline; filename="DOH-release-management-plan-.+\.html"$/)
    expect(await html.text()).toContain('Print / Save as PDF')

    // another agency's APPROVED plan: visible on the roadmap, but not its full content
    expect((await get(`/exports/plans/${doh}/rmp.md`, tokens.dolManager)).status).toBe(403)
    // another agency's draft: as if it did not exist
    expect((await get(`/exports/plans/${planOf('DOT')}/rmp.md`, tokens.dolManager)).status).toBe(404)
    expect((await get('/exports/plans/00000000-0000-0000-0000-000000000000/rmp.html', tokens.admin)).status).toBe(404)
  })
})
