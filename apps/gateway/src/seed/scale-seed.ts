import { DateTime } from 'luxon'
import type { TokenClaims, TokenSigner } from '@railyard/auth'
import type { GatewayGraphQL } from '../gateway.ts'

/**
 * Program-scale data for benchmarks and the roadmap performance test: `agencies` agencies
 * (AG01…), each with an approved plan of `releasesPerPlan` releases × 3 tier windows over one
 * year — written through the public GraphQL API like any client would.
 */
export interface ScaleSeedOptions {
  graphql: GatewayGraphQL
  signer: TokenSigner
  programKey?: string
  agencies?: number
  releasesPerPlan?: number
  /** Requests in flight at once (default 4). */
  concurrency?: number
  log?: (m: string) => void
}

const ZONE = 'America/Los_Angeles'

export async function seedScale(o: ScaleSeedOptions) {
  const { graphql, signer, programKey = 'SCALE', agencies = 40, releasesPerPlan = 50, concurrency = 4, log = () => {} } = o
  const tokens = new Map<string, string>()
  const run = async <T>(who: TokenClaims, query: string, variables: Record<string, unknown> = {}): Promise<T> => {
    let token = tokens.get(who.sub)
    if (token === undefined) {
      token = await signer.sign(who, { expiresIn: '2h' })
      tokens.set(who.sub, token)
    }
    const r = await graphql<T>(query, variables, token)
    const e = r.errors?.[0]
    if (e) throw new Error(`${query.trim().slice(0, 60)}…: ${e.message}`)
    return r.data as T
  }
  const admin: TokenClaims = { sub: 'scale.admin', roles: ['PROGRAM_ADMIN'] }
  const codes = Array.from({ length: agencies }, (_, i) => `AG${String(i + 1).padStart(2, '0')}`)
  const t0 = Date.now()
  const agencyIds: Record<string, string> = {}
  await pool(codes, concurrency, async (code) => {
    const d = await run<{ registerAgency: { id: string } }>(admin, `mutation($i: RegisterAgencyInput!) { registerAgency(input: $i) { id } }`, {
      i: { code, name: `Agency ${code}` },
    })
    agencyIds[code] = d.registerAgency.id
  })
  const program = (
    await run<{ createProgram: { id: string } }>(admin, `mutation($i: CreateProgramInput!) { createProgram(input: $i) { id } }`, {
      i: { key: programKey, name: `Scale program (${agencies} agencies)`, agencyCodes: codes },
    })
  ).createProgram
  await run(admin, `mutation($p: ID!, $i: ReleaseStrategyInput!) { publishReleaseStrategy(programId: $p, expectedVersion: 0, input: $i) { version } }`, {
    p: program.id,
    i: {
      cadence: { rule: 'FREQ=WEEKLY;BYDAY=TU', timeZone: ZONE, startsOn: '2027-01-05', codeFreezeDaysBefore: 3 },
      promotionPath: ['DEV', 'TEST', 'PROD'],
      qualityGates: [],
      readinessCriteria: [],
      planApproval: {
        name: 'Program approval',
        steps: [{ name: 'Program office', approverRole: 'PROGRAM_ADMIN', minApprovals: 1, separationOfDuties: false }],
      },
      escalationPath: [{ level: 1, title: 'Release manager', contact: 'rm@example.gov', responseMinutes: 30 }],
      freezeWindows: [],
    },
  })
  log(`scale seed: program ${programKey}, ${agencies} agencies (${Date.now() - t0} ms)`)
  let done = 0
  await pool(codes, concurrency, async (code, a) => {
    const mgr: TokenClaims = { sub: `mgr.${code.toLowerCase()}`, roles: ['AGENCY_MANAGER'], agency: code }
    const plan = (
      await run<{ createAgencyPlan: { id: string; revision: number } }>(
        mgr,
        `mutation($i: CreateAgencyPlanInput!) { createAgencyPlan(input: $i) { id revision } }`,
        {
          i: { programId: program.id, agencyId: agencyIds[code], title: `${code} plan 2027`, periodStart: '2026-12-01', periodEnd: '2028-01-31' },
        },
      )
    ).createAgencyPlan
    let rev = plan.revision
    for (let i = 0; i < releasesPerPlan; i++) {
      // A Tuesday release each week, staggered per agency: DEV (5 days) → TEST (5 days) → PROD (4 h).
      const tuesday = DateTime.fromISO('2027-01-05', { zone: ZONE }).plus({ weeks: (i + a) % 52 })
      const at = (d: DateTime, h: number) => d.set({ hour: h }).toUTC().toISO()
      const d = await run<{ addRelease: { plan: { revision: number } } }>(
        mgr,
        `mutation($p: ID!, $r: Int!, $i: ReleaseInput!) { addRelease(planId: $p, expectedRevision: $r, input: $i) { plan { revision } } }`,
        {
          p: plan.id,
          r: rev,
          i: {
            name: `${code} release ${i + 1}`,
            version: `1.${i}.0`,
            type: i % 10 === 0 ? 'MAJOR' : 'MINOR',
            scope: [{ key: `${code}-${i}`, title: 'Feature', kind: 'FEATURE' }],
            artifacts: [],
            schedule: [
              { tier: 'DEV', start: at(tuesday.minus({ days: 14 }), 9), end: at(tuesday.minus({ days: 9 }), 17) },
              { tier: 'TEST', start: at(tuesday.minus({ days: 7 }), 9), end: at(tuesday.minus({ days: 2 }), 17) },
              { tier: 'PROD', start: at(tuesday, 18), end: at(tuesday, 22) },
            ],
            steps: [],
            validations: [{ tier: 'PROD', description: 'Smoke test', owner: 'QA' }],
            roles: [
              { responsibility: 'RELEASE_MANAGER', person: 'RM' },
              { responsibility: 'DEPLOYER', person: 'Ops' },
            ],
            requirements: [],
            dependencies: [],
            rollback: { strategy: 'REDEPLOY_PREVIOUS', triggers: ['errors'], steps: ['redeploy'], maxMinutes: 30 },
          },
        },
      )
      rev = d.addRelease.plan.revision
    }
    const sub = await run<{ submitAgencyPlan: { approvals: { id: string; status: string }[] } }>(
      mgr,
      `mutation($id: ID!, $r: Int!) { submitAgencyPlan(id: $id, expectedRevision: $r) { approvals { id status } } }`,
      {
        id: plan.id,
        r: rev,
      },
    )
    const pending = sub.submitAgencyPlan.approvals.find((x) => x.status === 'PENDING')
    if (!pending) throw new Error(`submitAgencyPlan: ${code}'s plan has no pending approval request`)
    await run(admin, `mutation($id: ID!) { decideApproval(requestId: $id, decision: APPROVE) { status } }`, { id: pending.id })
    done++
    if (done % 5 === 0 || done === agencies)
      log(`scale seed: ${done}/${agencies} plans (${done * releasesPerPlan} releases, ${((Date.now() - t0) / 1000).toFixed(0)} s)`)
  })
  return { programId: program.id, programKey, seconds: (Date.now() - t0) / 1000 }
}

async function pool<T>(items: T[], n: number, fn: (item: T, index: number) => Promise<void>) {
  // One iterator shared by the workers: each takes the next item when it is free.
  const queue = items.entries()
  await Promise.all(
    Array.from({ length: Math.min(n, items.length) }, async () => {
      for (const [i, item] of queue) await fn(item, i)
    }),
  )
}
