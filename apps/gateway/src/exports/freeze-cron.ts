import { DateTime, IANAZone } from 'luxon'
import { instantToMillis, isValidTimeZone, parseRRule } from '@railyard/release-rules'
import type { FreezeWindowData } from './export-data.ts'

/**
 * 5-field cron schedules (minute hour day-of-month month day-of-week) read in an IANA time zone,
 * as GitLab freeze periods and Argo CD sync windows take them: the building blocks of the freeze
 * exports (freeze-schedule.ts decides which to use and checks them).
 */

/** One cron schedule; `null` lists mean `*`. Day of week: 0 = Sunday … 6 = Saturday. */
export interface CronSpec {
  minute: number
  hour: number
  dayOfMonth: number[] | null
  month: number[] | null
  dayOfWeek: number[] | null
}

export function formatCron(c: CronSpec): string {
  const list = (v: number[] | null) => (v === null ? '*' : [...new Set(v)].sort((a, b) => a - b).join(','))
  return `${c.minute} ${c.hour} ${list(c.dayOfMonth)} ${list(c.month)} ${list(c.dayOfWeek)}`
}

const DAY_MS = 86_400_000
const MINUTE_MS = 60_000

/** Cron's day rule: the month must match; day of month and day of week are OR-ed when both are restricted. */
function dayMatches(c: CronSpec, month: number, day: number, weekday0: number): boolean {
  if (c.month && !c.month.includes(month)) return false
  const dom = c.dayOfMonth ? c.dayOfMonth.includes(day) : null
  const dow = c.dayOfWeek ? c.dayOfWeek.includes(weekday0) : null
  if (dom !== null && dow !== null) return dom || dow
  return dom ?? dow ?? true
}

/** A fire of a schedule: its instant, and whether its local time is one a cron implementation may read differently. */
interface CronFire {
  at: number
  /** The local time does not exist (daylight time starts) or exists twice (daylight time ends) in the zone. */
  uncertain: boolean
  /** For a local time that exists twice: its second occurrence (`at` is the first). */
  repeatedAt?: number
}

/**
 * The instant of a local wall-clock time (floating epoch ms) in a zone, and whether it is unique.
 * Ambiguous times resolve to their first occurrence, nonexistent ones with the offset before the
 * gap (RFC 5545 §3.3.5) — but cron implementations differ there, so such fires are flagged.
 */
export function resolveLocal(tz: IANAZone, floating: number): { at: number; unique: boolean; repeatedAt?: number } {
  const before = tz.offset(floating - DAY_MS)
  const after = tz.offset(floating + DAY_MS)
  if (before === after) return { at: floating - before * MINUTE_MS, unique: tz.offset(floating - before * MINUTE_MS) === before }
  const valid = [...new Set([before, after])].map((o) => floating - o * MINUTE_MS).filter((t) => tz.offset(t) * MINUTE_MS === floating - t)
  if (valid.length === 1) return { at: valid[0] ?? 0, unique: true }
  if (valid.length > 1) return { at: Math.min(...valid), unique: false, repeatedAt: Math.max(...valid) }
  return { at: floating - before * MINUTE_MS, unique: false }
}

/** The fires of a schedule in [fromMs, toMs), read in `zone`, in order. */
export function cronFires(c: CronSpec, zone: string, fromMs: number, toMs: number): CronFire[] {
  const tz = IANAZone.create(zone)
  const out: CronFire[] = []
  if (!tz.isValid || toMs <= fromMs) return out
  // walk local calendar days as floating dates (wall clock stored as UTC), a day's margin each side
  const first = DateTime.fromMillis(fromMs, { zone }).minus({ days: 1 })
  const last = DateTime.fromMillis(toMs, { zone }).plus({ days: 1 })
  const end = Date.UTC(last.year, last.month - 1, last.day)
  for (let day = Date.UTC(first.year, first.month - 1, first.day); day <= end; day += DAY_MS) {
    const d = new Date(day)
    if (!dayMatches(c, d.getUTCMonth() + 1, d.getUTCDate(), d.getUTCDay())) continue
    const r = resolveLocal(tz, day + (c.hour * 60 + c.minute) * MINUTE_MS)
    if (r.at >= fromMs && r.at < toMs) out.push({ at: r.at, uncertain: !r.unique, ...(r.repeatedAt === undefined ? {} : { repeatedAt: r.repeatedAt }) })
  }
  return out
}

