import type { Resolvers } from '../../__generated__/resolvers-types.ts'
import { requireReader } from '../../access.ts'
import { registerSharedComponent } from './shared-component.service.ts'

export const sharedComponentResolvers: Resolvers = {
  Mutation: {
    registerSharedComponent: (_p, { programId, input }, ctx) => registerSharedComponent(ctx, programId, input),
  },
  SharedComponent: {
    __resolveReference: (ref, { actor, loaders }) => {
      requireReader(actor)
      return loaders.sharedComponentById.load(ref.id)
    },
    owner: (c, _a, { loaders }) => (c.ownerAgencyId ? loaders.agencyById.load(c.ownerAgencyId) : null),
  },
}
