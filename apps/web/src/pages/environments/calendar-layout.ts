/**
 * Pure view logic of the bookings calendar on the Environments page: the month in the URL
 * (`month=YYYY-MM`), its local days in the program's time zone (23/25-hour days around DST
 * changes are still one column each), and the bars of an environment's bookings — day indices
 * clipped to the month and stacked in lanes when they share a day. No React here.
 *
 * Local days come from @railyard/release-rules (localDayInterval, localDateOf).
 */
import { localDateOf, localDayInterval } from '@railyard/release-rules'

const MONTH_RE = /^(\d{4})-(0[1-9]|1[0-2])$/
const pad = (n: number, w = 2) => String(n).padStart(w, '0')

/** 'YYYY-MM' of a valid `month` query value, else null. */
export function parseMonthParam(value: string | null | undefined): string | null {
  if (!value) return null
  const m = MONTH_RE.exec(value.trim())
  return m && Number(m[1]) >= 1 ? `${m[1]}-${m[2]}` : null
}

/** The month `delta` months after 'YYYY-MM' (negative: before). */
export function shiftMonth(month: string, delta: number): string {
  const m = MONTH_RE.exec(month)
  if (!m) throw new RangeError(`Not a 'YYYY-MM' month: ${month}`)
  const index = Number(m[1]) * 12 + (Number(m[2]) - 1) + delta
  return `${pad(Math.floor(index / 12), 4)}-${pad((index % 12) + 1)}`
}

/** Number of calendar days of 'YYYY-MM' (28–31). */
export function daysInMonth(month: string): number {
  const m = MONTH_RE.exec(month)
  if (!m) throw new RangeError(`Not a 'YYYY-MM' month: ${month}`)
  return new Date(Date.UTC(Number(m[1]), Number(m[2]), 0)).getUTCDate()
}

/** 'December 2026' (a calendar month: no time zone involved). */
export function monthTitle(month: string): string {
  const m = MONTH_RE.exec(month)
  if (!m) return month
  return new Intl.DateTimeFormat('en-US', { month: 'long', year: 'numeric', timeZone: 'UTC' }).format(new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, 1)))
}

export interface CalendarDay {
  /** 'YYYY-MM-DD' */
  date: string
  /** 1 … 31 */
  day: number
  /** 0 = Sunday … 6 = Saturday */
  weekday: number
  /** local 00:00 of the day and of the next day, as ISO instants */
  start: string
  end: string
  /** length of the local day in hours (23 or 25 across a DST change) */
  hours: number
}

export interface CalendarMonth {
  /** 'YYYY-MM' */
  month: string
  title: string
  timeZone: string
  days: CalendarDay[]
  /** local 00:00 of the first day → local 00:00 of the first day of the next month (half-open) */
  from: string
  to: string
}

/** The local days of `month` in `timeZone` and its half-open range of instants. */
export function calendarMonth(month: string, timeZone: string): CalendarMonth {
  const n = daysInMonth(month)
  const days: CalendarDay[] = []
  for (let i = 0; i < n; i++) {
    const date = `${month}-${pad(i + 1)}`
    const { start, end } = localDayInterval(date, timeZone)
    days.push({
      date,
      day: i + 1,
      weekday: new Date(`${date}T00:00:00Z`).getUTCDay(),
      start,
      end,
      hours: (Date.parse(end) - Date.parse(start)) / 3_600_000,
    })
  }
  const [first, last] = [days.at(0), days.at(-1)]
  if (!first || !last) throw new RangeError(`no days in month ${month}`)
  return { month, title: monthTitle(month), timeZone, days, from: first.start, to: last.end }
}

export interface BookingSpan {
  id: string
  start: string
  end: string
}

export interface CalendarBar<B extends BookingSpan> {
  booking: B
  /** first and last day index (0-based, inclusive) the booking occupies in the month */
  startDay: number
  endDay: number
  /** the booking starts before / ends after the month */
  clippedStart: boolean
  clippedEnd: boolean
  /** 0-based lane (row within the environment) */
  lane: number
}

export interface CalendarRowLayout<B extends BookingSpan> {
  bars: CalendarBar<B>[]
  /** number of lanes (at least 1, so an empty row keeps its height) */
  lanes: number
}

/**
 * Bars of one environment's bookings in the month: bookings not overlapping the month are
 * dropped; the others span the local days they touch (end is exclusive: a booking ending at
 * local midnight does not occupy the next day), clipped to the month. Bars that share a day are
 * stacked greedily (earliest start first, each in the first lane free on its first day), so two
 * bookings never draw over each other — also when they only share a day, not an instant.
 */
export function layoutBookings<B extends BookingSpan>(bookings: readonly B[], cal: CalendarMonth): CalendarRowLayout<B> {
  const from = Date.parse(cal.from)
  const to = Date.parse(cal.to)
  const first = cal.days[0]?.date ?? cal.month
  const dayIndex = (ms: number) =>
    Math.round((Date.parse(`${localDateOf(new Date(ms).toISOString(), cal.timeZone)}T00:00:00Z`) - Date.parse(`${first}T00:00:00Z`)) / 86_400_000)
  const placed: Omit<CalendarBar<B>, 'lane'>[] = []
  for (const b of bookings) {
    const s = Date.parse(b.start)
    const e = Date.parse(b.end)
    if (!(s < e) || !(s < to && e > from)) continue
    const cs = Math.max(s, from)
    const ce = Math.min(e, to)
    placed.push({
      booking: b,
      startDay: dayIndex(cs),
      endDay: Math.max(dayIndex(cs), dayIndex(ce - 1)),
      clippedStart: s < from,
      clippedEnd: e > to,
    })
  }
  placed.sort(
    (a, b) =>
      Date.parse(a.booking.start) - Date.parse(b.booking.start) ||
      Date.parse(a.booking.end) - Date.parse(b.booking.end) ||
      (a.booking.id < b.booking.id ? -1 : 1),
  )
  const laneEnds: number[] = [] // last day index occupied in each lane
  const bars = placed.map((p) => {
    let lane = laneEnds.findIndex((end) => end < p.startDay)
    if (lane < 0) lane = laneEnds.length
    laneEnds[lane] = p.endDay
    return { ...p, lane }
  })
  return { bars, lanes: Math.max(1, laneEnds.length) }
}

/** Index of `date` ('YYYY-MM-DD') in the month, or -1 (e.g. to mark today). */
export function dayIndexOf(cal: CalendarMonth, date: string): number {
  return cal.days.findIndex((d) => d.date === date)
}

/** The month 'YYYY-MM' of a date 'YYYY-MM-DD'. */
export function monthOf(date: string): string {
  return date.slice(0, 7)
}
