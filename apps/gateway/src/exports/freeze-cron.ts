import { DateTime, IANAZone } from 'luxon'
import { expandFreezeWindow, freezeAppliesToTier, instantToMillis, isValidTimeZone, parseRRule } from '@railyard/release-rules'
import type { FreezeWindowData } from './export-data.ts'

/**
 * Freeze windows as 5-field cron schedules (minute hour day-of-month month day-of-week), read in
 * the window's own time zone — what GitLab freeze periods and Argo CD sync windows take.
 *
 * A cron schedule has no year and never ends, so:
 * - a recurring window is exported when its RRULE repeats daily, weekly, monthly (on fixed days
 *   of the month) or yearly (on fixed dates), with INTERVAL=1 and no COUNT/UNTIL; the derived
 *   schedule is then checked against the occurrences @railyard/release-rules expands for the next
 *   two (daily, weekly) or four (monthly, yearly) years, and anything it would not reproduce
 *   exactly is reported as unsupported;
 * - a single window is pinned to its start/end minute, hour, day and month (`0 0 18 12 *`). Such a
 *   cron fires again every year, so a single window that has already ended is not exported.
 */

/** One cron schedule; `null` lists mean `*`. Day of week: 0 = Sunday … 6 = Saturday. */
export interface CronSpec {
  minute: number
  hour: number
  dayOfMonth: number[] | null
  month: number[] | null
  dayOfWeek: number[] | null
}

export type FreezeCron =
  | {
      ok: true
      windowId: string
      name: string
      timeZone: string
      recurring: boolean
      start: CronSpec
      end: CronSpec
      startCron: string
      endCron: string
      /** Local wall-clock length of one occurrence (end − start of the first one, in its time zone). */
      durationMinutes: number
    }
  | { ok: false; windowId: string; name: string; reason: string }

export interface FreezeCronOptions {
  /** Instant used to drop ended single windows and to start the check horizon. */
  now: string
  /** Check the end schedule too (GitLab needs it; Argo CD only uses start + duration). Default true. */
  checkEnd?: boolean
}

/** How far ahead a derived schedule is checked: both DST changes twice; monthly/yearly rules also a leap year. */
const HORIZON_YEARS: Record<Freq, number> = { DAILY: 2, WEEKLY: 2, MONTHLY: 4, YEARLY: 4 }
const WEEKDAY_CODES = ['SU', 'MO', 'TU', 'WE', 'TH', 'FR', 'SA'] as const
const SUPPORTED_FREQ = ['DAILY', 'WEEKLY', 'MONTHLY', 'YEARLY'] as const
type Freq = (typeof SUPPORTED_FREQ)[number]
const isFreq = (f: string | undefined): f is Freq => (SUPPORTED_FREQ as readonly (string | undefined)[]).includes(f)
const UNIT: Record<Freq, string> = { DAILY: 'day', WEEKLY: 'week', MONTHLY: 'month', YEARLY: 'year' }

function formatCron(c: CronSpec): string {
  const list = (v: number[] | null) => (v === null ? '*' : [...new Set(v)].sort((a, b) => a - b).join(','))
  return `${c.minute} ${c.hour} ${list(c.dayOfMonth)} ${list(c.month)} ${list(c.dayOfWeek)}`
}

/** Does a local date-time (minute resolution) match the schedule? (Cron's OR rule when both day fields are set.) */
function cronMatches(c: CronSpec, local: DateTime): boolean {
  if (local.minute !== c.minute || local.hour !== c.hour || local.second !== 0) return false
  return cronDayMatches(c, local)
}

function cronDayMatches(c: CronSpec, local: DateTime): boolean {
  if (c.month && !c.month.includes(local.month)) return false
  const dom = c.dayOfMonth ? c.dayOfMonth.includes(local.day) : null
  const dow = c.dayOfWeek ? c.dayOfWeek.includes(local.weekday % 7) : null
  if (dom !== null && dow !== null) return dom || dow
  return dom ?? dow ?? true
}

