import { type AlignmentResult, type ReleaseForAlignment, checkAlignment, lastTierWindow } from '@railyard/release-rules'
import { loadPresent } from '@railyard/graphql-kit'
import type { Context } from '../../context.ts'
import type { ReleaseDependencyRow, ReleaseRow } from '../release/release.table.ts'
import type { PlanRow } from './plan.table.ts'

function forAlignment(r: ReleaseRow, deps: ReleaseDependencyRow[]): ReleaseForAlignment {
  return {
    id: r.id,
    name: r.name,
    version: r.version,
    type: r.type,
    status: r.status,
    cycleId: r.cycleId,
    schedule: r.schedule,
    hasRollback: r.rollback !== null,
    roles: r.roles,
    validations: r.validations,
    dependencyReleaseIds: deps.flatMap((d) => (d.dependsOnReleaseId ? [d.dependsOnReleaseId] : [])),
  }
}

/**
 * The plan checked against its pinned strategy version (release-rules checkAlignment), with the
 * program's latest version (for STALE_STRATEGY) asked of program-strategy, batched per request.
 */
export async function alignmentOf(ctx: Context, plan: PlanRow): Promise<AlignmentResult> {
  const { loaders } = ctx
  const releases = await loaders.releasesByPlan.load(plan.id)
  const depsByRelease = await Promise.all(releases.map((r) => loaders.dependenciesByRelease.load(r.id)))
  const depIds = [...new Set(depsByRelease.flat().flatMap((d) => (d.dependsOnReleaseId ? [d.dependsOnReleaseId] : [])))]
  const depReleases = await loadPresent(loaders.releaseById, depIds)
  const depPlans = await Promise.all(depReleases.map((r) => loaders.planById.load(r.planId)))
  const dependencyLastTierStart: Record<string, string | null> = {}
  depReleases.forEach((dep, i) => {
    const path = depPlans[i]?.strategy.promotionPath
    dependencyLastTierStart[dep.id] = dep.status === 'CANCELLED' ? null : (lastTierWindow(dep.schedule, path)?.start ?? null)
  })
  const latestStrategyVersion = await loaders.latestStrategyVersion.load(plan.programId)
  return checkAlignment({
    programKey: plan.programKey,
    periodStart: plan.periodStart,
    periodEnd: plan.periodEnd,
    strategy: plan.strategy,
    latestStrategyVersion,
    releases: releases.map((r, i) => forAlignment(r, depsByRelease[i] ?? [])),
    dependencyLastTierStart,
  })
}
