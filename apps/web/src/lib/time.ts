/**
 * Formatting and wall-clock conversion of instants in a named IANA time zone (Intl only, no
 * extra dependency). Domain time rules (cycles, freezes, local days) come from
 * @railyard/release-rules; this is presentation.
 */

const formatters = new Map<string, Intl.DateTimeFormat>()

function formatter(timeZone: string, options: Intl.DateTimeFormatOptions, key: string): Intl.DateTimeFormat {
  const k = `${timeZone}|${key}`
  let f = formatters.get(k)
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', { timeZone, ...options })
    formatters.set(k, f)
  }
  return f
}

export function browserTimeZone(): string {
  try {
    return Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC'
  } catch {
    return 'UTC'
  }
}

export function isValidZone(timeZone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone })
    return true
  } catch {
    return false
  }
}

/**
 * 'Mar 9, 2027, 10:00 AM PST' — an instant in the zone, labelled with the zone's abbreviation
 * (the one way the web client shows a time; see lib/display-zone.ts for which zone).
 */
export function formatInstant(iso: string | number, timeZone: string): string {
  const d = new Date(iso)
  if (Number.isNaN(d.getTime())) return String(iso)
  return `${formatter(timeZone, { dateStyle: 'medium', timeStyle: 'short' }, 'dt').format(d)} ${zoneAbbreviation(d.getTime(), timeZone)}`
}

/** The zone's short name at instant `ms`: 'PST', 'PDT', 'UTC', or 'GMT+1' where English has none. */
export function zoneAbbreviation(ms: number, timeZone: string): string {
  const parts = formatter(timeZone, { timeZoneName: 'short' }, 'tzname').formatToParts(new Date(ms))
  return parts.find((p) => p.type === 'timeZoneName')?.value ?? timeZone
}

/** 'Mar 9' in the zone. */
export function formatDay(iso: string | number, timeZone: string): string {
  const d = new Date(iso)
  if (Number.isNaN(d.getTime())) return String(iso)
  return formatter(timeZone, { month: 'short', day: 'numeric' }, 'md').format(d)
}

/** A calendar date 'YYYY-MM-DD' as 'Mar 9, 2027' (no zone: it is a date, not an instant). */
export function formatDate(ymd: string): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(ymd)
  if (!m) return ymd
  return formatter('UTC', { dateStyle: 'medium' }, 'date').format(new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]))))
}

interface WallClock {
  year: number
  month: number
  day: number
  hour: number
  minute: number
  second: number
}

function wallClock(ms: number, timeZone: string): WallClock {
  const parts = formatter(
    timeZone,
    { hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit' },
    'wall',
  ).formatToParts(new Date(ms))
  const get = (t: string) => Number(parts.find((p) => p.type === t)?.value ?? 0)
  return { year: get('year'), month: get('month'), day: get('day'), hour: get('hour') % 24, minute: get('minute'), second: get('second') }
}

/** Offset of the zone from UTC at instant `ms`, in milliseconds (e.g. -7 h for PDT). */
export function zoneOffsetMs(ms: number, timeZone: string): number {
  const w = wallClock(ms, timeZone)
  const asUtc = Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute, w.second)
  return asUtc - Math.floor(ms / 1000) * 1000
}

const pad = (n: number, w = 2) => String(n).padStart(w, '0')

/** An instant as the value of <input type="datetime-local"> in the zone: 'YYYY-MM-DDTHH:mm'. */
export function toLocalInput(iso: string | null | undefined, timeZone: string): string {
  if (!iso) return ''
  const ms = Date.parse(iso)
  if (Number.isNaN(ms)) return ''
  const w = wallClock(ms, timeZone)
  return `${pad(w.year, 4)}-${pad(w.month)}-${pad(w.day)}T${pad(w.hour)}:${pad(w.minute)}`
}

/**
 * The instant of a wall-clock reading 'YYYY-MM-DDTHH:mm' in the zone, as ISO UTC; '' for an
 * empty or malformed value. A time skipped by a DST change moves forward (like luxon).
 */
export function fromLocalInput(value: string, timeZone: string): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2}))?$/.exec(value)
  if (!m) return ''
  const guess = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]), Number(m[4]), Number(m[5]), +(m[6] ?? 0))
  // two passes settle the offset across a DST change
  let ms = guess - zoneOffsetMs(guess, timeZone)
  const second = guess - zoneOffsetMs(ms, timeZone)
  if (second !== ms) {
    const w = wallClock(second, timeZone)
    const back = Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute, w.second)
    ms = back === guess ? second : Math.max(ms, second)
  }
  return new Date(ms).toISOString()
}

/** Today's date 'YYYY-MM-DD' in the zone. */
export function todayIn(timeZone: string, now: number = Date.now()): string {
  const w = wallClock(now, timeZone)
  return `${pad(w.year, 4)}-${pad(w.month)}-${pad(w.day)}`
}
