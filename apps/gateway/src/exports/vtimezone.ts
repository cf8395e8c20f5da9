import { DateTime, IANAZone } from 'luxon'

/**
 * RFC 5545 VTIMEZONE components generated from the runtime's IANA time zone data (luxon/Intl),
 * so every TZID the calendar feed uses has its definition in the feed (RFC 5545 §3.6.5) and
 * strict parsers (ical.js, Outlook) resolve local times correctly across daylight-saving changes.
 *
 * Offset changes are found by scanning [fromYear, toYear]. When the latest changes of a kind
 * (to daylight / to standard time) follow one yearly rule ("second Sunday of March at 02:00"),
 * that run is written as one observance with an RRULE (so it continues past `toYear`); every
 * other change is written as its own observance.
 */

interface Transition {
  /** First instant (epoch ms) of the new offset. */
  at: number
  /** Offsets in minutes east of UTC. */
  from: number
  to: number
  daylight: boolean
  name: string
  /** Local wall-clock time of the change, read in the old offset (floating, as UTC). */
  local: DateTime
  /** Yearly-rule key: kind, offsets, month, nth weekday, time of day. */
  key: string
  byDay: string
}

const DAY_MS = 86_400_000
const WEEKDAYS = ['MO', 'TU', 'WE', 'TH', 'FR', 'SA', 'SU'] as const

const cache = new Map<string, string | null>()
const CACHE_MAX = 200

/** VTIMEZONE text (CRLF line ends, no trailing CRLF), or null for an unknown zone. Memoized. */
export function vtimezoneComponent(zone: string, fromYear: number, toYear: number): string | null {
  const cacheKey = `${zone}|${fromYear}|${toYear}`
  if (cache.has(cacheKey)) return cache.get(cacheKey)!
  const text = buildVtimezone(zone, fromYear, toYear)
  if (cache.size >= CACHE_MAX) cache.delete(cache.keys().next().value!)
  cache.set(cacheKey, text)
  return text
}

function buildVtimezone(zone: string, fromYear: number, toYear: number): string | null {
  if (!IANAZone.isValidZone(zone)) return null
  const tz = IANAZone.create(zone)
  const start = Date.UTC(fromYear, 0, 1)
  const end = Date.UTC(toYear + 1, 0, 1)
  const transitions: Transition[] = []
  let prevOffset = tz.offset(start)
  for (let t = start + DAY_MS; t <= end; t += DAY_MS) {
    const offset = tz.offset(t)
    if (offset === prevOffset) continue
    // binary search the first minute of the new offset in (t - 1 day, t]
    let lo = t - DAY_MS
    let hi = t
    while (hi - lo > 60_000) {
      const mid = lo + Math.floor((hi - lo) / 120_000) * 60_000
      if (tz.offset(mid) === prevOffset) lo = mid
      else hi = mid
    }
    transitions.push(transition(zone, hi, prevOffset, offset))
    prevOffset = offset
  }

  const lines = ['BEGIN:VTIMEZONE', `TZID:${zone}`]
  if (transitions.length === 0) {
    const offset = tz.offset(start)
    lines.push(
      'BEGIN:STANDARD',
      'DTSTART:19700101T000000',
      `TZOFFSETFROM:${formatOffset(offset)}`,
      `TZOFFSETTO:${formatOffset(offset)}`,
      `TZNAME:${tzName(zone, start)}`,
      'END:STANDARD',
    )
  } else {
    const tails = new Map<boolean, Transition[]>()
    for (const daylight of [true, false]) {
      const ofKind = transitions.filter((x) => x.daylight === daylight)
      const tail = yearlyTail(ofKind, toYear)
      if (tail) tails.set(daylight, tail)
    }
    // A rule only when both kinds follow one (a zone that still switches twice a year).
    const useRules = tails.size === 2
    const inRule = new Set<Transition>(useRules ? [...tails.values()].flat() : [])
    for (const x of transitions) {
      if (inRule.has(x)) continue
      lines.push(...observance(x))
    }
    if (useRules) {
      for (const tail of tails.values()) {
        const first = tail[0]
        if (!first) continue
        lines.push(...observance(first, `FREQ=YEARLY;BYMONTH=${first.local.month};BYDAY=${first.byDay}`))
      }
    }
  }
  lines.push('END:VTIMEZONE')
  return lines.join('\r\n')
}

function transition(zone: string, at: number, from: number, to: number): Transition {
  const local = DateTime.fromMillis(at + from * 60_000, { zone: 'utc' })
  const daysInMonth = local.daysInMonth ?? 31
  const nth = local.day + 7 > daysInMonth ? -1 : Math.ceil(local.day / 7)
  const byDay = `${nth}${WEEKDAYS[local.weekday - 1]}`
  const dt = DateTime.fromMillis(at, { zone })
  const daylight = dt.isInDST
  return {
    at,
    from,
    to,
    daylight,
    name: tzName(zone, at),
    local,
    byDay,
    key: `${daylight}|${from}|${to}|${local.month}|${byDay}|${local.toFormat('HHmmss')}`,
  }
}

/** The latest run of yearly changes following one rule, reaching `toYear`; null when there is none. */
function yearlyTail(ofKind: Transition[], toYear: number): Transition[] | null {
  const last = ofKind.at(-1)
  if (!last || last.local.year < toYear) return null
  let i = ofKind.length - 1
  const continues = (prev: Transition | undefined, next: Transition | undefined) =>
    prev !== undefined && next !== undefined && prev.key === last.key && prev.local.year === next.local.year - 1
  while (i > 0 && continues(ofKind[i - 1], ofKind[i])) i--
  const tail = ofKind.slice(i)
  return tail.length >= 2 ? tail : null
}

function observance(x: Transition, rrule?: string): string[] {
  const kind = x.daylight ? 'DAYLIGHT' : 'STANDARD'
  return [
    `BEGIN:${kind}`,
    `DTSTART:${x.local.toFormat("yyyyLLdd'T'HHmmss")}`,
    ...(rrule ? [`RRULE:${rrule}`] : []),
    `TZOFFSETFROM:${formatOffset(x.from)}`,
    `TZOFFSETTO:${formatOffset(x.to)}`,
    `TZNAME:${x.name}`,
    `END:${kind}`,
  ]
}

function formatOffset(minutes: number): string {
  const sign = minutes < 0 ? '-' : '+'
  const abs = Math.abs(minutes)
  return `${sign}${String(Math.floor(abs / 60)).padStart(2, '0')}${String(abs % 60).padStart(2, '0')}`
}

function tzName(zone: string, at: number): string {
  const name = DateTime.fromMillis(at, { zone }).setLocale('en-US').offsetNameShort
  return (name ?? zone).replace(/[;,:\\"]/g, '')
}