/** A schedule firing once a year at this minute of this local date. */
export function pinnedCron(local: DateTime): CronSpec {
  return { minute: local.minute, hour: local.hour, dayOfMonth: [local.day], month: [local.month], dayOfWeek: null }
}

/** Is this instant's local wall-clock time unique in the zone (it neither repeats nor is skipped nearby)? */
export function uniqueLocalTime(ms: number, zone: string): boolean {
  const tz = IANAZone.create(zone)
  const dt = DateTime.fromMillis(ms, { zone })
  const floating = Date.UTC(dt.year, dt.month - 1, dt.day, dt.hour, dt.minute, dt.second, dt.millisecond)
  const r = resolveLocal(tz, floating)
  return r.unique && r.at === ms
}

/** The cron form of a recurring window's rule: where its occurrences start and end, as schedules. */
type RuleCron = { ok: true; start: CronSpec; end: CronSpec; wallMinutes: number } | { ok: false; reason: string }

const WEEKDAY_CODES = ['SU', 'MO', 'TU', 'WE', 'TH', 'FR', 'SA'] as const
const SUPPORTED_FREQ = ['DAILY', 'WEEKLY', 'MONTHLY', 'YEARLY'] as const
type Freq = (typeof SUPPORTED_FREQ)[number]
const UNIT: Record<Freq, string> = { DAILY: 'day', WEEKLY: 'week', MONTHLY: 'month', YEARLY: 'year' }

function floating(dt: DateTime): number {
  return Date.UTC(dt.year, dt.month - 1, dt.day, dt.hour, dt.minute, dt.second, dt.millisecond)
}

/**
 * Derives start and end schedules from a recurring window's RRULE, read in its time zone: DAILY,
 * WEEKLY, MONTHLY (fixed days of the month or weekdays) and YEARLY (fixed dates) rules with
 * INTERVAL=1, starting and ending on whole minutes. The end schedule is the start schedule moved by
 * the window's length in local days. Whether the schedules really reproduce the occurrences
 * (before the first one, after a COUNT/UNTIL, in daylight-saving weeks) is not judged here: the
 * export planner simulates them against freezeOccurrences.
 */
