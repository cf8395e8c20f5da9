import { DateTime, IANAZone } from 'luxon'
import {
  freezeOccurrences,
  instantToMillis,
  isValidTimeZone,
  lastTierWindow,
  maxFreezeRangeEnd,
  overlapsMillis,
  parseRRule,
  recurrenceSynchronized,
} from '@railyard/release-rules'
import type { CalendarData, FreezeWindowData } from './export-data.ts'
import { programZone } from './export-time.ts'
import { resolveLocal } from './freeze-cron.ts'
import { component, dateValue, durationValue, icsText, localDateTime, property, utcDateTime } from './ics-writer.ts'
import { vtimezoneComponent } from './vtimezone.ts'

/**
 * The program's release calendar as an RFC 5545 feed (subscribable from Outlook, Google
 * Calendar, Apple Calendar). It means, to any RFC 5545-conformant reader, exactly the freeze
 * occurrences `freezeOccurrences` returns over its range:
 *
 * - every release cycle: an all-day event on its release date and one on its code-freeze date;
 * - a one-off freeze window: one event, DTSTART/DTEND in the window's time zone (TZID);
 * - a recurring freeze window: one event with DTSTART (TZID), its RRULE and a DURATION of nominal
 *   days plus an exact remainder — Friday 17:00 → Monday 08:00 is P2DT15H, so every reader gets
 *   08:00 local in daylight-saving weeks too (RFC 5545 §3.8.5.3: a DTEND would give every instance
 *   the same exact 63 hours). When even that is not exact (a daylight-saving change inside the
 *   exact remainder, e.g. a Saturday 22:00 → Sunday 06:00 freeze, or a start at a local time that
 *   occurs twice, or a first occurrence that is no instance of the rule), the window's
 *   occurrences in the range are written one by one instead;
 * - the production (last promotion-path tier) window of every release of an APPROVED plan,
 *   cancelled releases left out.
 *
 * A VTIMEZONE is included for every TZID. UIDs are stable across refreshes: cycle-<id>@railyard,
 * codefreeze-<id>@railyard, freeze-<id>@railyard (freeze-<id>-<start>@railyard when listed one by
 * one), release-<id>-prod@railyard.
 */
export interface CalendarOptions {
  /** First and last day of the range ('YYYY-MM-DD', inclusive, read in the program's time zone). */
  from: string
  to: string
  /** DTSTAMP of every event (an instant): the request's now. */
  now: string
  /** The feed's own URL (URL property); leave any secret out of it. */
  url?: string
}

const HOUR = 3_600_000
const DAY = 24 * HOUR
const YEAR = 366 * DAY

/** The feed's range as instants: local 00:00 of `from` to local 24:00 of `to`, in the program's zone. */
export function calendarRange(data: Pick<CalendarData, 'strategy'>, from: string, to: string): { start: number; end: number } {
  const zone = programZone(data.strategy)
  return {
    start: DateTime.fromISO(from, { zone }).startOf('day').toMillis(),
    end: DateTime.fromISO(to, { zone }).plus({ days: 1 }).startOf('day').toMillis(),
  }
}

