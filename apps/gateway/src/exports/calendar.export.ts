import ical, { ICalCalendarMethod, ICalEventTransparency } from 'ical-generator'
import { DateTime } from 'luxon'
import { expandFreezeWindow, instantToMillis, isValidTimeZone, lastTierWindow, overlapsMillis, parseRRule } from '@railyard/release-rules'
import type { CalendarData, FreezeWindowData } from './export-data.ts'
import { programZone } from './export-time.ts'
import { vtimezoneComponent } from './vtimezone.ts'

/**
 * The program's release calendar as an RFC 5545 feed (subscribable from Outlook, Google
 * Calendar, Apple Calendar):
 * - every release cycle: an all-day event on its release date and one on its code-freeze date;
 * - every freeze window with an occurrence in the range: one event whose DTSTART/DTEND are
 *   local times with TZID = the window's time zone and whose RRULE is the window's recurrence,
 *   so a Friday 17:00 freeze stays 17:00 local across daylight-saving changes (a VTIMEZONE for
 *   every TZID is included);
 * - the production (last promotion-path tier) window of every release of an APPROVED plan,
 *   cancelled releases left out.
 * UIDs are stable across refreshes: cycle-<id>@railyard, codefreeze-<id>@railyard,
 * freeze-<id>@railyard, release-<id>-prod@railyard.
 */
export interface CalendarOptions {
  /** First and last day of the range ('YYYY-MM-DD', inclusive). */
  from: string
  to: string
  /** DTSTAMP of every event (an instant); pass the request time. */
  now: string
  /** The feed's own URL (URL property); leave the token out of it. */
  url?: string
}

export function formatCalendar(data: CalendarData, opts: CalendarOptions): string {
  const zone = programZone(data.strategy)
  const range = {
    start: DateTime.fromISO(opts.from, { zone }).startOf('day').toMillis(),
    end: DateTime.fromISO(opts.to, { zone }).plus({ days: 1 }).startOf('day').toMillis(),
  }
  const stamp = DateTime.fromISO(opts.now, { setZone: true }).toUTC()
  const years = { min: DateTime.fromMillis(range.start, { zone }).year - 1, max: Math.max(DateTime.fromMillis(range.end, { zone }).year, stamp.year) + 10 }
  const windows = (data.strategy?.freezeWindows ?? []).filter((w) => freezeInRange(w, range))
  for (const w of windows) years.min = Math.min(years.min, DateTime.fromISO(w.start, { zone: w.timeZone }).year - 1)

  const cal = ical({
    name: `${data.name} (${data.key}) releases`,
    description: `Release cycles, code freezes, freeze windows and production release windows of ${data.name}.`,
    prodId: { company: 'Railyard', product: 'Release calendar', language: 'EN' },
    method: ICalCalendarMethod.PUBLISH,
    ttl: 60 * 60,
    ...(opts.url ? { url: opts.url } : {}),
  })
  cal.timezone({ name: null, generator: (tz) => vtimezoneComponent(tz, years.min, years.max) })
  cal.x('X-WR-TIMEZONE', zone)

  const allDay = (date: string) => DateTime.fromISO(date, { zone: 'utc' })
  for (const c of data.cycles) {
    cal.createEvent({
      id: `cycle-${c.id}@railyard`,
      stamp,
      allDay: true,
      start: allDay(c.releaseDate),
      end: allDay(c.releaseDate).plus({ days: 1 }),
      summary: `${data.key} release: ${c.name}`,
      description: `Release train ${c.name} of ${data.name}. Code freeze: ${c.codeFreeze}.`,
      transparency: ICalEventTransparency.TRANSPARENT,
      categories: [{ name: 'Release cycle' }],
    })
    cal.createEvent({
      id: `codefreeze-${c.id}@railyard`,
      stamp,
      allDay: true,
      start: allDay(c.codeFreeze),
      end: allDay(c.codeFreeze).plus({ days: 1 }),
      summary: `${data.key} code freeze: ${c.name}`,
      description: `Code freeze for release train ${c.name} (release date ${c.releaseDate}).`,
      transparency: ICalEventTransparency.TRANSPARENT,
      categories: [{ name: 'Code freeze' }],
    })
  }

  for (const w of windows) {
    const tiers = w.tiers.length ? w.tiers.join(', ') : 'all tiers'
    const event = cal.createEvent({
      id: `freeze-${w.id}@railyard`,
      stamp,
      timezone: w.timeZone,
      start: DateTime.fromISO(w.start, { zone: w.timeZone }),
      end: DateTime.fromISO(w.end, { zone: w.timeZone }),
      summary: `Freeze: ${w.name} (${tiers})`,
      description: [w.reason, `No deployments to ${tiers} while this freeze is on.`].filter(Boolean).join('\n'),
      categories: [{ name: 'Freeze window' }],
    })
    const rule = w.recurrence?.trim() ? icsRecurrence(w.recurrence, w.timeZone) : null
    if (rule) event.repeating(rule)
  }

  const path = data.strategy?.promotionPath ?? []
  for (const plan of data.plans) {
    if (plan.status !== 'APPROVED') continue
    for (const r of plan.releases) {
      if (r.status === 'CANCELLED') continue
      const w = lastTierWindow(r.schedule, path) as (typeof r.schedule)[number] | null
      if (!w || !overlapsMillis(instantToMillis(w.start), instantToMillis(w.end), range.start, range.end)) continue
      cal.createEvent({
        id: `release-${r.id}-prod@railyard`,
        stamp,
        timezone: zone,
        start: DateTime.fromISO(w.start, { zone }),
        end: DateTime.fromISO(w.end, { zone }),
        summary: `${plan.agency.code} ${r.name} ${r.version} → ${w.tier}`,
        description: [
          `${plan.agency.name}: ${r.name} ${r.version} (${r.type}, ${r.status}) goes to ${w.tier}.`,
          `Plan: ${plan.title} (${plan.status}).`,
          w.environment ? `Environment: ${w.environment.key}.` : null,
        ]
          .filter(Boolean)
          .join('\n'),
        ...(w.environment ? { location: w.environment.key } : {}),
        categories: [{ name: 'Production release' }],
      })
    }
  }
  return cal.toString()
}

/** Does a freeze window have an occurrence overlapping [start, end) (epoch ms)? Invalid windows are left out. */
function freezeInRange(w: FreezeWindowData, range: { start: number; end: number }): boolean {
  try {
    if (!isValidTimeZone(w.timeZone)) return false
    if (w.recurrence?.trim() && !parseRRule(w.recurrence).ok) return false
    return expandFreezeWindow(w, { start: new Date(range.start).toISOString(), end: new Date(range.end).toISOString() }).length > 0
  } catch {
    return false
  }
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
      const local = DateTime.fromObject({ year: +m[1]!, month: +m[2]!, day: +m[3]!, hour: +(m[4] ?? 0), minute: +(m[5] ?? 0), second: +(m[6] ?? 0) }, { zone })
      return `UNTIL=${local.toUTC().toFormat("yyyyLLdd'T'HHmmss'Z'")}`
    })
  return `RRULE:${parts.join(';')}`
}