export function ruleCron(w: FreezeWindowData): RuleCron {
  const fail = (reason: string): RuleCron => ({ ok: false, reason })
  const recurrence = w.recurrence?.trim()
  if (!recurrence) return fail('a single window has no rule')
  if (!isValidTimeZone(w.timeZone)) return fail(`unknown time zone '${w.timeZone}'`)
  const valid = parseRRule(recurrence)
  if (!valid.ok) return fail(`invalid recurrence: ${valid.message}`)
  let startMs: number
  let endMs: number
  try {
    startMs = instantToMillis(w.start)
    endMs = instantToMillis(w.end)
  } catch (err) {
    return fail(err instanceof Error ? err.message : 'invalid start or end')
  }
  const ls = DateTime.fromMillis(startMs, { zone: w.timeZone })
  const le = DateTime.fromMillis(endMs, { zone: w.timeZone })
  const wallMinutes = Math.round((floating(le) - floating(ls)) / MINUTE_MS)
  if (wallMinutes <= 0) return fail('the window ends before it starts (local time)')
  if (ls.second !== 0 || ls.millisecond !== 0 || le.second !== 0 || le.millisecond !== 0)
    return fail('starts or ends between whole minutes; cron has minute resolution')
  const dayShift = Math.round((floating(le.startOf('day')) - floating(ls.startOf('day'))) / DAY_MS)

  const parts = ruleParts(recurrence)
  const freqText = parts.get('FREQ') ?? ''
  if (!(SUPPORTED_FREQ as readonly string[]).includes(freqText)) {
    return fail(`FREQ=${freqText} repeats more often than daily; cron covers DAILY, WEEKLY, MONTHLY and YEARLY rules`)
  }
  const freq = freqText as Freq
  const interval = Number(parts.get('INTERVAL') ?? '1')
  if (interval !== 1) return fail(`INTERVAL=${interval}: cron cannot say "every ${interval} ${UNIT[freq]}s"`)
  for (const [name, want] of [
    ['BYHOUR', ls.hour],
    ['BYMINUTE', ls.minute],
    ['BYSECOND', 0],
  ] as const) {
    const v = parts.get(name)
    if (v !== undefined && v !== String(want)) return fail(`${name}=${v} moves the start away from the window's own start time`)
  }
  for (const name of ['BYSETPOS', 'BYYEARDAY', 'BYWEEKNO']) {
    if (parts.has(name)) return fail(`${name} cannot be written as a 5-field cron schedule`)
  }

  const byMonthText = parts.get('BYMONTH')
  const byMonth = byMonthText === undefined ? null : byMonthText.split(',').map(Number)
  let byDay: number[] | null = null
  const byDayText = parts.get('BYDAY')
  if (byDayText !== undefined) {
    byDay = []
    for (const d of byDayText.split(',')) {
      if (!/^(MO|TU|WE|TH|FR|SA|SU)$/.test(d)) return fail(`BYDAY=${d}: nth-weekday rules cannot be written as a 5-field cron schedule`)
      byDay.push(WEEKDAY_CODES.indexOf(d as (typeof WEEKDAY_CODES)[number]))
    }
  }
  let byMonthDay: number[] | null = null
  const byMonthDayText = parts.get('BYMONTHDAY')
  if (byMonthDayText !== undefined) {
    byMonthDay = byMonthDayText.split(',').map(Number)
    if (byMonthDay.some((d) => d < 0)) return fail('negative BYMONTHDAY (days from the month end) cannot be written in cron')
    if (byDay) return fail('BYMONTHDAY together with BYDAY means both must hold; cron fires when either holds')
  }

  const at = { minute: ls.minute, hour: ls.hour }
  let start: CronSpec
  switch (freq) {
    case 'DAILY':
      if (byMonthDay) return fail('BYMONTHDAY with FREQ=DAILY is not supported')
      start = { ...at, dayOfMonth: null, month: byMonth, dayOfWeek: byDay }
      break
    case 'WEEKLY':
      start = { ...at, dayOfMonth: null, month: byMonth, dayOfWeek: byDay ?? [ls.weekday % 7] }
      break
    case 'MONTHLY':
      start = byDay
        ? { ...at, dayOfMonth: null, month: byMonth, dayOfWeek: byDay }
        : { ...at, dayOfMonth: byMonthDay ?? [ls.day], month: byMonth, dayOfWeek: null }
      break
    case 'YEARLY':
      start = byDay
        ? { ...at, dayOfMonth: null, month: byMonth, dayOfWeek: byDay }
        : { ...at, dayOfMonth: byMonthDay ?? [ls.day], month: byMonth ?? [ls.month], dayOfWeek: null }
      break
  }

  const endAt = { minute: le.minute, hour: le.hour }
  let end: CronSpec
  if (start.dayOfMonth === null) {
    // an end may fall in the month after the last start month: '*' (extra end fires outside a freeze change nothing)
    end = {
      ...endAt,
      dayOfMonth: null,
      month: start.month && dayShift === 0 ? start.month : null,
      dayOfWeek: start.dayOfWeek ? start.dayOfWeek.map((d) => (d + dayShift) % 7) : null,
    }
  } else if (start.dayOfMonth.every((d) => d + dayShift <= 28)) {
    end = { ...endAt, dayOfMonth: start.dayOfMonth.map((d) => d + dayShift), month: start.month, dayOfWeek: null }
  } else if (start.dayOfMonth.length === 1 && (start.month === null || start.month.length === 1)) {
    end = { ...endAt, dayOfMonth: [le.day], month: start.month ? [le.month] : null, dayOfWeek: null }
  } else {
    return fail('the freeze crosses a month end, so its end day differs from month to month')
  }
  return { ok: true, start, end, wallMinutes }
}

/** NAME → value of an RRULE already validated by release-rules' parseRRule. */
function ruleParts(rule: string): Map<string, string> {
  let text = rule.trim().toUpperCase()
  if (text.startsWith('RRULE:')) text = text.slice('RRULE:'.length)
  const out = new Map<string, string>()
  for (const part of text.split(';')) {
    if (!part) continue
    const eq = part.indexOf('=')
    out.set(part.slice(0, eq), part.slice(eq + 1))
  }
  return out
}

/** The same schedule `minutes` earlier, when that stays on the same local day (null otherwise). */
export function shiftEarlier(c: CronSpec, minutes: number): CronSpec | null {
  const at = c.hour * 60 + c.minute - minutes
  if (at < 0 || minutes < 0) return null
  return { ...c, hour: Math.floor(at / 60), minute: at % 60 }
}