export function formatCalendar(data: CalendarData, opts: CalendarOptions): string {
  const zone = programZone(data.strategy)
  const range = calendarRange(data, opts.from, opts.to)
  const stamp = utcDateTime(instantToMillis(opts.now))
  const windows = (data.strategy?.freezeWindows ?? []).filter((w) => freezeInRange(w, range))
  const zones = new Set<string>([zone])
  const events: string[][] = []
  const base = (uid: string) => [property('UID', icsText(uid)), 'SEQUENCE:0', property('DTSTAMP', stamp)]

  for (const c of data.cycles) {
    const next = (d: string) => DateTime.fromISO(d, { zone: 'utc' }).plus({ days: 1 }).toISODate() ?? d
    const allDay = (uid: string, date: string, summary: string, description: string, category: string) =>
      component('VEVENT', [
        ...base(uid),
        property('DTSTART', dateValue(date), { VALUE: 'DATE' }),
        property('DTEND', dateValue(next(date)), { VALUE: 'DATE' }),
        'X-MICROSOFT-CDO-ALLDAYEVENT:TRUE',
        property('SUMMARY', icsText(summary)),
        'TRANSP:TRANSPARENT',
        property('DESCRIPTION', icsText(description)),
        property('CATEGORIES', icsText(category)),
      ])
    events.push(
      allDay(
        `cycle-${c.id}@railyard`,
        c.releaseDate,
        `${data.key} release: ${c.name}`,
        `Release train ${c.name} of ${data.name}. Code freeze: ${c.codeFreeze}.`,
        'Release cycle',
      ),
      allDay(
        `codefreeze-${c.id}@railyard`,
        c.codeFreeze,
        `${data.key} code freeze: ${c.name}`,
        `Code freeze for release train ${c.name} (release date ${c.releaseDate}).`,
        'Code freeze',
      ),
    )
  }

  for (const w of windows) {
    zones.add(w.timeZone)
    events.push(...freezeEvents(w, range, base))
  }

  const path = data.strategy?.promotionPath ?? []
  for (const plan of data.plans) {
    if (plan.status !== 'APPROVED') continue
    for (const r of plan.releases) {
      if (r.status === 'CANCELLED') continue
      const w = lastTierWindow(r.schedule, path) as (typeof r.schedule)[number] | null
      if (!w || !overlapsMillis(instantToMillis(w.start), instantToMillis(w.end), range.start, range.end)) continue
      const description = [
        `${plan.agency.name}: ${r.name} ${r.version} (${r.type}, ${r.status}) goes to ${w.tier}.`,
        `Plan: ${plan.title} (${plan.status}).`,
        w.environment ? `Environment: ${w.environment.key}.` : null,
      ]
        .filter(Boolean)
        .join('\n')
      events.push(
        component('VEVENT', [
          ...base(`release-${r.id}-prod@railyard`),
          zonedProperty('DTSTART', instantToMillis(w.start), zone),
          zonedProperty('DTEND', instantToMillis(w.end), zone),
          property('SUMMARY', icsText(`${plan.agency.code} ${r.name} ${r.version} → ${w.tier}`)),
          ...(w.environment ? [property('LOCATION', icsText(w.environment.key))] : []),
          property('DESCRIPTION', icsText(description)),
          property('CATEGORIES', icsText('Production release')),
        ]),
      )
    }
  }

  const stampYear = DateTime.fromMillis(instantToMillis(opts.now), { zone: 'utc' }).year
  const years = { min: DateTime.fromMillis(range.start, { zone }).year - 1, max: Math.max(DateTime.fromMillis(range.end, { zone }).year, stampYear) + 10 }
  for (const w of windows) years.min = Math.min(years.min, DateTime.fromISO(w.start, { zone: w.timeZone }).year - 1)
  const timezones = [...zones].flatMap((z) => {
    const text = vtimezoneComponent(z, years.min, years.max)
    return text ? text.split('\r\n') : []
  })

  const calName = `${data.name} (${data.key}) releases`
  const description = `Release cycles, code freezes, freeze windows and production release windows of ${data.name}, from ${opts.from} to ${opts.to}. Freeze windows are exact for every RFC 5545 reader within that range.`
  const lines = component('VCALENDAR', [
    'VERSION:2.0',
    property('PRODID', '-//Railyard//Release calendar//EN'),
    'CALSCALE:GREGORIAN',
    'METHOD:PUBLISH',
    property('NAME', icsText(calName)),
    property('X-WR-CALNAME', icsText(calName)),
    property('DESCRIPTION', icsText(description)),
    property('X-WR-CALDESC', icsText(description)),
    ...(opts.url ? [property('URL', opts.url)] : []),
    property('X-WR-TIMEZONE', zone),
    'REFRESH-INTERVAL;VALUE=DURATION:PT1H',
    'X-PUBLISHED-TTL:PT1H',
    ...timezones,
    ...events.flat(),
  ])
  return `${lines.join('\r\n')}\r\n`
}

/**
 * A DATE-TIME property as local time with TZID — or in UTC when the local time is ambiguous there
 * (a reader would take its first occurrence) or does not exist.
 */
function zonedProperty(name: string, ms: number, zone: string): string {
  const dt = DateTime.fromMillis(ms, { zone })
  const floating = Date.UTC(dt.year, dt.month - 1, dt.day, dt.hour, dt.minute, dt.second, dt.millisecond)
  const r = resolveLocal(IANAZone.create(zone), floating)
  return r.unique && r.at === ms ? property(name, localDateTime(ms, zone), { TZID: zone }) : property(name, utcDateTime(ms))
}

/** Does a freeze window have an occurrence overlapping the range? Invalid windows are left out. */
function freezeInRange(w: FreezeWindowData, range: { start: number; end: number }): boolean {
  try {
    if (!isValidTimeZone(w.timeZone)) return false
    if (w.recurrence?.trim() && !parseRRule(w.recurrence).ok) return false
    return occurrencesBetween(w, range.start, range.end).length > 0
  } catch {
    return false
  }
}

/** freezeOccurrences of one window over any range (in steps of at most 5 years). */
function occurrencesBetween(w: FreezeWindowData, from: number, to: number): { start: number; end: number }[] {
  const out: { start: number; end: number }[] = []
  const seen = new Set<number>()
  for (let a = from; a < to;) {
    const b = Math.min(to, maxFreezeRangeEnd(a))
    for (const o of freezeOccurrences([w], new Date(a).toISOString(), new Date(b).toISOString())) {
      const start = Date.parse(o.start)
      if (!seen.has(start)) out.push({ start, end: Date.parse(o.end) })
      seen.add(start)
    }
    a = b
  }
  return out
}

