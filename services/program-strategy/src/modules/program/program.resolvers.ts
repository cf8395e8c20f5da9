import { loadPresent } from '@railyard/graphql-kit'
import type { Resolvers } from '../../__generated__/resolvers-types.ts'
import { requireFrameworkReader, requireReader } from '../../access.ts'
import { listPrograms } from './program.repository.ts'
import { createProgram } from './program.service.ts'

export const programResolvers: Resolvers = {
  Query: {
    programs: (_p, _a, { actor, db }) => {
      requireReader(actor)
      return listPrograms(db)
    },
    program: async (_p, { id, key }, { actor, loaders }) => {
      requireReader(actor)
      if (id) return loaders.programById.load(id)
      if (key) return loaders.programByKey.load(key)
      return null
    },
  },
  Mutation: {
    createProgram: (_p, { input }, ctx) => createProgram(ctx, input),
  },
  Program: {
    __resolveReference: async (ref, { actor, loaders }) => {
      requireFrameworkReader(actor)
      return loaders.programById.load(ref.id)
    },
    agencies: async (program, _a, { actor, loaders }) => {
      requireReader(actor)
      const ids = await loaders.agencyIdsByProgram.load(program.id)
      const rows = await loadPresent(loaders.agencyById, ids)
      return rows.sort((a, b) => a.code.localeCompare(b.code))
    },
    sharedComponents: (program, _a, { actor, loaders }) => {
      requireReader(actor)
      return loaders.sharedComponentsByProgram.load(program.id)
    },
  },
}
