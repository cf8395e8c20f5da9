import type { Resolvers } from '../../__generated__/resolvers-types.ts'
import { accessToPlan } from '../../access.ts'

/** Program (owned by program-strategy): the plans of the program the viewer may read. */
export const programResolvers: Resolvers = {
  Program: {
    __resolveReference: (r) => ({ id: r.id }),
    plans: async (program, { status }, { actor, loaders }) => {
      const plans = await loaders.plansByProgram.load(program.id)
      return plans.filter((p) => accessToPlan(actor, p) !== 'none' && (!status || p.status === status))
    },
  },
}
