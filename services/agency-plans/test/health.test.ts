import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { KyselyPlugin } from 'kysely'
import { type SubgraphServer, inProcessSubgraphClient } from '@railyard/graphql-kit'
import { type PersonaName, type ServiceModule, type TestStack, fieldErrorPaths, ok, testDbKind } from '@railyard/test-kit'
import { createServer } from '../src/server.ts'
import {
  ADD_RELEASE,
  ALIGNMENT,
  SUBMIT,
  type Seeded,
  createPlan,
  plansDb,
  releaseInput,
  seedProgram,
  singleAdminApproval,
  startStack,
  strategyInput,
} from './fixtures.ts'

/**
 * Program.risks and Program.deliveryMetrics against fixed fixtures whose answers are computed
 * by hand below (DESIGN.md "Program health"). Strategy: DEV → TEST → PROD, gate `prod-entry`
 * (uat-signoff attested, error-rate ≤ 1) into PROD, the spring freeze 2027-04-12/17 on PROD.
 * The default release schedule: DEV 02-15…02-19, TEST 02-22…02-26, PROD 2027-03-09 18:00–20:00Z.
 */

const REGISTER = `mutation($input: RegisterEnvironmentInput!) { registerEnvironment(input: $input) { id } }`
const BOOK = `mutation($input: BookEnvironmentInput!) { bookEnvironment(input: $input) { id } }`
const DEPLOY = `mutation($input: RecordDeploymentInput!) { recordDeployment(input: $input) { id } }`
const CHECKPOINT = `mutation($id: ID!, $input: CheckpointInput!) { recordCheckpoint(releaseId: $id, input: $input) { met } }`
const RISKS = `query($r: [_Any!]!, $asOf: DateTime, $h: Int) {
  _entities(representations: $r) { ... on Program { risks(asOf: $asOf, horizonDays: $h) {
    release { id name } reasons nextWindowStart nextWindowTier score details { reason tier message action }
  } } }
}`
const METRICS = `query($r: [_Any!]!, $from: DateTime!, $to: DateTime!) {
  _entities(representations: $r) { ... on Program { deliveryMetrics(from: $from, to: $to) {
    agency { id } from to deployments deploymentFrequency leadTimeHours changeFailureRate timeToRestoreHours scheduleAdherence
  } } }
}`
const TREND = `query($r: [_Any!]!, $from: DateTime!, $to: DateTime!) {
  _entities(representations: $r) { ... on Program { deliveryTrend(from: $from, to: $to) { month from to rows { agency { id } deployments } } } }
}`

/** A fixture id that must exist. */
function must<T>(v: T | undefined | null, what: string): T {
  if (v === undefined || v === null) throw new Error(`fixture missing: ${what}`)
  return v
}

const prodWindow = (environmentId: string | null = null) => [
  { tier: 'DEV', start: '2027-02-15T17:00:00Z', end: '2027-02-19T01:00:00Z' },
  { tier: 'TEST', start: '2027-02-22T17:00:00Z', end: '2027-02-26T01:00:00Z' },
  { tier: 'PROD', environmentId, start: '2027-03-09T18:00:00Z', end: '2027-03-09T20:00:00Z' },
]

