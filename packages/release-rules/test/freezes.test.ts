import fc from 'fast-check'
import { DateTime } from 'luxon'
import { describe, expect, it } from 'vitest'
import {
  MAX_FREEZE_RANGE_YEARS,
  expandFreezeWindow,
  freezeAppliesToTier,
  freezeOccurrences,
  freezeOccurrencesFor,
  freezeRangeProblem,
  freezesCovering,
  frozenAt,
  recurrenceSynchronized,
} from '../src/index.ts'
import type { FreezeWindowSpec } from '../src/index.ts'
import { LA, defined, inZone, local, weekendFreeze, yearEndFreeze } from './fixtures.ts'

const YEAR_2027 = { start: '2027-01-01T00:00:00.000Z', end: '2028-01-01T00:00:00.000Z' }
const HOUR = 3600_000
const durationH = (o: { start: string; end: string }) => (Date.parse(o.end) - Date.parse(o.start)) / HOUR

describe('weekly Friday 17:00 → Monday 08:00 America/Los_Angeles freeze across both 2027 DST transitions', () => {
  const occ = expandFreezeWindow(weekendFreeze, YEAR_2027)

  it('the first occurrence is the window as given', () => {
    expect(weekendFreeze.start).toBe(local('2027-01-08T17:00'))
    expect(occ[0]).toEqual({ windowId: 'fw-weekend', name: 'Weekend freeze', start: '2027-01-09T01:00:00.000Z', end: '2027-01-11T16:00:00.000Z' })
  })

  it('has one occurrence per week of 2027 from 8 January (the one starting Friday 31 December 17:00 local is after the range)', () => {
    // Fridays of 2027 from Jan 8 through Dec 24 = 51
    expect(occ).toHaveLength(51)
    expect(occ.at(-1)?.start).toBe(local('2027-12-24T17:00'))
  })

  it('every occurrence starts at 17:00 local on a Friday and ends at 08:00 local on the following Monday', () => {
    for (const o of occ) {
      const s = inZone(o.start)
      const e = inZone(o.end)
      expect([s.weekday, s.hour, s.minute, s.second]).toEqual([5, 17, 0, 0])
      expect([e.weekday, e.hour, e.minute, e.second]).toEqual([1, 8, 0, 0])
      expect(e.diff(s, 'days').days).toBeLessThan(3)
    }
  })

  it('UTC offsets and UTC durations change across the transitions', () => {
    const byLocalFriday = new Map(occ.map((o) => [inZone(o.start).toISODate(), o]))
    const before = defined(byLocalFriday.get('2027-03-05'))
    const spring = defined(byLocalFriday.get('2027-03-12')) // DST starts Sunday 2027-03-14
    const summer = defined(byLocalFriday.get('2027-03-19'))
    const fall = defined(byLocalFriday.get('2027-11-05')) // DST ends Sunday 2027-11-07
    const winter = defined(byLocalFriday.get('2027-11-12'))
    expect(before).toMatchObject({ start: '2027-03-06T01:00:00.000Z', end: '2027-03-08T16:00:00.000Z' })
    expect(spring).toMatchObject({ start: '2027-03-13T01:00:00.000Z', end: '2027-03-15T15:00:00.000Z' })
    expect(summer).toMatchObject({ start: '2027-03-20T00:00:00.000Z', end: '2027-03-22T15:00:00.000Z' })
    expect(fall).toMatchObject({ start: '2027-11-06T00:00:00.000Z', end: '2027-11-08T16:00:00.000Z' })
    expect(winter).toMatchObject({ start: '2027-11-13T01:00:00.000Z', end: '2027-11-15T16:00:00.000Z' })
    expect([before, spring, summer, fall, winter].map(durationH)).toEqual([63, 62, 63, 64, 63])
    expect(inZone(before.start).offset).toBe(-480)
    expect(inZone(summer.start).offset).toBe(-420)
    expect(inZone(winter.start).offset).toBe(-480)
  })

  it('occurrences are sorted and disjoint', () => {
    for (let i = 1; i < occ.length; i++) expect(Date.parse(defined(occ[i]).start)).toBeGreaterThan(Date.parse(defined(occ[i - 1]).end))
  })

  it('returns only occurrences overlapping the range, including one already in progress at the range start', () => {
    const r = expandFreezeWindow(weekendFreeze, { start: local('2027-03-14T12:00'), end: local('2027-03-20T12:00') })
    expect(r.map((o) => o.start)).toEqual([local('2027-03-12T17:00'), local('2027-03-19T17:00')])
    // half-open: a range ending exactly at a start, or starting exactly at an end, misses it
    expect(expandFreezeWindow(weekendFreeze, { start: local('2027-03-15T08:00'), end: local('2027-03-19T17:00') })).toEqual([])
    // nothing before the first occurrence
    expect(expandFreezeWindow(weekendFreeze, { start: '2026-01-01T00:00:00Z', end: '2027-01-09T01:00:00Z' })).toEqual([])
  })
})

