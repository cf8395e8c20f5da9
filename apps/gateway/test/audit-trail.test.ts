import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { sql } from 'kysely'
import { ok, testDbKind } from '@railyard/test-kit'
import { pgErrorCode } from '@railyard/db'
import { DEMO_PROGRAM_KEY } from '../src/seed/demo-seed.ts'
import { demoPersonas } from '../src/seed/demo-personas.ts'
import { type GatewayHarness, startGatewayHarness } from './harness.ts'

const SERVICES = [
  ['programStrategy', 'program_strategy'],
  ['agencyPlans', 'agency_plans'],
  ['environmentInventory', 'environment_inventory'],
] as const

/** A raw audit_log row (the CamelCasePlugin names its columns). */
interface AuditRow {
  action: string
  entityId: string
  actor: string
  actorName: string | null
  actorRoles: string[]
  actorAgency: string | null
  requestId: string | null
}

describe(`audit trail through the gateway on ${testDbKind()}`, () => {
  let h: GatewayHarness
  let admin: string
  let programId: string
  const db = (key: (typeof SERVICES)[number][0]) => h.stack.dbs[key].db
  const rows = async (key: (typeof SERVICES)[number][0], schema: string, requestId: string) =>
    (await sql<AuditRow>`select * from ${sql.id(schema, 'audit_log')} where request_id = ${requestId} order by at`.execute(db(key))).rows

  beforeAll(async () => {
    h = await startGatewayHarness({ seed: true, releasesPerPlan: 1 })
    admin = await h.auth.token(demoPersonas.admin)
    programId = ok(await h.gql(`query($key: String) { program(key: $key) { id } }`, { key: DEMO_PROGRAM_KEY }, admin)).program.id
  })
  afterAll(async () => h?.close())

  it("one gateway request writing in every service leaves its request id in each service's audit rows", async () => {
    const inbox = ok(await h.gql(`{ approvalInbox { id plan { agency { code } } } }`, {}, admin)).approvalInbox
    expect(inbox.length).toBeGreaterThan(0)
    const requestId = `audit-req-${Date.now()}`
    const res = await fetch(`${h.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${admin}`, 'x-request-id': requestId },
      body: JSON.stringify({
        query: `mutation($env: RegisterEnvironmentInput!, $approval: ID!) {
          registerAgency(input: { code: "AUD", name: "Audit Office" }) { id }
          registerEnvironment(input: $env) { id }
          decideApproval(requestId: $approval, decision: APPROVE, comment: "fine") { id }
        }`,
        variables: { env: { key: 'aud-shared-1', name: 'Audit shared', tier: 'TEST', programId }, approval: inbox[0].id },
      }),
    })
    expect(res.headers.get('x-request-id')).toBe(requestId)
    const d = ok(await res.json())
    const ps = await rows('programStrategy', 'program_strategy', requestId)
    const ei = await rows('environmentInventory', 'environment_inventory', requestId)
    const ap = await rows('agencyPlans', 'agency_plans', requestId)
    expect(ps.map((r) => [r.action, r.entityId])).toEqual([['registerAgency', d.registerAgency.id]])
    expect(ei.map((r) => [r.action, r.entityId])).toEqual([['registerEnvironment', d.registerEnvironment.id]])
    expect(ap.map((r) => r.action)).toContain('decideApproval')
    expect(ap.map((r) => r.entityId)).toContain(d.decideApproval.id)
    for (const r of [...ps, ...ei, ...ap]) {
      expect(r).toMatchObject({
        actor: 'pat.admin',
        actorName: demoPersonas.admin.name,
        actorRoles: ['PROGRAM_ADMIN'],
        actorAgency: null,
        requestId: requestId,
      })
    }
  })

  it('records the acting agency, and an id made by the gateway when the client sent none', async () => {
    const hana = await h.auth.token(demoPersonas.manager('DOH'))
    const env = ok(await h.gql(`{ environment(key: "doh-test") { id } }`, {}, hana)).environment
    expect(env).toBeTruthy()
    const res = await fetch(`${h.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${hana}` },
      body: JSON.stringify({
        query: `mutation($id: ID!) { reportEnvironmentState(environmentId: $id, items: [{ key: "java", value: "21" }]) { inSync } }`,
        variables: { id: env.id },
      }),
    })
    ok(await res.json())
    const requestId = res.headers.get('x-request-id') ?? ''
    expect(requestId).toMatch(/^[0-9a-f-]{36}$/)
    const [row] = await rows('environmentInventory', 'environment_inventory', requestId)
    expect(row).toMatchObject({ action: 'reportEnvironmentState', actorAgency: 'DOH', actorRoles: ['AGENCY_MANAGER'], entityId: env.id })
  })

  for (const [key, schema] of SERVICES) {
    it(`${schema}.audit_log is append-only for the application's own database user (UPDATE, DELETE, TRUNCATE refused)`, async () => {
      const table = sql.id(schema, 'audit_log')
      const before = (await sql<{ n: number }>`select count(*)::int as n from ${table}`.execute(db(key))).rows[0]?.n ?? 0
      expect(before).toBeGreaterThan(0)
      const refused = async (statement: ReturnType<typeof sql>) => {
        const err = await statement.execute(db(key)).then(
          () => null,
          (e: unknown) => e,
        )
        expect(err, 'the statement must be refused').toBeTruthy()
        expect(pgErrorCode(err)).toBe('42501')
        expect(String((err as Error).message)).toMatch(/append-only/)
      }
      await refused(sql`update ${table} set action = 'tampered'`)
      await refused(sql`update ${table} set after = null where id = (select id from ${table} limit 1)`)
      await refused(sql`delete from ${table}`)
      await refused(sql`truncate ${table}`)
      const after = (
        await sql<{
          n: number
          tampered: number
        }>`select count(*)::int as n, count(*) filter (where action = 'tampered')::int as tampered from ${table}`.execute(db(key))
      ).rows[0]
      expect(after).toEqual({ n: before, tampered: 0 })
    })
  }

  describe('read API: auditTrail, AgencyReleasePlan.history, Release.history', () => {
    const ENTRY = `id at actorSubject actorName actorRoles actorAgency { code } operation subjectType subjectId before after requestId`
    const TRAIL = `query($id: ID!, $first: Int) { auditTrail(subjectId: $id, first: $first) { ${ENTRY} } }`
    let doh: { id: string; plans: { id: string; status: string; releases: { id: string }[] }[] }
    let dotDraft: string
    let tokens: Record<'doh' | 'dol' | 'dot' | 'viewer', string>
    const trail = async (who: string, id: string, first?: number) => ok(await h.gql(TRAIL, { id, first }, who)).auditTrail as any[]
    const approvedPlan = () => {
      const p = doh.plans.find((x) => x.status === 'APPROVED')
      if (!p) throw new Error('the demo data has an APPROVED DOH plan')
      return p
    }

    beforeAll(async () => {
      tokens = {
        doh: await h.auth.token(demoPersonas.manager('DOH')),
        dol: await h.auth.token(demoPersonas.manager('DOL')),
        dot: await h.auth.token(demoPersonas.member('DOT')),
        viewer: await h.auth.token(demoPersonas.viewer),
      }
      const q = `query($c: String) { agency(code: $c) { id plans { id status releases { id } } } }`
      doh = ok(await h.gql(q, { c: 'DOH' }, admin)).agency
      const dot = ok(await h.gql(q, { c: 'DOT' }, admin)).agency
      dotDraft = dot.plans.find((p: { status: string }) => p.status === 'DRAFT').id
    })

    it("a plan's trail: its changes and its approvals', newest first, for the program office and the plan's agency", async () => {
      const plan = approvedPlan()
      const asAdmin = await trail(admin, plan.id)
      const ops = asAdmin.map((e) => e.operation)
      expect(ops).toContain('createAgencyPlan')
      expect(ops).toContain('submitAgencyPlan')
      expect(ops).toContain('decideApproval')
      expect(asAdmin.some((e) => e.subjectType === 'ApprovalRequest')).toBe(true)
      expect(asAdmin.at(-1)).toMatchObject({ operation: 'createAgencyPlan', subjectId: plan.id, before: null, actorAgency: { code: 'DOH' } })
      expect(asAdmin.at(-1).after).toMatchObject({ id: plan.id, agencyCode: 'DOH' })
      const ats = asAdmin.map((e) => Date.parse(e.at))
      expect([...ats].sort((a, b) => b - a)).toEqual(ats)
      expect(await trail(tokens.viewer, plan.id)).toEqual(asAdmin)
      expect(await trail(tokens.doh, plan.id)).toEqual(asAdmin)
      const history = ok(await h.gql(`query($id: ID!) { agencyPlan(id: $id) { history { ${ENTRY} } } }`, { id: plan.id }, tokens.doh)).agencyPlan.history
      expect(history).toEqual(asAdmin)
      expect((await trail(admin, plan.id, 2)).map((e) => e.id)).toEqual(asAdmin.slice(0, 2).map((e) => e.id))
    })

    it('another agency gets [] — for an APPROVED plan it can see on the roadmap, a draft, a release — and so does an unknown id', async () => {
      const plan = approvedPlan()
      const release = plan.releases[0]?.id ?? ''
      expect(await trail(tokens.dol, plan.id)).toEqual([])
      expect(await trail(tokens.dol, release)).toEqual([])
      expect(await trail(tokens.dol, dotDraft)).toEqual([])
      expect((await trail(tokens.dot, dotDraft)).map((e) => e.operation)).toContain('createAgencyPlan')
      expect(await trail(admin, '00000000-0000-4000-8000-000000000000')).toEqual([])
      expect(await trail(admin, 'not-an-id')).toEqual([])
      const roadmap = ok(
        await h.gql(`query($id: ID!) { agencyPlan(id: $id) { status history { id } releases { id history { id } } } }`, { id: plan.id }, tokens.dol),
      ).agencyPlan
      expect(roadmap.status).toBe('APPROVED')
      expect(roadmap.history).toEqual([])
      for (const r of roadmap.releases) expect(r.history).toEqual([])
      expect(ok(await h.gql(`query($id: ID!) { agencyPlan(id: $id) { history { id } } }`, { id: dotDraft }, tokens.dol)).agencyPlan).toBeNull()
    })

    it("a release's history (checkpoints included) and the trails of environments, agencies and the program", async () => {
      const release = approvedPlan().releases[0]?.id ?? ''
      const history = ok(await h.gql(`query($id: ID!) { release(id: $id) { history { operation subjectId } } }`, { id: release }, tokens.doh)).release.history
      expect(history.map((e: { operation: string }) => e.operation)).toContain('addRelease')
      expect(history.every((e: { subjectId: string }) => e.subjectId === release)).toBe(true)
      expect((await trail(tokens.doh, release)).map((e) => e.operation)).toEqual(history.map((e: { operation: string }) => e.operation))

      const env = ok(await h.gql(`{ environment(key: "doh-test") { id } }`, {}, tokens.doh)).environment.id
      const envTrail = await trail(tokens.doh, env)
      expect(envTrail.map((e) => e.operation)).toContain('reportEnvironmentState')
      expect(envTrail.map((e) => e.operation)).toContain('registerEnvironment')
      expect(await trail(tokens.dol, env)).toEqual([])

      expect((await trail(tokens.doh, doh.id)).map((e) => e.operation)).toEqual(['registerAgency'])
      expect(await trail(tokens.dol, doh.id)).toEqual([])
      expect((await trail(tokens.viewer, programId)).map((e) => e.operation)).toContain('createProgram')
      expect(await trail(tokens.doh, programId)).toEqual([])
    })

    it('refuses first outside 1…200 with BAD_USER_INPUT at first', async () => {
      for (const first of [0, 201, -1]) {
        const body = await h.gql(TRAIL, { id: programId, first }, admin)
        expect(body.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', fieldErrors: [{ path: ['first'] }] })
      }
    })

    it('straight at the subgraphs: _entities and the internal per-service fields apply the same rule', async () => {
      const plan = approvedPlan()
      const entities = `query($r: [_Any!]!) { _entities(representations: $r) { ... on AgencyReleasePlan { id history { id } } ... on Release { id history { id } } } }`
      const reps = [
        { __typename: 'AgencyReleasePlan', id: plan.id },
        { __typename: 'AgencyReleasePlan', id: dotDraft },
        { __typename: 'Release', id: plan.releases[0]?.id },
      ]
      const asDol = ok(await h.direct('agency-plans', entities, { r: reps }, tokens.dol))._entities
      expect(asDol[0]).toEqual({ id: plan.id, history: [] })
      expect(asDol[1]).toBeNull()
      expect(asDol[2].history).toEqual([])
      const asDoh = ok(await h.direct('agency-plans', entities, { r: reps }, tokens.doh))._entities
      expect(asDoh[0].history.length).toBeGreaterThan(2)
      expect(asDoh[2].history.length).toBeGreaterThan(0)

      const env = ok(await h.gql(`{ environment(key: "doh-test") { id } }`, {}, tokens.doh)).environment.id
      const inv = `query($ids: [ID!]!) { inventoryAuditRecords(subjectIds: $ids) }`
      expect(ok(await h.direct('environment-inventory', inv, { ids: [env] }, tokens.dol)).inventoryAuditRecords).toEqual([])
      expect(ok(await h.direct('environment-inventory', inv, { ids: [env] }, tokens.doh)).inventoryAuditRecords.length).toBeGreaterThan(0)
      const str = `query($ids: [ID!]!) { strategyAuditRecords(subjectIds: $ids) }`
      expect(ok(await h.direct('program-strategy', str, { ids: [programId, doh.id] }, tokens.dol)).strategyAuditRecords).toEqual([])
      // the internal fields are not part of the public API
      expect((await h.gql(inv, { ids: [env] }, admin)).errors?.[0]?.extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED')
    })
  })
})
