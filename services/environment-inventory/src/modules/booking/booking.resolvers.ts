import { type Actor, hasRole } from '@railyard/auth'
import { FieldErrors, type ServiceClients, conflict, forbidden, notFound, writeAudit } from '@railyard/graphql-kit'
import { compareInstants, conflictingBookings } from '@railyard/release-rules'
import type { Resolvers } from '../../__generated__/resolvers-types.ts'
import { canSee, writers } from '../../access.ts'
import { fetchAgencyIdByCode, fetchRelease } from '../../upstream.ts'
import type { EnvironmentRow } from '../environment/environment.table.ts'
import { lockEnvironment } from '../environment/environment.repository.ts'
import { asBookingSpec, deleteBooking, findBookingsByEnvironmentIds, insertBooking } from './booking.repository.ts'

/**
 * Who may book (or cancel a booking of) an environment: the owning agency's AGENCY_MANAGER; for a
 * shared environment a PROGRAM_ADMIN, or an AGENCY_MANAGER of the release's agency (checked by
 * requireReleaseAgencyManager once the release is known). NOT_FOUND when the actor may not see
 * the environment, FORBIDDEN when it sees it but may not book it.
 */
function bookerKind(actor: Actor, env: EnvironmentRow, notFoundError: () => Error): 'environment-writer' | 'release-agency-manager' {
  if (writers.manage(actor, env)) return 'environment-writer'
  if (!canSee(actor, env)) throw notFoundError()
  if (env.agencyCode === null && actor.agency && hasRole(actor, 'AGENCY_MANAGER')) return 'release-agency-manager'
  throw forbidden(`You may not book environment ${env.key}`)
}

async function requireReleaseAgencyManager(actor: Actor, clients: ServiceClients, env: EnvironmentRow, releaseAgencyId: string | null): Promise<void> {
  const own = actor.agency ? await fetchAgencyIdByCode(clients, actor, actor.agency) : null
  if (own === null || own !== releaseAgencyId) {
    throw forbidden(`Only a PROGRAM_ADMIN or an AGENCY_MANAGER of the release's agency may book shared environment ${env.key} for it`)
  }
}

export const bookingResolvers: Resolvers = {
  Mutation: {
    bookEnvironment: async (_p, { input }, { actor, db, loaders, clients }) => {
      const env = await loaders.environmentById.load(input.environmentId)
      if (!env) throw notFound('Environment', input.environmentId)
      const kind = bookerKind(actor, env, () => notFound('Environment', input.environmentId))
      const release = await fetchRelease(clients, actor, input.releaseId)
      if (!release) throw notFound('Release', input.releaseId)
      if (kind === 'release-agency-manager') await requireReleaseAgencyManager(actor, clients, env, release.agency.id)
      const errors = new FieldErrors()
      errors.check(compareInstants(input.end, input.start) > 0, ['input', 'end'], 'end must be after start')
      if (env.agencyId !== null) {
        errors.check(
          release.agency.id === env.agencyId,
          ['input', 'releaseId'],
          `release ${input.releaseId} belongs to another agency than environment ${env.key}`,
        )
      }
      errors.throwIfAny()
      const candidate = { environmentId: env.id, releaseId: release.id, start: input.start, end: input.end }
      const booking = await db.transaction().execute(async (trx) => {
        // The environment row lock serializes every booking of this environment (PostgreSQL and PGlite alike),
        // so the overlap check below sees every committed booking and no two overlapping ones can both pass.
        await lockEnvironment(trx, env.id)
        const existing = await findBookingsByEnvironmentIds(trx, [env.id])
        const clashes = conflictingBookings(existing.map(asBookingSpec), candidate)
        if (clashes.length > 0) {
          throw conflict(`Environment ${env.key} is already booked in that window (${clashes.map((b) => `${b.start} – ${b.end}`).join(', ')})`, {
            conflictingBookingIds: clashes.map((b) => b.id),
          })
        }
        const row = await insertBooking(trx, {
          environmentId: env.id,
          releaseId: release.id,
          releaseAgencyId: release.agency.id,
          startsAt: input.start,
          endsAt: input.end,
          purpose: input.purpose?.trim() || null,
          createdBy: actor.subject,
        })
        await writeAudit(trx, actor, { action: 'bookEnvironment', entityType: 'EnvironmentBooking', entityId: row.id, after: row })
        return row
      })
      loaders.bookingsByEnvironment.clear(env.id)
      loaders.bookingsByRelease.clear(release.id)
      return booking
    },
    cancelBooking: async (_p, { id }, { actor, db, loaders, clients }) => {
      const booking = await loaders.bookingById.load(id)
      const env = booking ? await loaders.environmentById.load(booking.environmentId) : null
      if (!booking || !env) throw notFound('EnvironmentBooking', id)
      if (bookerKind(actor, env, () => notFound('EnvironmentBooking', id)) === 'release-agency-manager') {
        await requireReleaseAgencyManager(actor, clients, env, booking.releaseAgencyId)
      }
      await db.transaction().execute(async (trx) => {
        await lockEnvironment(trx, env.id)
        if (!(await deleteBooking(trx, booking.id))) throw notFound('EnvironmentBooking', id)
        await writeAudit(trx, actor, { action: 'cancelBooking', entityType: 'EnvironmentBooking', entityId: booking.id, before: booking })
      })
      loaders.bookingsByEnvironment.clear(env.id)
      loaders.bookingsByRelease.clear(booking.releaseId)
      loaders.bookingById.clear(booking.id)
      return true
    },
  },
  EnvironmentBooking: {
    environment: async (b, _a, { loaders }) => {
      const env = await loaders.environmentById.load(b.environmentId)
      if (!env) throw notFound('Environment', b.environmentId)
      return env
    },
    release: (b) => ({ id: b.releaseId }),
    start: (b) => b.startsAt,
    end: (b) => b.endsAt,
  },
}
