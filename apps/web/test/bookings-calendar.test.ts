import { describe, expect, it } from 'vitest'
import {
  calendarMonth,
  dayIndexOf,
  daysInMonth,
  layoutBookings,
  monthOf,
  monthTitle,
  parseMonthParam,
  shiftMonth,
} from '../src/pages/environments/calendar-layout.ts'
import type { BookingSpan, CalendarMonth } from '../src/pages/environments/calendar-layout.ts'
import { defined } from './defined.ts'

const NY = 'America/New_York'
const b = (id: string, start: string, end: string): BookingSpan => ({ id, start, end })
const bars = (list: BookingSpan[], cal: CalendarMonth) =>
  Object.fromEntries(layoutBookings(list, cal).bars.map((x) => [x.booking.id, [x.startDay, x.endDay, x.lane, x.clippedStart, x.clippedEnd]]))

describe('month in the URL', () => {
  it('parses YYYY-MM and rejects anything else', () => {
    expect(parseMonthParam('2026-12')).toBe('2026-12')
    expect(parseMonthParam(' 2027-03 ')).toBe('2027-03')
    for (const bad of [null, undefined, '', '2026-13', '2026-00', '2026-1', '26-12', '2026-12-01', 'december', '0000-05'])
      expect(parseMonthParam(bad)).toBeNull()
  })

  it('steps months across year boundaries', () => {
    expect(shiftMonth('2026-12', 1)).toBe('2027-01')
    expect(shiftMonth('2027-01', -1)).toBe('2026-12')
    expect(shiftMonth('2026-05', 14)).toBe('2027-07')
    expect(shiftMonth('2026-05', -17)).toBe('2024-12')
    expect(shiftMonth('2026-05', 0)).toBe('2026-05')
    expect(() => shiftMonth('2026-5', 1)).toThrow(RangeError)
    expect(monthOf('2026-12-24')).toBe('2026-12')
  })

  it('titles the month in English', () => {
    expect(monthTitle('2026-12')).toBe('December 2026')
    expect(monthTitle('2027-01')).toBe('January 2027')
  })
})

describe('days of a month', () => {
  it('counts 28–31 days, leap years included', () => {
    expect(daysInMonth('2026-12')).toBe(31)
    expect(daysInMonth('2026-11')).toBe(30)
    expect(daysInMonth('2027-02')).toBe(28)
    expect(daysInMonth('2028-02')).toBe(29)
    expect(daysInMonth('2100-02')).toBe(28)
    expect(daysInMonth('2000-02')).toBe(29)
    expect(calendarMonth('2028-02', 'UTC').days).toHaveLength(29)
  })

  it('a month starting DST (New York, 14 March 2027) keeps one column per day, with a 23-hour day', () => {
    const cal = calendarMonth('2027-03', NY)
    expect(cal.days).toHaveLength(31)
    expect(cal.title).toBe('March 2027')
    // local midnight: EST (-05:00) before the change, EDT (-04:00) after
    expect(cal.from).toBe('2027-03-01T05:00:00.000Z')
    expect(cal.to).toBe('2027-04-01T04:00:00.000Z')
    expect(cal.days.map((d) => d.hours).filter((h) => h !== 24)).toEqual([23])
    const change = defined(cal.days[13])
    expect(change).toMatchObject({ date: '2027-03-14', day: 14, weekday: 0, hours: 23, start: '2027-03-14T05:00:00.000Z', end: '2027-03-15T04:00:00.000Z' })
    // the days tile the month without gaps
    for (let i = 1; i < cal.days.length; i++) expect(cal.days[i]?.start).toBe(defined(cal.days[i - 1]).end)
    expect(cal.days.map((d) => d.day)).toEqual(Array.from({ length: 31 }, (_, i) => i + 1))
  })

  it('a month ending DST (New York, 1 November 2026) has a 25-hour first day', () => {
    const cal = calendarMonth('2026-11', NY)
    expect(cal.days).toHaveLength(30)
    expect(cal.days[0]).toMatchObject({ date: '2026-11-01', weekday: 0, hours: 25, start: '2026-11-01T04:00:00.000Z', end: '2026-11-02T05:00:00.000Z' })
    expect(cal.days.slice(1).every((d) => d.hours === 24)).toBe(true)
    expect(cal.from).toBe('2026-11-01T04:00:00.000Z')
    expect(cal.to).toBe('2026-12-01T05:00:00.000Z')
  })

  it('a southern-hemisphere zone changes in other months (Sydney, April and October 2027)', () => {
    expect(
      calendarMonth('2027-04', 'Australia/Sydney')
        .days.filter((d) => d.hours !== 24)
        .map((d) => [d.date, d.hours]),
    ).toEqual([['2027-04-04', 25]])
    expect(
      calendarMonth('2027-10', 'Australia/Sydney')
        .days.filter((d) => d.hours !== 24)
        .map((d) => [d.date, d.hours]),
    ).toEqual([['2027-10-03', 23]])
    expect(calendarMonth('2027-01', 'Australia/Sydney').days.every((d) => d.hours === 24)).toBe(true)
  })

  it('weekdays and the index of a date', () => {
    const cal = calendarMonth('2026-12', 'UTC')
    expect(cal.days[0]?.weekday).toBe(2) // Tue 1 Dec 2026
    expect(cal.days[24]?.weekday).toBe(5) // Fri 25 Dec 2026
    expect(dayIndexOf(cal, '2026-12-25')).toBe(24)
    expect(dayIndexOf(cal, '2027-01-01')).toBe(-1)
  })
})

