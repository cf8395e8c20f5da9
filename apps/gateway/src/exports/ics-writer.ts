import { DateTime } from 'luxon'

/**
 * A small RFC 5545 writer: content lines (§3.1: CRLF, folded at 75 octets without splitting a
 * UTF-8 character), TEXT escaping (§3.3.11), DATE / DATE-TIME / DURATION values. The calendar
 * feed needs what generic generators do not offer (DURATION with nominal days, exact control of
 * every property), so it writes its components with this.
 */

/** TEXT value: backslash, semicolon and comma escaped, line breaks as \n. */
export function icsText(value: string): string {
  return value
    .replace(/\\/g, '\\\\')
    .replace(/;/g, '\\;')
    .replace(/,/g, '\\,')
    .replace(/\r\n|\r|\n/g, '\\n')
}

/** A parameter value, quoted when it holds a character that separates parameters. */
function paramValue(value: string): string {
  const clean = value.replace(/["\r\n]/g, '')
  return /[;:,]/.test(clean) ? `"${clean}"` : clean
}

/** Folds one content line at 75 octets (continuation lines start with a space). */
function fold(line: string): string {
  const encoder = new TextEncoder()
  const parts: string[] = []
  let current = ''
  let octets = 0
  for (const ch of line) {
    const size = encoder.encode(ch).length
    const limit = parts.length === 0 ? 75 : 74
    if (octets + size > limit) {
      parts.push(current)
      current = ''
      octets = 0
    }
    current += ch
    octets += size
  }
  parts.push(current)
  return parts.join('\r\n ')
}

/** One content line: NAME;PARAM=value…:VALUE (the value already formatted/escaped). */
export function property(name: string, value: string, params: Record<string, string> = {}): string {
  const p = Object.entries(params)
    .map(([k, v]) => `;${k}=${paramValue(v)}`)
    .join('')
  return fold(`${name}${p}:${value}`)
}

/** DATE-TIME in UTC: 20270313T010000Z. */
export function utcDateTime(ms: number): string {
  return DateTime.fromMillis(ms, { zone: 'utc' }).toFormat("yyyyLLdd'T'HHmmss'Z'")
}

/** DATE-TIME as local time in a zone (for a TZID parameter): 20270312T170000. */
export function localDateTime(ms: number, zone: string): string {
  return DateTime.fromMillis(ms, { zone }).toFormat("yyyyLLdd'T'HHmmss")
}

/** DATE from 'YYYY-MM-DD'. */
export function dateValue(date: string): string {
  return date.replace(/-/g, '')
}

/**
 * DURATION (§3.3.6) of whole days and an exact remainder: P2DT15H. The days are nominal (a day
 * is 23 or 25 hours across a daylight-saving change) and are added first; the rest is exact.
 */
export function durationValue(days: number, restMs: number): string {
  const seconds = Math.round(restMs / 1000)
  const h = Math.floor(seconds / 3600)
  const m = Math.floor((seconds % 3600) / 60)
  const s = seconds % 60
  const time = `${h ? `${h}H` : ''}${m ? `${m}M` : ''}${s ? `${s}S` : ''}`
  if (days === 0 && time === '') return 'PT0S'
  return `P${days ? `${days}D` : ''}${time ? `T${time}` : ''}`
}

/** A component: BEGIN/END around its lines. */
export function component(name: string, lines: string[]): string[] {
  return [`BEGIN:${name}`, ...lines, `END:${name}`]
}