/** Instants (epoch ms) the schedule fires at in [fromMs, toMs), read in `zone`. */
function cronFires(c: CronSpec, zone: string, fromMs: number, toMs: number): number[] {
  const tz = IANAZone.create(zone)
  const out: number[] = []
  // walk local calendar days as floating dates (wall clock stored as UTC)
  const first = DateTime.fromMillis(fromMs, { zone }).minus({ days: 1 })
  const last = DateTime.fromMillis(toMs, { zone }).plus({ days: 1 })
  const end = Date.UTC(last.year, last.month - 1, last.day)
  for (let day = Date.UTC(first.year, first.month - 1, first.day); day <= end; day += 86_400_000) {
    const d = new Date(day)
    if (c.month && !c.month.includes(d.getUTCMonth() + 1)) continue
    const dom = c.dayOfMonth ? c.dayOfMonth.includes(d.getUTCDate()) : null
    const dow = c.dayOfWeek ? c.dayOfWeek.includes(d.getUTCDay()) : null
    if (!(dom !== null && dow !== null ? dom || dow : (dom ?? dow ?? true))) continue
    const floatingMs = day + (c.hour * 60 + c.minute) * 60_000
    const at = localToInstant(tz, zone, floatingMs)
    if (at >= fromMs && at < toMs) out.push(at)
  }
  return out
}

/**
 * The instant of a floating wall-clock time in a zone, as luxon (and so release-rules) reads it:
 * plain offset arithmetic away from offset changes, luxon itself within a day of one (gaps, overlaps).
 */
function localToInstant(tz: IANAZone, zone: string, floatingMs: number): number {
  const before = tz.offset(floatingMs - 86_400_000)
  if (before === tz.offset(floatingMs + 86_400_000)) return floatingMs - before * 60_000
  const d = new Date(floatingMs)
  return DateTime.fromObject(
    { year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate(), hour: d.getUTCHours(), minute: d.getUTCMinutes() },
    { zone },
  ).toMillis()
}

/** The windows that apply to `tier` (default: the last tier of the promotion path, i.e. production). */
export function freezeWindowsForTier(
  strategy: { promotionPath: string[]; freezeWindows: FreezeWindowData[] } | null,
  tier?: string | null,
): { tier: string | null; windows: FreezeWindowData[] } {
  if (!strategy) return { tier: tier ?? null, windows: [] }
  const t = tier ?? strategy.promotionPath.at(-1) ?? null
  const windows = strategy.freezeWindows.filter((w) => (t === null ? w.tiers.length === 0 : freezeAppliesToTier(w, t)))
  return { tier: t, windows }
}

