import { DateTime } from 'luxon'
import { expandFloating, parseRecurrence } from './recurrence.rules.ts'
import { addDays, isDateString } from './time.rules.ts'
import type { CadenceSpec, Cycle } from './types.ts'

/** Upper bound on the cycles one call returns (protects against huge ranges or dense rules). */
export const MAX_CYCLES = 1000

function floatingMidnight(date: string): Date {
  const dt = DateTime.fromISO(date, { zone: 'utc' })
  return new Date(dt.toMillis())
}

function zoneOrUtc(zone: string): string {
  return DateTime.now().setZone(zone).isValid ? zone : 'UTC'
}

/** Id of the cycle of a program on a release date, e.g. 'WA-DSP:2027-03-09'. */
export function cycleId(programKey: string, releaseDate: string): string {
  return `${programKey}:${releaseDate}`
}

/** The release date named by a cycle id (`<programKey>:<YYYY-MM-DD>`), or null. */
export function releaseDateOfCycleId(id: string): string | null {
  const date = id.slice(id.lastIndexOf(':') + 1)
  return id.includes(':') && isDateString(date) ? date : null
}

/** Human-readable name of a cycle. */
export function cycleName(releaseDate: string): string {
  return `Release ${releaseDate}`
}

/**
 * Release cycles (trains) of a cadence whose release date lies in [from, to] (inclusive
 * 'YYYY-MM-DD' dates). The rule is expanded from `startsOn` in local calendar days of the
 * cadence's time zone; each occurrence's date is a release date (several occurrences on one
 * day — sub-daily rules — make one cycle). At most MAX_CYCLES cycles, earliest first.
 * Throws RangeError for an invalid rule or dates.
 */
export function expandCycles(programKey: string, cadence: CadenceSpec, from: string, to: string): Cycle[] {
  for (const [name, d] of [
    ['from', from],
    ['to', to],
    ['startsOn', cadence.startsOn],
  ] as const) {
    if (!isDateString(d)) throw new RangeError(`${name} must be a 'YYYY-MM-DD' date, got '${String(d)}'`)
  }
  const parsed = parseRecurrence(cadence.rule)
  if (!parsed.ok) throw new RangeError(`Invalid cadence rule '${cadence.rule}': ${parsed.message}`)
  if (from > to) return []
  const lower = from > cadence.startsOn ? from : cadence.startsOn
  if (lower > to) return []

  const dtstart = floatingMidnight(cadence.startsOn)
  const after = floatingMidnight(lower)
  const before = new Date(floatingMidnight(to).getTime() + 86_400_000 - 1)
  const freezeDays = Number.isFinite(cadence.codeFreezeDaysBefore) ? Math.trunc(cadence.codeFreezeDaysBefore) : 0

  const cycles: Cycle[] = []
  const seen = new Set<string>()
  // sub-daily rules can yield many occurrences per day: ask for more, keep MAX_CYCLES days
  const occurrences = expandFloating(parsed.rule, dtstart, after, before, MAX_CYCLES * 4, zoneOrUtc(cadence.timeZone))
  for (const occ of occurrences) {
    const releaseDate = occ.toISOString().slice(0, 10)
    if (seen.has(releaseDate)) continue
    seen.add(releaseDate)
    cycles.push({
      id: cycleId(programKey, releaseDate),
      name: cycleName(releaseDate),
      codeFreeze: addDays(releaseDate, -freezeDays),
      releaseDate,
    })
    if (cycles.length >= MAX_CYCLES) break
  }
  return cycles
}
