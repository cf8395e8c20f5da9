import { DateTime } from 'luxon'
import { expandFloating, fromFloating, parseRecurrence, toFloating } from './recurrence.rules.ts'
import { instantToMillis, millisToInstant, overlapsMillis } from './time.rules.ts'
import type { FreezeOccurrence, FreezeWindowSpec, Interval } from './types.ts'

/** Upper bound on the occurrences one window expands to in one call. */
export const MAX_FREEZE_OCCURRENCES = 5000

const DAY_MS = 86_400_000

/** A freeze applies to the tiers it lists; an empty list means every tier. */
export function freezeAppliesToTier(w: FreezeWindowSpec, tier: string): boolean {
  return w.tiers.length === 0 || w.tiers.includes(tier)
}

/**
 * Occurrences of a freeze window that overlap `range` (half-open), earliest first.
 * A single window is its [start, end). A recurring window repeats the first occurrence's
 * LOCAL wall-clock start and LOCAL wall-clock duration in its time zone: Friday 17:00 →
 * Monday 08:00 stays so across daylight-saving changes (the UTC duration changes instead).
 * The first occurrence is always [start, end) as given (RFC 5545: DTSTART is the first instance).
 * Throws RangeError on an invalid rule, time zone or instants.
 */
export function expandFreezeWindow(w: FreezeWindowSpec, range: Interval): FreezeOccurrence[] {
  const firstStart = instantToMillis(w.start)
  const firstEnd = instantToMillis(w.end)
  const rangeStart = instantToMillis(range.start)
  const rangeEnd = instantToMillis(range.end)
  const occurrence = (start: number, end: number): FreezeOccurrence => ({
    windowId: w.id,
    name: w.name,
    start: millisToInstant(start),
    end: millisToInstant(end),
  })

  const recurrence = w.recurrence?.trim()
  if (!recurrence) {
    return overlapsMillis(firstStart, firstEnd, rangeStart, rangeEnd) ? [occurrence(firstStart, firstEnd)] : []
  }
  const parsed = parseRecurrence(recurrence)
  if (!parsed.ok) throw new RangeError(`Invalid recurrence of freeze window '${w.name}': ${parsed.message}`)
  const localStart = DateTime.fromMillis(firstStart, { zone: w.timeZone })
  if (!localStart.isValid) throw new RangeError(`Invalid time zone '${w.timeZone}' of freeze window '${w.name}'`)
  const localEnd = DateTime.fromMillis(firstEnd, { zone: w.timeZone })

  const dtstart = toFloating(localStart)
  // wall-clock duration: difference of the local clock readings
  const wallDuration = toFloating(localEnd).getTime() - dtstart.getTime()
  if (wallDuration <= 0 || rangeEnd <= rangeStart) return []

  // floating and real time differ by the zone offset (< 1 day): widen the search by a day each side
  const after = new Date(Math.max(rangeStart - wallDuration - DAY_MS, dtstart.getTime()))
  const before = new Date(rangeEnd + DAY_MS)
  if (after.getTime() > before.getTime()) return []

  const out: FreezeOccurrence[] = []
  if (overlapsMillis(firstStart, firstEnd, rangeStart, rangeEnd)) {
    out.push(occurrence(firstStart, firstEnd))
  }
  const msOfStart = dtstart.getUTCMilliseconds()
  for (const occ of expandFloating(parsed.rule, dtstart, after, before, MAX_FREEZE_OCCURRENCES, w.timeZone)) {
    const floatingStart = occ.getTime() + (occ.getUTCMilliseconds() === 0 ? msOfStart : 0)
    if (floatingStart <= dtstart.getTime()) continue // the first occurrence is taken as given
    const start = fromFloating(new Date(floatingStart), w.timeZone)
    const end = fromFloating(new Date(floatingStart + wallDuration), w.timeZone)
    if (end > start && overlapsMillis(start, end, rangeStart, rangeEnd)) out.push(occurrence(start, end))
    if (out.length >= MAX_FREEZE_OCCURRENCES) break
  }
  return out.sort(byStartThenId)
}

function byStartThenId(a: FreezeOccurrence, b: FreezeOccurrence): number {
  const d = instantToMillis(a.start) - instantToMillis(b.start)
  if (d !== 0) return d
  return a.windowId < b.windowId ? -1 : a.windowId > b.windowId ? 1 : 0
}

/** Occurrences of every window that applies to `tier`, overlapping `range`, earliest first (ties by window id). */
export function freezeOccurrencesFor(windows: FreezeWindowSpec[], tier: string, range: Interval): FreezeOccurrence[] {
  const out: FreezeOccurrence[] = []
  for (const w of windows) {
    if (freezeAppliesToTier(w, tier)) out.push(...expandFreezeWindow(w, range))
  }
  return out.sort(byStartThenId)
}

/** The freeze occurrence covering instant `at` for `tier` (start ≤ at < end), or null. Earliest-starting wins. */
export function frozenAt(windows: FreezeWindowSpec[], tier: string, at: string): FreezeOccurrence | null {
  const t = instantToMillis(at)
  const found = freezeOccurrencesFor(windows, tier, { start: millisToInstant(t), end: millisToInstant(t + 1) })
  return found[0] ?? null
}
