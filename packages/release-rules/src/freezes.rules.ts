import { DateTime } from 'luxon'
import { expandFloating, fromFloating, parseRecurrence, toFloating } from './recurrence.rules.ts'
import { instantToMillis, isInstantString, millisToInstant, overlapsMillis } from './time.rules.ts'
import type { FreezeOccurrence, FreezeWindowSpec, Interval, WindowOccurrence } from './types.ts'

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

/**
 * Is a recurring window's first occurrence (its DTSTART) itself an instance of its rule?
 * RFC 5545 §3.8.5.3 leaves the recurrence set undefined otherwise — calendar readers differ on
 * whether that first instance exists (and on what COUNT counts) — so an export must not rely on
 * an RRULE for such a window. True for single windows. Throws RangeError like expandFreezeWindow.
 */
export function recurrenceSynchronized(w: FreezeWindowSpec): boolean {
  const recurrence = w.recurrence?.trim()
  if (!recurrence) return true
  const parsed = parseRecurrence(recurrence)
  if (!parsed.ok) throw new RangeError(`Invalid recurrence of freeze window '${w.name}': ${parsed.message}`)
  const local = DateTime.fromMillis(instantToMillis(w.start), { zone: w.timeZone })
  if (!local.isValid) throw new RangeError(`Invalid time zone '${w.timeZone}' of freeze window '${w.name}'`)
  const dtstart = toFloating(local)
  const second = Math.floor(dtstart.getTime() / 1000)
  const from = new Date(second * 1000)
  const to = new Date(second * 1000 + 999)
  return expandFloating(parsed.rule, new Date(second * 1000), from, to, 1, w.timeZone).some((d) => Math.floor(d.getTime() / 1000) === second)
}

function byStartThenId(a: FreezeOccurrence, b: FreezeOccurrence): number {
  const d = instantToMillis(a.start) - instantToMillis(b.start)
  if (d !== 0) return d
  return a.windowId < b.windowId ? -1 : a.windowId > b.windowId ? 1 : 0
}

/** The longest range `freezeOccurrences` expands, in years. */
export const MAX_FREEZE_RANGE_YEARS = 5

/** Why [from, to) is not a range `freezeOccurrences` expands (not instants, to before from, longer than 5 years), or null. */
export function freezeRangeProblem(from: string, to: string): string | null {
  if (!isInstantString(from)) return `from must be an ISO-8601 instant with an offset, got '${String(from)}'`
  if (!isInstantString(to)) return `to must be an ISO-8601 instant with an offset, got '${String(to)}'`
  const f = instantToMillis(from)
  const t = instantToMillis(to)
  if (t < f) return 'to must not be before from'
  if (t > maxFreezeRangeEnd(f)) return `the range may span at most ${MAX_FREEZE_RANGE_YEARS} years`
  return null
}

/** The latest end of a range starting at `fromMs` that `freezeOccurrences` accepts (epoch ms). */
export function maxFreezeRangeEnd(fromMs: number): number {
  return DateTime.fromMillis(fromMs, { zone: 'utc' }).plus({ years: MAX_FREEZE_RANGE_YEARS }).toMillis()
}

/**
 * THE expansion of freeze windows, used by the deploy check, alignment, the API, the calendar
 * feed and the GitLab/Argo CD exports: the occurrences of every window (applying to `tier` when
 * one is given; all windows otherwise) that overlap [from, to), earliest first (ties by window
 * id), each with its window. Recurring windows keep their local wall-clock times across
 * daylight-saving changes (see expandFreezeWindow). Throws RangeError on a range longer than
 * 5 years or on an invalid window.
 */
export function freezeOccurrences<W extends FreezeWindowSpec>(windows: readonly W[], from: string, to: string, tier?: string | null): WindowOccurrence<W>[] {
  const problem = freezeRangeProblem(from, to)
  if (problem) throw new RangeError(`Invalid freeze occurrence range: ${problem}`)
  return occurrencesOf(windows, { start: from, end: to }, tier ?? null)
}

function occurrencesOf<W extends FreezeWindowSpec>(windows: readonly W[], range: Interval, tier: string | null): WindowOccurrence<W>[] {
  const out: WindowOccurrence<W>[] = []
  for (const window of windows) {
    if (tier !== null && !freezeAppliesToTier(window, tier)) continue
    for (const o of expandFreezeWindow(window, range)) out.push({ ...o, window })
  }
  return out.sort(byStartThenId)
}

/** Occurrences of every window that applies to `tier`, overlapping `range`, earliest first (ties by window id). */
export function freezeOccurrencesFor(windows: FreezeWindowSpec[], tier: string, range: Interval): FreezeOccurrence[] {
  return occurrencesOf(windows, range, tier).map(({ windowId, name, start, end }) => ({ windowId, name, start, end }))
}

/** Every freeze occurrence applying to `tier` that covers instant `at` (start ≤ at < end), earliest-starting first. */
export function freezesCovering<W extends FreezeWindowSpec>(windows: readonly W[], tier: string, at: string): WindowOccurrence<W>[] {
  const t = instantToMillis(at)
  return occurrencesOf(windows, { start: millisToInstant(t), end: millisToInstant(t + 1) }, tier)
}

/** The freeze occurrence covering instant `at` for `tier` (start ≤ at < end), or null. Earliest-starting wins. */
export function frozenAt(windows: FreezeWindowSpec[], tier: string, at: string): FreezeOccurrence | null {
  const found = freezesCovering(windows, tier, at)[0]
  return found ? { windowId: found.windowId, name: found.name, start: found.start, end: found.end } : null
}
