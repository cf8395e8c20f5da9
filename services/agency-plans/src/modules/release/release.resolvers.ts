import { evaluateGate } from '@railyard/release-rules'
import type { Resolvers } from '../../__generated__/resolvers-types.ts'
import { parentPlan, visibleRelease, visibleReleases } from '../../access.ts'
import { ref } from '../common/refs.ts'
import { cycleOf } from './release.cycles.ts'
import { releaseViewerCan } from './release.permissions.ts'
import { dependencyReleases, dependentReleases, impactedAgencies } from './release.graph.ts'
import { addRelease, cancelRelease, promoteRelease, recordPostReleaseValidation, recordRollbackRehearsal, updateRelease } from './release.service.ts'

export const releaseResolvers: Resolvers = {
  Query: {
    release: async (_p, { id }, ctx) => visibleRelease(ctx, await ctx.loaders.releaseById.load(id)),
  },
  Mutation: {
    addRelease: (_p, { planId, expectedRevision, input }, ctx) => addRelease(ctx, planId, expectedRevision, input),
    updateRelease: (_p, { id, expectedRevision, input }, ctx) => updateRelease(ctx, id, expectedRevision, input),
    cancelRelease: (_p, { id, expectedRevision, reason }, ctx) => cancelRelease(ctx, id, expectedRevision, reason),
    recordRollbackRehearsal: (_p, { releaseId, rehearsedAt, note }, ctx) => recordRollbackRehearsal(ctx, releaseId, rehearsedAt, note),
    promoteRelease: (_p, { releaseId, tier, expectedRevision }, ctx) => promoteRelease(ctx, releaseId, tier, expectedRevision),
    recordPostReleaseValidation: (_p, { releaseId, passed, notes }, ctx) => recordPostReleaseValidation(ctx, releaseId, passed, notes),
  },
  Release: {
    __resolveReference: async (r, ctx) => visibleRelease(ctx, await ctx.loaders.releaseById.load(r.id)),
    plan: async (release, _a, { actor, loaders }) => parentPlan(actor, await loaders.planById.load(release.planId)),
    agency: (release) => ({ id: release.agencyId }),
    cycle: async (release, _a, { loaders }) => {
      if (!release.cycleId) return null
      const plan = await loaders.planById.load(release.planId)
      return plan ? cycleOf(plan, release.cycleId) : null
    },
    dependencies: async (release, _a, ctx) => {
      // dependencies on releases the viewer may not see are left out (as if they did not exist)
      const [deps, visible] = await Promise.all([ctx.loaders.dependenciesByRelease.load(release.id), dependencyReleases(ctx, release)])
      const ids = new Set(visible.map((r) => r.id))
      return deps.filter((d) => !d.dependsOnReleaseId || ids.has(d.dependsOnReleaseId))
    },
    dependents: (release, _a, ctx) => dependentReleases(ctx, release),
    impactedAgencies: async (release, _a, ctx) => (await impactedAgencies(ctx, release)).map((id) => ({ id })),
    escalation: async (release, _a, { loaders }) => release.escalation ?? (await loaders.planById.load(release.planId))?.strategy.escalationPath ?? [],
    gates: async (release, _a, { loaders }) => {
      const [plan, checkpoints] = await Promise.all([loaders.planById.load(release.planId), loaders.checkpointsByRelease.load(release.id)])
      return (plan?.strategy.qualityGates ?? []).map((gate) => ({ gate, ...evaluateGate(gate, checkpoints) }))
    },
    checkpoints: (release, _a, { loaders }) => loaders.checkpointsByRelease.load(release.id),
    viewerCan: async (release, _a, { actor, loaders }) => releaseViewerCan(actor, release, await loaders.planById.load(release.planId)),
  },
  ReleaseDependency: {
    release: async (dep, _a, ctx) => {
      if (!dep.dependsOnReleaseId) return null
      const [row] = await visibleReleases(ctx, [await ctx.loaders.releaseById.load(dep.dependsOnReleaseId)])
      return row ?? null
    },
    sharedComponent: (dep) => ref(dep.sharedComponentId),
  },
  StageWindow: {
    environment: (w) => ref(w.environmentId),
  },
}
