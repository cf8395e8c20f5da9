import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { errorWith, ok, testDbKind } from '@railyard/test-kit'
import { DEMO_PROGRAM_KEY } from '../src/seed/demo-seed.ts'
import { demoPersonas } from '../src/seed/demo-personas.ts'
import { type GatewayHarness, startGatewayHarness } from './harness.ts'

describe(`gateway over the three subgraphs on ${testDbKind()}`, () => {
  let h: GatewayHarness
  let admin: string
  beforeAll(async () => {
    h = await startGatewayHarness({ seed: true, releasesPerPlan: 2 })
    admin = await h.auth.token(demoPersonas.admin)
  })
  afterAll(async () => h?.close())

  it('answers /readyz with every subgraph ready (and /healthz: alive)', async () => {
    const res = await fetch(`${h.url}/readyz`)
    expect(res.status).toBe(200)
    expect(await res.json()).toMatchObject({ ready: true, checks: { 'program-strategy': 'ready', 'agency-plans': 'ready', 'environment-inventory': 'ready' } })
    expect((await fetch(`${h.url}/healthz`)).status).toBe(200)
  })

  it('issues dev tokens that every subgraph accepts, and refuses malformed requests', async () => {
    const bad = await fetch(`${h.url}/auth/dev-token`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ sub: 'x', roles: ['KING'] }),
    })
    expect(bad.status).toBe(400)
    const res = await fetch(`${h.url}/auth/dev-token`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ sub: 'hana.doh', name: 'Hana', roles: ['AGENCY_MANAGER'], agency: 'DOH' }),
    })
    expect(res.status).toBe(200)
    const { token } = (await res.json()) as { token: string }
    const d = ok(await h.gql(`{ viewer { subject roles agency { code name } } }`, {}, token))
    expect(d.viewer).toEqual({ subject: 'hana.doh', roles: ['AGENCY_MANAGER'], agency: { code: 'DOH', name: 'Department of Health' } })
  })

  it('dev tokens take an optional e-mail address into the Actor; a malformed one is refused', async () => {
    const mint = (body: Record<string, unknown>) =>
      fetch(`${h.url}/auth/dev-token`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) })
    const res = await mint({ sub: 'mia.doh', name: 'Mia', roles: ['AGENCY_MEMBER'], agency: 'DOH', email: 'mia@doh.example.gov' })
    expect(res.status).toBe(200)
    const { token } = (await res.json()) as { token: string }
    expect(await h.auth.verifier.verify(token)).toMatchObject({ subject: 'mia.doh', email: 'mia@doh.example.gov', agency: 'DOH' })
    const without = (await (await mint({ sub: 'mia.doh', roles: ['AGENCY_MEMBER'], agency: 'DOH' })).json()) as { token: string }
    expect((await h.auth.verifier.verify(without.token)).email).toBeNull()
    for (const email of ['mia', 'mia@doh', 42, 'a b@doh.example.gov']) {
      const bad = await mint({ sub: 'mia.doh', roles: ['AGENCY_MEMBER'], agency: 'DOH', email })
      expect(bad.status).toBe(400)
      expect(((await bad.json()) as { problems: string[] }).problems).toContain('email: an e-mail address such as hana@doh.example.gov')
    }
  })

  it('tells the web client it signs in with dev personas (GET /auth/config)', async () => {
    const res = await fetch(`${h.url}/auth/config`)
    expect(res.status).toBe(200)
    expect(res.headers.get('cache-control')).toBe('no-store')
    expect(await res.json()).toEqual({ mode: 'dev' })
  })

  it('refuses requests without a token (UNAUTHENTICATED), introspection included', async () => {
    errorWith(await h.gql(`{ programs { id } }`), 'UNAUTHENTICATED')
    errorWith(await h.gql(`{ __schema { queryType { name } } }`), 'UNAUTHENTICATED')
    errorWith(await h.gql(`{ programs { id } }`, {}, 'garbage'), 'UNAUTHENTICATED')
  })

  it('joins data across all three subgraphs in one query', async () => {
    const d = ok(
      await h.gql(
        `query($key: String) { program(key: $key) { key agencies { code plans { title status program { key } releases { name version agency { code } schedule { tier environment { key tier agency { code } } } } } environments { key } } environments { key } } }`,
        { key: DEMO_PROGRAM_KEY },
        admin,
      ),
    )
    const doh = d.program.agencies.find((a: any) => a.code === 'DOH')
    // this year's plan, and last year's two closed ones (the delivery history's and Jul–Oct's)
    expect(doh.plans.map((p: any) => p.status).sort()).toEqual(['APPROVED', 'CLOSED', 'CLOSED'])
    const current = doh.plans.find((p: any) => p.status === 'APPROVED')
    expect(current.program.key).toBe(DEMO_PROGRAM_KEY)
    const rel = current.releases[0]
    expect(rel.agency.code).toBe('DOH')
    expect(rel.schedule.map((w: any) => w.tier)).toEqual(['DEV', 'TEST', 'PROD'])
    expect(rel.schedule.map((w: any) => w.environment.key)).toEqual(['doh-dev', 'doh-test', 'doh-prod'])
    expect(rel.schedule[0].environment.agency.code).toBe('DOH')
    expect(doh.environments.map((e: any) => e.key).sort()).toEqual(['doh-dev', 'doh-prod', 'doh-test'])
    expect(d.program.environments.length).toBe(6 * 3 + 1)
  })

  it('applies the access rules through the gateway', async () => {
    const dol = await h.auth.token(demoPersonas.manager('DOL'))
    const d = ok(
      await h.gql(`query($key: String) { program(key: $key) { agencies { code plans { status } environments { key } } } }`, { key: DEMO_PROGRAM_KEY }, dol),
    )
    const byCode = Object.fromEntries(d.program.agencies.map((a: any) => [a.code, a]))
    // DOL sees its own plan whatever its status, other agencies' plans only when APPROVED.
    expect(byCode.DOL.plans.map((p: any) => p.status).sort()).toEqual(['CLOSED', 'SUBMITTED']) // FY2026 history and this year's
    expect(byCode.DOT.plans).toEqual([]) // DOT's plan is a draft
    expect(byCode.DOH.plans).toEqual([{ status: 'APPROVED' }]) // its CLOSED plans are not on others' roadmaps
    // Other agencies' environments are invisible.
    expect(byCode.DOH.environments).toEqual([])
    expect(byCode.DOL.environments).toHaveLength(3)
  })
})
