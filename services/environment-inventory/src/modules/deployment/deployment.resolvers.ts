import { notFound } from '@railyard/graphql-kit'
import type { Resolvers } from '../../__generated__/resolvers-types.ts'
import { recordDeployment } from './deployment.service.ts'

export const deploymentResolvers: Resolvers = {
  Mutation: {
    recordDeployment: (_p, { input }, ctx) => recordDeployment(ctx, input),
  },
  Deployment: {
    environment: async (d, _a, { loaders }) => {
      const env = await loaders.environmentById.load(d.environmentId)
      if (!env) throw notFound('Environment', d.environmentId)
      return env
    },
    release: (d) => ({ id: d.releaseId }),
  },
}
