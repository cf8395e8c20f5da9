import { hasRole, isAgencyManagerOf, isProgramAdmin } from '@railyard/auth'
import { isUniqueViolation } from '@railyard/db'
import { FieldErrors, conflict, forbidden, writeAudit } from '@railyard/graphql-kit'
import { computeDrift, overlaps } from '@railyard/release-rules'
import type { Resolvers } from '../../__generated__/resolvers-types.ts'
import { environmentForWrite, requireReader, visible, writers } from '../../access.ts'
import type { Loaders } from '../../context.ts'
import { fetchProgram } from '../../upstream.ts'
import type { EnvironmentRow } from './environment.table.ts'
import { insertEnvironment, lockEnvironment, updateEnvironmentStatus } from './environment.repository.ts'

const KEY_RE = /^[a-z0-9][a-z0-9-]{1,63}$/
const MAX_LAST = 500
const EARLIEST = '0001-01-01T00:00:00.000Z'
const LATEST = '9999-12-31T23:59:59.999Z'

function isHttpUrl(s: string): boolean {
  try {
    const u = new URL(s)
    return u.protocol === 'http:' || u.protocol === 'https:'
  } catch {
    return false
  }
}

/** `last` of a list argument: 0 … MAX_LAST. */
function checkLast(last: number): void {
  const errors = new FieldErrors()
  errors.check(Number.isInteger(last) && last >= 0 && last <= MAX_LAST, ['last'], `last must be between 0 and ${MAX_LAST}`)
  errors.throwIfAny()
}

/** The drift of an environment: its current baseline against its last report (release-rules computeDrift). */
async function driftOf(loaders: Loaders, env: EnvironmentRow) {
  const [baseline, report] = await Promise.all([
    loaders.baselineByEnvironment.load(env.id),
    env.lastReportId ? loaders.reportById.load(env.lastReportId) : null,
  ])
  return computeDrift(baseline?.items ?? null, report?.items ?? null)
}

export const environmentResolvers: Resolvers = {
  Query: {
    environment: async (_p, { id, key }, { actor, loaders }) => {
      requireReader(actor)
      if (id) return visible(actor, await loaders.environmentById.load(id))
      if (key) return visible(actor, await loaders.environmentByKey.load(key.trim().toLowerCase()))
      return null
    },
  },
  Mutation: {
    registerEnvironment: async (_p, { input }, { actor, db, clients, loaders }) => {
      // Who may register: PROGRAM_ADMIN for shared environments, the owning agency's AGENCY_MANAGER otherwise.
      if (input.agencyId == null) {
        if (!isProgramAdmin(actor)) throw forbidden('Only a PROGRAM_ADMIN may register a shared environment (agencyId null)')
      } else if (!hasRole(actor, 'AGENCY_MANAGER') || !actor.agency) {
        throw forbidden("Only an AGENCY_MANAGER of the owning agency may register an agency's environment")
      }
      const errors = new FieldErrors()
      const key = input.key.trim().toLowerCase()
      errors.check(KEY_RE.test(key), ['input', 'key'], 'key must be 2–64 lower-case letters, digits or dashes, e.g. doh-uat')
      errors.required(input.name, ['input', 'name'], 'name')
      errors.required(input.tier, ['input', 'tier'], 'tier')
      const url = input.url?.trim() || null
      if (url !== null) errors.check(isHttpUrl(url), ['input', 'url'], 'url must be an http(s) URL')
      const program = await fetchProgram(clients, actor, input.programId)
      let agencyCode: string | null = null
      if (!program) {
        errors.add(['input', 'programId'], `unknown program ${input.programId}`)
      } else if (input.agencyId != null) {
        const agency = program.agencies.find((a) => a.id === input.agencyId)
        if (!agency) errors.add(['input', 'agencyId'], `agency ${input.agencyId} is not part of the program`)
        else if (!isAgencyManagerOf(actor, agency.code)) throw forbidden(`Only an AGENCY_MANAGER of ${agency.code} may register its environments`)
        else agencyCode = agency.code
      }
      errors.throwIfAny()
      try {
        const row = await db.transaction().execute(async (trx) => {
          const row = await insertEnvironment(trx, {
            key,
            name: input.name.trim(),
            tier: input.tier.trim(),
            programId: input.programId,
            agencyId: input.agencyId ?? null,
            agencyCode,
            url,
            createdBy: actor.subject,
          })
          await writeAudit(trx, actor, { action: 'registerEnvironment', entityType: 'Environment', entityId: row.id, after: row })
          return row
        })
        loaders.environmentById.prime(row.id, row)
        return row
      } catch (err) {
        if (isUniqueViolation(err)) throw conflict(`An environment with key ${key} already exists`, { field: ['input', 'key'] })
        throw err
      }
    },
    setEnvironmentStatus: async (_p, { id, status }, ctx) => {
      const env = await environmentForWrite(ctx, id, writers.report, 'set the status of')
      const row = await ctx.db.transaction().execute(async (trx) => {
        const before = await lockEnvironment(trx, env.id)
        const after = await updateEnvironmentStatus(trx, env.id, status, ctx.actor.subject)
        await writeAudit(trx, ctx.actor, {
          action: 'setEnvironmentStatus',
          entityType: 'Environment',
          entityId: env.id,
          before: { status: before?.status },
          after: { status },
        })
        return after
      })
      ctx.loaders.environmentById.clear(id).prime(id, row)
      return row
    },
  },
  Environment: {
    __resolveReference: async (ref, { actor, loaders }) => {
      requireReader(actor)
      return visible(actor, await loaders.environmentById.load(ref.id))
    },
    agency: (env) => (env.agencyId ? { id: env.agencyId } : null),
    program: (env) => ({ id: env.programId }),
    // the environment's contents need a reading role (an integration without graph:read only sees the result of its write)
    baseline: (env, _a, { actor, loaders }) => {
      requireReader(actor)
      return loaders.baselineByEnvironment.load(env.id)
    },
    lastReport: (env, _a, { actor, loaders }) => {
      requireReader(actor)
      return env.lastReportId ? loaders.reportById.load(env.lastReportId) : null
    },
    drift: (env, _a, { actor, loaders }) => {
      requireReader(actor)
      return driftOf(loaders, env)
    },
    bookings: async (env, { from, to }, { actor, loaders }) => {
      requireReader(actor)
      const rows = await loaders.bookingsByEnvironment.load(env.id)
      if (!from && !to) return rows
      const window = { start: from ?? EARLIEST, end: to ?? LATEST }
      return rows.filter((b) => overlaps({ start: b.startsAt, end: b.endsAt }, window))
    },
    deployments: (env, { last }, { actor, loaders }) => {
      requireReader(actor)
      checkLast(last)
      return last === 0 ? [] : loaders.recentDeploymentsByEnvironment(last).load(env.id)
    },
    reports: (env, { last }, { actor, loaders }) => {
      requireReader(actor)
      checkLast(last)
      return last === 0 ? [] : loaders.recentReportsByEnvironment(last).load(env.id)
    },
  },
}
