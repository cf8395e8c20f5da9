import { type Actor, hasRole } from '@railyard/auth'
import { FieldErrors, type ServiceClients, conflict, emitEvent, failedPrecondition, forbidden, notFound, runWrite } from '@railyard/graphql-kit'
import { compareInstants, conflictingBookings } from '@railyard/release-rules'
import type { BookEnvironmentInput } from '../../__generated__/resolvers-types.ts'
import { canSee, writers } from '../../access.ts'
import type { Context } from '../../context.ts'
import { fetchAgencyIdByCode, fetchReleaseWithStatus } from '../../upstream.ts'
import { lockEnvironment } from '../environment/environment.repository.ts'
import type { EnvironmentRow } from '../environment/environment.table.ts'
import { asBookingSpec, deleteBooking, findBookingsByEnvironmentIds, insertBooking, lockBooking } from './booking.repository.ts'
import type { EnvironmentBookingRow } from './booking.table.ts'

const ENTITY = 'EnvironmentBooking'

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

/** Books an environment for a release; an overlap with another booking of the environment is CONFLICT. */
export async function bookEnvironment(ctx: Context, input: BookEnvironmentInput): Promise<EnvironmentBookingRow> {
  const { actor, loaders, clients } = ctx
  return runWrite(ctx, {
    authorize: async () => {
      const env = await loaders.environmentById.load(input.environmentId)
      if (!env) throw notFound('Environment', input.environmentId)
      const kind = bookerKind(actor, env, () => notFound('Environment', input.environmentId))
      const release = await fetchReleaseWithStatus(clients, actor, input.releaseId)
      if (!release) throw notFound('Release', input.releaseId)
      if (kind === 'release-agency-manager') await requireReleaseAgencyManager(actor, clients, env, release.agency.id)
      return { env, release }
    },
    validate: ({ env, release }) => {
      if (release.status === 'CANCELLED' || release.plan.status === 'CLOSED') {
        throw failedPrecondition(
          release.status === 'CANCELLED'
            ? `Release ${release.id} is CANCELLED: it cannot be booked`
            : `The plan of release ${release.id} is CLOSED: it cannot be booked`,
          { releaseStatus: release.status, planStatus: release.plan.status },
        )
      }
      const errors = new FieldErrors()
      errors.check(compareInstants(input.end, input.start) > 0, ['input', 'end'], 'end must be after start')
      if (env.agencyId !== null) {
        errors.check(
          release.agency.id === env.agencyId,
          ['input', 'releaseId'],
          `release ${input.releaseId} belongs to another agency than environment ${env.key}`,
        )
      }
      return errors
    },
    // The environment row lock serializes every booking of this environment (PostgreSQL and PGlite alike),
    // so the overlap check below sees every committed booking and no two overlapping ones can both pass.
    lock: (trx, { env }) => lockEnvironment(trx, env.id),
    write: async (trx, _locked, { env, release }) => {
      const candidate = { environmentId: env.id, releaseId: release.id, start: input.start, end: input.end }
      const existing = await findBookingsByEnvironmentIds(trx, [env.id])
      const clashes = conflictingBookings(existing.map(asBookingSpec), candidate)
      if (clashes.length > 0) {
        throw conflict(`Environment ${env.key} is already booked in that window (${clashes.map((b) => `${b.start} – ${b.end}`).join(', ')})`, {
          conflictingBookingIds: clashes.map((b) => b.id),
        })
      }
      return insertBooking(trx, {
        environmentId: env.id,
        releaseId: release.id,
        releaseAgencyId: release.agency.id,
        startsAt: input.start,
        endsAt: input.end,
        purpose: input.purpose?.trim() || null,
        createdBy: actor.subject,
      })
    },
    audit: (row) => ({ action: 'bookEnvironment', entityType: ENTITY, entityId: row.id, after: row }),
    // BOOKING_CONFLICT at the source: every new booking is an event; agency-plans, which owns the
    // release windows, tells the agencies whose windows on this environment the booking overlaps
    events: async (trx, row, locked) => {
      const env = locked ?? (await loaders.environmentById.load(input.environmentId))
      if (!env) return
      await emitEvent(
        trx,
        {
          type: 'booking.created',
          subjectId: row.id,
          data: {
            bookingId: row.id,
            environmentId: env.id,
            key: env.key,
            name: env.name,
            tier: env.tier,
            programId: env.programId,
            agencyId: env.agencyId,
            agencyCode: env.agencyCode,
            releaseId: row.releaseId,
            releaseAgencyId: row.releaseAgencyId,
            start: new Date(row.startsAt).toISOString(),
            end: new Date(row.endsAt).toISOString(),
            purpose: row.purpose,
          },
        },
        actor,
      )
    },
  })
}

/**
 * Cancels a booking (same writers as bookEnvironment); true when it was removed. With
 * expectedRevision, only the booking the caller saw: checked on the locked row (CONFLICT otherwise).
 */
export async function cancelBooking(ctx: Context, id: string, expectedRevision: number | null | undefined): Promise<boolean> {
  const { actor, loaders, clients } = ctx
  return runWrite(ctx, {
    authorize: async () => {
      const booking = await loaders.bookingById.load(id)
      const env = booking ? await loaders.environmentById.load(booking.environmentId) : null
      if (!booking || !env) throw notFound(ENTITY, id)
      if (bookerKind(actor, env, () => notFound(ENTITY, id)) === 'release-agency-manager') {
        await requireReleaseAgencyManager(actor, clients, env, booking.releaseAgencyId)
      }
      return { booking, env }
    },
    // the environment first (every booking write of an environment takes its row lock, in that order), then the booking
    lock: async (trx, { env, booking }) => {
      await lockEnvironment(trx, env.id)
      const locked = await lockBooking(trx, booking.id)
      if (!locked) throw notFound(ENTITY, id)
      return locked
    },
    expectedRevision: {
      expected: expectedRevision,
      current: (locked) => locked.revision,
      error: (expected, current) =>
        conflict(`Booking ${id} changed meanwhile (revision ${current}, not ${expected}); reload and try again`, {
          expectedRevision: expected,
          currentRevision: current,
        }),
    },
    write: async (trx, locked) => {
      if (!(await deleteBooking(trx, locked.id))) throw notFound(ENTITY, id)
      return true
    },
    audit: (_removed, locked) => ({ action: 'cancelBooking', entityType: ENTITY, entityId: locked.id, before: locked }),
  })
}
