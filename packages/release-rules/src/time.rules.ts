import { DateTime } from 'luxon'
import type { Interval } from './types.ts'

const INSTANT_RE = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,9})?)?(?:Z|[+-](\d{2})(?::?(\d{2}))?)$/
const DATE_RE = /^(\d{4})-(\d{2})-(\d{2})$/

const MONTH_DAYS = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]

function daysInMonth(year: number, month: number): number {
  return month === 2 && isLeap(year) ? 29 : (MONTH_DAYS[month - 1] ?? 0)
}

function isLeap(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0
}

function validYmd(y: number, m: number, d: number): boolean {
  return m >= 1 && m <= 12 && d >= 1 && d <= daysInMonth(y, m)
}

/** Epoch milliseconds of a valid instant string, or NaN. */
function parseInstant(s: string): number {
  if (typeof s !== 'string') return Number.NaN
  const m = INSTANT_RE.exec(s)
  if (!m) return Number.NaN
  const [, y, mo, d, h, mi, sec, oh, om] = m
  if (!validYmd(Number(y), Number(mo), Number(d))) return Number.NaN
  if (Number(h) > 23 || Number(mi) > 59 || Number(sec ?? 0) > 59) return Number.NaN
  if (Number(oh ?? 0) > 23 || Number(om ?? 0) > 59) return Number.NaN
  const fast = Date.parse(s)
  if (!Number.isNaN(fast)) return fast
  const dt = DateTime.fromISO(s, { setZone: true })
  return dt.isValid ? dt.toMillis() : Number.NaN
}

/** Milliseconds since the epoch of an ISO instant (with offset or Z). Throws RangeError on anything else. */
export function instantToMillis(s: string): number {
  const ms = parseInstant(s)
  if (Number.isNaN(ms)) throw new RangeError(`Not an ISO-8601 instant with offset: ${String(s)}`)
  return ms
}

/** Canonical instant string (UTC, milliseconds, `Z`). */
export function millisToInstant(ms: number): string {
  return new Date(ms).toISOString()
}

/** Re-format any ISO instant into the canonical UTC form. */
export function normalizeInstant(s: string): string {
  return millisToInstant(instantToMillis(s))
}

/** Negative / zero / positive like a comparator, by instant (not by string). */
export function compareInstants(a: string, b: string): number {
  return instantToMillis(a) - instantToMillis(b)
}

/** True for an ISO-8601 instant carrying an offset or Z (e.g. 2027-03-09T18:00:00Z). */
export function isInstantString(s: string): boolean {
  return !Number.isNaN(parseInstant(s))
}

/** True for a real calendar date written 'YYYY-MM-DD'. */
export function isDateString(d: string): boolean {
  if (typeof d !== 'string') return false
  const m = DATE_RE.exec(d)
  return m !== null && validYmd(Number(m[1]), Number(m[2]), Number(m[3]))
}

function requireDate(d: string): DateTime {
  if (!isDateString(d)) throw new RangeError(`Not a 'YYYY-MM-DD' calendar date: ${String(d)}`)
  return DateTime.fromISO(d, { zone: 'utc' })
}

function requireZone(date: string, timeZone: string): DateTime {
  requireDate(date)
  const dt = DateTime.fromISO(date, { zone: timeZone })
  if (!dt.isValid) throw new RangeError(`Invalid time zone '${timeZone}': ${dt.invalidExplanation ?? dt.invalidReason ?? ''}`)
  return dt
}

/** Add (or subtract, when negative) whole calendar days to a 'YYYY-MM-DD' date. */
export function addDays(date: string, days: number): string {
  return requireDate(date).plus({ days }).toISODate() as string
}

/** The local calendar day ('YYYY-MM-DD') of an instant in a time zone. */
export function localDateOf(instant: string, timeZone: string): string {
  const dt = DateTime.fromMillis(instantToMillis(instant), { zone: timeZone })
  if (!dt.isValid) throw new RangeError(`Invalid time zone '${timeZone}'`)
  return dt.toISODate()
}

/** Half-open overlap: the intervals share at least one instant. Empty intervals overlap nothing. */
export function overlaps(a: Interval, b: Interval): boolean {
  return overlapsMillis(instantToMillis(a.start), instantToMillis(a.end), instantToMillis(b.start), instantToMillis(b.end))
}

/** Half-open overlap on epoch milliseconds. */
export function overlapsMillis(aStart: number, aEnd: number, bStart: number, bEnd: number): boolean {
  return Math.max(aStart, bStart) < Math.min(aEnd, bEnd)
}

/** `inner` lies entirely inside `outer` (both half-open). */
export function contains(outer: Interval, inner: Interval): boolean {
  return instantToMillis(inner.start) >= instantToMillis(outer.start) && instantToMillis(inner.end) <= instantToMillis(outer.end)
}

/** Local 00:00 of `date` → local 00:00 of the next day, in `timeZone`, as instants (23/24/25 h long around DST). */
export function localDayInterval(date: string, timeZone: string): Interval {
  const start = requireZone(date, timeZone).startOf('day')
  const end = start.plus({ days: 1 }).startOf('day')
  return { start: millisToInstant(start.toMillis()), end: millisToInstant(end.toMillis()) }
}

/** `periodStart` 00:00 local → end of `periodEnd` (= 00:00 local of the day after), as instants. */
export function periodInterval(periodStart: string, periodEnd: string, timeZone: string): Interval {
  return { start: localDayInterval(periodStart, timeZone).start, end: localDayInterval(periodEnd, timeZone).end }
}

/** Do the given half-open [start, end) spans (epoch ms) together cover [from, to) without a gap? */
export function spansCover(spans: readonly { start: number; end: number }[], from: number, to: number): boolean {
  let reached = from
  for (const s of [...spans].sort((a, b) => a.start - b.start)) {
    if (s.start > reached) break
    reached = Math.max(reached, s.end)
    if (reached >= to) return true
  }
  return reached >= to
}