describe('other freeze windows', () => {
  it('a single window is one occurrence when it overlaps the range (half-open)', () => {
    const r = { start: local('2027-12-01T00:00'), end: local('2028-02-01T00:00') }
    expect(expandFreezeWindow(yearEndFreeze, r)).toEqual([
      { windowId: 'fw-year-end', name: 'Year-end freeze', start: '2027-12-20T08:00:00.000Z', end: '2028-01-04T08:00:00.000Z' },
    ])
    expect(expandFreezeWindow(yearEndFreeze, { start: yearEndFreeze.end, end: local('2028-02-01T00:00') })).toEqual([])
    expect(expandFreezeWindow(yearEndFreeze, { start: local('2027-01-01T00:00'), end: yearEndFreeze.start })).toEqual([])
    expect(expandFreezeWindow({ ...yearEndFreeze, recurrence: '  ' }, r)).toHaveLength(1)
  })

  it('a nightly freeze 22:00 → 06:00 keeps local times across the spring-forward night', () => {
    const nightly: FreezeWindowSpec = {
      id: 'n',
      name: 'Nightly batch',
      start: local('2027-03-10T22:00'),
      end: local('2027-03-11T06:00'),
      timeZone: LA,
      recurrence: 'FREQ=DAILY',
      tiers: [],
    }
    const occ = expandFreezeWindow(nightly, { start: local('2027-03-12T12:00'), end: local('2027-03-16T12:00') })
    expect(occ.map((o) => inZone(o.start).toFormat('MM-dd HH:mm'))).toEqual(['03-12 22:00', '03-13 22:00', '03-14 22:00', '03-15 22:00'])
    expect(occ.map((o) => inZone(o.end).toFormat('MM-dd HH:mm'))).toEqual(['03-13 06:00', '03-14 06:00', '03-15 06:00', '03-16 06:00'])
    expect(occ.map(durationH)).toEqual([8, 7, 8, 8])
  })

  it('COUNT counts the first occurrence; UNTIL stops the series', () => {
    const three = expandFreezeWindow({ ...weekendFreeze, recurrence: 'FREQ=WEEKLY;COUNT=3' }, YEAR_2027)
    expect(three.map((o) => inZone(o.start).toISODate())).toEqual(['2027-01-08', '2027-01-15', '2027-01-22'])
    const until = expandFreezeWindow({ ...weekendFreeze, recurrence: 'RRULE:FREQ=WEEKLY;UNTIL=20270123T010000Z' }, YEAR_2027)
    expect(until.map((o) => inZone(o.start).toISODate())).toEqual(['2027-01-08', '2027-01-15', '2027-01-22'])
  })

  it("a recurrence with BYDAY other than the first occurrence's weekday still includes the first occurrence", () => {
    const w: FreezeWindowSpec = {
      id: 'x',
      name: 'Thu/Fri',
      start: local('2027-01-07T20:00'),
      end: local('2027-01-07T22:00'),
      timeZone: LA,
      recurrence: 'FREQ=WEEKLY;BYDAY=FR',
      tiers: [],
    }
    const occ = expandFreezeWindow(w, { start: local('2027-01-01T00:00'), end: local('2027-01-20T00:00') })
    expect(occ.map((o) => inZone(o.start).toFormat('ccc dd HH:mm'))).toEqual(['Thu 07 20:00', 'Fri 08 20:00', 'Fri 15 20:00'])
  })

  it('tells whether the first occurrence is an instance of the rule (RFC 5545: DTSTART synchronized with the rule)', () => {
    expect(recurrenceSynchronized(weekendFreeze)).toBe(true)
    expect(recurrenceSynchronized(yearEndFreeze)).toBe(true)
    expect(recurrenceSynchronized({ ...weekendFreeze, recurrence: 'FREQ=WEEKLY;BYDAY=FR' })).toBe(true)
    // a Friday window with a Monday/Wednesday rule, or a rule moving the hour
    expect(recurrenceSynchronized({ ...weekendFreeze, recurrence: 'FREQ=WEEKLY;BYDAY=MO,WE' })).toBe(false)
    expect(recurrenceSynchronized({ ...weekendFreeze, recurrence: 'FREQ=DAILY;BYHOUR=9' })).toBe(false)
    expect(recurrenceSynchronized({ ...weekendFreeze, recurrence: 'FREQ=MONTHLY;BYDAY=2FR' })).toBe(true) // 8 January 2027 is the 2nd Friday
  })

  it('throws on an invalid recurrence or time zone', () => {
    expect(() => expandFreezeWindow({ ...weekendFreeze, recurrence: 'FREQ=OFTEN' }, YEAR_2027)).toThrow(/Invalid recurrence/)
    expect(() => expandFreezeWindow({ ...weekendFreeze, timeZone: 'Nowhere/Land' }, YEAR_2027)).toThrow(/time zone/)
  })
})

