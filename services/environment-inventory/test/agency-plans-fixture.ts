import { type PersonaName, type ServiceModule, type TestStack, ok } from '@railyard/test-kit'
import { type Fixture, startInventoryStack } from './harness.ts'

/**
 * Real releases for environment-inventory tests: the real agency-plans subgraph in the test
 * stack, a published release strategy, agency plans and releases created through agency-plans'
 * GraphQL (as services/agency-plans/test/fixtures.ts does).
 */

export const TIERS = ['DEV', 'TEST', 'UAT', 'PROD'] as const
export type Tier = (typeof TIERS)[number]
export interface Window {
  start: string
  end: string
}

/** One window per tier of the promotion path, in order, inside the plan period (2027 H1). */
export const WINDOWS: Record<Tier, Window> = {
  DEV: { start: '2027-03-01T09:00:00.000Z', end: '2027-03-05T17:00:00.000Z' },
  TEST: { start: '2027-03-08T09:00:00.000Z', end: '2027-03-12T17:00:00.000Z' },
  UAT: { start: '2027-03-13T09:00:00.000Z', end: '2027-03-14T17:00:00.000Z' },
  PROD: { start: '2027-03-16T18:00:00.000Z', end: '2027-03-16T22:00:00.000Z' },
}

const PUBLISH = `mutation($p: ID!, $input: ReleaseStrategyInput!) { publishReleaseStrategy(programId: $p, expectedVersion: 0, input: $input) { version } }`

/** DEV → TEST → UAT → PROD, no gates and no freezes, plans approved by one program admin. */
const STRATEGY = {
  cadence: { rule: 'FREQ=MONTHLY;BYDAY=2TU', timeZone: 'America/Los_Angeles', startsOn: '2027-01-01', codeFreezeDaysBefore: 7 },
  promotionPath: [...TIERS],
  qualityGates: [],
  readinessCriteria: [],
  planApproval: { name: 'Program office', steps: [{ name: 'Program office', approverRole: 'PROGRAM_ADMIN', minApprovals: 1, separationOfDuties: false }] },
  escalationPath: [{ level: 1, title: 'Release manager', contact: 'rm@example.gov', responseMinutes: 30 }],
  freezeWindows: [],
}

/** program-strategy + agency-plans + environment-inventory, program WA-DSP (DOH, DOL) with STRATEGY published. */
export async function startPlanningStack(): Promise<{ stack: TestStack; fx: Fixture }> {
  const { stack, fx } = await startInventoryStack({ agencyPlans: (await import('@railyard/agency-plans/server')) as unknown as ServiceModule })
  ok(await stack.as('programStrategy', 'admin')(PUBLISH, { p: fx.programId, input: STRATEGY }))
  return { stack, fx }
}

/** A schedule over every tier of the path (WINDOWS unless given), naming the given environments. */
export const schedule = (envs: Partial<Record<Tier, string>> = {}, windows: Record<Tier, Window> = WINDOWS) =>
  TIERS.map((tier) => ({ tier, environmentId: envs[tier] ?? null, ...windows[tier] }))

/** A ReleaseInput aligned to STRATEGY (so its plan can be submitted and approved). */
function releaseInput(over: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    name: 'Licensing portal',
    version: '2.4.0',
    type: 'MINOR',
    scope: [],
    artifacts: [],
    schedule: schedule(),
    steps: [],
    validations: [{ tier: 'PROD', description: 'Smoke test', owner: 'qa' }],
    roles: [
      { responsibility: 'RELEASE_MANAGER', person: 'Hana' },
      { responsibility: 'DEPLOYER', person: 'Ops' },
    ],
    requirements: [{ key: 'postgres.version', expected: '>=15 <16' }],
    dependencies: [],
    rollback: { strategy: 'REDEPLOY_PREVIOUS', triggers: ['errors'], steps: ['redeploy'], maxMinutes: 30 },
    ...over,
  }
}

/** A plan being built in a test; `revision` follows every edit made through these helpers. */
export interface Plan {
  id: string
  revision: number
  manager: PersonaName
}

