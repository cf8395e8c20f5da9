import type { ReleaseNode } from '@railyard/release-rules'
import { dependentsOf, impactedAgencyIds } from '@railyard/release-rules'
import { loadPresent } from '@railyard/graphql-kit'
import { visibleReleases } from '../../access.ts'
import type { Context } from '../../context.ts'
import type { ReleaseDependencyRow, ReleaseRow } from './release.table.ts'

/** A release as the release-rules dependency graph sees it. */
function toReleaseNode(r: ReleaseRow, deps: ReleaseDependencyRow[]): ReleaseNode {
  return {
    id: r.id,
    agencyId: r.agencyId,
    planId: r.planId,
    name: r.name,
    version: r.version,
    status: r.status,
    type: r.type,
    currentTier: r.currentTier,
    schedule: r.schedule,
    dependsOn: deps.flatMap((d) => (d.dependsOnReleaseId ? [d.dependsOnReleaseId] : [])),
    sharedComponentIds: deps.flatMap((d) => (d.sharedComponentId ? [d.sharedComponentId] : [])),
  }
}

async function nodesOf(ctx: Context, rows: ReleaseRow[]): Promise<ReleaseNode[]> {
  const deps = await Promise.all(rows.map((r) => ctx.loaders.dependenciesByRelease.load(r.id)))
  return rows.map((r, i) => toReleaseNode(r, deps[i] ?? []))
}

/** Visible releases the release depends on. */
export async function dependencyReleases(ctx: Context, release: ReleaseRow): Promise<ReleaseRow[]> {
  const deps = await ctx.loaders.dependenciesByRelease.load(release.id)
  const ids = deps.flatMap((d) => (d.dependsOnReleaseId ? [d.dependsOnReleaseId] : []))
  return visibleReleases(ctx, await loadPresent(ctx.loaders.releaseById, ids))
}

/** Visible releases that depend on the release (release-rules dependentsOf). */
export async function dependentReleases(ctx: Context, release: ReleaseRow): Promise<ReleaseRow[]> {
  const ids = await ctx.loaders.dependentIdsByRelease.load(release.id)
  const rows = await visibleReleases(ctx, await loadPresent(ctx.loaders.releaseById, ids))
  const nodes = await nodesOf(ctx, rows)
  const byId = new Map(rows.map((r) => [r.id, r]))
  return dependentsOf(release.id, nodes).flatMap((n) => byId.get(n.id) ?? [])
}

/** Agency ids impacted by the release (release-rules impactedAgencyIds), over the releases the viewer may see. */
export async function impactedAgencies(ctx: Context, release: ReleaseRow): Promise<string[]> {
  const [deps, dependencies, dependents] = await Promise.all([
    ctx.loaders.dependenciesByRelease.load(release.id),
    dependencyReleases(ctx, release),
    dependentReleases(ctx, release),
  ])
  const self = toReleaseNode(release, deps)
  const others = await nodesOf(ctx, [...dependencies, ...dependents])
  const owners: Record<string, string | null> = {}
  for (const d of deps) if (d.sharedComponentId) owners[d.sharedComponentId] = d.sharedComponentOwnerId
  return impactedAgencyIds(self, [self, ...others], owners)
}