describe('tiers', () => {
  it('a freeze applies to the tiers it lists, or to every tier when it lists none', () => {
    expect(freezeAppliesToTier(weekendFreeze, 'PROD')).toBe(true)
    expect(freezeAppliesToTier(weekendFreeze, 'TEST')).toBe(false)
    expect(freezeAppliesToTier(yearEndFreeze, 'TEST')).toBe(true)
    expect(freezeAppliesToTier(yearEndFreeze, 'ANYTHING')).toBe(true)
  })

  it('freezeOccurrencesFor merges the windows that apply, earliest first', () => {
    const r = { start: local('2027-12-15T00:00'), end: local('2027-12-31T00:00') }
    const prod = freezeOccurrencesFor([yearEndFreeze, weekendFreeze], 'PROD', r)
    expect(prod.map((o) => `${o.windowId}@${inZone(o.start).toFormat('MM-dd')}`)).toEqual(['fw-weekend@12-17', 'fw-year-end@12-20', 'fw-weekend@12-24'])
    const test = freezeOccurrencesFor([yearEndFreeze, weekendFreeze], 'TEST', r)
    expect(test.map((o) => o.windowId)).toEqual(['fw-year-end'])
    for (let i = 1; i < prod.length; i++) expect(Date.parse(defined(prod[i]).start)).toBeGreaterThanOrEqual(Date.parse(defined(prod[i - 1]).start))
  })
})

