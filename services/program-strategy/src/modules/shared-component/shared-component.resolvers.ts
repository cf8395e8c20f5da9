import { isUniqueViolation } from '@railyard/db'
import { FieldErrors, conflict, notFound, writeAudit } from '@railyard/graphql-kit'
import { isValidSemver } from '@railyard/release-rules'
import type { Resolvers } from '../../__generated__/resolvers-types.ts'
import { requireProgramAdmin, requireReader } from '../../access.ts'
import { insertSharedComponent } from './shared-component.repository.ts'

const KEY_RE = /^[a-z0-9][a-z0-9-]{0,47}$/

export const sharedComponentResolvers: Resolvers = {
  Mutation: {
    registerSharedComponent: async (_p, { programId, input }, { actor, db, loaders }) => {
      requireProgramAdmin(actor)
      const program = await loaders.programById.load(programId)
      if (!program) throw notFound('Program', programId)
      const errors = new FieldErrors()
      const key = input.key.trim().toLowerCase()
      errors.check(KEY_RE.test(key), ['input', 'key'], 'key must be lower-case letters, digits or dashes, e.g. sso')
      errors.required(input.name, ['input', 'name'], 'name')
      if (input.currentVersion != null) {
        errors.check(isValidSemver(input.currentVersion), ['input', 'currentVersion'], `${input.currentVersion} is not a valid semantic version (e.g. 3.2.0)`)
      }
      let ownerAgencyId: string | null = null
      if (input.ownerAgencyCode) {
        const owner = await loaders.agencyByCode.load(input.ownerAgencyCode.toUpperCase())
        if (owner) ownerAgencyId = owner.id
        else errors.add(['input', 'ownerAgencyCode'], `unknown agency code ${input.ownerAgencyCode}`)
      }
      errors.throwIfAny()
      try {
        return await db.transaction().execute(async (trx) => {
          const row = await insertSharedComponent(trx, {
            programId,
            key,
            name: input.name.trim(),
            ownerAgencyId,
            currentVersion: input.currentVersion ?? null,
            createdBy: actor.subject,
          })
          await writeAudit(trx, actor, { action: 'registerSharedComponent', entityType: 'SharedComponent', entityId: row.id, after: row })
          return row
        })
      } catch (err) {
        if (isUniqueViolation(err)) throw conflict(`Program ${program.key} already has a shared component ${key}`, { field: ['input', 'key'] })
        throw err
      }
    },
  },
  SharedComponent: {
    __resolveReference: (ref, { actor, loaders }) => {
      requireReader(actor)
      return loaders.sharedComponentById.load(ref.id)
    },
    owner: (c, _a, { loaders }) => (c.ownerAgencyId ? loaders.agencyById.load(c.ownerAgencyId) : null),
  },
}
