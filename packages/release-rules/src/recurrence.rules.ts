/**
 * RFC 5545 RRULE handling shared by cadences and freeze windows.
 *
 * The `rrule` library is lenient (it accepts INTERVAL=0, BYHOUR=25, COUNT=abc, ...), so rules
 * are validated here against the RFC 5545 RECUR grammar and turned into rrule options by hand.
 * Expansion happens in "floating" time: the local wall-clock components are stored in a Date
 * as if they were UTC; callers convert each occurrence back into a real instant with luxon in
 * the rule's time zone. That keeps local wall-clock times across daylight-saving changes.
 */
import { DateTime, IANAZone } from 'luxon'
import * as rruleModule from 'rrule'
import type { Options as RRuleOptions, RRule as RRuleClass, Weekday as WeekdayClass } from 'rrule'

// rrule ships a UMD bundle as `main` and ESM as `module`: under Node's ESM loader the named
// exports only exist on `default`, under bundlers they are real named exports.
type RRuleExports = { RRule: typeof RRuleClass; Weekday: typeof WeekdayClass }
// (spread first, so bundlers do not warn about a `default` the ESM build lacks)
const rruleNamespace: Record<string, unknown> = { ...rruleModule }
const rrule = (rruleNamespace.RRule ? rruleNamespace : rruleNamespace.default) as RRuleExports

export type Frequency = 'YEARLY' | 'MONTHLY' | 'WEEKLY' | 'DAILY' | 'HOURLY' | 'MINUTELY' | 'SECONDLY'

const FREQ_NUM: Record<Frequency, number> = {
  YEARLY: 0,
  MONTHLY: 1,
  WEEKLY: 2,
  DAILY: 3,
  HOURLY: 4,
  MINUTELY: 5,
  SECONDLY: 6,
}

const WEEKDAYS = ['MO', 'TU', 'WE', 'TH', 'FR', 'SA', 'SU'] as const
const DAY_MS = 86_400_000

export interface ParsedRecurrence {
  /** normalized rule text, upper case, without the 'RRULE:' prefix */
  text: string
  freq: Frequency
  /** UNTIL as a Date; `untilIsUtc` tells whether it was written with `Z` (a real UTC instant) or floating */
  until: Date | null
  untilIsUtc: boolean
  options: Partial<RRuleOptions>
}

export type RecurrenceParse = { ok: true; rule: ParsedRecurrence } | { ok: false; message: string }

const INT_RE = /^[+-]?\d{1,6}$/

function intList(name: string, value: string, min: number, max: number, signed: boolean): { ok: true; values: number[] } | { ok: false; message: string } {
  const parts = value.split(',')
  const values: number[] = []
  for (const p of parts) {
    if (!INT_RE.test(p)) return { ok: false, message: `${name} must be a comma-separated list of integers, got '${value}'` }
    const n = Number(p)
    const abs = Math.abs(n)
    if ((!signed && (p.startsWith('-') || p.startsWith('+'))) || abs < min || abs > max || (signed && n === 0 && min > 0)) {
      return { ok: false, message: `${name} value ${p} is out of range (${signed ? `±${min}..${max}` : `${min}..${max}`})` }
    }
    values.push(n)
  }
  return { ok: true, values }
}

function parseUntil(value: string): { date: Date; utc: boolean } | null {
  const m = /^(\d{4})(\d{2})(\d{2})(?:T(\d{2})(\d{2})(\d{2})(Z?))?$/.exec(value)
  if (!m) return null
  const [, y, mo, d, h, mi, s, z] = m
  const dt = DateTime.fromObject(
    { year: Number(y), month: Number(mo), day: Number(d), hour: Number(h ?? 0), minute: Number(mi ?? 0), second: Number(s ?? 0) },
    { zone: 'utc' },
  )
  if (!dt.isValid || dt.day !== Number(d) || dt.hour !== Number(h ?? 0)) return null
  if (Number(mi ?? 0) > 59 || Number(s ?? 0) > 59) return null
  return { date: new Date(dt.toMillis()), utc: z === 'Z' }
}

/**
 * Parse and validate an RRULE value (RFC 5545 §3.3.10), with or without the 'RRULE:' prefix.
 * Rejects DTSTART/RDATE/EXDATE content, unknown or duplicated parts, a missing or unknown FREQ,
 * out-of-range BYxxx values, and combinations the RFC forbids.
 */
