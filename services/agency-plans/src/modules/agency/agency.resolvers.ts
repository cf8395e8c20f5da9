import type { Resolvers } from '../../__generated__/resolvers-types.ts'
import { accessToPlan } from '../../access.ts'

/** Agency (owned by program-strategy): the agency's plans the viewer may read. */
export const agencyResolvers: Resolvers = {
  Agency: {
    __resolveReference: (r) => ({ id: r.id }),
    plans: async (agency, _a, { actor, loaders }) => {
      const plans = await loaders.plansByAgency.load(agency.id)
      return plans.filter((p) => accessToPlan(actor, p) !== 'none')
    },
  },
}
