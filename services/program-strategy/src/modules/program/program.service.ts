import { FieldErrors, runWrite } from '@railyard/graphql-kit'
import type { CreateProgramInput } from '../../__generated__/resolvers-types.ts'
import { requireProgramAdmin } from '../../access.ts'
import type { Context } from '../../context.ts'
import { findAgenciesByCodes } from '../agency/agency.repository.ts'
import { insertProgram } from './program.repository.ts'
import type { ProgramRow } from './program.table.ts'

const KEY_RE = /^[A-Z0-9][A-Z0-9-]{1,31}$/

/** Creates a program with its agencies (PROGRAM_ADMIN). A taken key is CONFLICT at ['input', 'key']. */
export async function createProgram(ctx: Context, input: CreateProgramInput): Promise<ProgramRow> {
  const { actor, db } = ctx
  const key = input.key.trim().toUpperCase()
  const codes = [...new Set(input.agencyCodes.map((c) => c.trim().toUpperCase()))]
  return runWrite(ctx, {
    authorize: async () => {
      requireProgramAdmin(actor)
      return { agencies: await findAgenciesByCodes(db, codes) }
    },
    validate: ({ agencies }) => {
      const errors = new FieldErrors()
      errors.check(KEY_RE.test(key), ['input', 'key'], 'key must be 2–32 letters, digits or dashes, e.g. WA-DSP')
      errors.required(input.name, ['input', 'name'], 'name')
      input.agencyCodes.forEach((c, i) => {
        errors.check(
          agencies.some((a) => a.code === c.trim().toUpperCase()),
          ['input', 'agencyCodes', i],
          `unknown agency code ${c}`,
        )
      })
      return errors
    },
    write: (trx, _locked, { agencies }) =>
      insertProgram(trx, {
        key,
        name: input.name.trim(),
        description: input.description ?? null,
        createdBy: actor.subject,
        agencyIds: agencies.map((a) => a.id),
      }),
    audit: (row) => ({ action: 'createProgram', entityType: 'Program', entityId: row.id, after: { ...row, agencyCodes: codes } }),
    uniqueViolation: { path: ['input', 'key'], message: `A program with key ${key} already exists` },
  })
}
