import type { Resolvers } from '../../__generated__/resolvers-types.ts'
import { visibleRelease } from '../../access.ts'
import { decideDeploymentException, exceptionInbox, requestDeploymentException } from './exception.service.ts'

export const exceptionResolvers: Resolvers = {
  Query: {
    exceptionInbox: (_p, _a, ctx) => exceptionInbox(ctx),
  },
  Mutation: {
    requestDeploymentException: (_p, { input }, ctx) => requestDeploymentException(ctx, input),
    decideDeploymentException: (_p, { id, decision, comment }, ctx) => decideDeploymentException(ctx, id, decision, comment),
  },
  DeploymentException: {
    release: async (e, _a, ctx) => {
      const release = await visibleRelease(ctx, await ctx.loaders.releaseById.load(e.releaseId))
      if (!release) throw new Error('the exception names a release that is gone')
      return release
    },
    start: (e) => e.startAt,
    end: (e) => e.endAt,
  },
  DeploymentBlocker: {
    waivedBy: (b, _a, { loaders }) => (b.waivedBy ? loaders.exceptionById.load(b.waivedBy) : null),
  },
  Release: {
    exceptions: (release, _a, { loaders }) => loaders.exceptionsByRelease.load(release.id),
  },
}
