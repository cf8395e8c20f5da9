import type { Resolvers } from '../../__generated__/resolvers-types.ts'

export const viewerResolvers: Resolvers = {
  Query: {
    viewer: (_p, _a, { actor }) => actor,
  },
  Viewer: {
    agency: (actor, _a, { loaders }) => (actor.agency ? loaders.agencyByCode.load(actor.agency) : null),
  },
}