describe('freezeOccurrences: the one expansion', () => {
  const windows = [weekendFreeze, yearEndFreeze]

  it("returns every window's occurrences overlapping [from, to), earliest first, each with its window", () => {
    const r = freezeOccurrences(windows, local('2027-12-15T00:00'), local('2027-12-31T00:00'))
    expect(r.map((o) => `${o.windowId}@${inZone(o.start).toFormat('MM-dd HH:mm')}`)).toEqual([
      'fw-weekend@12-17 17:00',
      'fw-year-end@12-20 00:00',
      'fw-weekend@12-24 17:00',
    ])
    expect(r[0]?.window).toBe(weekendFreeze)
    expect(r[1]).toEqual({ windowId: 'fw-year-end', name: 'Year-end freeze', start: yearEndFreeze.start, end: yearEndFreeze.end, window: yearEndFreeze })
  })

  it('with a tier, only the windows applying to it', () => {
    const r = freezeOccurrences(windows, local('2027-12-15T00:00'), local('2027-12-31T00:00'), 'TEST')
    expect(r.map((o) => o.windowId)).toEqual(['fw-year-end'])
    expect(freezeOccurrences(windows, local('2027-12-15T00:00'), local('2027-12-31T00:00'), null)).toHaveLength(3)
  })

  it('agrees with freezeOccurrencesFor and frozenAt', () => {
    const r = freezeOccurrences(windows, '2027-01-01T00:00:00Z', '2028-01-01T00:00:00Z', 'PROD')
    expect(r.map(({ window: _w, ...o }) => o)).toEqual(freezeOccurrencesFor(windows, 'PROD', YEAR_2027))
    for (const o of r) expect(frozenAt(windows, 'PROD', o.start)?.start).toBe(freezesCovering(windows, 'PROD', o.start)[0]?.start)
  })

  it('expands at most 5 years; refuses reversed ranges and non-instants', () => {
    expect(MAX_FREEZE_RANGE_YEARS).toBe(5)
    expect(freezeOccurrences(windows, '2027-01-01T00:00:00Z', '2032-01-01T00:00:00Z', 'PROD').length).toBeGreaterThan(5 * 51)
    expect(() => freezeOccurrences(windows, '2027-01-01T00:00:00Z', '2032-01-01T00:00:00.001Z')).toThrow(/at most 5 years/)
    expect(freezeRangeProblem('2027-02-01T00:00:00Z', '2027-01-01T00:00:00Z')).toMatch(/not be before/)
    expect(freezeRangeProblem('2027-02-01', '2027-03-01T00:00:00Z')).toMatch(/from must be an ISO-8601 instant/)
    expect(freezeRangeProblem('2027-01-01T00:00:00Z', '2027-01-01T00:00:00Z')).toBeNull()
    expect(freezeOccurrences(windows, '2027-03-13T00:00:00Z', '2027-03-13T00:00:00Z')).toEqual([])
  })

  it('reads a local start that occurs twice (daylight time ends) as its first occurrence, as RFC 5545 §3.3.5 does', () => {
    // Sundays 01:30–03:00 Los Angeles; on 2027-11-07 01:00–02:00 happens twice
    const w: FreezeWindowSpec = {
      id: 'sun',
      name: 'Sunday maintenance',
      start: local('2027-10-31T01:30'),
      end: local('2027-10-31T03:00'),
      timeZone: LA,
      recurrence: 'FREQ=WEEKLY',
      tiers: [],
    }
    const [o] = freezeOccurrences([w], local('2027-11-06T12:00'), local('2027-11-07T12:00'))
    expect(o?.start).toBe('2027-11-07T08:30:00.000Z') // 01:30 PDT, not 01:30 PST (09:30Z)
    expect(o?.end).toBe('2027-11-07T11:00:00.000Z') // 03:00 PST
    // and a local time that does not exist (daylight time starts) is read with the offset before the gap
    const gap: FreezeWindowSpec = { ...w, start: local('2027-03-07T02:30'), end: local('2027-03-07T04:00') }
    const [g] = freezeOccurrences([gap], local('2027-03-13T12:00'), local('2027-03-14T12:00'))
    expect(g?.start).toBe('2027-03-14T10:30:00.000Z') // 02:30 PST = 03:30 PDT
    expect(g?.end).toBe('2027-03-14T11:00:00.000Z') // 04:00 PDT
  })
})

describe('frozenAt', () => {
  const windows = [weekendFreeze, yearEndFreeze]
  const ms = (iso: string, delta: number) => new Date(Date.parse(iso) + delta).toISOString()

  it('is half-open at the boundaries', () => {
    const start = local('2027-03-12T17:00')
    const end = local('2027-03-15T08:00') // PDT
    expect(frozenAt(windows, 'PROD', ms(start, -1))).toBeNull()
    expect(frozenAt(windows, 'PROD', start)).toMatchObject({ windowId: 'fw-weekend', start, end })
    expect(frozenAt(windows, 'PROD', ms(end, -1))).toMatchObject({ windowId: 'fw-weekend' })
    expect(frozenAt(windows, 'PROD', end)).toBeNull()
    expect(end).toBe('2027-03-15T15:00:00.000Z')
  })

  it('accepts instants with offsets', () => {
    expect(frozenAt(windows, 'PROD', '2027-03-13T10:00:00-08:00')?.windowId).toBe('fw-weekend')
  })

  it('respects the tier filter', () => {
    expect(frozenAt(windows, 'TEST', local('2027-03-13T10:00'))).toBeNull()
    expect(frozenAt(windows, 'TEST', local('2027-12-24T10:00'))?.windowId).toBe('fw-year-end')
  })

  it('returns the earliest-starting occurrence when several cover the instant', () => {
    expect(frozenAt(windows, 'PROD', local('2027-12-25T10:00'))?.windowId).toBe('fw-year-end')
    expect(frozenAt(windows, 'PROD', local('2027-12-20T07:00'))?.windowId).toBe('fw-weekend')
  })
})