/** The cron form of one freeze window, or why it has none. */
export function freezeWindowCron(w: FreezeWindowData, opts: FreezeCronOptions): FreezeCron {
  const fail = (reason: string): FreezeCron => ({ ok: false, windowId: w.id, name: w.name, reason })
  if (!isValidTimeZone(w.timeZone)) return fail(`unknown time zone '${w.timeZone}'`)
  let startMs: number
  let endMs: number
  let nowMs: number
  try {
    startMs = instantToMillis(w.start)
    endMs = instantToMillis(w.end)
    nowMs = instantToMillis(opts.now)
  } catch (err) {
    return fail((err as Error).message)
  }
  const ls = DateTime.fromMillis(startMs, { zone: w.timeZone })
  const le = DateTime.fromMillis(endMs, { zone: w.timeZone })
  const durationMinutes = Math.round((floating(le) - floating(ls)) / 60_000)
  if (durationMinutes <= 0) return fail('the window ends before it starts (local time)')
  if (ls.second !== 0 || ls.millisecond !== 0 || le.second !== 0 || le.millisecond !== 0) {
    return fail('starts or ends between whole minutes; cron has minute resolution')
  }
  const dayShift = Math.round((floating(le.startOf('day')) - floating(ls.startOf('day'))) / 86_400_000)

  const recurrence = w.recurrence?.trim()
  if (!recurrence) {
    if (endMs <= nowMs) return fail(`a single window that ended on ${le.toISODate()}; a cron schedule has no year and would freeze again every year`)
    if (durationMinutes >= 365 * 24 * 60) return fail('a single window longer than a year cannot be written as a yearly cron schedule')
    const start: CronSpec = { minute: ls.minute, hour: ls.hour, dayOfMonth: [ls.day], month: [ls.month], dayOfWeek: null }
    const end: CronSpec = { minute: le.minute, hour: le.hour, dayOfMonth: [le.day], month: [le.month], dayOfWeek: null }
    return ok(w, false, start, end, durationMinutes)
  }

  const valid = parseRRule(recurrence)
  if (!valid.ok) return fail(`invalid recurrence: ${valid.message}`)
  const parts = ruleParts(recurrence)
  const freq = parts.get('FREQ')
  if (!isFreq(freq)) {
    return fail(`FREQ=${freq} repeats more often than daily; cron export supports DAILY, WEEKLY, MONTHLY and YEARLY rules`)
  }
  if (parts.has('COUNT') || parts.has('UNTIL')) return fail('the rule ends (COUNT/UNTIL); a cron schedule never ends')
  const interval = Number(parts.get('INTERVAL') ?? '1')
  if (interval !== 1) return fail(`INTERVAL=${interval}: cron cannot express "every ${interval} ${UNIT[freq]}s"`)
  for (const [name, want] of [
    ['BYHOUR', ls.hour],
    ['BYMINUTE', ls.minute],
    ['BYSECOND', 0],
  ] as const) {
    const v = parts.get(name)
    if (v !== undefined && v !== String(want)) return fail(`${name}=${v} moves the start away from the window's own start time`)
  }
  for (const name of ['BYSETPOS', 'BYYEARDAY', 'BYWEEKNO']) {
    if (parts.has(name)) return fail(`${name} cannot be expressed in a 5-field cron schedule`)
  }

  const byMonth = parts.has('BYMONTH') ? parts.get('BYMONTH')!.split(',').map(Number) : null
  let byDay: number[] | null = null
  if (parts.has('BYDAY')) {
    byDay = []
    for (const d of parts.get('BYDAY')!.split(',')) {
      if (!/^(MO|TU|WE|TH|FR|SA|SU)$/.test(d)) return fail(`BYDAY=${d}: nth-weekday rules cannot be expressed in a 5-field cron schedule`)
      byDay.push(WEEKDAY_CODES.indexOf(d as (typeof WEEKDAY_CODES)[number]))
    }
  }
  let byMonthDay: number[] | null = null
  if (parts.has('BYMONTHDAY')) {
    byMonthDay = parts.get('BYMONTHDAY')!.split(',').map(Number)
    if (byMonthDay.some((d) => d < 0)) return fail('negative BYMONTHDAY (days from the month end) cannot be expressed in cron')
    if (byDay) return fail('BYMONTHDAY together with BYDAY means both must hold; cron would fire when either holds')
  }

  let start: CronSpec
  switch (freq) {
    case 'DAILY':
      if (byMonthDay) return fail('BYMONTHDAY with FREQ=DAILY is not supported')
      start = { minute: ls.minute, hour: ls.hour, dayOfMonth: null, month: byMonth, dayOfWeek: byDay }
      break
    case 'WEEKLY':
      start = { minute: ls.minute, hour: ls.hour, dayOfMonth: null, month: byMonth, dayOfWeek: byDay ?? [ls.weekday % 7] }
      break
    case 'MONTHLY':
      start = byDay
        ? { minute: ls.minute, hour: ls.hour, dayOfMonth: null, month: byMonth, dayOfWeek: byDay }
        : { minute: ls.minute, hour: ls.hour, dayOfMonth: byMonthDay ?? [ls.day], month: byMonth, dayOfWeek: null }
      break
    case 'YEARLY':
      start = byDay
        ? { minute: ls.minute, hour: ls.hour, dayOfMonth: null, month: byMonth, dayOfWeek: byDay }
        : { minute: ls.minute, hour: ls.hour, dayOfMonth: byMonthDay ?? [ls.day], month: byMonth ?? [ls.month], dayOfWeek: null }
      break
  }

  // The end schedule: the start schedule moved by the window's length in local days.
  let end: CronSpec
  if (start.dayOfMonth === null) {
    end = {
      minute: le.minute,
      hour: le.hour,
      dayOfMonth: null,
      // An end may fall in the month after the last start month: '*' (extra end fires outside a freeze change nothing).
      month: start.month && dayShift === 0 ? start.month : null,
      dayOfWeek: start.dayOfWeek ? start.dayOfWeek.map((d) => (d + dayShift) % 7) : null,
    }
  } else if (start.dayOfMonth.every((d) => d + dayShift <= 28)) {
    end = { minute: le.minute, hour: le.hour, dayOfMonth: start.dayOfMonth.map((d) => d + dayShift), month: start.month, dayOfWeek: null }
  } else if (start.dayOfMonth.length === 1 && (start.month === null || start.month.length === 1)) {
    end = { minute: le.minute, hour: le.hour, dayOfMonth: [le.day], month: start.month ? [le.month] : null, dayOfWeek: null }
  } else {
    return fail('the freeze crosses a month end, so its end day differs from month to month')
  }

  const problem = verify(w, start, end, { fromMs: Math.max(nowMs, startMs), years: HORIZON_YEARS[freq], checkEnd: opts.checkEnd ?? true })
  if (problem) return fail(problem)
  return ok(w, true, start, end, durationMinutes)
}

