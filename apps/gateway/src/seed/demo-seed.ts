import { DateTime } from 'luxon'
import type { TokenClaims, TokenSigner } from '@railyard/auth'
import type { GatewayGraphQL } from '../gateway.ts'
import { DEMO_AGENCIES, type DemoAgencyCode, demoPersonas } from './demo-personas.ts'

/**
 * Demo data for a first start: a statewide program with six agencies, a published release
 * framework, environments with baselines, drift, bookings and deployments, and one plan per
 * agency in every status — written through the public GraphQL API, so it obeys every rule.
 */
export const DEMO_PROGRAM_KEY = 'SDP'
const ZONE = 'America/Los_Angeles'
const TIERS = ['DEV', 'TEST', 'PROD'] as const

export interface SeedDeps {
  graphql: GatewayGraphQL
  signer: TokenSigner
  log?: (m: string) => void
  /** Releases per agency plan (default 5). */
  releasesPerPlan?: number
  /** Releases per agency in the FY2026 delivery history (default 4). */
  historyReleasesPerAgency?: number
}

class SeedError extends Error {}

export async function seedDemoData({ graphql, signer, log = () => {}, releasesPerPlan = 5, historyReleasesPerAgency = 4 }: SeedDeps): Promise<boolean> {
  const tokens = new Map<string, string>()
  const tokenOf = async (c: TokenClaims) => {
    let token = tokens.get(c.sub)
    if (token === undefined) {
      token = await signer.sign(c, { expiresIn: '1h' })
      tokens.set(c.sub, token)
    }
    return token
  }
  const run: Run = async <T>(who: TokenClaims, query: string, variables: Record<string, unknown> = {}): Promise<T> => {
    const r = await graphql<T>(query, variables, await tokenOf(who))
    const e = r.errors?.[0]
    if (e) throw new SeedError(`${query.trim().split(/[({]/)[0]}: ${e.message} ${JSON.stringify(e.extensions ?? {})}`)
    return r.data as T
  }
  const admin = demoPersonas.admin as TokenClaims

  const existing = await run<{ program: { id: string } | null }>(admin, `query($key: String) { program(key: $key) { id } }`, { key: DEMO_PROGRAM_KEY })
  if (existing.program) {
    log('demo data already present')
    return false
  }
  const t0 = Date.now()
  log('seeding demo data (first start)…')

  // Agencies and the program
  // Independent steps (one agency's, one component's) go in parallel: the seed's wall time is a
  // first start's, and one request at a time keeps only one of the processes busy.
  const agencyIds = {} as Record<DemoAgencyCode, string>
  await Promise.all(
    DEMO_AGENCIES.map(async (a) => {
      const d = await run<{ registerAgency: Ref }>(admin, `mutation($input: RegisterAgencyInput!) { registerAgency(input: $input) { id } }`, {
        input: { code: a.code, name: a.name },
      })
      agencyIds[a.code] = d.registerAgency.id
    }),
  )
  const program = (
    await run<{ createProgram: Ref }>(admin, `mutation($input: CreateProgramInput!) { createProgram(input: $input) { id } }`, {
      input: {
        key: DEMO_PROGRAM_KEY,
        name: 'Statewide Digital Services Program',
        description: 'Coordinated releases of the state agencies’ digital services on one monthly release train.',
        agencyCodes: DEMO_AGENCIES.map((a) => a.code),
      },
    })
  ).createProgram

  const components = {} as Record<string, string>
  await Promise.all(
    [
      { key: 'sso', name: 'Statewide single sign-on', ownerAgencyCode: 'DSHS', currentVersion: '4.2.0' },
      { key: 'payments', name: 'Payments gateway', ownerAgencyCode: 'DOR', currentVersion: '2.7.1' },
      { key: 'address-validation', name: 'Address validation service', ownerAgencyCode: 'DOT', currentVersion: '1.9.0' },
    ].map(async (c) => {
      const d = await run<{ registerSharedComponent: Ref }>(
        admin,
        `mutation($p: ID!, $input: SharedComponentInput!) { registerSharedComponent(programId: $p, input: $input) { id } }`,
        {
          p: program.id,
          input: c,
        },
      )
      components[c.key] = d.registerSharedComponent.id
    }),
  )

  // The release framework, v1 (v2 is published later so one plan shows as stale)
  const strategy = demoStrategy()
  await run(admin, PUBLISH, { p: program.id, v: 0, input: strategy })
  log('program, agencies, shared components and release framework v1')

  // Environments: DEV/TEST/PROD per agency, plus one shared staging environment
  const envIds: Record<string, string> = {}
  const registerAgencyEnvironments = async (a: (typeof DEMO_AGENCIES)[number]) => {
    for (const tier of TIERS) {
      const key = `${a.code.toLowerCase()}-${tier.toLowerCase()}`
      const d = await run<{ registerEnvironment: Ref }>(
        demoPersonas.manager(a.code),
        `mutation($input: RegisterEnvironmentInput!) { registerEnvironment(input: $input) { id } }`,
        {
          input: {
            key,
            name: `${a.code} ${tier === 'PROD' ? 'production' : tier === 'TEST' ? 'test' : 'development'}`,
            tier,
            programId: program.id,
            agencyId: agencyIds[a.code],
            url: `https://${key}.apps.example.gov`,
          },
        },
      )
      envIds[key] = d.registerEnvironment.id
    }
  }
  const registerShared = async () => {
    const shared = await run<{ registerEnvironment: Ref }>(admin, `mutation($input: RegisterEnvironmentInput!) { registerEnvironment(input: $input) { id } }`, {
      input: { key: 'shared-sso-stage', name: 'Shared SSO staging', tier: 'TEST', programId: program.id, url: 'https://sso-stage.apps.example.gov' },
    })
    envIds['shared-sso-stage'] = shared.registerEnvironment.id
  }
  await Promise.all([...DEMO_AGENCIES.map(registerAgencyEnvironments), registerShared()])
  await seedEnvironmentState(run, envIds)
  log(`environments: ${Object.keys(envIds).length}, with baselines and reported state`)

  // Plans, in an order that lets later plans depend on releases of already approved ones.
  // DSHS's plan is made on v1; v2 is published right after (so DSHS shows STALE_STRATEGY).
  const cycles = secondTuesdays('2026-12-01', releasesPerPlan + 3)
  const plans = {} as Record<DemoAgencyCode, { id: string; revision: number; releases: { id: string; revision: number; name: string }[] }>
  const submit = async (code: DemoAgencyCode) => {
    const p = plans[code]
    const d = await run<{ submitAgencyPlan: { revision: number; approvals: { id: string; status: string }[] } }>(
      demoPersonas.member(code),
      `mutation($id: ID!, $r: Int!) { submitAgencyPlan(id: $id, expectedRevision: $r) { revision approvals { id status } } }`,
      { id: p.id, r: p.revision },
    )
    p.revision = d.submitAgencyPlan.revision
    const pending = d.submitAgencyPlan.approvals.find((a) => a.status === 'PENDING')
    if (!pending) throw new SeedError(`submitAgencyPlan: ${code}'s plan has no pending approval request`)
    return pending.id
  }
  const decide = (who: TokenClaims, requestId: string, decision: 'APPROVE' | 'REJECT', comment: string) =>
    run(who, `mutation($id: ID!, $d: Decision!, $c: String) { decideApproval(requestId: $id, decision: $d, comment: $c) { status } }`, {
      id: requestId,
      d: decision,
      c: comment,
    })
  const approve = async (code: DemoAgencyCode): Promise<void> => {
    const req = await submit(code)
    await decide(demoPersonas.manager(code), req, 'APPROVE', 'Scope and sequencing reviewed.')
    await decide(admin, req, 'APPROVE', 'Aligned with the program framework.')
  }
  const makePlan = async (code: DemoAgencyCode) => {
    // (a second DOH plan, last year's, is added at the end and closed)
    plans[code] = await seedPlan(run, code, program.id, agencyIds[code], envIds, cycles, components, releasesPerPlan, plans)
  }

  await makePlan('DSHS')
  await run(admin, PUBLISH, {
    p: program.id,
    v: 1,
    input: {
      ...strategy,
      notes: 'v2: adds the change advisory board chair to the escalation path',
      escalationPath: [...strategy.escalationPath, { level: 4, title: 'Change advisory board chair', contact: 'cab-chair@example.gov', responseMinutes: 240 }],
    },
  })
  log('release framework v2 published')
  await makePlan('DOH')
  await approve('DOH') // APPROVED
  await makePlan('DOT') // stays DRAFT with alignment issues
  for (const code of ['DOL', 'ECY', 'DOR'] as const) await makePlan(code)
  await approve('ECY') // APPROVED
  const dol = await submit('DOL') // SUBMITTED, waiting for the program office
  await decide(demoPersonas.manager('DOL'), dol, 'APPROVE', 'Ready for the program office.')
  await submit('DOR') // SUBMITTED, waiting for the agency's release manager
  const dshs = await submit('DSHS') // REJECTED
  await decide(demoPersonas.manager('DSHS'), dshs, 'APPROVE', 'Looks good to us.')
  await decide(demoPersonas.admin2, dshs, 'REJECT', 'The March release collides with the SSO upgrade; please re-sequence.')
  log(`plans: 6 (2 approved, 2 submitted, 1 rejected, 1 draft), releases: ${6 * releasesPerPlan}`)

  // Execution: DOH and ECY releases part-way along DEV → TEST → PROD
  await Promise.all([seedExecution(run, 'DOH', plans.DOH.releases, 3, log), seedExecution(run, 'ECY', plans.ECY.releases, 1, log)])
  await seedBookingsAndDeployments(run, plans, envIds)
  await seedDeliveryHistory(run, program.id, agencyIds, envIds, components, historyReleasesPerAgency, log)
  await seedClosedPlan(run, program.id, agencyIds.DOH, approve, plans, log)
  log(`demo data ready in ${((Date.now() - t0) / 1000).toFixed(1)} s`)
  return true
}

