import { FieldErrors, runWrite } from '@railyard/graphql-kit'
import type { RegisterAgencyInput } from '../../__generated__/resolvers-types.ts'
import { requireProgramAdmin } from '../../access.ts'
import type { Context } from '../../context.ts'
import { insertAgency } from './agency.repository.ts'
import type { AgencyRow } from './agency.table.ts'

const CODE_RE = /^[A-Z][A-Z0-9]{1,11}$/

/** Registers an agency (PROGRAM_ADMIN). A taken code is CONFLICT at ['input', 'code']. */
export async function registerAgency(ctx: Context, input: RegisterAgencyInput): Promise<AgencyRow> {
  const { actor } = ctx
  const code = input.code.trim().toUpperCase()
  return runWrite(ctx, {
    authorize: () => requireProgramAdmin(actor),
    validate: () => {
      const errors = new FieldErrors()
      errors.check(CODE_RE.test(code), ['input', 'code'], 'code must be 2–12 capital letters or digits, starting with a letter, e.g. DOH')
      errors.required(input.name, ['input', 'name'], 'name')
      return errors
    },
    write: (trx) => insertAgency(trx, { code, name: input.name.trim(), createdBy: actor.subject }),
    audit: (row) => ({ action: 'registerAgency', entityType: 'Agency', entityId: row.id, after: row }),
    uniqueViolation: { path: ['input', 'code'], message: `An agency with code ${code} already exists` },
  })
}
