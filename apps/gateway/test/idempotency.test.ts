import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { sql } from 'kysely'
import { ok, testDbKind } from '@railyard/test-kit'
import { demoPersonas } from '../src/seed/demo-personas.ts'
import { type GatewayHarness, startGatewayHarness } from './harness.ts'

const RECORD_DEPLOYMENT = `mutation($input: RecordDeploymentInput!) { recordDeployment(input: $input) { id version outcome } }`
const ADD_RELEASE = `mutation($planId: ID!, $rev: Int!, $input: ReleaseInput!) { addRelease(planId: $planId, expectedRevision: $rev, input: $input) { id name version plan { revision } } }`
const BOOK = `mutation($input: BookEnvironmentInput!) { bookEnvironment(input: $input) { id start end } }`

const releaseInput = (version: string) => ({
  name: 'Idempotent portal',
  version,
  type: 'MINOR',
  scope: [],
  artifacts: [],
  schedule: [],
  steps: [],
  validations: [],
  roles: [],
  requirements: [],
  dependencies: [],
})

interface Answer {
  status: number
  body: unknown
  replayed: string | null
}

describe(`Idempotency-Key on mutations through the gateway on ${testDbKind()}`, () => {
  let h: GatewayHarness
  let hana: string
  let env: string
  let plan: { id: string; revision: number; releases: { id: string }[] }

  const send = async (token: string, key: string | null, query: string, variables: Record<string, unknown>): Promise<Answer> => {
    const res = await fetch(`${h.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}`, ...(key === null ? {} : { 'idempotency-key': key }) },
      body: JSON.stringify({ query, variables }),
    })
    return { status: res.status, body: await res.json(), replayed: res.headers.get('idempotent-replayed') }
  }
  const count = async (key: 'agencyPlans' | 'environmentInventory', schema: string, table: string, where: ReturnType<typeof sql>) =>
    (await sql<{ n: number }>`select count(*)::int as n from ${sql.id(schema, table)} where ${where}`.execute(h.stack.dbs[key].db)).rows[0]?.n

  /** Ten copies of one request at once: every answer the same (one ran, nine replayed it). */
  async function tenAtOnce(key: string, query: string, variables: Record<string, unknown>): Promise<Answer> {
    const answers = await Promise.all(Array.from({ length: 10 }, () => send(hana, key, query, variables)))
    const first = answers[0] as Answer
    expect(first.status).toBe(200)
    for (const a of answers) {
      expect(a.status).toBe(first.status)
      expect(a.body).toEqual(first.body)
    }
    expect(answers.filter((a) => a.replayed === 'true')).toHaveLength(9)
    return first
  }

  beforeAll(async () => {
    h = await startGatewayHarness({ seed: true, releasesPerPlan: 1 })
    hana = await h.auth.token(demoPersonas.manager('DOH'))
    env = ok(await h.gql(`{ environment(key: "doh-test") { id } }`, {}, hana)).environment.id
    const doh = ok(await h.gql(`{ agency(code: "DOH") { plans { id status revision releases { id } } } }`, {}, hana)).agency
    plan = doh.plans.find((p: { status: string }) => p.status === 'APPROVED')
  })
  afterAll(async () => h?.close())

  it('10 concurrent retries of recordDeployment: one deployment, ten identical answers', async () => {
    const release = plan.releases[0]?.id ?? ''
    const input = { environmentId: env, releaseId: release, version: '9.9.1', outcome: 'SUCCEEDED', startedAt: '2026-11-30T10:00:00Z' }
    const first = await tenAtOnce('deploy-9.9.1', RECORD_DEPLOYMENT, { input })
    expect(ok(first.body as never).recordDeployment.version).toBe('9.9.1')
    expect(await count('environmentInventory', 'environment_inventory', 'deployment', sql`version = '9.9.1'`)).toBe(1)
    // a later retry too
    const later = await send(hana, 'deploy-9.9.1', RECORD_DEPLOYMENT, { input })
    expect(later).toEqual({ ...first, replayed: 'true' })
    // without a key, the same request records again (the key is what makes a retry a retry)
    ok((await send(hana, null, RECORD_DEPLOYMENT, { input })).body as never)
    expect(await count('environmentInventory', 'environment_inventory', 'deployment', sql`version = '9.9.1'`)).toBe(2)
  })

  it('10 concurrent retries of addRelease: one release, ten identical answers (never CONFLICT for the retries)', async () => {
    const vars = { planId: plan.id, rev: plan.revision, input: releaseInput('7.7.0') }
    const first = await tenAtOnce('add-7.7.0', ADD_RELEASE, vars)
    expect(ok(first.body as never).addRelease.version).toBe('7.7.0')
    expect(await count('agencyPlans', 'agency_plans', 'release', sql`version = '7.7.0'`)).toBe(1)
    expect(await count('agencyPlans', 'agency_plans', 'audit_log', sql`action = 'addRelease' and after->>'version' = '7.7.0'`)).toBe(1)
  })

  it('10 concurrent retries of bookEnvironment: one booking, ten identical answers', async () => {
    const input = { environmentId: env, releaseId: plan.releases[0]?.id, start: '2031-01-06T17:00:00Z', end: '2031-01-07T01:00:00Z', purpose: 'idempotent' }
    const first = await tenAtOnce('book-2031', BOOK, { input })
    expect(ok(first.body as never).bookEnvironment.start).toBe('2031-01-06T17:00:00.000Z')
    expect(await count('environmentInventory', 'environment_inventory', 'environment_booking', sql`purpose = 'idempotent'`)).toBe(1)
  })

  it('the same key with another operation or other variables is CONFLICT; an error answer is replayed as it was', async () => {
    const input = { environmentId: env, releaseId: plan.releases[0]?.id, start: '2031-02-03T17:00:00Z', end: '2031-02-04T01:00:00Z' }
    ok((await send(hana, 'k-reuse', BOOK, { input })).body as never)
    const otherVars = await send(hana, 'k-reuse', BOOK, { input: { ...input, end: '2031-02-04T02:00:00Z' } })
    expect(otherVars.status).toBe(409)
    expect((otherVars.body as { errors: { extensions: { code: string } }[] }).errors[0]?.extensions.code).toBe('CONFLICT')
    const otherOp = await send(hana, 'k-reuse', RECORD_DEPLOYMENT, {
      input: { environmentId: env, releaseId: plan.releases[0]?.id, version: '1.0.0', outcome: 'SUCCEEDED', startedAt: '2026-11-30T10:00:00Z' },
    })
    expect(otherOp.status).toBe(409)
    expect(await count('environmentInventory', 'environment_inventory', 'environment_booking', sql`starts_at = '2031-02-03T17:00:00Z'`)).toBe(1)
    expect(await count('environmentInventory', 'environment_inventory', 'deployment', sql`version = '1.0.0'`)).toBe(0)

    // a refused first request (the window overlaps) is the answer retries get — and it wrote nothing
    const overlap = { ...input, start: '2031-02-03T18:00:00Z' }
    const refused = await send(hana, 'k-refused', BOOK, { input: overlap })
    expect((refused.body as { errors: { extensions: { code: string } }[] }).errors[0]?.extensions.code).toBe('CONFLICT')
    expect(await send(hana, 'k-refused', BOOK, { input: overlap })).toEqual({ ...refused, replayed: 'true' })
  })

  it('keys are per actor; longer than 255 characters is BAD_USER_INPUT; queries ignore the header', async () => {
    const hugo = await h.auth.token(demoPersonas.manager2('DOH'))
    const input = (start: string, end: string) => ({ environmentId: env, releaseId: plan.releases[0]?.id, start, end })
    const a = await send(hana, 'shared-key', BOOK, { input: input('2031-03-03T17:00:00Z', '2031-03-04T01:00:00Z') })
    const b = await send(hugo, 'shared-key', BOOK, { input: input('2031-03-10T17:00:00Z', '2031-03-11T01:00:00Z') })
    expect(a.replayed).toBeNull()
    expect(b.replayed).toBeNull()
    expect(ok(b.body as never).bookEnvironment.id).not.toBe(ok(a.body as never).bookEnvironment.id)

    const long = await send(hana, 'k'.repeat(256), BOOK, { input: input('2031-04-03T17:00:00Z', '2031-04-04T01:00:00Z') })
    expect(long.status).toBe(400)
    expect((long.body as { errors: { extensions: { code: string; fieldErrors: { path: string[] }[] } }[] }).errors[0]?.extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      fieldErrors: [{ path: ['Idempotency-Key'] }],
    })
    expect(await count('environmentInventory', 'environment_inventory', 'environment_booking', sql`starts_at = '2031-04-03T17:00:00Z'`)).toBe(0)
    const max = await send(hana, 'k'.repeat(255), BOOK, { input: input('2031-04-03T17:00:00Z', '2031-04-04T01:00:00Z') })
    ok(max.body as never)

    const q1 = await send(hana, 'q', `{ environment(key: "doh-test") { id } }`, {})
    const q2 = await send(hana, 'q', `{ viewer { subject } }`, {})
    expect(q1.status).toBe(200)
    expect(q2.status).toBe(200)
    expect(q2.replayed).toBeNull()
  })
})