type Run = <T = unknown>(who: TokenClaims, query: string, variables?: Record<string, unknown>) => Promise<T>

/**
 * A year of delivery history for the metrics page: per agency a FY2026 plan (DOH's ends in June,
 * where its closed Jul–Oct plan starts) with `count` releases spread over Dec 2025 … Nov 2026,
 * approved, deployed DEV → TEST → PROD on fixed dates with a mix of production outcomes (on time,
 * late, failed and restored, rolled back and restored), promoted tier by tier and closed.
 * Deterministic: every date is fixed; only a freeze in force while seeding makes a promotion
 * fail, and that release is then cancelled instead.
 */
async function seedDeliveryHistory(
  run: Run,
  programId: string,
  agencyIds: Record<DemoAgencyCode, string>,
  envIds: Record<string, string>,
  components: Record<string, string>,
  count: number,
  log: (m: string) => void,
) {
  const cycles = secondTuesdays('2025-12-01', 12)
  let deployments = 0
  // agencies in parallel (their plans are independent); each agency's own steps in order
  const seedAgency = async (code: DemoAgencyCode, k: number) => {
    const months = code === 'DOH' ? 7 : 12
    const member = demoPersonas.member(code)
    const mgr = demoPersonas.manager(code)
    const integ = demoPersonas.integration(code)
    const plan = await run<{ createAgencyPlan: { id: string; revision: number } }>(
      member,
      `mutation($input: CreateAgencyPlanInput!) { createAgencyPlan(input: $input) { id revision } }`,
      {
        input: {
          programId,
          agencyId: agencyIds[code],
          title: `${code} release plan FY2026${code === 'DOH' ? ' (first half)' : ''}`,
          periodStart: '2025-11-15',
          periodEnd: code === 'DOH' ? '2026-06-30' : '2026-11-30',
        },
      },
    )
    let revision = plan.createAgencyPlan.revision
    const releases: { id: string; input: SeedReleaseInput; pattern: number; variant: number }[] = []
    for (let j = 0; j < count; j++) {
      const month = Math.min(months - 1, Math.floor((j * months) / count) + (k % 2))
      const name = at(RELEASE_NAMES[code], (j + 2) % RELEASE_NAMES[code].length)
      const input = releaseInput(code, j, name, at(cycles, month), envIds, components, {})
      input.version = `1.${j + 1}.0`
      input.dependencies = []
      const r = await run<{ addRelease: { id: string; plan: { revision: number } } }>(
        member,
        `mutation($p: ID!, $r: Int!, $input: ReleaseInput!) { addRelease(planId: $p, expectedRevision: $r, input: $input) { id plan { revision } } }`,
        { p: plan.createAgencyPlan.id, r: revision, input },
      )
      revision = r.addRelease.plan.revision
      releases.push({ id: r.addRelease.id, input, pattern: (j + k) % 5, variant: (j * 5 + k * 3) % 6 })
    }
    const submitted = await run<{ submitAgencyPlan: { approvals: { id: string; status: string }[] } }>(
      member,
      `mutation($id: ID!, $r: Int!) { submitAgencyPlan(id: $id, expectedRevision: $r) { approvals { id status } } }`,
      { id: plan.createAgencyPlan.id, r: revision },
    )
    const request = submitted.submitAgencyPlan.approvals.find((x) => x.status === 'PENDING')
    if (!request) throw new SeedError(`submitAgencyPlan: ${code}'s FY2026 plan has no pending approval request`)
    for (const who of [mgr, demoPersonas.admin as TokenClaims]) {
      await run(who, `mutation($id: ID!, $c: String) { decideApproval(requestId: $id, decision: APPROVE, comment: $c) { status } }`, {
        id: request.id,
        c: 'Reviewed.',
      })
    }
    for (const rel of releases) {
      for (const d of historyDeployments(rel.input.schedule, rel.pattern, rel.variant)) {
        await run(integ, `mutation($input: RecordDeploymentInput!) { recordDeployment(input: $input) { id } }`, {
          input: {
            environmentId: envIds[`${code.toLowerCase()}-${d.tier.toLowerCase()}`],
            releaseId: rel.id,
            version: rel.input.version,
            outcome: d.outcome,
            startedAt: d.startedAt,
            finishedAt: iso(DateTime.fromISO(d.startedAt).plus({ minutes: 25 }).toUTC()),
          },
        })
        deployments++
      }
      await completeHistoryRelease(run, mgr, rel.id, log)
    }
    const p = await run<{ agencyPlan: { revision: number } }>(mgr, `query($id: ID!) { agencyPlan(id: $id) { revision } }`, { id: plan.createAgencyPlan.id })
    await run(mgr, `mutation($id: ID!, $v: Int!) { closeAgencyPlan(id: $id, expectedRevision: $v) { status } }`, {
      id: plan.createAgencyPlan.id,
      v: p.agencyPlan.revision,
    })
  }
  await Promise.all(DEMO_AGENCIES.map((a, k) => seedAgency(a.code, k)))
  log(`delivery history: ${DEMO_AGENCIES.length} closed FY2026 plans, ${DEMO_AGENCIES.length * count} releases, ${deployments} deployments`)
}