function freezeEvents(w: FreezeWindowData, range: { start: number; end: number }, base: (uid: string) => string[]): string[][] {
  const tiers = w.tiers.length ? w.tiers.join(', ') : 'all tiers'
  const summary = property('SUMMARY', icsText(`Freeze: ${w.name} (${tiers})`))
  const what = [w.reason, `No deployments to ${tiers} while this freeze is on.`].filter(Boolean).join('\n')
  const start = instantToMillis(w.start)
  const end = instantToMillis(w.end)
  const at = (ms: number, name: string) => zonedProperty(name, ms, w.timeZone)
  const single = (uid: string, s: number, e: number, description: string) =>
    component('VEVENT', [
      ...base(uid),
      at(s, 'DTSTART'),
      at(e, 'DTEND'),
      summary,
      property('DESCRIPTION', icsText(description)),
      property('CATEGORIES', icsText('Freeze window')),
    ])

  if (!w.recurrence?.trim()) return [single(`freeze-${w.id}@railyard`, start, end, what)]

  const recurring = recurringForm(w, range)
  if (recurring) {
    return [
      component('VEVENT', [
        ...base(`freeze-${w.id}@railyard`),
        at(start, 'DTSTART'),
        property('DURATION', recurring.duration),
        recurring.rrule,
        summary,
        property('DESCRIPTION', icsText(what)),
        property('CATEGORIES', icsText('Freeze window')),
      ]),
    ]
  }
  const note = `${what}\nOne occurrence of a recurring freeze: listed one by one, because no single rule and duration says this freeze exactly across daylight-saving changes.`
  return occurrencesBetween(w, range.start, range.end).map((o) => single(`freeze-${w.id}-${utcDateTime(o.start)}@railyard`, o.start, o.end, note))
}

/**
 * DTSTART + RRULE + DURATION for a recurring window, when an RFC 5545 reader gets exactly its
 * occurrences from them — checked over the range and a year either side (daylight-saving changes
 * repeat yearly) — else null. The reader takes DTSTART's local time with its TZID (an ambiguous
 * time as its first occurrence), repeats it by the rule, and ends each instance by adding the
 * nominal days, then the exact remainder.
 */
function recurringForm(w: FreezeWindowData, range: { start: number; end: number }): { duration: string; rrule: string } | null {
  const start = instantToMillis(w.start)
  const end = instantToMillis(w.end)
  const local = (ms: number) => DateTime.fromMillis(ms, { zone: w.timeZone })
  const ls = local(start)
  const le = local(end)
  const floating = (dt: DateTime) => Date.UTC(dt.year, dt.month - 1, dt.day, dt.hour, dt.minute, dt.second, dt.millisecond)
  const wall = floating(le) - floating(ls)
  if (wall <= 0) return null
  // a first occurrence that is not an instance of the rule: RFC 5545 leaves the set undefined
  if (!recurrenceSynchronized(w)) return null
  const days = Math.floor(wall / DAY)
  const rest = wall - days * DAY
  const rfcEnd = (s: number) => local(s).plus({ days }).toMillis() + rest
  // DTSTART is written as local time: read back as RFC 5545 does, it must be the same instant
  if (ls.millisecond !== 0 || resolveLocal(IANAZone.create(w.timeZone), floating(ls)).at !== start) return null
  // every instance must end where RFC 5545 says, and start and end away from daylight-saving
  // changes: readers differ on local times a change skips or repeats (RFC 5545 takes the first of
  // a repeated time and the offset before a skipped one; ical.js, for one, does not)
  const tz = IANAZone.create(w.timeZone)
  const nearChange = (ms: number) => tz.offset(ms - 3 * HOUR) !== tz.offset(ms + 3 * HOUR)
  for (const o of occurrencesBetween(w, Math.max(start, range.start - YEAR), range.end + YEAR)) {
    if (rfcEnd(o.start) !== o.end || nearChange(o.start) || nearChange(o.end)) return null
  }
  return { duration: durationValue(days, rest), rrule: icsRecurrence(w.recurrence ?? '', w.timeZone) }
}

/**
 * The RRULE line for an event whose DTSTART carries a TZID: RFC 5545 wants UNTIL in UTC then,
 * so a floating or date-only UNTIL (read in the window's zone, as release-rules does) is
 * converted to its UTC instant.
 */
export function icsRecurrence(rule: string, zone: string): string {
  let text = rule.trim().toUpperCase()
  if (text.startsWith('RRULE:')) text = text.slice('RRULE:'.length)
  const parts = text
    .split(';')
    .filter(Boolean)
    .map((part) => {
      const [name, value = ''] = part.split('=')
      if (name !== 'UNTIL' || value.endsWith('Z')) return part
      const m = /^(\d{4})(\d{2})(\d{2})(?:T(\d{2})(\d{2})(\d{2}))?$/.exec(value)
      if (!m) return part
      const n = (i: number) => Number(m[i] ?? 0)
      const local = DateTime.fromObject({ year: n(1), month: n(2), day: n(3), hour: n(4), minute: n(5), second: n(6) }, { zone })
      return `UNTIL=${local.toUTC().toFormat("yyyyLLdd'T'HHmmss'Z'")}`
    })
  return `RRULE:${parts.join(';')}`
}