export function parseRecurrence(input: string): RecurrenceParse {
  if (typeof input !== 'string') return { ok: false, message: 'The recurrence rule must be a string' }
  let text = input.trim()
  if (text === '') return { ok: false, message: 'The recurrence rule is empty' }
  if (/[\r\n]/.test(text)) return { ok: false, message: 'The recurrence rule must be a single RRULE line (no DTSTART, RDATE or EXDATE)' }
  text = text.toUpperCase()
  if (text.startsWith('RRULE:')) text = text.slice('RRULE:'.length)
  if (text.includes('DTSTART')) return { ok: false, message: 'DTSTART must not be part of the rule; the start comes from the cadence or the window' }
  if (text.includes(':')) return { ok: false, message: `Only an RRULE is accepted, got '${input}'` }
  if (text.endsWith(';')) text = text.slice(0, -1)

  const seen = new Map<string, string>()
  for (const part of text.split(';')) {
    const eq = part.indexOf('=')
    if (eq <= 0 || eq === part.length - 1) return { ok: false, message: `Malformed rule part '${part}' (expected NAME=VALUE)` }
    const name = part.slice(0, eq)
    const value = part.slice(eq + 1)
    if (seen.has(name)) return { ok: false, message: `${name} appears more than once` }
    seen.set(name, value)
  }

  const freqText = seen.get('FREQ')
  if (freqText === undefined) return { ok: false, message: 'FREQ is required' }
  if (!(freqText in FREQ_NUM)) return { ok: false, message: `Unknown FREQ '${freqText}' (expected one of ${Object.keys(FREQ_NUM).join(', ')})` }
  const freq = freqText as Frequency
  const options: Partial<RRuleOptions> = { freq: FREQ_NUM[freq] }
  let until: Date | null = null
  let untilIsUtc = false

  for (const [name, value] of seen) {
    switch (name) {
      case 'FREQ':
        break
      case 'UNTIL': {
        const u = parseUntil(value)
        if (!u) return { ok: false, message: `UNTIL must be a date (YYYYMMDD) or date-time (YYYYMMDDTHHMMSS[Z]), got '${value}'` }
        until = u.date
        untilIsUtc = u.utc
        break
      }
      case 'COUNT':
      case 'INTERVAL': {
        if (!/^\d{1,9}$/.test(value) || Number(value) < 1) return { ok: false, message: `${name} must be a positive integer, got '${value}'` }
        if (name === 'COUNT') options.count = Number(value)
        else options.interval = Number(value)
        break
      }
      case 'BYSECOND':
      case 'BYMINUTE':
      case 'BYHOUR': {
        const max = name === 'BYSECOND' ? 59 : name === 'BYMINUTE' ? 59 : 23
        const r = intList(name, value, 0, max, false)
        if (!r.ok) return r
        if (name === 'BYSECOND') options.bysecond = r.values
        else if (name === 'BYMINUTE') options.byminute = r.values
        else options.byhour = r.values
        break
      }
      case 'BYMONTHDAY': {
        const r = intList(name, value, 1, 31, true)
        if (!r.ok) return r
        options.bymonthday = r.values
        break
      }
      case 'BYYEARDAY': {
        const r = intList(name, value, 1, 366, true)
        if (!r.ok) return r
        options.byyearday = r.values
        break
      }
      case 'BYWEEKNO': {
        const r = intList(name, value, 1, 53, true)
        if (!r.ok) return r
        options.byweekno = r.values
        break
      }
      case 'BYMONTH': {
        const r = intList(name, value, 1, 12, false)
        if (!r.ok) return r
        options.bymonth = r.values
        break
      }
      case 'BYSETPOS': {
        const r = intList(name, value, 1, 366, true)
        if (!r.ok) return r
        options.bysetpos = r.values
        break
      }
      case 'WKST': {
        const i = WEEKDAYS.indexOf(value as (typeof WEEKDAYS)[number])
        if (i < 0) return { ok: false, message: `WKST must be one of ${WEEKDAYS.join(', ')}, got '${value}'` }
        options.wkst = i
        break
      }
      case 'BYDAY': {
        const days: WeekdayClass[] = []
        for (const d of value.split(',')) {
          const m = /^([+-]?)(\d{1,2})?(MO|TU|WE|TH|FR|SA|SU)$/.exec(d)
          if (!m) return { ok: false, message: `BYDAY value '${d}' is not a weekday such as MO, 2TU or -1FR` }
          const [, sign, num, wd] = m
          const weekday = WEEKDAYS.indexOf(wd as (typeof WEEKDAYS)[number])
          if (num === undefined) {
            if (sign) return { ok: false, message: `BYDAY value '${d}' has a sign without an ordinal` }
            days.push(new rrule.Weekday(weekday))
            continue
          }
          const n = Number(num)
          if (freq !== 'MONTHLY' && freq !== 'YEARLY') {
            return { ok: false, message: `BYDAY ordinals such as '${d}' are only allowed with FREQ=MONTHLY or FREQ=YEARLY` }
          }
          const max = freq === 'MONTHLY' ? 5 : 53
          if (n < 1 || n > max) return { ok: false, message: `BYDAY ordinal in '${d}' must be 1..${max}` }
          days.push(new rrule.Weekday(weekday, sign === '-' ? -n : n))
        }
        options.byweekday = days
        break
      }
      default:
        return { ok: false, message: `Unknown rule part '${name}'` }
    }
  }

  if (seen.has('UNTIL') && seen.has('COUNT')) return { ok: false, message: 'UNTIL and COUNT must not both be given' }
  if (seen.has('BYMONTHDAY') && freq === 'WEEKLY') return { ok: false, message: 'BYMONTHDAY is not allowed with FREQ=WEEKLY' }
  if (seen.has('BYYEARDAY') && (freq === 'DAILY' || freq === 'WEEKLY' || freq === 'MONTHLY')) {
    return { ok: false, message: `BYYEARDAY is not allowed with FREQ=${freq}` }
  }
  if (seen.has('BYWEEKNO') && freq !== 'YEARLY') return { ok: false, message: 'BYWEEKNO is only allowed with FREQ=YEARLY' }
  if (seen.has('BYSETPOS') && ![...seen.keys()].some((k) => k.startsWith('BY') && k !== 'BYSETPOS')) {
    return { ok: false, message: 'BYSETPOS needs another BYxxx rule part' }
  }

  const normalized = [...seen].map(([k, v]) => `${k}=${v}`).join(';')
  return { ok: true, rule: { text: normalized, freq, until, untilIsUtc, options } }
}