/**
 * The deployments of one history release: DEV `variant` days into its window, TEST at its window's start, then PROD by
 * pattern — 0 on time; 1 failed, restored 3 h later; 2 a day late; 3 rolled back, restored the
 * next day; 4 on time, then a failed hotfix 3 days later, restored after 20 h.
 */
function historyDeployments(schedule: SeedWindow[], pattern: number, variant: number): { tier: string; outcome: string; startedAt: string }[] {
  const start = (tier: string) =>
    DateTime.fromISO(
      at(
        schedule.filter((w) => w.tier === tier),
        0,
      ).start,
    )
  const end = (tier: string) =>
    DateTime.fromISO(
      at(
        schedule.filter((w) => w.tier === tier),
        0,
      ).end,
    )
  const d = (tier: string, outcome: string, t: DateTime) => ({ tier, outcome, startedAt: iso(t.toUTC()) })
  const prod = start('PROD')
  const out = [d('DEV', 'SUCCEEDED', start('DEV').plus({ days: variant, hours: 1 })), d('TEST', 'SUCCEEDED', start('TEST').plus({ hours: 2 }))]
  if (pattern === 0) out.push(d('PROD', 'SUCCEEDED', prod.plus({ minutes: 30 })))
  if (pattern === 1) out.push(d('PROD', 'FAILED', prod.plus({ minutes: 30 })), d('PROD', 'SUCCEEDED', prod.plus({ hours: 3, minutes: 30 })))
  if (pattern === 2) out.push(d('PROD', 'SUCCEEDED', end('PROD').plus({ days: 1 })))
  if (pattern === 3) out.push(d('PROD', 'ROLLED_BACK', prod.plus({ minutes: 15 })), d('PROD', 'SUCCEEDED', prod.plus({ days: 1, hours: 1 })))
  if (pattern === 4) {
    out.push(
      d('PROD', 'SUCCEEDED', prod.plus({ minutes: 20 })),
      d('PROD', 'FAILED', prod.plus({ days: 3 })),
      d('PROD', 'SUCCEEDED', prod.plus({ days: 3, hours: 20 })),
    )
  }
  return out
}

