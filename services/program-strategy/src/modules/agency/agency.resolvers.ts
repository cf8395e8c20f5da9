import { loadPresent } from '@railyard/graphql-kit'
import type { Resolvers } from '../../__generated__/resolvers-types.ts'
import { requireReader } from '../../access.ts'
import { listAgencies } from './agency.repository.ts'
import { registerAgency } from './agency.service.ts'

export const agencyResolvers: Resolvers = {
  Query: {
    agencies: (_p, _a, { actor, db }) => {
      requireReader(actor)
      return listAgencies(db)
    },
    agency: (_p, { id, code }, { actor, loaders }) => {
      requireReader(actor)
      if (id) return loaders.agencyById.load(id)
      if (code) return loaders.agencyByCode.load(code.toUpperCase())
      return null
    },
  },
  Mutation: {
    registerAgency: (_p, { input }, ctx) => registerAgency(ctx, input),
  },
  Agency: {
    // Agencies are a public directory: every actor with a reading role may resolve them.
    __resolveReference: (ref, { actor, loaders }) => {
      requireReader(actor)
      return loaders.agencyById.load(ref.id)
    },
    // nested lists need a reading role too (reachable without one through Query.viewer)
    programs: async (agency, _a, { actor, loaders }) => {
      requireReader(actor)
      const ids = await loaders.programIdsByAgency.load(agency.id)
      return loadPresent(loaders.programById, ids)
    },
  },
}
