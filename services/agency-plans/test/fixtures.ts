import { type ServiceModule, type TestStack, ok, startTestStack } from '@railyard/test-kit'
import type { Kysely } from 'kysely'
import type { Database } from '../src/server.ts'

/** program-strategy + agency-plans (+ any other service) in-process on fresh databases. */
export async function startStack(extra: Partial<Record<'environmentInventory', ServiceModule>> = {}): Promise<TestStack> {
  return startTestStack({
    programStrategy: await import('@railyard/program-strategy/server'),
    agencyPlans: await import('../src/server.ts'),
    ...extra,
  })
}

export const plansDb = (stack: TestStack) => stack.dbs.agencyPlans!.db as Kysely<Database>

const STRATEGY_FIELDS = `version`
export const PUBLISH = `mutation($programId: ID!, $expectedVersion: Int!, $input: ReleaseStrategyInput!) {
  publishReleaseStrategy(programId: $programId, expectedVersion: $expectedVersion, input: $input) { ${STRATEGY_FIELDS} }
}`

/** A strategy: DEV → TEST → PROD, gates into TEST and PROD, a two-step approval, a spring freeze on PROD. */
export function strategyInput(over: Record<string, unknown> = {}): any {
  return {
    notes: 'Monthly train',
    cadence: { rule: 'FREQ=MONTHLY;BYDAY=2TU', timeZone: 'America/Los_Angeles', startsOn: '2027-01-01', codeFreezeDaysBefore: 7 },
    promotionPath: ['DEV', 'TEST', 'PROD'],
    qualityGates: [
      {
        key: 'test-entry',
        name: 'Test entry',
        tier: 'TEST',
        criteria: [
          { key: 'unit-coverage', description: 'Unit test coverage (%)', kind: 'METRIC_AT_LEAST', threshold: 80, evidenceRequired: false },
          { key: 'security-scan', description: 'Security scan is clean', kind: 'ATTESTATION', evidenceRequired: true },
        ],
      },
      {
        key: 'prod-entry',
        name: 'Production entry',
        tier: 'PROD',
        criteria: [
          { key: 'uat-signoff', description: 'UAT signed off', kind: 'ATTESTATION', evidenceRequired: false },
          { key: 'error-rate', description: 'Error rate in TEST (%)', kind: 'METRIC_AT_MOST', threshold: 1, evidenceRequired: false },
        ],
      },
    ],
    readinessCriteria: [{ key: 'change-ticket', description: 'CAB change ticket approved', kind: 'ATTESTATION', evidenceRequired: true }],
    planApproval: {
      name: 'Plan approval',
      steps: [
        { name: 'Agency sign-off', approverRole: 'AGENCY_MANAGER', minApprovals: 1, separationOfDuties: true },
        { name: 'Program office', approverRole: 'PROGRAM_ADMIN', minApprovals: 2, separationOfDuties: false },
      ],
    },
    escalationPath: [
      { level: 1, title: 'Release manager', contact: 'rm@example.gov', responseMinutes: 30 },
      { level: 2, title: 'Program director', contact: 'pd@example.gov', responseMinutes: 120 },
    ],
    freezeWindows: [
      // local 2027-04-12 00:00 → 2027-04-17 00:00 (PDT); covers the April release date 2027-04-13
      {
        name: 'Spring freeze',
        reason: 'Legislative session',
        start: '2027-04-12T07:00:00Z',
        end: '2027-04-17T07:00:00Z',
        timeZone: 'America/Los_Angeles',
        tiers: ['PROD'],
      },
    ],
    // the plan and promotion tests run at today's date against 2027 windows: no window or readiness
    // enforcement here (deploy-check.test.ts covers the enforced tiers)
    enforcement: { windowTiers: [], readinessTiers: [] },
    ...over,
  }
}

/** One approval step by a program admin: the quickest way to an APPROVED plan. */
export const singleAdminApproval = {
  name: 'Program office',
  steps: [{ name: 'Program office', approverRole: 'PROGRAM_ADMIN', minApprovals: 1, separationOfDuties: false }],
}