/** Promotes a history release DEV → TEST → PROD with its evidence (a freeze in force now: cancelled instead). */
async function completeHistoryRelease(run: Run, mgr: TokenClaims, id: string, log: (m: string) => void) {
  const rev = async () => (await run<{ release: { revision: number } }>(mgr, `query($id: ID!) { release(id: $id) { revision } }`, { id })).release.revision
  const cp = (input: Record<string, unknown>) =>
    run(mgr, `mutation($r: ID!, $input: CheckpointInput!) { recordCheckpoint(releaseId: $r, input: $input) { met } }`, { r: id, input })
  // the history is recorded after the fact: its windows are over, so each promotion goes through break glass
  const promote = async (tier: string) => {
    await breakGlassIfNeeded(run, mgr, id, tier, 'Recording a deployment that happened before Railyard tracked this release.')
    return run(mgr, `mutation($r: ID!, $t: String!, $v: Int!) { promoteRelease(releaseId: $r, tier: $t, expectedRevision: $v) { id } }`, {
      r: id,
      t: tier,
      v: await rev(),
    })
  }
  try {
    await promote('DEV')
    await cp({ criterionKey: 'unit-tests', attested: true })
    await cp({ criterionKey: 'coverage', value: 86, evidenceUrl: 'https://ci.example.gov/coverage/history' })
    await promote('TEST')
    await cp({ criterionKey: 'uat-signoff', attested: true, evidenceUrl: 'https://docs.example.gov/uat/history.pdf' })
    await cp({ criterionKey: 'open-sev1', value: 0 })
    await cp({ criterionKey: 'security-scan', attested: true, evidenceUrl: 'https://scan.example.gov/report/history' })
    await cp({ criterionKey: 'runbook', attested: true })
    await promote('PROD')
  } catch (err) {
    log(`history release cancelled instead of promoted (${(err as Error).message.slice(0, 100)})`)
    await run(mgr, `mutation($r: ID!, $v: Int!) { cancelRelease(id: $r, expectedRevision: $v, reason: "Not promoted while seeding") { id } }`, {
      r: id,
      v: await rev(),
    })
  }
}

/** What the seed reads back of a created object. */
interface Ref {
  id: string
}

/** A release's tier window as the seed writes it. */
interface SeedWindow {
  tier: string
  environmentId: string | null | undefined
  start: string
  end: string
}

/** A ReleaseInput as the seed writes it (the parts it adjusts afterwards are typed). */
interface SeedReleaseInput extends Record<string, unknown> {
  version: string
  cycleId: string
  schedule: SeedWindow[]
  rollback: Record<string, unknown> | null
}

interface SeedDependency {
  sharedComponentId?: string | undefined
  releaseId?: string
  versionRange?: string
  note?: string
}

const PUBLISH = `mutation($p: ID!, $v: Int!, $input: ReleaseStrategyInput!) { publishReleaseStrategy(programId: $p, expectedVersion: $v, input: $input) { version } }`

function demoStrategy() {
  return {
    notes: 'Monthly release train on the second Tuesday; weekend and year-end production freezes.',
    cadence: { rule: 'FREQ=MONTHLY;BYDAY=2TU', timeZone: ZONE, startsOn: '2025-12-09', codeFreezeDaysBefore: 7 },
    promotionPath: [...TIERS],
    qualityGates: [
      {
        key: 'test-entry',
        name: 'Ready for test',
        tier: 'TEST',
        criteria: [
          { key: 'unit-tests', description: 'Unit and integration tests pass in DEV', kind: 'ATTESTATION', evidenceRequired: false },
          { key: 'coverage', description: 'Line coverage at least 80%', kind: 'METRIC_AT_LEAST', threshold: 80, evidenceRequired: true },
        ],
      },
      {
        key: 'prod-entry',
        name: 'Ready for production',
        tier: 'PROD',
        criteria: [
          { key: 'uat-signoff', description: 'Business owner signs off user acceptance testing', kind: 'ATTESTATION', evidenceRequired: true },
          { key: 'open-sev1', description: 'No open severity-1 defects', kind: 'METRIC_AT_MOST', threshold: 0, evidenceRequired: false },
        ],
      },
    ],
    readinessCriteria: [
      { key: 'security-scan', description: 'Security scan reviewed, no critical findings', kind: 'ATTESTATION', evidenceRequired: true },
      { key: 'runbook', description: 'Operations runbook updated', kind: 'ATTESTATION', evidenceRequired: false },
    ],
    planApproval: {
      name: 'Agency plan approval',
      steps: [
        { name: 'Agency release manager review', approverRole: 'AGENCY_MANAGER', minApprovals: 1, separationOfDuties: true },
        { name: 'Program office approval', approverRole: 'PROGRAM_ADMIN', minApprovals: 1, separationOfDuties: true },
      ],
    },
    escalationPath: [
      { level: 1, title: 'Agency release manager', contact: 'release-manager@agency.example.gov', responseMinutes: 30 },
      { level: 2, title: 'Program release coordinator', contact: 'release-coordination@example.gov', responseMinutes: 60 },
      { level: 3, title: 'State CIO duty officer', contact: 'cio-duty@example.gov', responseMinutes: 120 },
    ],
    freezeWindows: [
      {
        name: 'Weekend production freeze',
        reason: 'No production changes outside staffed hours',
        start: local('2026-07-17', '17:00'),
        end: local('2026-07-20', '08:00'),
        timeZone: ZONE,
        recurrence: 'FREQ=WEEKLY',
        tiers: ['PROD'],
      },
      {
        name: 'Year-end freeze',
        reason: 'Holiday staffing and fiscal year-end processing',
        start: local('2026-12-18', '00:00'),
        end: local('2027-01-04', '08:00'),
        timeZone: ZONE,
        recurrence: null,
        tiers: ['TEST', 'PROD'],
      },
    ],
  }
}

/** An ISO instant for a local wall-clock time in the program's zone. */
function local(date: string, time: string): string {
  return iso(DateTime.fromISO(`${date}T${time}`, { zone: ZONE }).toUTC(), { suppressMilliseconds: true })
}