const MANAGER = { DOH: 'dohManager', DOL: 'dolManager' } as const

/** Creates a DRAFT plan for 2027 H1 of the agency, as its manager. */
export async function createPlan(stack: TestStack, fx: Fixture, agency: 'DOH' | 'DOL', title = `${agency} H1 2027`): Promise<Plan> {
  const manager = MANAGER[agency]
  const d = ok(
    await stack.as('agencyPlans', manager)(`mutation($input: CreateAgencyPlanInput!) { createAgencyPlan(input: $input) { id revision status } }`, {
      input: { programId: fx.programId, agencyId: fx.agencyIds[agency], title, periodStart: '2027-01-01', periodEnd: '2027-06-30' },
    }),
  ).createAgencyPlan
  if (d.status !== 'DRAFT') throw new Error(`expected a DRAFT plan, got ${d.status}`)
  return { id: d.id, revision: d.revision, manager }
}

/** Adds a release to the plan (releaseInput() with `over`) and returns its id. */
export async function addRelease(stack: TestStack, plan: Plan, over: Record<string, unknown> = {}): Promise<string> {
  const d = ok(
    await stack.as('agencyPlans', plan.manager)(
      `mutation($p: ID!, $r: Int!, $input: ReleaseInput!) { addRelease(planId: $p, expectedRevision: $r, input: $input) { id plan { revision } } }`,
      { p: plan.id, r: plan.revision, input: releaseInput(over) },
    ),
  ).addRelease
  plan.revision = d.plan.revision
  return d.id
}

/** Replaces a release (releaseInput() with `over`), as the plan's manager. */
export async function updateRelease(stack: TestStack, plan: Plan, releaseId: string, over: Record<string, unknown> = {}): Promise<void> {
  const as = stack.as('agencyPlans', plan.manager)
  const current = ok(await as(`query($id: ID!) { release(id: $id) { revision } }`, { id: releaseId })).release
  const d = ok(
    await as(`mutation($id: ID!, $r: Int!, $input: ReleaseInput!) { updateRelease(id: $id, expectedRevision: $r, input: $input) { id plan { revision } } }`, {
      id: releaseId,
      r: current.revision,
      input: releaseInput(over),
    }),
  ).updateRelease
  plan.revision = d.plan.revision
}

/** Submits the plan (its manager) and approves it (the program admin): other agencies then see its releases' roadmap fields. */
export async function approvePlan(stack: TestStack, plan: Plan): Promise<void> {
  const submitted = ok(
    await stack.as('agencyPlans', plan.manager)(
      `mutation($id: ID!, $r: Int!) { submitAgencyPlan(id: $id, expectedRevision: $r) { revision approvals { id status } } }`,
      {
        id: plan.id,
        r: plan.revision,
      },
    ),
  ).submitAgencyPlan
  const request = submitted.approvals.find((a: { status: string }) => a.status === 'PENDING')
  const decided = ok(
    await stack.as('agencyPlans', 'admin')(`mutation($id: ID!) { decideApproval(requestId: $id, decision: APPROVE) { status plan { status revision } } }`, {
      id: request.id,
    }),
  ).decideApproval
  if (decided.plan.status !== 'APPROVED') throw new Error(`expected the plan to be APPROVED, got ${decided.plan.status}`)
  plan.revision = decided.plan.revision
}

/**
 * The Release representation the gateway sends for environmentReadiness (@requires): key plus
 * schedule and requirements as agency-plans returns them to `who`.
 */
export async function releaseRepresentation(stack: TestStack, id: string, who: PersonaName = 'viewer') {
  const r = ok(
    await stack.as('agencyPlans', who)(
      `query($id: ID!) { release(id: $id) { id schedule { tier start end environment { id } } requirements { key expected } } }`,
      { id },
    ),
  ).release
  if (!r) throw new Error(`release ${id} is not visible to ${who}`)
  return { __typename: 'Release', ...r } as {
    __typename: 'Release'
    id: string
    schedule: { tier: string; start: string; end: string; environment: { id: string } | null }[]
    requirements: { key: string; expected: string }[]
  }
}
