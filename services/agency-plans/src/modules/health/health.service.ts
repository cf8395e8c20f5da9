import {
  type DeliveryMetricsInput,
  type RiskPlan,
  type RiskRelease,
  deliveryMetrics as deliveryMetricsRule,
  deliveryMetricsArgumentErrors,
  lastTierWindow,
  monthlyDeliveryMetrics,
  releaseRisks,
  riskArgumentErrors,
} from '@railyard/release-rules'
import { badInput } from '@railyard/graphql-kit'
import { accessToPlan } from '../../access.ts'
import type { Context } from '../../context.ts'
import { type UpstreamReleaseOperations, fetchReleaseOperations } from '../../upstream/environment-inventory.ts'
import { fetchProgramForHealth } from '../../upstream/program-strategy.ts'
import { alignmentOf } from '../plan/plan.alignment.ts'
import type { PlanRow } from '../plan/plan.table.ts'
import type { ReleaseRow } from '../release/release.table.ts'
import type { DeliveryMetricsModel, DeliveryMetricsMonthModel, ReleaseRiskModel } from './health.model.ts'

/**
 * Program health (DESIGN.md "v2 behaviour": Program health), from the plans and releases here
 * and what environment-inventory records about them (asked with the caller's token, in one
 * batched call). Every list is loaded through the request's DataLoaders, so the number of SQL
 * statements does not grow with the number of releases.
 *
 * Who sees what: a release counts when the viewer may read its plan — program roles every plan,
 * agency roles their own agency's plans and other agencies' APPROVED ones. Risks are assessed for
 * the releases the viewer reads in full (their gates, alignment and readiness are not roadmap
 * fields); another agency's approved releases enter only as dependencies (their schedule).
 */

const instant = (v: string | Date) => new Date(v).toISOString()

interface VisibleReleases {
  plans: PlanRow[]
  releases: ReleaseRow[]
  /** plan id → the viewer's access */
  access: Map<string, 'full' | 'roadmap'>
}

function visibleReleasesOfProgram(ctx: Context, programId: string): Promise<VisibleReleases> {
  return ctx.loaders.memo(`visibleReleases:${programId}`, () => loadVisibleReleasesOfProgram(ctx, programId))
}

async function loadVisibleReleasesOfProgram(ctx: Context, programId: string): Promise<VisibleReleases> {
  const access = new Map<string, 'full' | 'roadmap'>()
  const plans = (await ctx.loaders.plansByProgram.load(programId)).filter((p) => {
    const a = accessToPlan(ctx.actor, p)
    if (a !== 'none') access.set(p.id, a)
    return a !== 'none'
  })
  const releases = (await Promise.all(plans.map((p) => ctx.loaders.releasesByPlan.load(p.id)))).flat()
  return { plans, releases, access }
}

const representation = (r: ReleaseRow) => ({ id: r.id, schedule: r.schedule, requirements: r.requirements })

/** The deployments environment-inventory returned, with their release and their environment's tier. */
function deploymentsOf(releases: readonly ReleaseRow[], operations: Map<string, UpstreamReleaseOperations>) {
  return releases.flatMap((r) =>
    (operations.get(r.id)?.deployments ?? []).map((d) => ({
      id: d.id,
      releaseId: r.id,
      environmentId: d.environment.id,
      tier: d.environment.tier,
      outcome: d.outcome,
      startedAt: d.startedAt,
    })),
  )
}

// ------------------------------------------------------------------ risks

/** Last-tier window start of dependencies outside the assessed releases that the viewer may see (null: ignore). */
async function outsideDependencyStarts(ctx: Context, dependencyIds: readonly string[]): Promise<Record<string, string | null>> {
  const { loaders, actor } = ctx
  const found = (await loaders.releaseById.loadMany([...dependencyIds])).filter((r): r is ReleaseRow => !!r && !(r instanceof Error))
  const plans = await loaders.planById.loadMany(found.map((r) => r.planId))
  const out: Record<string, string | null> = {}
  found.forEach((dep, i) => {
    const plan = plans[i]
    if (!plan || plan instanceof Error || accessToPlan(actor, plan) === 'none') return
    const done = dep.status === 'CANCELLED' || dep.status === 'RELEASED'
    out[dep.id] = done ? null : (lastTierWindow(dep.schedule, plan.strategy.promotionPath)?.start ?? null)
  })
  return out
}