/** Second Tuesdays from a month on (the demo cadence), as YYYY-MM-DD. */
function secondTuesdays(fromMonth: string, count: number): string[] {
  const out: string[] = []
  let m = DateTime.fromISO(fromMonth, { zone: ZONE }).startOf('month')
  while (out.length < count) {
    let d = m
    while (d.weekday !== 2) d = d.plus({ days: 1 })
    out.push(isoDate(d.plus({ weeks: 1 })))
    m = m.plus({ months: 1 })
  }
  return out
}

const RELEASE_NAMES: Record<DemoAgencyCode, string[]> = {
  DOH: ['Immunization registry', 'Vital records portal', 'Lab results exchange', 'Provider credentialing', 'Public health alerts', 'Health data warehouse'],
  DOL: ['Driver licence renewal', 'Vehicle registration', 'Professional licensing', 'Business licence lookup', 'Fleet services', 'Records requests'],
  DOT: ['Traveler information', 'Ferry reservations', 'Toll accounts', 'Road conditions API', 'Permit center', 'Work zone alerts'],
  DSHS: ['Benefits eligibility', 'Child support portal', 'Case management', 'Provider payments', 'Client self-service', 'SSO upgrade'],
  ECY: ['Water quality reports', 'Air permits', 'Spill response', 'Grant management', 'Environmental data API', 'Public comments'],
  DOR: ['Business tax filing', 'Payments gateway', 'Property tax relief', 'Audit workflow', 'Taxpayer portal', 'Revenue forecasting'],
}

async function seedPlan(
  run: Run,
  code: DemoAgencyCode,
  programId: string,
  agencyId: string,
  envIds: Record<string, string>,
  cycles: string[],
  components: Record<string, string>,
  count: number,
  earlier: Partial<Record<DemoAgencyCode, { releases: { id: string }[] }>>,
) {
  const writer = demoPersonas.member(code)
  const idx = DEMO_AGENCIES.findIndex((a) => a.code === code)
  const d = await run<{ createAgencyPlan: { id: string; revision: number } }>(
    writer,
    `mutation($input: CreateAgencyPlanInput!) { createAgencyPlan(input: $input) { id revision } }`,
    {
      input: { programId, agencyId, title: `${code} release plan FY2027`, periodStart: '2026-11-01', periodEnd: '2027-10-31' },
    },
  )
  let revision = d.createAgencyPlan.revision
  const planId = d.createAgencyPlan.id
  const releases: { id: string; revision: number; name: string }[] = []
  for (let j = 0; j < count; j++) {
    const releaseDate = at(cycles, (j + (idx % 2)) % cycles.length)
    const name = at(RELEASE_NAMES[code], j % RELEASE_NAMES[code].length)
    const input = releaseInput(code, j, name, releaseDate, envIds, components, earlier)
    // The DOT draft keeps two alignment issues to look at: a missing rollback plan and an off-cycle date.
    if (code === 'DOT' && j === 1) input.rollback = null
    if (code === 'DOT' && j === 2) input.schedule = shiftLastTier(input.schedule, 2)
    const r = await run<{ addRelease: { id: string; revision: number; plan: { revision: number } } }>(
      writer,
      `mutation($p: ID!, $r: Int!, $input: ReleaseInput!) { addRelease(planId: $p, expectedRevision: $r, input: $input) { id revision plan { revision } } }`,
      {
        p: planId,
        r: revision,
        input,
      },
    )
    revision = r.addRelease.plan.revision
    releases.push({ id: r.addRelease.id, revision: r.addRelease.revision, name })
  }
  return { id: planId, revision, releases }
}

function shiftLastTier(schedule: SeedWindow[], days: number): SeedWindow[] {
  const shift = (instant: string) => iso(DateTime.fromISO(instant).plus({ days }).toUTC())
  return schedule.map((w, i) => (i === schedule.length - 1 ? { ...w, start: shift(w.start), end: shift(w.end) } : w))
}

/** The element at `i` of a list the seed itself built (a programming error if missing). */
function at<T>(list: readonly T[], i: number): T {
  const v = list[i]
  if (v === undefined) throw new SeedError(`no element ${i} in a list of ${list.length}`)
  return v
}

/** ISO form of a DateTime the seed computed (a programming error if invalid). */
function iso(dt: DateTime, opts?: { suppressMilliseconds: boolean }): string {
  const text = dt.toISO(opts)
  if (text === null) throw new SeedError(`invalid date-time: ${dt.invalidReason}`)
  return text
}

/** YYYY-MM-DD of a DateTime the seed computed (a programming error if invalid). */
function isoDate(dt: DateTime): string {
  const text = dt.toISODate()
  if (text === null) throw new SeedError(`invalid date: ${dt.invalidReason}`)
  return text
}

