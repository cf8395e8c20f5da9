import { gqlError, loadPresent } from '@railyard/graphql-kit'
import type { Resolvers } from '../../__generated__/resolvers-types.ts'
import { canSee, requireReader } from '../../access.ts'
import type { Context } from '../../context.ts'
import { readinessOf } from '../readiness/readiness.model.ts'

/** Rows whose environment the actor may see (environments loaded in one batch). */
async function onVisibleEnvironments<T extends { environmentId: string }>({ actor, loaders }: Context, rows: T[]): Promise<T[]> {
  const envs = await loadPresent(loaders.environmentById, [...new Set(rows.map((r) => r.environmentId))])
  const seen = new Set(envs.filter((e) => canSee(actor, e)).map((e) => e.id))
  return rows.filter((r) => seen.has(r.environmentId))
}

export const releaseResolvers: Resolvers = {
  Release: {
    // The release itself is agency-plans'; here it is its key (plus schedule and requirements when @requires sent them).
    // A release the caller may not see (agency-plans' rules, caller's token) is null, like a missing one.
    __resolveReference: async (ref, { actor, releaseVisible }) => {
      requireReader(actor)
      return (await releaseVisible.load(ref.id)) ? ref : null
    },
    bookings: async (release, _a, ctx) => onVisibleEnvironments(ctx, await ctx.loaders.bookingsByRelease.load(release.id)),
    deployments: async (release, _a, ctx) => onVisibleEnvironments(ctx, await ctx.loaders.deploymentsByRelease.load(release.id)),
    environmentReadiness: (release, _a, { actor, loaders }) => {
      if (!release.schedule || !release.requirements) {
        throw gqlError('BAD_USER_INPUT', 'environmentReadiness needs the release representation to carry schedule and requirements (federation @requires)')
      }
      return readinessOf(actor, loaders, { id: release.id, schedule: release.schedule, requirements: release.requirements })
    },
  },
}