describe('bars of bookings', () => {
  const dec = calendarMonth('2026-12', NY) // 2026-12-01T05:00Z … 2027-01-01T05:00Z

  it('spans the local days a booking touches; the end is exclusive', () => {
    expect(
      bars(
        [
          b('a', '2026-12-03T14:00:00Z', '2026-12-05T22:00:00Z'), // Dec 3 09:00 → Dec 5 17:00 local
          b('b', '2026-12-10T05:00:00Z', '2026-12-12T05:00:00Z'), // local midnight → midnight: Dec 10–11 only
          b('c', '2026-12-15T04:30:00Z', '2026-12-15T06:00:00Z'), // Dec 14 23:30 → Dec 15 01:00 local
        ],
        dec,
      ),
    ).toEqual({
      a: [2, 4, 0, false, false],
      b: [9, 10, 0, false, false],
      c: [13, 14, 0, false, false],
    })
  })

  it('uses the zone’s local days, not UTC days', () => {
    // 2026-12-20T03:00Z is Dec 19 22:00 in New York but already Dec 20 in UTC
    const one = [b('x', '2026-12-20T03:00:00Z', '2026-12-20T04:00:00Z')]
    expect(bars(one, dec).x).toEqual([18, 18, 0, false, false])
    expect(bars(one, calendarMonth('2026-12', 'UTC')).x).toEqual([19, 19, 0, false, false])
  })

  it('clips bookings to the month and drops those outside it', () => {
    expect(
      bars(
        [
          b('before', '2026-11-20T15:00:00Z', '2026-12-02T15:00:00Z'),
          b('after', '2026-12-30T15:00:00Z', '2027-01-04T15:00:00Z'),
          b('around', '2026-11-01T00:00:00Z', '2027-02-01T00:00:00Z'),
          b('outside', '2026-11-02T00:00:00Z', '2026-11-03T00:00:00Z'),
          b('ends-at-start', '2026-11-30T05:00:00Z', '2026-12-01T05:00:00Z'), // ends at the month's first local midnight
          b('starts-at-end', '2027-01-01T05:00:00Z', '2027-01-02T05:00:00Z'),
          b('empty', '2026-12-08T10:00:00Z', '2026-12-08T10:00:00Z'),
        ],
        dec,
      ),
    ).toEqual({
      around: [0, 30, 0, true, true],
      before: [0, 1, 1, true, false],
      after: [29, 30, 1, false, true],
    })
  })

  it('clips to the days of a DST month (New York, March 2027)', () => {
    const mar = calendarMonth('2027-03', NY)
    // Mar 13 22:00 EST → Mar 15 08:00 EDT, across the 23-hour day
    expect(bars([b('d', '2027-03-14T03:00:00Z', '2027-03-15T12:00:00Z')], mar).d).toEqual([12, 14, 0, false, false])
    // ends exactly at local midnight after the change (04:00Z = 00:00 EDT on Mar 16)
    expect(bars([b('e', '2027-03-14T06:00:00Z', '2027-03-16T04:00:00Z')], mar).e).toEqual([13, 14, 0, false, false])
    // a booking to the end of time is clipped to Mar 31
    expect(bars([b('f', '2027-03-31T12:00:00Z', '2027-04-10T12:00:00Z')], mar).f).toEqual([30, 30, 0, false, true])
  })

  it('stacks bookings that share a day, reusing freed lanes', () => {
    const layout = layoutBookings(
      [
        b('late', '2026-12-08T14:00:00Z', '2026-12-09T14:00:00Z'), // Dec 8–9
        b('first', '2026-12-01T14:00:00Z', '2026-12-10T14:00:00Z'), // Dec 1–10
        b('second', '2026-12-03T14:00:00Z', '2026-12-04T14:00:00Z'), // Dec 3–4, overlaps first
        b('same-day', '2026-12-04T18:00:00Z', '2026-12-05T14:00:00Z'), // Dec 4–5: shares Dec 4 with second (not an instant)
        b('free', '2026-12-11T14:00:00Z', '2026-12-12T14:00:00Z'), // after all of them: lane 0 again
      ],
      dec,
    )
    const lane = Object.fromEntries(layout.bars.map((x) => [x.booking.id, x.lane]))
    expect(lane).toEqual({ first: 0, second: 1, 'same-day': 2, late: 1, free: 0 })
    expect(layout.lanes).toBe(3)
    // bars come out earliest first
    expect(layout.bars.map((x) => x.booking.id)).toEqual(['first', 'second', 'same-day', 'late', 'free'])
    // no two bars of one lane share a day
    for (const a of layout.bars)
      for (const c of layout.bars) if (a !== c && a.lane === c.lane) expect(a.endDay < c.startDay || c.endDay < a.startDay).toBe(true)
  })

  it('back-to-back bookings on different days share a lane; an empty row keeps one lane', () => {
    const layout = layoutBookings([b('one', '2026-12-01T14:00:00Z', '2026-12-03T05:00:00Z'), b('two', '2026-12-03T05:00:00Z', '2026-12-04T14:00:00Z')], dec)
    expect(layout.bars.map((x) => [x.booking.id, x.startDay, x.endDay, x.lane])).toEqual([
      ['one', 0, 1, 0],
      ['two', 2, 3, 0],
    ])
    expect(layout.lanes).toBe(1)
    expect(layoutBookings([], dec)).toEqual({ bars: [], lanes: 1 })
  })

  it('keeps the caller’s booking objects on the bars', () => {
    const booking = { id: 'k', start: '2026-12-02T14:00:00Z', end: '2026-12-02T18:00:00Z', purpose: 'UAT', release: { id: 'r1' } }
    const [bar] = layoutBookings([booking], dec).bars
    expect(bar?.booking).toBe(booking)
  })
})
