import { FieldErrors, duplicateKey, notFound, runWrite } from '@railyard/graphql-kit'
import { isValidSemver } from '@railyard/release-rules'
import type { SharedComponentInput } from '../../__generated__/resolvers-types.ts'
import { requireProgramAdmin } from '../../access.ts'
import type { Context } from '../../context.ts'
import { insertSharedComponent } from './shared-component.repository.ts'
import type { SharedComponentRow } from './shared-component.table.ts'

const KEY_RE = /^[a-z0-9][a-z0-9-]{0,47}$/

/** Registers a shared component of a program (PROGRAM_ADMIN). A taken key is CONFLICT at ['input', 'key']. */
export async function registerSharedComponent(ctx: Context, programId: string, input: SharedComponentInput): Promise<SharedComponentRow> {
  const { actor, loaders } = ctx
  const key = input.key.trim().toLowerCase()
  let ownerAgencyId: string | null = null
  return runWrite(ctx, {
    authorize: async () => {
      requireProgramAdmin(actor)
      const program = await loaders.programById.load(programId)
      if (!program) throw notFound('Program', programId)
      return program
    },
    validate: async () => {
      const errors = new FieldErrors()
      errors.check(KEY_RE.test(key), ['input', 'key'], 'key must be lower-case letters, digits or dashes, e.g. sso')
      errors.required(input.name, ['input', 'name'], 'name')
      if (input.currentVersion != null) {
        errors.check(isValidSemver(input.currentVersion), ['input', 'currentVersion'], `${input.currentVersion} is not a valid semantic version (e.g. 3.2.0)`)
      }
      if (input.ownerAgencyCode) {
        const owner = await loaders.agencyByCode.load(input.ownerAgencyCode.toUpperCase())
        if (owner) ownerAgencyId = owner.id
        else errors.add(['input', 'ownerAgencyCode'], `unknown agency code ${input.ownerAgencyCode}`)
      }
      return errors
    },
    write: (trx) =>
      insertSharedComponent(trx, {
        programId,
        key,
        name: input.name.trim(),
        ownerAgencyId,
        currentVersion: input.currentVersion ?? null,
        createdBy: actor.subject,
      }),
    audit: (row) => ({ action: 'registerSharedComponent', entityType: 'SharedComponent', entityId: row.id, after: row }),
    uniqueViolation: (_err, program) => duplicateKey(['input', 'key'], `Program ${program.key} already has a shared component ${key}`),
  })
}
