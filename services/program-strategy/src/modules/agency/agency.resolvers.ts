import { isUniqueViolation } from '@railyard/db'
import { FieldErrors, conflict, loadPresent, writeAudit } from '@railyard/graphql-kit'
import type { Resolvers } from '../../__generated__/resolvers-types.ts'
import { requireProgramAdmin, requireReader } from '../../access.ts'
import { insertAgency, listAgencies } from './agency.repository.ts'

const CODE_RE = /^[A-Z][A-Z0-9]{1,11}$/

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
    registerAgency: async (_p, { input }, { actor, db }) => {
      requireProgramAdmin(actor)
      const code = input.code.trim().toUpperCase()
      const errors = new FieldErrors()
      errors.check(CODE_RE.test(code), ['input', 'code'], 'code must be 2–12 capital letters or digits, starting with a letter, e.g. DOH')
      errors.required(input.name, ['input', 'name'], 'name')
      errors.throwIfAny()
      try {
        return await db.transaction().execute(async (trx) => {
          const row = await insertAgency(trx, { code, name: input.name.trim(), createdBy: actor.subject })
          await writeAudit(trx, actor, { action: 'registerAgency', entityType: 'Agency', entityId: row.id, after: row })
          return row
        })
      } catch (err) {
        if (isUniqueViolation(err)) throw conflict(`An agency with code ${code} already exists`, { field: ['input', 'code'] })
        throw err
      }
    },
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