function releaseInput(
  code: DemoAgencyCode,
  j: number,
  name: string,
  releaseDate: string,
  envIds: Record<string, string>,
  components: Record<string, string>,
  earlier: Partial<Record<DemoAgencyCode, { releases: { id: string }[] }>>,
): SeedReleaseInput {
  const rd = DateTime.fromISO(releaseDate, { zone: ZONE })
  const atHour = (d: DateTime, h: number) => iso(d.set({ hour: h, minute: 0 }).toUTC(), { suppressMilliseconds: true })
  const env = (tier: string) => envIds[`${code.toLowerCase()}-${tier.toLowerCase()}`]
  const major = j === 0 ? 3 : 2
  const version = `${major}.${j + 1}.0`
  const dependencies: SeedDependency[] = []
  if (j === 1) dependencies.push({ sharedComponentId: components.sso, versionRange: '>=4.2.0 <5', note: 'Uses the statewide SSO login' })
  if (code === 'DOR' && j === 0) dependencies.push({ sharedComponentId: components.payments, versionRange: '^2.7.0' })
  // Cross-agency: DOL's second release waits for DOH's first (both on the roadmap, with arrows).
  if (code === 'DOL' && j === 2 && earlier.DOH?.releases[0])
    dependencies.push({ releaseId: earlier.DOH.releases[0].id, note: 'Needs the new immunization registry API' })
  if (code === 'ECY' && j === 3 && earlier.DOH?.releases[1])
    dependencies.push({ releaseId: earlier.DOH.releases[1].id, note: 'Consumes the vital records feed' })
  return {
    name,
    version,
    type: j === 0 ? 'MAJOR' : j === 3 ? 'PATCH' : 'MINOR',
    summary: `${name}: ${j === 0 ? 'new platform release' : 'improvements and fixes'} for ${code}.`,
    cycleId: `${DEMO_PROGRAM_KEY}:${releaseDate}`,
    scope: [
      { key: `${code}-${100 + j * 7}`, title: `${name} — main feature`, kind: 'FEATURE' },
      { key: `${code}-${101 + j * 7}`, title: 'Accessibility fixes', kind: 'FIX' },
      ...(j % 2 === 0 ? [{ key: `${code}-${102 + j * 7}`, title: 'Dependency upgrades (security)', kind: 'SECURITY' }] : []),
    ],
    artifacts: [
      {
        name: `${code.toLowerCase()}-${name.toLowerCase().replace(/[^a-z]+/g, '-')}`,
        version,
        digest: `sha256:${hex(`${code}${j}`)}`,
        uri: `https://registry.example.gov/v2/${code.toLowerCase()}/app/manifests/${version}`,
      },
    ],
    schedule: [
      { tier: 'DEV', environmentId: env('DEV'), start: atHour(rd.minus({ days: 15 }), 9), end: atHour(rd.minus({ days: 9 }), 17) },
      { tier: 'TEST', environmentId: env('TEST'), start: atHour(rd.minus({ days: 8 }), 9), end: atHour(rd.minus({ days: 2 }), 17) },
      { tier: 'PROD', environmentId: env('PROD'), start: atHour(rd, 18), end: atHour(rd, 22) },
    ],
    steps: [
      { title: 'Announce maintenance window', owner: 'Communications', durationMinutes: 10, tier: 'PROD' },
      { title: 'Deploy container image', owner: 'Deployer', durationMinutes: 30, tier: null },
      { title: 'Run smoke tests', owner: 'QA lead', durationMinutes: 20, tier: null },
    ],
    validations: TIERS.map((tier) => ({
      tier,
      description: tier === 'PROD' ? 'Synthetic transactions succeed for 30 minutes' : 'Automated regression suite passes',
      owner: 'QA lead',
    })),
    roles: [
      { responsibility: 'RELEASE_MANAGER', person: `${code} release manager`, contact: `release@${code.toLowerCase()}.example.gov` },
      { responsibility: 'DEPLOYER', person: `${code} platform team`, contact: `platform@${code.toLowerCase()}.example.gov` },
      { responsibility: 'VALIDATOR', person: `${code} QA lead`, contact: null },
    ],
    requirements: [
      { key: 'postgres.version', expected: '>=15 <17' },
      { key: 'tls.min_version', expected: '1.2' },
    ],
    dependencies,
    rollback: {
      strategy: 'REDEPLOY_PREVIOUS',
      triggers: ['Error rate above 2% for 10 minutes', 'Failed smoke test'],
      steps: ['Redeploy previous image', 'Verify health checks'],
      maxMinutes: 30,
    },
    escalation: null,
  }
}

function hex(seed: string): string {
  let h = 0x811c9dc5
  let out = ''
  for (let i = 0; out.length < 64; i++) {
    h ^= seed.charCodeAt(i % seed.length) + i
    h = Math.imul(h, 0x01000193) >>> 0
    out += h.toString(16).padStart(8, '0')
  }
  return out.slice(0, 64)
}

const REPORT = `mutation($e: ID!, $items: [ConfigItemInput!]!) { reportEnvironmentState(environmentId: $e, items: $items) { inSync } }`

async function seedEnvironmentState(run: Run, envIds: Record<string, string>) {
  const seedAgency = async (a: (typeof DEMO_AGENCIES)[number]) => {
    const integ = demoPersonas.integration(a.code)
    for (const tier of TIERS) {
      const key = `${a.code.toLowerCase()}-${tier.toLowerCase()}`
      const items = [
        { key: 'postgres.version', value: tier === 'DEV' ? '16.4' : '15.8' },
        { key: 'tls.min_version', value: '1.2' },
        { key: 'java.runtime', value: '21' },
        { key: 'replicas', value: tier === 'PROD' ? '4' : '1' },
      ]
      await run(integ, REPORT, { e: envIds[key], items })
      await run(demoPersonas.manager(a.code), `mutation($e: ID!, $n: String) { approveBaseline(environmentId: $e, note: $n) { version } }`, {
        e: envIds[key],
        n: 'Initial baseline from the first inventory scan',
      })
      // Some environments drift after their baseline: a changed value, a missing and an unexpected key.
      if ((a.code === 'DOH' && tier === 'TEST') || (a.code === 'DOT' && tier === 'PROD') || (a.code === 'DSHS' && tier === 'DEV')) {
        await run(integ, REPORT, {
          e: envIds[key],
          items: [
            { key: 'postgres.version', value: a.code === 'DOT' ? '14.11' : '15.9' },
            { key: 'java.runtime', value: '21' },
            { key: 'replicas', value: tier === 'PROD' ? '4' : '1' },
            { key: 'debug.enabled', value: 'true' },
          ],
        })
      } else {
        await run(integ, REPORT, { e: envIds[key], items })
      }
    }
  }
  const seedShared = async () => {
    await run(demoPersonas.admin, REPORT, { e: envIds['shared-sso-stage'], items: [{ key: 'sso.version', value: '4.2.0' }] })
    await run(demoPersonas.admin, `mutation($e: ID!) { approveBaseline(environmentId: $e) { version } }`, { e: envIds['shared-sso-stage'] })
  }
  await Promise.all([...DEMO_AGENCIES.map(seedAgency), seedShared()])
}

