import { instantToMillis, overlapsMillis, spansCover } from './time.rules.ts'
import { computeDrift } from './drift.rules.ts'
import { satisfiesRequirement } from './validation.rules.ts'
import type { BookingSpec, ReadinessBlocker, ReadinessInput, ReadinessResult } from './types.ts'

/** Existing bookings of the candidate's environment that overlap it (half-open), other than the candidate itself; input order. */
export function conflictingBookings(existing: BookingSpec[], candidate: Omit<BookingSpec, 'id'> & { id?: string }): BookingSpec[] {
  const cs = instantToMillis(candidate.start)
  const ce = instantToMillis(candidate.end)
  return existing.filter(
    (b) =>
      b.environmentId === candidate.environmentId &&
      (candidate.id === undefined || b.id !== candidate.id) &&
      overlapsMillis(instantToMillis(b.start), instantToMillis(b.end), cs, ce),
  )
}

/**
 * Readiness of one environment for one scheduled window of a release. Blockers, in this order:
 * DRIFT (baseline and last report differ), REQUIREMENT_UNMET (one per requirement whose key the
 * last report lacks or whose value does not satisfy it — exact, or semver range for versions),
 * BOOKING_CONFLICT (one per booking of another release overlapping the window), NOT_BOOKED (this
 * release's bookings of the environment do not cover the whole window), ENVIRONMENT_OFFLINE.
 */
export function environmentReadiness(i: ReadinessInput): ReadinessResult {
  const blockers: ReadinessBlocker[] = []
  const env = i.environment.key
  const ws = instantToMillis(i.window.start)
  const we = instantToMillis(i.window.end)

  const drift = computeDrift(i.baseline, i.lastReport)
  if (!drift.inSync) {
    const shown = drift.items.slice(0, 5).map((d) => `${d.key} ${d.kind.toLowerCase()}`)
    const more = drift.items.length > shown.length ? `, and ${drift.items.length - shown.length} more` : ''
    blockers.push({
      code: 'DRIFT',
      message: `${env} has drifted from its approved baseline (${drift.items.length} item${drift.items.length === 1 ? '' : 's'}: ${shown.join(', ')}${more})`,
    })
  }

  const reported = new Map((i.lastReport ?? []).map((c) => [c.key, c.value]))
  for (const req of i.requirements) {
    const actual = reported.get(req.key)
    if (actual === undefined) {
      blockers.push({
        code: 'REQUIREMENT_UNMET',
        message:
          i.lastReport === null
            ? `${env} has not reported its state, so requirement ${req.key} = ${req.expected} cannot be checked`
            : `${env} does not report ${req.key} (required: ${req.expected})`,
      })
    } else if (!satisfiesRequirement(actual, req.expected)) {
      blockers.push({ code: 'REQUIREMENT_UNMET', message: `${env} reports ${req.key} = ${actual}, required ${req.expected}` })
    }
  }

  const envBookings = i.bookings.filter((b) => b.environmentId === i.environment.id)
  for (const b of envBookings) {
    if (b.releaseId !== i.releaseId && overlapsMillis(instantToMillis(b.start), instantToMillis(b.end), ws, we)) {
      blockers.push({
        code: 'BOOKING_CONFLICT',
        message: `${env} is booked by release ${b.releaseId} from ${b.start} to ${b.end} (booking ${b.id}), overlapping the ${i.window.tier} window`,
      })
    }
  }

  const own = envBookings.filter((b) => b.releaseId === i.releaseId).map((b) => ({ start: instantToMillis(b.start), end: instantToMillis(b.end) }))
  if (!spansCover(own, ws, we)) {
    blockers.push({
      code: 'NOT_BOOKED',
      message:
        own.length === 0
          ? `${env} is not booked for this release's ${i.window.tier} window (${i.window.start} – ${i.window.end})`
          : `${env}'s bookings for this release do not cover the whole ${i.window.tier} window (${i.window.start} – ${i.window.end})`,
    })
  }

  if (i.environment.status === 'OFFLINE') blockers.push({ code: 'ENVIRONMENT_OFFLINE', message: `${env} is offline` })

  return { ready: blockers.length === 0, blockers }
}
