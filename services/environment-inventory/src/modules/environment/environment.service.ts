import { hasRole, isAgencyManagerOf, isProgramAdmin } from '@railyard/auth'
import { FieldErrors, conflict, forbidden, notFound, runWrite } from '@railyard/graphql-kit'
import { isHttpUrl } from '@railyard/release-rules'
import type { EnvironmentStatus, RegisterEnvironmentInput } from '../../__generated__/resolvers-types.ts'
import { environmentForWrite, writers } from '../../access.ts'
import type { Context } from '../../context.ts'
import { fetchProgram } from '../../upstream.ts'
import { insertEnvironment, lockEnvironment, updateEnvironmentStatus } from './environment.repository.ts'
import type { EnvironmentRow } from './environment.table.ts'

const ENTITY = 'Environment'
const KEY_RE = /^[a-z0-9][a-z0-9-]{1,63}$/

/** Registers an environment: PROGRAM_ADMIN for shared environments, the owning agency's AGENCY_MANAGER otherwise. */
export async function registerEnvironment(ctx: Context, input: RegisterEnvironmentInput): Promise<EnvironmentRow> {
  const { actor, clients } = ctx
  const key = input.key.trim().toLowerCase()
  const url = input.url?.trim() || null
  let agencyCode: string | null = null
  return runWrite(ctx, {
    authorize: () => {
      if (input.agencyId == null) {
        if (!isProgramAdmin(actor)) throw forbidden('Only a PROGRAM_ADMIN may register a shared environment (agencyId null)')
      } else if (!hasRole(actor, 'AGENCY_MANAGER') || !actor.agency) {
        throw forbidden("Only an AGENCY_MANAGER of the owning agency may register an agency's environment")
      }
    },
    validate: async () => {
      const errors = new FieldErrors()
      errors.check(KEY_RE.test(key), ['input', 'key'], 'key must be 2–64 lower-case letters, digits or dashes, e.g. doh-uat')
      errors.required(input.name, ['input', 'name'], 'name')
      errors.required(input.tier, ['input', 'tier'], 'tier')
      if (url !== null) errors.check(isHttpUrl(url), ['input', 'url'], 'url must be an http(s) URL')
      const program = await fetchProgram(clients, actor, input.programId)
      if (!program) {
        errors.add(['input', 'programId'], `unknown program ${input.programId}`)
      } else if (input.agencyId != null) {
        const agency = program.agencies.find((a) => a.id === input.agencyId)
        if (!agency) errors.add(['input', 'agencyId'], `agency ${input.agencyId} is not part of the program`)
        else if (!isAgencyManagerOf(actor, agency.code)) throw forbidden(`Only an AGENCY_MANAGER of ${agency.code} may register its environments`)
        else agencyCode = agency.code
      }
      return errors
    },
    write: (trx) =>
      insertEnvironment(trx, {
        key,
        name: input.name.trim(),
        tier: input.tier.trim(),
        programId: input.programId,
        agencyId: input.agencyId ?? null,
        agencyCode,
        url,
        createdBy: actor.subject,
      }),
    audit: (row) => ({ action: 'registerEnvironment', entityType: ENTITY, entityId: row.id, after: row }),
    uniqueViolation: { path: ['input', 'key'], message: `An environment with key ${key} already exists` },
    refresh: (row) => ctx.loaders.environmentById.prime(row.id, row),
  })
}

/** Sets an environment's status; a stale expectedRevision is CONFLICT (extensions.currentRevision). */
export async function setEnvironmentStatus(
  ctx: Context,
  id: string,
  status: EnvironmentStatus,
  expectedRevision: number | null | undefined,
): Promise<EnvironmentRow> {
  return runWrite(ctx, {
    authorize: () => environmentForWrite(ctx, id, writers.report, 'set the status of', 'inventory:report'),
    lock: async (trx) => {
      const before = await lockEnvironment(trx, id)
      if (!before) throw notFound(ENTITY, id)
      return before
    },
    expectedRevision: {
      expected: expectedRevision,
      current: (before) => before.revision,
      error: (expected, current, before) =>
        conflict(`Environment ${before.key} changed meanwhile (revision ${current}, not ${expected}); reload and try again`, {
          currentRevision: current,
        }),
    },
    write: (trx) => updateEnvironmentStatus(trx, id, status, ctx.actor.subject),
    audit: (_after, before) => ({ action: 'setEnvironmentStatus', entityType: ENTITY, entityId: id, before: { status: before.status }, after: { status } }),
    refresh: (row) => ctx.loaders.environmentById.prime(id, row),
  })
}