/** `Program.risks(asOf, horizonDays)`: releases at risk, worst first. */
export async function programRisks(
  ctx: Context,
  programId: string,
  asOf: string | null | undefined,
  horizonDays: number | null | undefined,
): Promise<ReleaseRiskModel[]> {
  const problems = riskArgumentErrors({ asOf: asOf ?? null, horizonDays: horizonDays ?? null })
  if (problems.length > 0) throw badInput(problems)
  return ctx.loaders.memo(`risks:${programId}:${asOf ?? ''}:${horizonDays ?? ''}`, () => computeProgramRisks(ctx, programId, asOf, horizonDays))
}

async function computeProgramRisks(
  ctx: Context,
  programId: string,
  asOf: string | null | undefined,
  horizonDays: number | null | undefined,
): Promise<ReleaseRiskModel[]> {
  const { loaders } = ctx
  const { plans, releases, access } = await visibleReleasesOfProgram(ctx, programId)
  const assessedPlans = plans.filter((p) => access.get(p.id) === 'full' && p.status !== 'CLOSED')
  const assessedPlanIds = new Set(assessedPlans.map((p) => p.id))
  const assessed = releases.filter((r) => assessedPlanIds.has(r.planId) && r.status !== 'RELEASED' && r.status !== 'CANCELLED')
  if (assessed.length === 0) return []

  const [dependencies, checkpoints, alignments, approvals, operations] = await Promise.all([
    Promise.all(assessed.map((r) => loaders.dependenciesByRelease.load(r.id))),
    Promise.all(assessed.map((r) => loaders.checkpointsByRelease.load(r.id))),
    Promise.all(assessedPlans.map((p) => alignmentOf(ctx, p))),
    Promise.all(assessedPlans.map((p) => loaders.approvalsByPlan.load(p.id))),
    fetchReleaseOperations(ctx.clients.environmentInventory, ctx.actor.token, assessed.map(representation), true),
  ])
  const dependsOn = dependencies.map((deps) => deps.flatMap((d) => (d.dependsOnReleaseId ? [d.dependsOnReleaseId] : [])))
  const assessedIds = new Set(assessed.map((r) => r.id))
  const outside = [...new Set(dependsOn.flat().filter((id) => !assessedIds.has(id)))]
  const dependencyLastTierStart = await outsideDependencyStarts(ctx, outside)

  const riskPlans: RiskPlan[] = assessedPlans.map((p, i) => {
    const pending = (approvals[i] ?? []).find((a) => a.status === 'PENDING')
    return {
      id: p.id,
      status: p.status,
      submittedAt: p.status === 'SUBMITTED' && pending ? instant(pending.requestedAt) : null,
      alignment: alignments[i] ?? null,
      strategy: p.strategy,
    }
  })
  const ops = (id: string): UpstreamReleaseOperations | undefined => operations.get(id)
  const riskReleases: RiskRelease[] = assessed.map((r, i) => ({
    id: r.id,
    planId: r.planId,
    agencyId: r.agencyId,
    name: r.name,
    version: r.version,
    status: r.status,
    type: r.type,
    currentTier: r.currentTier,
    schedule: r.schedule,
    dependsOn: dependsOn[i] ?? [],
    checkpoints: (checkpoints[i] ?? []).map((c) => ({ ...c, recordedAt: instant(c.recordedAt) })),
    readiness: (ops(r.id)?.environmentReadiness ?? []).map((x) => ({ tier: x.tier, environmentId: x.environment.id, blockers: x.blockers })),
  }))
  const deployments = deploymentsOf(assessed, operations)
  const risks = releaseRisks(
    {
      asOf: asOf ?? null,
      horizonDays: horizonDays ?? null,
      timeZone: assessedPlans[0]?.strategy.cadence.timeZone ?? 'UTC',
      plans: riskPlans,
      releases: riskReleases,
      bookings: assessed.flatMap((r) =>
        (ops(r.id)?.bookings ?? []).map((b) => ({ id: b.id, environmentId: b.environment.id, releaseId: r.id, start: b.start, end: b.end })),
      ),
      deployments,
      environments: deployments.map((d) => ({ id: d.environmentId, tier: d.tier })),
      dependencyLastTierStart,
    },
    { now: new Date().toISOString() },
  )
  const byId = new Map(assessed.map((r) => [r.id, r]))
  return risks.flatMap((risk) => {
    const release = byId.get(risk.releaseId)
    return release
      ? [
          {
            release,
            reasons: risk.reasons,
            nextWindowStart: risk.nextWindowStart,
            nextWindowTier: risk.nextWindowTier,
            score: risk.score,
            details: risk.details,
          },
        ]
      : []
  })
}