/** A release that is aligned to strategyInput() within a 2027-01-01 … 2027-06-30 plan. */
export function releaseInput(over: Record<string, unknown> = {}): any {
  return {
    name: 'Licensing portal',
    version: '2.4.0',
    type: 'MINOR',
    summary: 'Online renewals',
    cycleId: 'WA-DSP:2027-03-09',
    scope: [{ key: 'LIC-101', title: 'Online renewals', kind: 'FEATURE' }],
    artifacts: [{ name: 'portal-web', version: '2.4.0', digest: 'sha256:0f1e2d', uri: 'https://registry.example.gov/v2/portal-web/manifests/2.4.0' }],
    schedule: [
      { tier: 'DEV', start: '2027-02-15T17:00:00Z', end: '2027-02-19T01:00:00Z' },
      { tier: 'TEST', start: '2027-02-22T17:00:00Z', end: '2027-02-26T01:00:00Z' },
      { tier: 'PROD', start: '2027-03-09T18:00:00Z', end: '2027-03-09T20:00:00Z' },
    ],
    steps: [
      { title: 'Drain traffic', owner: 'ops', durationMinutes: 10, tier: 'PROD' },
      { title: 'Deploy containers', owner: 'ops', durationMinutes: 20 },
    ],
    validations: [
      { tier: 'TEST', description: 'Regression suite', owner: 'qa' },
      { tier: 'PROD', description: 'Smoke test', owner: 'qa' },
    ],
    roles: [
      { responsibility: 'RELEASE_MANAGER', person: 'Hana', contact: 'hana@doh.example.gov' },
      { responsibility: 'DEPLOYER', person: 'Ops team' },
    ],
    requirements: [{ key: 'postgres', expected: '>=15 <16' }],
    dependencies: [],
    rollback: { strategy: 'REDEPLOY_PREVIOUS', triggers: ['error rate above 2%'], steps: ['redeploy 2.3.x'], maxMinutes: 45 },
    ...over,
  }
}

export const CREATE_PLAN = `mutation($input: CreateAgencyPlanInput!) {
  createAgencyPlan(input: $input) { id title status revision strategyVersion periodStart periodEnd agency { id } program { id } }
}`
export const ADD_RELEASE = `mutation($planId: ID!, $rev: Int!, $input: ReleaseInput!) {
  addRelease(planId: $planId, expectedRevision: $rev, input: $input) { id revision status version plan { id revision status } }
}`
export const UPDATE_RELEASE = `mutation($id: ID!, $rev: Int!, $input: ReleaseInput!) {
  updateRelease(id: $id, expectedRevision: $rev, input: $input) { id revision status version name plan { id revision status } }
}`
export const SUBMIT = `mutation($id: ID!, $rev: Int!) { submitAgencyPlan(id: $id, expectedRevision: $rev) { id status revision approvals { id status currentStep } } }`
export const DECIDE = `mutation($id: ID!, $d: Decision!, $c: String) {
  decideApproval(requestId: $id, decision: $d, comment: $c) { id status currentStep decisions { step decidedBy decision } plan { id status } }
}`
export const ALIGNMENT = `query($id: ID!) { agencyPlan(id: $id) { revision status alignment { aligned stale strategyVersion issues { code severity message release { id } } } } }`

export interface Seeded {
  programId: string
  programKey: string
  agencies: Record<'DOH' | 'DOL' | 'DOT', string>
}

/** Agencies DOH, DOL, DOT; program WA-DSP of DOH and DOL; strategy v1 published (unless strategy is null). */
export async function seedProgram(stack: TestStack, strategy: any = strategyInput()): Promise<Seeded> {
  const admin = stack.as('programStrategy', 'admin')
  const agencies = {} as Record<'DOH' | 'DOL' | 'DOT', string>
  for (const [code, name] of [
    ['DOH', 'Department of Health'],
    ['DOL', 'Department of Licensing'],
    ['DOT', 'Department of Transportation'],
  ] as const) {
    agencies[code] = ok(
      await admin(`mutation($input: RegisterAgencyInput!) { registerAgency(input: $input) { id } }`, { input: { code, name } }),
    ).registerAgency.id
  }
  const programId = ok(
    await admin(`mutation($input: CreateProgramInput!) { createProgram(input: $input) { id } }`, {
      input: { key: 'WA-DSP', name: 'Digital Services', agencyCodes: ['DOH', 'DOL'] },
    }),
  ).createProgram.id
  if (strategy) ok(await admin(PUBLISH, { programId, expectedVersion: 0, input: strategy }))
  return { programId, programKey: 'WA-DSP', agencies }
}

/** Creates a plan for 2027-01-01 … 2027-06-30 as `who`. */
export async function createPlan(
  stack: TestStack,
  seeded: Seeded,
  who: 'dohManager' | 'dolManager' | 'dohMember' | 'dolMember',
  agency: 'DOH' | 'DOL',
  title = `${agency} H1 2027`,
) {
  return ok(
    await stack.as('agencyPlans', who)(CREATE_PLAN, {
      input: { programId: seeded.programId, agencyId: seeded.agencies[agency], title, periodStart: '2027-01-01', periodEnd: '2027-06-30' },
    }),
  ).createAgencyPlan
}
