import type { Kysely } from 'kysely'
import { diffPlanContent } from '@railyard/release-rules'
import { groupByKey } from '@railyard/graphql-kit'
import { visibleReleases } from '../../access.ts'
import type { Context } from '../../context.ts'
import type { Database } from '../../database.ts'
import type { PlanRow } from '../plan/plan.table.ts'
import { findDependenciesByReleaseIds, findReleasesByPlanIds } from '../release/release.repository.ts'
import { planContent } from './plan-change.content.ts'
import type { PlanChangeSetModel } from './plan-change.model.ts'
import { insertSnapshot } from './plan-change.repository.ts'

/**
 * Stores the content of a plan that has just become APPROVED (inside the approving transaction,
 * after the plan row was locked and updated, so the snapshot is exactly what was approved).
 */
export async function snapshotApprovedPlan(trx: Kysely<Database>, plan: PlanRow, requestId: string | null, by: string): Promise<void> {
  const releases = await findReleasesByPlanIds(trx, [plan.id])
  const deps = await findDependenciesByReleaseIds(
    trx,
    releases.map((r) => r.id),
  )
  const content = planContent(
    plan,
    releases,
    groupByKey(
      releases.map((r) => r.id),
      deps,
      (d) => d.releaseId,
    ),
  )
  await insertSnapshot(trx, { planId: plan.id, requestId, approvedRevision: plan.revision, approvedBy: by, content })
}

/**
 * The plan now compared with its last approved content (release-rules diffPlanContent), windows
 * written in the cadence's time zone; null when the plan was never approved. Everything is read
 * through the request's loaders (batched across plans).
 */
export async function changesSinceApproval(ctx: Context, plan: PlanRow): Promise<PlanChangeSetModel | null> {
  const { loaders } = ctx
  const snapshot = await loaders.approvalSnapshotByPlan.load(plan.id)
  if (!snapshot) return null
  const releases = await loaders.releasesByPlan.load(plan.id)
  const deps = await Promise.all(releases.map((r) => loaders.dependenciesByRelease.load(r.id)))
  const current = planContent(plan, releases, deps)
  // names of the releases of other plans that dependencies point to, as far as the viewer may read them
  const inPlan = new Set([...snapshot.content.releases, ...current.releases].map((r) => r.id))
  const outside = [
    ...new Set(
      [...snapshot.content.releases, ...current.releases].flatMap((r) =>
        r.dependencies.flatMap((d) => (d.releaseId && !inPlan.has(d.releaseId) ? [d.releaseId] : [])),
      ),
    ),
  ]
  const visible = await visibleReleases(ctx, await Promise.all(outside.map((id) => loaders.releaseById.load(id))))
  const releaseLabels = Object.fromEntries(visible.map((r) => [r.id, `${r.name} ${r.version}`]))
  return {
    approvedAt: snapshot.approvedAt,
    approvedRevision: snapshot.approvedRevision,
    approvedBy: snapshot.approvedBy,
    changes: diffPlanContent(snapshot.content, current, { timeZone: plan.strategy.cadence.timeZone, releaseLabels }),
  }
}
