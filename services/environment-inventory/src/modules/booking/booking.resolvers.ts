import { notFound } from '@railyard/graphql-kit'
import type { Resolvers } from '../../__generated__/resolvers-types.ts'
import { bookEnvironment, cancelBooking } from './booking.service.ts'

export const bookingResolvers: Resolvers = {
  Mutation: {
    bookEnvironment: (_p, { input }, ctx) => bookEnvironment(ctx, input),
    cancelBooking: (_p, { id, expectedRevision }, ctx) => cancelBooking(ctx, id, expectedRevision),
  },
  EnvironmentBooking: {
    environment: async (b, _a, { loaders }) => {
      const env = await loaders.environmentById.load(b.environmentId)
      if (!env) throw notFound('Environment', b.environmentId)
      return env
    },
    release: (b) => ({ id: b.releaseId }),
    start: (b) => b.startsAt,
    end: (b) => b.endsAt,
  },
}
