import { randomUUID } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { TokenClaims } from '@railyard/auth'
import { testDbKind } from '@railyard/test-kit'
import { DEMO_PROGRAM_KEY } from '../../src/seed/demo-seed.ts'
import { demoPersonas } from '../../src/seed/demo-personas.ts'
import { type GatewayHarness, startGatewayHarness } from '../harness.ts'
import { dbFingerprint } from './security-kit.ts'

/**
 * The write rules of issue 9 the access matrix and the fuzz found open (DESIGN "Writes"), each
 * kept as a test: integration scopes (deployments:write alone records its agency's deployments;
 * a token lacking the scope is FORBIDDEN before any lookup, for an existing and a missing id
 * alike), and no booking for a CANCELLED release or a release of a CLOSED plan.
 */

type Body = { data?: Record<string, any> | null; errors?: { message: string; path?: string[]; extensions?: Record<string, unknown> }[] }
const code = (b: Body) => b.errors?.[0]?.extensions?.code

interface Demo {
  envs: Record<string, string>
  plans: { id: string; status: string; agency: { code: string }; releases: { id: string; status: string; revision: number }[] }[]
}

describe(`write rules on ${testDbKind()}`, () => {
  let h: GatewayHarness
  let demo: Demo
  const integration = (sub: string, scopes: string[], agency = 'DOH'): TokenClaims => ({ sub, name: sub, roles: ['INTEGRATION'], agency, scopes })
  const as = async (who: TokenClaims, query: string, variables: Record<string, unknown> = {}) =>
    (await h.gql(query, variables, await h.auth.token(who))) as Body
  const release = (agency: string, status: string) => demo.plans.find((p) => p.agency.code === agency && p.status === status)?.releases[0]

  beforeAll(async () => {
    h = await startGatewayHarness({ seed: true, releasesPerPlan: 1 })
    const d = await as(
      demoPersonas.admin,
      `query($k: String) { program(key: $k) { environments { id key } plans { id status agency { code } releases { id status revision } } } }`,
      { k: DEMO_PROGRAM_KEY },
    )
    const program = d.data?.program as { environments: { id: string; key: string }[]; plans: Demo['plans'] }
    demo = { envs: Object.fromEntries(program.environments.map((e) => [e.key, e.id])), plans: program.plans }
  }, 600_000)
  afterAll(async () => h?.close())

  const RECORD = `mutation($input: RecordDeploymentInput!) { recordDeployment(input: $input) { id version outcome } }`
  const REPORT = `mutation($e: ID!, $items: [ConfigItemInput!]!) { reportEnvironmentState(environmentId: $e, items: $items) { inSync } }`
  const deployment = (environmentId: string, releaseId: string) => ({
    input: { environmentId, releaseId, version: '9.9.9', outcome: 'SUCCEEDED', startedAt: '2027-01-05T10:00:00Z' },
  })

  it('lets an integration with deployments:write alone record a deployment of its agency’s release (no graph:read)', async () => {
    const approved = release('DOH', 'APPROVED')
    expect(approved).toBeTruthy()
    const b = await as(integration('doh-deployer', ['deployments:write']), RECORD, deployment(demo.envs['doh-dev'] ?? '', approved?.id ?? ''))
    expect(b.errors, JSON.stringify(b.errors)).toBeUndefined()
    expect(b.data?.recordDeployment).toMatchObject({ version: '9.9.9', outcome: 'SUCCEEDED' })
    // still only its agency: another agency's environment is NOT_FOUND, its release is refused
    const foreign = await as(integration('doh-deployer', ['deployments:write']), RECORD, deployment(demo.envs['dot-dev'] ?? '', approved?.id ?? ''))
    expect(code(foreign)).toBe('NOT_FOUND')
    const ecy = release('ECY', 'APPROVED')
    const foreignRelease = await as(integration('doh-deployer', ['deployments:write']), RECORD, deployment(demo.envs['doh-dev'] ?? '', ecy?.id ?? ''))
    expect(code(foreignRelease)).toBe('NOT_FOUND')
  })

  it('reads nothing else with deployments:write alone: the release’s other fields and its plan stay closed', async () => {
    const approved = release('DOH', 'APPROVED')
    const deployer = integration('doh-deployer', ['deployments:write'])
    const scope = await as(deployer, `query($id: ID!) { release(id: $id) { id scope { key } } }`, { id: approved?.id })
    expect(JSON.stringify(scope.data)).not.toContain('"key"')
    expect(code(scope)).toBe('FORBIDDEN')
    const plan = await as(deployer, `query($id: ID!) { release(id: $id) { plan { id title } } }`, { id: approved?.id })
    expect(JSON.stringify(plan.data)).not.toContain('title')
    expect(code(plan)).toBe('NOT_FOUND')
    const plans = await as(deployer, `{ programs { id } }`)
    expect(code(plans)).toBe('FORBIDDEN')
  })

  it('answers a token lacking the scope with FORBIDDEN before any lookup: the same for its own, a foreign and a missing environment', async () => {
    const approved = release('DOH', 'APPROVED')
    const before = await dbFingerprint(h.stack.dbs)
    for (const [who, query, vars] of [
      [integration('doh-reporter', ['inventory:report', 'graph:read']), RECORD, (e: string) => deployment(e, approved?.id ?? '')],
      [integration('doh-deployer', ['deployments:write', 'graph:read']), REPORT, (e: string) => ({ e, items: [{ key: 'k', value: 'v' }] })],
      [integration('doh-deployer', ['deployments:write']), `mutation($e: ID!) { approveBaseline(environmentId: $e) { version } }`, (e: string) => ({ e })],
    ] as const) {
      const answers: string[] = []
      for (const env of [demo.envs['doh-dev'], demo.envs['dot-dev'], randomUUID()]) {
        const b = await as(who, query, vars(env ?? ''))
        expect(code(b), `${who.sub} ${query.slice(0, 40)} ${JSON.stringify(b)}`).toBe('FORBIDDEN')
        answers.push(JSON.stringify(b.errors?.map((e) => [e.message, e.extensions?.code])))
      }
      expect(new Set(answers).size, 'the same answer whatever the id').toBe(1)
    }
    expect(await dbFingerprint(h.stack.dbs)).toEqual(before)
  })

  const BOOK = `mutation($input: BookEnvironmentInput!) { bookEnvironment(input: $input) { id } }`
  const booking = (environmentId: string, releaseId: string) => ({
    input: { environmentId, releaseId, start: '2031-01-06T16:00:00Z', end: '2031-01-06T18:00:00Z' },
  })

  it('refuses a booking for a release of a CLOSED plan or a CANCELLED release (FAILED_PRECONDITION), and writes nothing', async () => {
    const closed = release('DOH', 'CLOSED')
    expect(closed, 'the demo data has a closed DOH plan').toBeTruthy()
    const before = await dbFingerprint(h.stack.dbs)
    const b1 = await as(demoPersonas.manager('DOH'), BOOK, booking(demo.envs['doh-dev'] ?? '', closed?.id ?? ''))
    expect(code(b1), JSON.stringify(b1)).toBe('FAILED_PRECONDITION')
    expect(b1.errors?.[0]?.extensions).toMatchObject({ planStatus: 'CLOSED' })
    expect(await dbFingerprint(h.stack.dbs)).toEqual(before)

    const draft = release('DOT', 'DRAFT')
    expect(draft).toBeTruthy()
    const cancelled = await as(
      demoPersonas.manager('DOT'),
      `mutation($id: ID!, $rev: Int!) { cancelRelease(id: $id, expectedRevision: $rev, reason: "dropped") { status } }`,
      {
        id: draft?.id,
        rev: draft?.revision,
      },
    )
    expect(cancelled.data?.cancelRelease).toEqual({ status: 'CANCELLED' })
    const afterCancel = await dbFingerprint(h.stack.dbs)
    const b2 = await as(demoPersonas.manager('DOT'), BOOK, booking(demo.envs['dot-dev'] ?? '', draft?.id ?? ''))
    expect(code(b2), JSON.stringify(b2)).toBe('FAILED_PRECONDITION')
    expect(b2.errors?.[0]?.extensions).toMatchObject({ releaseStatus: 'CANCELLED' })
    expect(await dbFingerprint(h.stack.dbs)).toEqual(afterCancel)

    // an open release of an approved plan still books
    const open = release('DOH', 'APPROVED')
    const ok = await as(demoPersonas.manager('DOH'), BOOK, booking(demo.envs['doh-dev'] ?? '', open?.id ?? ''))
    expect(ok.errors, JSON.stringify(ok.errors)).toBeUndefined()
  })
})
