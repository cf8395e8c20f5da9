import type { Resolvers } from '../../__generated__/resolvers-types.ts'
import { requireReader, visibleOnly } from '../../access.ts'

export const agencyResolvers: Resolvers = {
  Agency: {
    __resolveReference: (ref, { actor }) => {
      requireReader(actor)
      return { id: ref.id }
    },
    environments: async (agency, _a, { actor, loaders }) => visibleOnly(actor, await loaders.environmentsByAgency.load(agency.id)),
  },
}
