import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ok, testDbKind } from '@railyard/test-kit'
import { mountExports } from '../../src/exports/routes.ts'
import { DEMO_PROGRAM_KEY } from '../../src/seed/demo-seed.ts'
import { demoPersonas } from '../../src/seed/demo-personas.ts'
import { type GatewayHarness, startGatewayHarness } from '../harness.ts'
import { readPdf } from './pdf-reader.ts'

const NOW = '2026-12-20T20:00:00.000Z'

describe(`"Download PDF" of the RMP and of the roadmap through the gateway on ${testDbKind()}`, () => {
  let h: GatewayHarness
  let tokens: Record<'admin' | 'dohManager' | 'dolManager', string>
  let planOf: (code: string) => string
  const get = (path: string, token?: string | null) => fetch(`${h.url}${path}`, { headers: token ? { authorization: `Bearer ${token}` } : {} })
  const pdfOf = async (res: Response) => {
    expect(res.status).toBe(200)
    expect(res.headers.get('content-type')).toBe('application/pdf')
    return readPdf(new Uint8Array(await res.arrayBuffer()))
  }

  beforeAll(async () => {
    h = await startGatewayHarness({ seed: true, releasesPerPlan: 2, routes: (app, deps) => mountExports(app, deps, { clock: () => new Date(NOW) }) })
    tokens = {
      admin: await h.auth.token(demoPersonas.admin),
      dohManager: await h.auth.token(demoPersonas.manager('DOH')),
      dolManager: await h.auth.token(demoPersonas.manager('DOL')),
    }
    const d = ok(await h.gql(`{ program(key: "${DEMO_PROGRAM_KEY}") { plans { id status agency { code } } } }`, {}, tokens.admin))
    planOf = (code: string) => d.program.plans.find((p: any) => p.agency.code === code && p.status !== 'CLOSED').id as string
  })
  afterAll(async () => h?.close())

  it('answers 401 without a token and refuses a token in the URL', async () => {
    for (const path of [`/exports/${DEMO_PROGRAM_KEY}/roadmap.pdf`, `/exports/plans/${planOf('DOH')}/rmp.pdf`]) {
      const res = await get(path)
      expect(res.status, path).toBe(401)
      expect(await res.text()).toMatch(/^Unauthorized/)
      expect((await get(`${path}?token=${encodeURIComponent(tokens.admin)}`)).status, path).toBe(401)
    }
  })

  it('downloads the RMP as a PDF for whoever may read the whole plan; others get 403, a foreign draft 404 like a missing plan', async () => {
    const doh = planOf('DOH')
    const res = await get(`/exports/plans/${doh}/rmp.pdf`, tokens.dohManager)
    expect(res.headers.get('content-disposition')).toBe(`attachment; filename="DOH-release-management-plan-${doh}.pdf"`)
    const pdf = await pdfOf(res)
    expect(pdf.pages.length).toBeGreaterThan(2)
    expect(pdf.text).toContain('Release Management Plan: Department of Health')
    expect(pdf.text).toContain('DOH release plan FY2027')
    expect(pdf.text).toContain('Immunization registry')
    for (const title of ['Scope', 'Sequencing', 'Roles (RACI)', 'Rollback', 'Quality gates and approvals', 'Post-release validation'])
      expect(pdf.text).toContain(title)
    expect(pdf.text).toContain(`Page 1 of ${pdf.pages.length}`)
    expect((await pdfOf(await get(`/exports/plans/${doh}/rmp.pdf`, tokens.admin))).text).toContain('DOH release plan FY2027')

    // another agency's APPROVED plan: on the roadmap, but not its full content
    expect((await get(`/exports/plans/${doh}/rmp.pdf`, tokens.dolManager)).status).toBe(403)
    // another agency's draft answers exactly like a plan that does not exist
    const foreign = await get(`/exports/plans/${planOf('DOT')}/rmp.pdf`, tokens.dolManager)
    const missing = await get('/exports/plans/00000000-0000-0000-0000-000000000000/rmp.pdf', tokens.dolManager)
    expect(foreign.status).toBe(404)
    expect(missing.status).toBe(404)
    expect(await foreign.text()).toBe(await missing.text())
  })

  it('downloads the roadmap of a range as a landscape PDF of what the viewer may see: no other agency’s draft', async () => {
    const res = await get(`/exports/${DEMO_PROGRAM_KEY}/roadmap.pdf?from=2026-11-01&to=2027-10-31`, tokens.dolManager)
    expect(res.headers.get('content-disposition')).toBe(`attachment; filename="${DEMO_PROGRAM_KEY}-roadmap-2026-11-01-to-2027-10-31.pdf"`)
    const pdf = await pdfOf(res)
    const [first] = pdf.pages
    expect(first?.width).toBeGreaterThan(first?.height ?? Number.POSITIVE_INFINITY)
    const { text } = pdf
    expect(text).toContain(`Roadmap: Statewide Digital Services Program (${DEMO_PROGRAM_KEY})`)
    expect(text).toMatch(/Times in America\/Los_Angeles \(P[SD]T\)/)
    // DOL's own (submitted) plan and the APPROVED plans of DOH and ECY
    expect(text).toContain('DOL release plan FY2027 (submitted)')
    expect(text).toContain('DOH release plan FY2027 (approved)')
    expect(text).toContain('ECY release plan FY2027 (approved)')
    expect(text).toContain('Driver licence renewal')
    expect(text).toContain('Immunization registry')
    expect(text).toContain('Weekend production freeze')
    // DOT's draft, DSHS's rejected and DOR's submitted plans are not DOL's to see
    for (const hidden of ['DOT release plan', 'Traveler information', 'DSHS release plan', 'Benefits eligibility', 'DOR release plan', 'Business tax filing']) {
      expect(text, hidden).not.toContain(hidden)
    }
    // the program office sees every agency's plans
    const all = (await pdfOf(await get(`/exports/${DEMO_PROGRAM_KEY}/roadmap.pdf?from=2026-11-01&to=2027-10-31`, tokens.admin))).text
    for (const code of ['DOH', 'DOL', 'DOT', 'DSHS', 'ECY', 'DOR']) expect(all).toContain(`${code} release plan FY2027`)
    expect(all).toContain('Traveler information')
    // the roadmap page's filters
    const dohOnly = (await pdfOf(await get(`/exports/${DEMO_PROGRAM_KEY}/roadmap.pdf?from=2026-11-01&to=2027-10-31&agency=DOH`, tokens.admin))).text
    expect(dohOnly).toContain('DOH release plan FY2027')
    expect(dohOnly).not.toContain('DOL release plan FY2027')
  })

  it('defaults to 12 months from this month, refuses bad ranges, and answers 404 for an unknown program', async () => {
    const res = await get(`/exports/${DEMO_PROGRAM_KEY}/roadmap.pdf`, tokens.admin)
    expect(res.headers.get('content-disposition')).toBe(`attachment; filename="${DEMO_PROGRAM_KEY}-roadmap-2026-12-01-to-2027-11-30.pdf"`)
    expect((await pdfOf(res)).text).toContain('2026-12-01 to 2027-11-30.')
    expect((await get(`/exports/${DEMO_PROGRAM_KEY}/roadmap.pdf?from=tomorrow`, tokens.admin)).status).toBe(400)
    expect((await get(`/exports/${DEMO_PROGRAM_KEY}/roadmap.pdf?from=2027-01-01&to=2026-01-01`, tokens.admin)).status).toBe(400)
    expect((await get(`/exports/${DEMO_PROGRAM_KEY}/roadmap.pdf?from=2026-01-01&to=2030-01-01`, tokens.admin)).status).toBe(400)
    expect((await get('/exports/NOPE/roadmap.pdf', tokens.admin)).status).toBe(404)
  })
})