function ok(w: FreezeWindowData, recurring: boolean, start: CronSpec, end: CronSpec, durationMinutes: number): FreezeCron {
  return {
    ok: true,
    windowId: w.id,
    name: w.name,
    timeZone: w.timeZone,
    recurring,
    start,
    end,
    startCron: formatCron(start),
    endCron: formatCron(end),
    durationMinutes,
  }
}

/**
 * Checks the schedules against the rule's own expansion (release-rules) over the horizon:
 * the start schedule fires exactly at the occurrences' starts, every occurrence ends on an end
 * fire, no end fire falls inside an occurrence, and occurrences do not overlap.
 */
function verify(w: FreezeWindowData, start: CronSpec, end: CronSpec, o: { fromMs: number; years: number; checkEnd: boolean }): string | null {
  const fromMs = o.fromMs
  const toMs = DateTime.fromMillis(fromMs, { zone: 'utc' }).plus({ years: o.years }).toMillis()
  let occurrences
  try {
    occurrences = expandFreezeWindow(w, { start: new Date(fromMs).toISOString(), end: new Date(toMs).toISOString() })
  } catch (err) {
    return `the rule cannot be expanded: ${(err as Error).message}`
  }
  const occ = occurrences.map((x) => ({ start: instantToMillis(x.start), end: instantToMillis(x.end) })).filter((x) => x.start >= fromMs && x.start < toMs)
  for (let i = 1; i < occ.length; i++) {
    if (occ[i]!.start < occ[i - 1]!.end) return 'occurrences overlap (the freeze lasts longer than the time between its starts)'
  }
  const fires = cronFires(start, w.timeZone, fromMs, toMs)
  const expected = occ.map((x) => x.start)
  if (fires.length !== expected.length || fires.some((f, i) => f !== expected[i])) {
    const firstDiff = fires.findIndex((f, i) => f !== expected[i])
    const at = firstDiff >= 0 ? fires[firstDiff] : expected[fires.length]
    const when = at === undefined ? '' : ` (first difference near ${DateTime.fromMillis(at, { zone: w.timeZone }).toISO({ suppressMilliseconds: true })})`
    return `the cron schedule ${formatCron(start)} does not reproduce the rule's occurrences${when}`
  }
  if (!o.checkEnd) return null
  for (const x of occ) {
    if (!cronMatches(end, DateTime.fromMillis(x.end, { zone: w.timeZone }))) {
      return `the end schedule ${formatCron(end)} misses the end of the occurrence starting ${DateTime.fromMillis(x.start, { zone: w.timeZone }).toISODate()}`
    }
  }
  const lastEnd = occ.at(-1)?.end ?? toMs
  let j = 0
  for (const f of cronFires(end, w.timeZone, fromMs, Math.max(toMs, lastEnd))) {
    while (j < occ.length && occ[j]!.end <= f) j++
    const cur = occ[j]
    if (cur && cur.start < f && f < cur.end) return `the end schedule ${formatCron(end)} would end the freeze early`
  }
  return null
}

function floating(dt: DateTime): number {
  return Date.UTC(dt.year, dt.month - 1, dt.day, dt.hour, dt.minute, dt.second, dt.millisecond)
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
