import type { PlanContent, PlanContentRelease } from '@railyard/release-rules'
import type { PlanRow } from '../plan/plan.table.ts'
import type { ReleaseDependencyRow, ReleaseRow } from '../release/release.table.ts'

/** One release as content (what its editors wrote: ReleaseInput and its status; no execution records). */
function releaseContent(r: ReleaseRow, deps: readonly ReleaseDependencyRow[]): PlanContentRelease {
  return {
    id: r.id,
    name: r.name,
    version: r.version,
    type: r.type,
    summary: r.summary,
    cycleId: r.cycleId,
    status: r.status,
    scope: r.scope.map(({ key, title, kind }) => ({ key, title, kind })),
    artifacts: r.artifacts.map(({ name, version, digest, uri }) => ({ name, version, digest, uri })),
    schedule: r.schedule.map(({ tier, start, end, environmentId }) => ({ tier, start, end, environmentId })),
    steps: r.steps.map(({ order, title, owner, durationMinutes, tier }) => ({ order, title, owner, durationMinutes, tier })),
    validations: r.validations.map(({ tier, description, owner }) => ({ tier, description, owner })),
    roles: r.roles.map(({ responsibility, person, contact }) => ({ responsibility, person, contact })),
    requirements: r.requirements.map(({ key, expected }) => ({ key, expected })),
    dependencies: deps.map((d) => ({ releaseId: d.dependsOnReleaseId, sharedComponentId: d.sharedComponentId, versionRange: d.versionRange, note: d.note })),
    // rehearsals are execution, not content
    rollback: r.rollback ? { strategy: r.rollback.strategy, triggers: r.rollback.triggers, steps: r.rollback.steps, maxMinutes: r.rollback.maxMinutes } : null,
    escalation: r.escalation,
  }
}

/** A plan's content (release-rules PlanContent): header and releases in plan order, with each release's dependencies. */
export function planContent(
  plan: Pick<PlanRow, 'title' | 'periodStart' | 'periodEnd' | 'strategyVersion'>,
  releases: readonly ReleaseRow[],
  depsByRelease: readonly (readonly ReleaseDependencyRow[])[],
): PlanContent {
  return {
    title: plan.title,
    periodStart: plan.periodStart,
    periodEnd: plan.periodEnd,
    strategyVersion: plan.strategyVersion,
    releases: releases.map((r, i) => releaseContent(r, depsByRelease[i] ?? [])),
  }
}