/** A Date holding local wall-clock components as if they were UTC. */
export function toFloating(dt: DateTime): Date {
  const d = new Date(0)
  d.setUTCFullYear(dt.year, dt.month - 1, dt.day)
  d.setUTCHours(dt.hour, dt.minute, dt.second, dt.millisecond)
  return d
}

/**
 * The real instant (epoch ms) of floating wall-clock components read in `zone`, the way RFC 5545
 * §3.3.5 reads a local DATE-TIME with a TZID: a local time that occurs twice (when daylight time
 * ends) is its first occurrence; a local time that does not exist (when daylight time starts) is
 * read with the UTC offset in force before the gap (02:30 → 03:30 daylight time).
 */
export function fromFloating(d: Date, zone: string): number {
  const floating = d.getTime()
  const tz = IANAZone.create(zone)
  if (!tz.isValid) return Number.NaN
  const before = tz.offset(floating - DAY_MS)
  const after = tz.offset(floating + DAY_MS)
  if (before === after && tz.offset(floating - before * 60_000) === before) return floating - before * 60_000
  const candidates: number[] = []
  for (const offset of new Set([before, after])) {
    const t = floating - offset * 60_000
    if (tz.offset(t) === offset) candidates.push(t)
  }
  if (candidates.length > 0) return Math.min(...candidates)
  // in a gap: the offset before it
  return floating - before * 60_000
}

/**
 * Expand a parsed rule in floating time from `dtstart`, returning occurrences in
 * [after, before] (inclusive), at most `max` of them, in ascending order.
 * `zone` is used to turn a `Z` UNTIL into floating time.
 */
export function expandFloating(rule: ParsedRecurrence, dtstart: Date, after: Date, before: Date, max: number, zone: string): Date[] {
  let until: Date | null = rule.until
  if (until && rule.untilIsUtc) until = toFloating(DateTime.fromMillis(until.getTime(), { zone }))
  const r = new rrule.RRule({ ...rule.options, dtstart, until })
  const out: Date[] = []
  if (max <= 0 || after.getTime() > before.getTime()) return out
  r.between(after, before, true, (d) => {
    if (out.length >= max) return false
    out.push(d)
    return out.length < max
  })
  return out
}