async function seedExecution(run: Run, code: DemoAgencyCode, releases: { id: string; revision: number }[], n: number, log: (m: string) => void) {
  const mgr = demoPersonas.manager(code)
  const cp = (releaseId: string, input: Record<string, unknown>) =>
    run(mgr, `mutation($r: ID!, $input: CheckpointInput!) { recordCheckpoint(releaseId: $r, input: $input) { met } }`, { r: releaseId, input })
  const promote = async (rel: { id: string; revision: number }, tier: string) => {
    // Checkpoints and rehearsals are recorded on the release too: promote from its current revision.
    rel.revision = (await run<{ release: { revision: number } }>(mgr, `query($id: ID!) { release(id: $id) { revision } }`, { id: rel.id })).release.revision
    const d = await run<{ promoteRelease: { revision: number } }>(
      mgr,
      `mutation($r: ID!, $t: String!, $v: Int!) { promoteRelease(releaseId: $r, tier: $t, expectedRevision: $v) { revision currentTier } }`,
      {
        r: rel.id,
        t: tier,
        v: rel.revision,
      },
    )
    rel.revision = d.promoteRelease.revision
  }
  for (const [i, rel] of releases.slice(0, n).entries()) {
    await promote(rel, 'DEV')
    if (i === n - 1 && n > 1) continue // the last one stays in DEV
    await cp(rel.id, { criterionKey: 'unit-tests', attested: true, note: 'CI pipeline green' })
    await cp(rel.id, { criterionKey: 'coverage', value: 84.5, evidenceUrl: 'https://ci.example.gov/coverage/latest' })
    await promote(rel, 'TEST')
    if (i === 0) {
      // The first release collects its production evidence and goes live now; when only a freeze, its
      // window or its environment stands in the way, through an approved break-glass exception.
      await cp(rel.id, { criterionKey: 'uat-signoff', attested: true, evidenceUrl: 'https://docs.example.gov/uat/signoff.pdf' })
      await cp(rel.id, { criterionKey: 'open-sev1', value: 0 })
      await cp(rel.id, { criterionKey: 'security-scan', attested: true, evidenceUrl: 'https://scan.example.gov/report/1' })
      await cp(rel.id, { criterionKey: 'runbook', attested: true })
      await run(mgr, `mutation($r: ID!, $at: DateTime!) { recordRollbackRehearsal(releaseId: $r, rehearsedAt: $at, note: "Rehearsed in TEST") { id } }`, {
        r: rel.id,
        at: new Date().toISOString(),
      })
      try {
        await breakGlassIfNeeded(run, mgr, rel.id, 'PROD')
        await promote(rel, 'PROD')
        await run(mgr, `mutation($r: ID!) { recordPostReleaseValidation(releaseId: $r, passed: true, notes: "Synthetic checks green") { id } }`, { r: rel.id })
      } catch (err) {
        log(`${code}: first release stays in TEST (${(err as Error).message.slice(0, 120)})`)
      }
    }
  }
}

const WAIVABLE = new Set(['FROZEN', 'OUTSIDE_WINDOW', 'ENVIRONMENT_NOT_READY'])

/**
 * When the deploy check for now is blocked only by waivable blockers, the agency manager requests
 * an exception for the next hour and the program admin approves it (the demo's break-glass story).
 */
async function breakGlassIfNeeded(
  run: Run,
  mgr: TokenClaims,
  releaseId: string,
  tier: string,
  justification = 'Go-live agreed with the business owner; the fix cannot wait for the scheduled window.',
): Promise<void> {
  const check = await run<{ deploymentCheck: { allowed: boolean; blockers: { code: string; waivedBy: Ref | null }[] } }>(
    mgr,
    `query($r: ID!, $t: String!) { deploymentCheck(releaseId: $r, tier: $t) { allowed blockers { code waivedBy { id } } } }`,
    { r: releaseId, t: tier },
  )
  const open = check.deploymentCheck.blockers.filter((b) => !b.waivedBy).map((b) => b.code)
  if (check.deploymentCheck.allowed || !open.every((c) => WAIVABLE.has(c))) return
  const now = Date.now()
  const d = await run<{ requestDeploymentException: Ref }>(
    mgr,
    `mutation($input: DeploymentExceptionInput!) { requestDeploymentException(input: $input) { id } }`,
    {
      input: {
        releaseId,
        tier,
        waives: [...new Set(open)],
        start: new Date(now - 5 * 60_000).toISOString(),
        end: new Date(now + 60 * 60_000).toISOString(),
        justification,
      },
    },
  )
  await run(demoPersonas.admin, `mutation($id: ID!) { decideDeploymentException(id: $id, decision: APPROVE, comment: "Approved by the CAB") { id } }`, {
    id: d.requestDeploymentException.id,
  })
}

