import type { Resolvers } from '../../__generated__/resolvers-types.ts'
import { requireReader, visibleOnly } from '../../access.ts'

export const programResolvers: Resolvers = {
  Program: {
    __resolveReference: (ref, { actor }) => {
      requireReader(actor)
      return { id: ref.id }
    },
    environments: async (program, _a, { actor, loaders }) => visibleOnly(actor, await loaders.environmentsByProgram.load(program.id)),
  },
}