describe('expandFreezeWindow properties', () => {
  const zones = ['America/Los_Angeles', 'America/New_York', 'Europe/London', 'Australia/Sydney', 'UTC']
  // local hours 1 and 2 are skipped so that no start or end falls into a DST gap or overlap
  const arbHour = fc.integer({ min: 0, max: 21 }).map((h) => (h >= 1 ? h + 2 : h))
  const arbCase = fc.record({
    zone: fc.constantFrom(...zones),
    startDay: fc.integer({ min: 0, max: 365 * 10 }),
    startHour: arbHour,
    startMinute: fc.constantFrom(0, 15, 30, 45),
    days: fc.integer({ min: 0, max: 5 }),
    endHour: arbHour,
    interval: fc.constantFrom(1, 1, 2, 3),
    rangeOffsetDays: fc.integer({ min: -30, max: 400 }),
    rangeDays: fc.integer({ min: 1, max: 120 }),
  })

  it('occurrences overlap the range, are sorted, disjoint, keep the local wall clock, and match a luxon oracle', () => {
    let seen = 0
    let offsetChanges = 0
    fc.assert(
      fc.property(arbCase, (c) => {
        const first = DateTime.fromObject({ year: 2022, month: 1, day: 1, hour: c.startHour, minute: c.startMinute }, { zone: c.zone }).plus({
          days: c.startDay,
        })
        let end = first.plus({ days: c.days }).set({ hour: c.endHour, minute: c.startMinute })
        if (end <= first) end = end.plus({ days: 1 })
        const w: FreezeWindowSpec = {
          id: 'w',
          name: 'Random',
          start: defined(first.toUTC().toISO()),
          end: defined(end.toUTC().toISO()),
          timeZone: c.zone,
          recurrence: c.interval === 1 ? 'FREQ=WEEKLY' : `FREQ=WEEKLY;INTERVAL=${c.interval}`,
          tiers: [],
        }
        const rs = first.plus({ days: c.rangeOffsetDays, hours: 5 })
        const range = { start: defined(rs.toUTC().toISO()), end: defined(rs.plus({ days: c.rangeDays }).toUTC().toISO()) }
        const occ = expandFreezeWindow(w, range)

        const rsMs = Date.parse(range.start)
        const reMs = Date.parse(range.end)
        for (let i = 0; i < occ.length; i++) {
          const o = defined(occ[i])
          const s = Date.parse(o.start)
          const e = Date.parse(o.end)
          expect(s < reMs && e > rsMs).toBe(true)
          if (i > 0) expect(s).toBeGreaterThanOrEqual(Date.parse(defined(occ[i - 1]).end))
          const ls = DateTime.fromMillis(s, { zone: c.zone })
          const le = DateTime.fromMillis(e, { zone: c.zone })
          expect([ls.weekday, ls.hour, ls.minute]).toEqual([first.weekday, first.hour, first.minute])
          expect([le.weekday, le.hour, le.minute]).toEqual([end.weekday, end.hour, end.minute])
        }

        // oracle: luxon's calendar arithmetic in the zone keeps wall-clock times
        const expected: string[] = []
        for (let k = 0; ; k++) {
          const s = first.plus({ weeks: k * c.interval })
          if (s.toMillis() >= reMs) break
          const e = end.plus({ weeks: k * c.interval })
          if (e.toMillis() > rsMs) expected.push(`${s.toUTC().toISO()}/${e.toUTC().toISO()}`)
        }
        expect(occ.map((o) => `${o.start}/${o.end}`)).toEqual(expected)
        seen += occ.length
        if (new Set(occ.map((o) => DateTime.fromISO(o.start, { zone: c.zone }).offset)).size > 1) offsetChanges++
      }),
      { numRuns: 200 },
    )
    // the generated cases really exercise expansion and DST changes
    expect(seen).toBeGreaterThan(200)
    expect(offsetChanges).toBeGreaterThan(5)
  })
})