describe(`agency-plans: program health (risks, delivery metrics) on ${testDbKind()}`, () => {
  let stack: TestStack
  let seeded: Seeded
  const env: Record<string, string> = {}
  const rel: Record<string, string> = {}
  const plan: Record<string, string> = {}

  const as = (who: PersonaName) => stack.as('agencyPlans', who)
  const program = () => [{ __typename: 'Program', id: seeded.programId }]

  async function add(who: PersonaName, planKey: string, key: string, over: Record<string, unknown>) {
    const planId = must(plan[planKey], planKey)
    const rev = (await plansDb(stack).selectFrom('plan').select('revision').where('id', '=', planId).executeTakeFirstOrThrow()).revision
    const input = releaseInput({ name: key, version: `1.${Object.keys(rel).length}.0`, requirements: [], ...over })
    rel[key] = ok(await as(who)(ADD_RELEASE, { planId, rev, input })).addRelease.id
  }
  const setTier = (key: string, tier: string) =>
    plansDb(stack).updateTable('release').set({ currentTier: tier }).where('id', '=', must(rel[key], key)).execute()
  async function passProdGate(key: string) {
    ok(await as('dohManager')(CHECKPOINT, { id: rel[key], input: { criterionKey: 'uat-signoff', attested: true } }))
    ok(await as('dohManager')(CHECKPOINT, { id: rel[key], input: { criterionKey: 'error-rate', value: 0.5 } }))
  }
  const deploy = (who: PersonaName, envKey: string, key: string, outcome: string, startedAt: string) =>
    stack
      .as('environmentInventory', who)(DEPLOY, { input: { environmentId: env[envKey], releaseId: rel[key], version: '1.0.0', outcome, startedAt } })
      .then(ok)

  beforeAll(async () => {
    stack = await startStack({ environmentInventory: (await import('@railyard/environment-inventory/server')) as unknown as ServiceModule })
    seeded = await seedProgram(stack, strategyInput({ planApproval: singleAdminApproval }))
    for (const [who, key, tier, agency] of [
      ['dohManager', 'doh-dev', 'DEV', 'DOH'],
      ['dohManager', 'doh-prod', 'PROD', 'DOH'],
      ['dolManager', 'dol-prod', 'PROD', 'DOL'],
    ] as const) {
      env[key] = ok(
        await stack.as('environmentInventory', who)(REGISTER, {
          input: { key, name: key, tier, programId: seeded.programId, agencyId: seeded.agencies[agency] },
        }),
      ).registerEnvironment.id
    }
    // plan A (DOH, DRAFT, aligned)
    plan.A = (await createPlan(stack, seeded, 'dohManager', 'DOH', 'A')).id
    await add('dohManager', 'A', 'slip', {}) // not promoted; DEV window ended without a DEV deployment
    await add('dohManager', 'A', 'slipDeployed', {}) // not promoted, but deployed into DEV inside the window
    await add('dohManager', 'A', 'gate', {}) // in TEST, PROD gate unmet
    await add('dohManager', 'A', 'ok', {}) // in TEST, PROD gate passed, no environment
    await add('dohManager', 'A', 'notBooked', { schedule: prodWindow(env['doh-prod']) }) // in TEST, gate passed, PROD environment not booked
    await add('dohManager', 'A', 'booked', { schedule: prodWindow(env['doh-prod']) }) // in TEST, gate passed, PROD environment booked
    await add('dohManager', 'A', 'frozen', {
      // an emergency release may sit in a freeze (alignment: a WARNING only)
      type: 'EMERGENCY',
      cycleId: null,
      schedule: [
        { tier: 'DEV', start: '2027-03-29T16:00:00Z', end: '2027-04-02T00:00:00Z' },
        { tier: 'TEST', start: '2027-04-05T16:00:00Z', end: '2027-04-09T00:00:00Z' },
        { tier: 'PROD', start: '2027-04-13T18:00:00Z', end: '2027-04-13T20:00:00Z' },
      ],
    })
    // plan B (DOH, DRAFT): a release before its dependency → DEPENDENCY_ORDER, and the plan misaligned
    plan.B = (await createPlan(stack, seeded, 'dohManager', 'DOH', 'B')).id
    await add('dohManager', 'B', 'dep', { dependencies: [{ releaseId: rel.frozen }] })
    // plan C (DOH, SUBMITTED on 2026-… = long before asOf): waiting for approval
    plan.C = (await createPlan(stack, seeded, 'dohManager', 'DOH', 'C')).id
    await add('dohManager', 'C', 'wait', {})
    // plan D (DOL, DRAFT): invisible to DOH
    plan.D = (await createPlan(stack, seeded, 'dolManager', 'DOL', 'D')).id
    await add('dolManager', 'D', 'dol', { schedule: prodWindow() })
    for (const key of ['gate', 'ok', 'notBooked', 'booked', 'frozen', 'dep', 'wait']) await setTier(key, 'TEST')
    for (const key of ['ok', 'notBooked', 'booked', 'frozen', 'dep', 'wait']) await passProdGate(key)
    ok(
      await stack.as('environmentInventory', 'dohManager')(BOOK, {
        input: { environmentId: env['doh-prod'], releaseId: rel.booked, start: '2027-03-09T18:00:00Z', end: '2027-03-09T20:00:00Z' },
      }),
    )
    const rev = (await plansDb(stack).selectFrom('plan').select('revision').where('id', '=', must(plan.C, 'C')).executeTakeFirstOrThrow()).revision
    ok(await as('dohManager')(SUBMIT, { id: plan.C, rev }))

    // deployments (hand-computed metrics below)
    await deploy('dohManager', 'doh-dev', 'slipDeployed', 'SUCCEEDED', '2027-02-16T00:00:00Z')
    await deploy('dohManager', 'doh-dev', 'ok', 'SUCCEEDED', '2027-02-16T00:00:00Z')
    await deploy('dohManager', 'doh-prod', 'ok', 'FAILED', '2027-03-09T18:00:00Z')
    await deploy('dohManager', 'doh-prod', 'ok', 'SUCCEEDED', '2027-03-09T19:00:00Z')
    await deploy('dohManager', 'doh-prod', 'ok', 'SUCCEEDED', '2027-04-02T00:00:00Z')
    await deploy('dohManager', 'doh-prod', 'booked', 'SUCCEEDED', '2027-03-10T06:00:00Z')
    await deploy('dohManager', 'doh-prod', 'booked', 'ROLLED_BACK', '2027-03-12T00:00:00Z')
    await deploy('dohManager', 'doh-prod', 'booked', 'SUCCEEDED', '2027-03-12T12:00:00Z')
    await deploy('dohManager', 'doh-prod', 'gate', 'FAILED', '2027-03-20T00:00:00Z')
    await deploy('dolManager', 'dol-prod', 'dol', 'SUCCEEDED', '2027-03-15T00:00:00Z')
  })
  afterAll(async () => stack?.close())

  const risks = async (who: PersonaName, asOf: string, h?: number) =>
    ok(await as(who)(RISKS, { r: program(), asOf, h }))._entities[0].risks as {
      release: { id: string; name: string }
      reasons: string[]
      nextWindowStart: string | null
      score: number
      details: { reason: string; message: string; action: string }[]
    }[]
  const byName = (list: Awaited<ReturnType<typeof risks>>) => Object.fromEntries(list.map((r) => [r.release.name, r.reasons]))

  it('the fixtures: plan A is aligned (warnings only), plan B has an ERROR', async () => {
    const a = ok(await as('dohManager')(ALIGNMENT, { id: plan.A })).agencyPlan.alignment
    expect(a.issues.filter((i: { severity: string }) => i.severity === 'ERROR')).toEqual([])
    const b = ok(await as('dohManager')(ALIGNMENT, { id: plan.B })).agencyPlan.alignment
    expect(b.issues.map((i: { code: string }) => i.code)).toContain('DEPENDENCY_ORDER')
  })

  it('lists each release with its reasons, worst first, as of 2027-03-01 within 30 days', async () => {
    const list = await risks('admin', '2027-03-01T00:00:00Z', 30)
    // the two SLIPPED releases tie on score and next window: release id decides
    const slipped = [
      ['slip', ['SLIPPED'], 128, '2027-02-15T17:00:00.000Z'],
      ['dol', ['SLIPPED'], 128, '2027-02-15T17:00:00.000Z'],
    ]
    if (must(rel.dol, 'dol') < must(rel.slip, 'slip')) slipped.reverse()
    expect(list.map((r) => [r.release.name, r.reasons, r.score, r.nextWindowStart])).toEqual([
      ...slipped,
      ['dep', ['DEPENDENCY_ORDER', 'MISALIGNED'], 72, '2027-03-09T18:00:00.000Z'],
      ['gate', ['GATE_UNMET'], 32, '2027-03-09T18:00:00.000Z'],
      ['notBooked', ['ENVIRONMENT_NOT_READY', 'NOT_BOOKED'], 6, '2027-03-09T18:00:00.000Z'],
      ['wait', ['APPROVAL_WAITING'], 1, '2027-03-09T18:00:00.000Z'],
    ])
    // ok, booked, slipDeployed and frozen have no reason now
    const gate = must(
      list.find((r) => r.release.name === 'gate'),
      'gate risk',
    )
    expect(gate.details[0]?.message).toContain('uat-signoff')
    expect(gate.details[0]?.action).toMatch(/Record the checkpoints/)
  })

  it('a shorter horizon drops what is not soon; FROZEN when a window in the horizon is in a freeze; a deployment inside the window is not SLIPPED', async () => {
    expect(byName(await risks('dohManager', '2027-03-01T00:00:00Z', 5))).toEqual({
      slip: ['SLIPPED'],
      dep: ['DEPENDENCY_ORDER', 'MISALIGNED'],
      notBooked: ['ENVIRONMENT_NOT_READY'],
      wait: ['APPROVAL_WAITING'],
    })
    const april = byName(await risks('dohManager', '2027-04-01T00:00:00Z', 30))
    expect(april.frozen).toEqual(['FROZEN'])
    expect(april.booked).toEqual(['SLIPPED']) // its PROD deployment started after the window ended
    expect(april.gate).toEqual(['SLIPPED', 'GATE_UNMET']) // its PROD window opened before the horizon ends, gate unmet
    expect(april.ok).toBeUndefined() // deployed into PROD inside its window
    expect(april.slipDeployed).toBeUndefined()
  })

  it('only what the viewer may see: DOH does not hear of DOL’s draft', async () => {
    const doh = await risks('dohManager', '2027-03-01T00:00:00Z', 30)
    expect(doh.map((r) => r.release.name)).toEqual(['slip', 'dep', 'gate', 'notBooked', 'wait'])
    const dol = await risks('dolManager', '2027-03-01T00:00:00Z', 30)
    expect(dol.map((r) => r.release.name)).toEqual(['dol'])
    const viewer = await risks('viewer', '2027-03-01T00:00:00Z', 30)
    expect(viewer).toHaveLength(6)
  })

  it('refuses bad arguments with their field paths', async () => {
    expect(fieldErrorPaths(await as('admin')(RISKS, { r: program(), h: -1 }))).toEqual(['horizonDays'])
    expect(fieldErrorPaths(await as('admin')(RISKS, { r: program(), h: 5000 }))).toEqual(['horizonDays'])
    const body = await as('admin')(METRICS, { r: program(), from: '2027-04-01T00:00:00Z', to: '2027-03-01T00:00:00Z' })
    expect(fieldErrorPaths(body)).toEqual(['to'])
    expect(JSON.stringify(body)).not.toMatch(/INTERNAL_SERVER_ERROR|stack/)
  })

  const metrics = async (who: PersonaName, from: string, to: string) => ok(await as(who)(METRICS, { r: program(), from, to }))._entities[0].deliveryMetrics

  it('delivery metrics of March 2027, by hand', async () => {
    // PROD deployments in [03-01, 04-01): ok FAILED 03-09T18, ok SUCCEEDED 03-09T19 (in its window), booked SUCCEEDED
    // 03-10T06 (late), booked ROLLED_BACK 03-12T00, booked SUCCEEDED 03-12T12, gate FAILED 03-20 (never restored);
    // DOL: dol SUCCEEDED 03-15 (late). ok's PROD success of 04-02 is outside.
    // DOH: 6 deployments, 3 succeeded → 21/31 per week; failure rate 3/6; lead times ok 21 d 19 h = 523 h (from its
    // DEV deployment 02-16T00), booked 0 h → median 261.5; restores 1 h and 12 h → 6.5; on time 1 of 2.
    const doh = { agency: { id: seeded.agencies.DOH }, from: '2027-03-01T00:00:00.000Z', to: '2027-04-01T00:00:00.000Z' }
    const dohFigures = { deployments: 6, leadTimeHours: 261.5, changeFailureRate: 0.5, timeToRestoreHours: 6.5, scheduleAdherence: 0.5 }
    const adminRows = await metrics('admin', '2027-03-01T00:00:00Z', '2027-04-01T00:00:00Z')
    expect(adminRows).toHaveLength(3)
    expect(adminRows[0]).toMatchObject({ ...doh, ...dohFigures })
    expect(adminRows[0].deploymentFrequency).toBeCloseTo(21 / 31, 10)
    expect(adminRows[1]).toMatchObject({
      agency: { id: seeded.agencies.DOL },
      deployments: 1,
      leadTimeHours: 0,
      changeFailureRate: 0,
      timeToRestoreHours: null,
      scheduleAdherence: 0,
    })
    expect(adminRows[1].deploymentFrequency).toBeCloseTo(7 / 31, 10)
    // total: 7 deployments, 4 succeeded; lead times 0, 0, 523 → 0; on time 1 of 3
    expect(adminRows[2]).toMatchObject({ agency: null, deployments: 7, leadTimeHours: 0, timeToRestoreHours: 6.5, scheduleAdherence: 1 / 3 })
    expect(adminRows[2].changeFailureRate).toBeCloseTo(3 / 7, 10)
    expect(adminRows[2].deploymentFrequency).toBeCloseTo(28 / 31, 10)
  })

  it('an agency sees its own figures only (DOL’s draft does not count), and an empty period has null rates', async () => {
    const rows = await metrics('dohManager', '2027-03-01T00:00:00Z', '2027-04-01T00:00:00Z')
    expect(rows.map((r: { agency: { id: string } | null }) => r.agency?.id ?? null)).toEqual([seeded.agencies.DOH, null])
    expect(rows[1]).toMatchObject({ deployments: 6, leadTimeHours: 261.5, changeFailureRate: 0.5, timeToRestoreHours: 6.5, scheduleAdherence: 0.5 })
    const empty = await metrics('admin', '2028-01-01T00:00:00Z', '2028-02-01T00:00:00Z')
    expect(empty[2]).toEqual({
      agency: null,
      from: '2028-01-01T00:00:00.000Z',
      to: '2028-02-01T00:00:00.000Z',
      deployments: 0,
      deploymentFrequency: 0,
      leadTimeHours: null,
      changeFailureRate: null,
      timeToRestoreHours: null,
      scheduleAdherence: null,
    })
  })

  it('the monthly trend: months of the program’s zone, clipped to the period', async () => {
    const trend = ok(await as('admin')(TREND, { r: program(), from: '2027-02-15T00:00:00Z', to: '2027-04-15T00:00:00Z' }))._entities[0].deliveryTrend
    // America/Los_Angeles: March starts 2027-03-01T08:00Z (PST), April 2027-04-01T07:00Z (PDT)
    expect(
      trend.map((m: { month: string; from: string; to: string; rows: { deployments: number }[] }) => [m.month, m.from, m.to, m.rows[2]?.deployments]),
    ).toEqual([
      ['2027-02', '2027-02-15T00:00:00.000Z', '2027-03-01T08:00:00.000Z', 0],
      ['2027-03', '2027-03-01T08:00:00.000Z', '2027-04-01T07:00:00.000Z', 7],
      ['2027-04', '2027-04-01T07:00:00.000Z', '2027-04-15T00:00:00.000Z', 1],
    ])
  })

  it('reads a program of any size with the same number of SQL statements and one call to environment-inventory', async () => {
    let sql = 0
    let upstream = 0
    const counter: KyselyPlugin = {
      transformQuery: (args) => {
        sql++
        return args.node
      },
      transformResult: async (args) => args.result,
    }
    const environmentInventory = inProcessSubgraphClient((op) => {
      upstream++
      return must(stack.servers.environmentInventory, 'environment-inventory').execute(op)
    }, 'environment-inventory')
    const programStrategy = inProcessSubgraphClient((op) => must(stack.servers.programStrategy, 'program-strategy').execute(op), 'program-strategy')
    const counted: SubgraphServer<any> = await createServer({
      db: plansDb(stack).withPlugin(counter),
      verifier: stack.auth.verifier,
      clients: { programStrategy, agencyPlans: programStrategy, environmentInventory },
    })
    try {
      const run = async () => {
        sql = 0
        upstream = 0
        const d = ok(await counted.execute({ query: RISKS, variables: { r: program(), asOf: '2027-03-01T00:00:00Z', h: 30 }, token: stack.tokens.admin }))
        return { risks: d._entities[0].risks.length as number, sql, upstream }
      }
      const small = await run()
      for (let i = 0; i < 4; i++) await add('dohManager', 'A', `more${i}`, { dependencies: [{ releaseId: rel.gate }] })
      const large = await run()
      expect(large.risks).toBe(small.risks + 4)
      expect(small.upstream).toBe(1)
      expect(large.upstream).toBe(1)
      expect(large.sql).toBe(small.sql)
    } finally {
      await counted.stop()
    }
  })
})