async function seedBookingsAndDeployments(run: Run, plans: Record<DemoAgencyCode, { releases: { id: string }[] }>, envIds: Record<string, string>) {
  const seedAgency = async (code: 'DOH' | 'ECY' | 'DOL') => {
    const mgr = demoPersonas.manager(code)
    for (const rel of plans[code].releases.slice(0, 3)) {
      const r = await run<{ release: { schedule: { tier: string; start: string; end: string; environment: Ref | null }[] } }>(
        mgr,
        `query($id: ID!) { release(id: $id) { version schedule { tier start end environment { id } } } }`,
        { id: rel.id },
      )
      for (const w of r.release.schedule) {
        if (!w.environment || (w.tier === 'PROD' && code === 'DOL')) continue // leave some windows unbooked: readiness shows NOT_BOOKED
        await run(mgr, `mutation($input: BookEnvironmentInput!) { bookEnvironment(input: $input) { id } }`, {
          input: { environmentId: w.environment.id, releaseId: rel.id, start: w.start, end: w.end, purpose: `${w.tier} window` },
        })
      }
    }
    const integ = demoPersonas.integration(code)
    const first = at(plans[code].releases, 0)
    const r = await run<{ release: { version: string; currentTier: (typeof TIERS)[number] | null } }>(
      mgr,
      `query($id: ID!) { release(id: $id) { version currentTier } }`,
      {
        id: first.id,
      },
    )
    const deployedTiers = r.release.currentTier ? TIERS.slice(0, TIERS.indexOf(r.release.currentTier) + 1) : []
    for (const tier of deployedTiers) {
      const started = DateTime.now().minus({ days: 3 - TIERS.indexOf(tier) })
      await run(integ, `mutation($input: RecordDeploymentInput!) { recordDeployment(input: $input) { id } }`, {
        input: {
          environmentId: envIds[`${code.toLowerCase()}-${tier.toLowerCase()}`],
          releaseId: first.id,
          version: r.release.version,
          outcome: 'SUCCEEDED',
          startedAt: started.toUTC().toISO(),
          finishedAt: started.plus({ minutes: 25 }).toUTC().toISO(),
        },
      })
    }
  }
  await Promise.all((['DOH', 'ECY', 'DOL'] as const).map(seedAgency))
}

/**
 * Last year's DOH plan, done and CLOSED: its one release went live in September (or, when a
 * freeze is on at seeding time and blocks the promotion, was cancelled instead).
 */
async function seedClosedPlan(
  run: Run,
  programId: string,
  agencyId: string,
  approve: (code: DemoAgencyCode) => Promise<void>,
  plans: Record<DemoAgencyCode, { id: string; revision: number; releases: { id: string; revision: number; name: string }[] }>,
  log: (m: string) => void,
) {
  const member = demoPersonas.member('DOH')
  const mgr = demoPersonas.manager('DOH')
  const d = await run<{ createAgencyPlan: { id: string; revision: number } }>(
    member,
    `mutation($input: CreateAgencyPlanInput!) { createAgencyPlan(input: $input) { id revision } }`,
    {
      input: { programId, agencyId, title: 'DOH release plan FY2026', periodStart: '2026-07-01', periodEnd: '2026-10-31' },
    },
  )
  const input = releaseInput('DOH', 4, 'Immunization registry', '2026-09-08', {}, {}, {})
  input.version = '2.9.0'
  input.cycleId = `${DEMO_PROGRAM_KEY}:2026-09-08`
  input.schedule = input.schedule.map((w) => ({ ...w, environmentId: null }))
  const r = await run<{ addRelease: { id: string; plan: { revision: number } } }>(
    member,
    `mutation($p: ID!, $r: Int!, $input: ReleaseInput!) { addRelease(planId: $p, expectedRevision: $r, input: $input) { id revision plan { revision } } }`,
    {
      p: d.createAgencyPlan.id,
      r: d.createAgencyPlan.revision,
      input,
    },
  )
  // approve() works on plans[code]: borrow the slot for this plan
  const current = plans.DOH
  plans.DOH = { id: d.createAgencyPlan.id, revision: r.addRelease.plan.revision, releases: [] }
  const relId = r.addRelease.id
  const rev = async () =>
    (await run<{ release: { revision: number } }>(mgr, `query($id: ID!) { release(id: $id) { revision } }`, { id: relId })).release.revision
  const planRev = async () =>
    (await run<{ agencyPlan: { revision: number; status: string } }>(mgr, `query($id: ID!) { agencyPlan(id: $id) { revision status } }`, { id: plans.DOH.id }))
      .agencyPlan
  try {
    await approve('DOH')
    const cp = (input: Record<string, unknown>) =>
      run(mgr, `mutation($r: ID!, $input: CheckpointInput!) { recordCheckpoint(releaseId: $r, input: $input) { met } }`, { r: relId, input })
    const promote = async (tier: string) => {
      await breakGlassIfNeeded(run, mgr, relId, tier, 'Recording a deployment that happened before Railyard tracked this release.')
      return run(mgr, `mutation($r: ID!, $t: String!, $v: Int!) { promoteRelease(releaseId: $r, tier: $t, expectedRevision: $v) { id } }`, {
        r: relId,
        t: tier,
        v: await rev(),
      })
    }
    try {
      await promote('DEV')
      await cp({ criterionKey: 'unit-tests', attested: true })
      await cp({ criterionKey: 'coverage', value: 88, evidenceUrl: 'https://ci.example.gov/coverage/2.9.0' })
      await promote('TEST')
      await cp({ criterionKey: 'uat-signoff', attested: true, evidenceUrl: 'https://docs.example.gov/uat/2.9.0.pdf' })
      await cp({ criterionKey: 'open-sev1', value: 0 })
      await cp({ criterionKey: 'security-scan', attested: true, evidenceUrl: 'https://scan.example.gov/report/290' })
      await cp({ criterionKey: 'runbook', attested: true })
      await promote('PROD')
      await run(mgr, `mutation($r: ID!) { recordPostReleaseValidation(releaseId: $r, passed: true, notes: "Stable for 30 days") { id } }`, { r: relId })
    } catch (err) {
      log(`DOH FY2026: release cancelled instead of promoted (${(err as Error).message.slice(0, 100)})`)
      await run(mgr, `mutation($r: ID!, $v: Int!) { cancelRelease(id: $r, expectedRevision: $v, reason: "Superseded by 3.1.0") { id } }`, {
        r: relId,
        v: await rev(),
      })
      const p = await planRev()
      if (p.status !== 'APPROVED') {
        plans.DOH.revision = p.revision
        await approve('DOH')
      }
    }
    await run(mgr, `mutation($id: ID!, $v: Int!) { closeAgencyPlan(id: $id, expectedRevision: $v) { status } }`, {
      id: plans.DOH.id,
      v: (await planRev()).revision,
    })
    log('DOH FY2026 plan closed')
  } finally {
    plans.DOH = current
  }
}
