import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { KyselyPlugin } from 'kysely'
import { type ServiceClients, type SubgraphServer, inProcessSubgraphClient } from '@railyard/graphql-kit'
import { type TestStack, ok, testDbKind } from '@railyard/test-kit'
import { createServer } from '../src/server.ts'
import { type Plan, addRelease, createPlan, releaseRepresentation, startPlanningStack } from './agency-plans-fixture.ts'
import { APPROVE, BOOK, type Fixture, REPORT, inv, registerEnv } from './harness.ts'

/** Counts the query nodes a request hands to Kysely (a statement with a subquery counts twice). */
function queryCounter() {
  let n = 0
  const plugin: KyselyPlugin = {
    transformQuery: (args) => {
      n++
      return args.node
    },
    transformResult: async (args) => args.result,
  }
  return {
    plugin,
    reset: () => (n = 0),
    get count() {
      return n
    },
  }
}

const PROGRAM = `query($r: [_Any!]!) { _entities(representations: $r) { ... on Program { environments { key agency { id } program { id } baseline { version release { id } } lastReport { id items { key } } drift { inSync items { key } } bookings { id release { id } environment { key } } deployments { version } reports { id } } } } }`
const READINESS = `query($r: [_Any!]!) { _entities(representations: $r) { ... on Release { bookings { id } deployments { id } environmentReadiness { environment { key } ready blockers { code } } } } }`

describe(`DataLoader batching on ${testDbKind()}`, () => {
  let stack: TestStack
  let fx: Fixture
  let counted: SubgraphServer<any>
  let plan: Plan
  const counter = queryCounter()
  const envs: string[] = []
  const releases: string[] = []

  async function addEnvironment(i: number) {
    const id = await registerEnv(stack, fx, `doh-env-${i}`, 'TEST', 'DOH')
    ok(await inv(stack, 'dohIntegration')(REPORT, { e: id, items: [{ key: 'k', value: String(i) }] }))
    ok(await inv(stack, 'dohManager')(APPROVE, { e: id }))
    ok(await inv(stack, 'dohIntegration')(REPORT, { e: id, items: [{ key: 'k', value: 'changed' }] }))
    // a real DOH release whose TEST window is on this environment and requires k = changed
    const rel = await addRelease(stack, plan, {
      name: `Service ${i}`,
      version: `1.${i}.0`,
      schedule: [{ tier: 'TEST', environmentId: id, start: '2027-03-10T10:00:00Z', end: '2027-03-10T12:00:00Z' }],
      requirements: [{ key: 'k', expected: 'changed' }],
    })
    ok(await inv(stack, 'dohManager')(BOOK, { input: { environmentId: id, releaseId: rel, start: '2027-03-10T10:00:00Z', end: '2027-03-10T12:00:00Z' } }))
    ok(
      await inv(stack, 'dohIntegration')(`mutation($input: RecordDeploymentInput!) { recordDeployment(input: $input) { id } }`, {
        input: { environmentId: id, releaseId: rel, version: '1.0.0', outcome: 'SUCCEEDED', startedAt: '2027-03-10T10:00:00Z' },
      }),
    )
    envs.push(id)
    releases.push(rel)
  }

  const run = async (query: string, variables: Record<string, unknown>) => {
    counter.reset()
    const d = ok(await counted.execute({ query, variables, token: stack.tokens.viewer }))
    return { d, queries: counter.count }
  }

  beforeAll(async () => {
    ;({ stack, fx } = await startPlanningStack())
    plan = await createPlan(stack, fx, 'DOH')
    counted = await createServer({
      db: stack.dbs.environmentInventory!.db.withPlugin(counter.plugin),
      verifier: stack.auth.verifier,
      // reads only; agency-plans is asked (once per request) which Release representations the caller may see
      clients: { agencyPlans: inProcessSubgraphClient((op) => stack.servers.agencyPlans!.execute(op), 'agencyPlans') } as ServiceClients,
    })
    for (let i = 0; i < 2; i++) await addEnvironment(i)
  })
  afterAll(async () => {
    await counted?.stop()
    await stack?.close()
  })

  it('resolves a program’s environments with every nested list in a constant number of queries', async () => {
    const small = await run(PROGRAM, { r: [{ __typename: 'Program', id: fx.programId }] })
    expect(small.d._entities[0].environments).toHaveLength(2)
    for (let i = 2; i < 6; i++) await addEnvironment(i)
    const large = await run(PROGRAM, { r: [{ __typename: 'Program', id: fx.programId }] })
    expect(large.d._entities[0].environments).toHaveLength(6)
    expect(large.d._entities[0].environments.every((e: any) => e.drift.inSync === false && e.bookings.length === 1)).toBe(true)
    expect(large.queries).toBe(small.queries)
    // environments, baselines, reports by id, bookings, deployments (+ subquery), recent reports (+ subquery)
    expect(large.queries).toBeLessThanOrEqual(8)
  })

  it('resolves readiness, bookings and deployments of many releases in a constant number of queries', async () => {
    // the representations the gateway sends (@requires), read from agency-plans
    const reps = await Promise.all(releases.map((id) => releaseRepresentation(stack, id)))
    expect(reps.map((r) => r.schedule.map((w) => w.environment?.id))).toEqual(envs.map((e) => [e]))
    const one = await run(READINESS, { r: reps.slice(0, 1) })
    const six = await run(READINESS, { r: reps })
    expect(six.d._entities.map((r: any) => r.environmentReadiness[0].blockers.map((b: any) => b.code))).toEqual(Array(6).fill(['DRIFT']))
    expect(six.queries).toBe(one.queries)
  })
})
