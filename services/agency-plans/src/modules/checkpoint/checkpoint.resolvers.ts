import type { Resolvers } from '../../__generated__/resolvers-types.ts'
import { recordCheckpoint } from './checkpoint.service.ts'

export const checkpointResolvers: Resolvers = {
  Mutation: {
    recordCheckpoint: (_p, { releaseId, input }, ctx) => recordCheckpoint(ctx, releaseId, input),
  },
}
