import { FieldErrors, conflict, loadPresent, writeAudit } from '@railyard/graphql-kit'
import { isUniqueViolation } from '@railyard/db'
import type { Resolvers } from '../../__generated__/resolvers-types.ts'
import { requireProgramAdmin, requireReader } from '../../access.ts'
import { findAgenciesByCodes } from '../agency/agency.repository.ts'
import { insertProgram, listPrograms } from './program.repository.ts'

const KEY_RE = /^[A-Z0-9][A-Z0-9-]{1,31}$/

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
    createProgram: async (_p, { input }, { actor, db }) => {
      requireProgramAdmin(actor)
      const errors = new FieldErrors()
      const key = input.key.trim().toUpperCase()
      errors.check(KEY_RE.test(key), ['input', 'key'], 'key must be 2–32 letters, digits or dashes, e.g. WA-DSP')
      errors.required(input.name, ['input', 'name'], 'name')
      const codes = [...new Set(input.agencyCodes.map((c) => c.trim().toUpperCase()))]
      const agencies = await findAgenciesByCodes(db, codes)
      input.agencyCodes.forEach((c, i) => {
        errors.check(
          agencies.some((a) => a.code === c.trim().toUpperCase()),
          ['input', 'agencyCodes', i],
          `unknown agency code ${c}`,
        )
      })
      errors.throwIfAny()
      try {
        return await db.transaction().execute(async (trx) => {
          const row = await insertProgram(trx, {
            key,
            name: input.name.trim(),
            description: input.description ?? null,
            createdBy: actor.subject,
            agencyIds: agencies.map((a) => a.id),
          })
          await writeAudit(trx, actor, { action: 'createProgram', entityType: 'Program', entityId: row.id, after: { ...row, agencyCodes: codes } })
          return row
        })
      } catch (err) {
        if (isUniqueViolation(err)) throw conflict(`A program with key ${key} already exists`, { field: ['input', 'key'] })
        throw err
      }
    },
  },
  Program: {
    __resolveReference: async (ref, { actor, loaders }) => {
      requireReader(actor)
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