// ------------------------------------------------------------------ delivery metrics

/** Everything the delivery metrics need over the releases the viewer may see, or null when the program is unknown to the viewer. */
async function metricsInput(ctx: Context, programId: string, from: string, to: string): Promise<{ input: DeliveryMetricsInput; timeZone: string } | null> {
  const fetched = await ctx.loaders.memo(`metricsData:${programId}`, async () => {
    const [program, visible] = await Promise.all([
      fetchProgramForHealth(ctx.clients.programStrategy, ctx.actor.token, programId),
      visibleReleasesOfProgram(ctx, programId),
    ])
    if (!program) return null
    const operations = await fetchReleaseOperations(ctx.clients.environmentInventory, ctx.actor.token, visible.releases.map(representation), false)
    return { program, releases: visible.releases, operations }
  })
  if (!fetched) return null
  const { program, releases, operations } = fetched
  const deployments = deploymentsOf(releases, operations)
  // program roles: every agency of the program; an agency: its own and those whose releases it sees
  const seen = new Set(releases.map((r) => r.agencyId))
  const agencyIds = program.agencies.filter((a) => ctx.actor.agency === null || a.code === ctx.actor.agency || seen.has(a.id)).map((a) => a.id)
  return {
    timeZone: program.strategy?.cadence.timeZone ?? 'UTC',
    input: {
      from,
      to,
      promotionPath: program.strategy?.promotionPath ?? [],
      agencyIds,
      releases: releases.map((r) => ({ id: r.id, agencyId: r.agencyId, schedule: r.schedule })),
      environments: deployments.map((d) => ({ id: d.environmentId, tier: d.tier })),
      deployments,
    },
  }
}

function requireValidPeriod(from: string, to: string): void {
  const problems = deliveryMetricsArgumentErrors({ from, to })
  if (problems.length > 0) throw badInput(problems)
}

/** `Program.deliveryMetrics(from, to)`: one row per agency the viewer may see, then the program total. */
export async function programDeliveryMetrics(ctx: Context, programId: string, from: string, to: string): Promise<DeliveryMetricsModel[]> {
  requireValidPeriod(from, to)
  const data = await metricsInput(ctx, programId, from, to)
  return data ? deliveryMetricsRule(data.input) : []
}

/** `Program.deliveryTrend(from, to)`: the same rows per calendar month of the program's time zone. */
export async function programDeliveryTrend(ctx: Context, programId: string, from: string, to: string): Promise<DeliveryMetricsMonthModel[]> {
  requireValidPeriod(from, to)
  const data = await metricsInput(ctx, programId, from, to)
  if (!data) return []
  try {
    return monthlyDeliveryMetrics(data.input, data.timeZone)
  } catch (err) {
    if (err instanceof RangeError) throw badInput([{ path: ['to'], message: 'The trend covers at most 120 months; choose a shorter period.' }])
    throw err
  }
}
