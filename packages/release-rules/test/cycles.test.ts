import fc from 'fast-check'
import { DateTime } from 'luxon'
import { describe, expect, it } from 'vitest'
import { expandCycles, localDayInterval, MAX_CYCLES } from '../src/index.ts'
import type { CadenceSpec } from '../src/index.ts'
import { LA } from './fixtures.ts'

const secondTuesday: CadenceSpec = { rule: 'FREQ=MONTHLY;BYDAY=2TU', timeZone: LA, startsOn: '2027-01-01', codeFreezeDaysBefore: 7 }

describe('expandCycles', () => {
  it('FREQ=MONTHLY;BYDAY=2TU in America/Los_Angeles gives the 12 second Tuesdays of 2027', () => {
    const cycles = expandCycles('WA-DSP', secondTuesday, '2027-01-01', '2027-12-31')
    expect(cycles.map((c) => c.releaseDate)).toEqual([
      '2027-01-12',
      '2027-02-09',
      '2027-03-09',
      '2027-04-13',
      '2027-05-11',
      '2027-06-08',
      '2027-07-13',
      '2027-08-10',
      '2027-09-14',
      '2027-10-12',
      '2027-11-09',
      '2027-12-14',
    ])
    for (const c of cycles) {
      const d = DateTime.fromISO(c.releaseDate, { zone: LA })
      expect(d.weekday).toBe(2) // Tuesday
      expect(d.day).toBeGreaterThanOrEqual(8)
      expect(d.day).toBeLessThanOrEqual(14)
    }
  })

  it('derives id, name and code freeze', () => {
    const [march] = expandCycles('WA-DSP', secondTuesday, '2027-03-01', '2027-03-31')
    expect(march).toEqual({ id: 'WA-DSP:2027-03-09', name: 'Release 2027-03-09', codeFreeze: '2027-03-02', releaseDate: '2027-03-09' })
  })

  it('code freeze arithmetic crosses month and year boundaries and DST', () => {
    const c = (days: number, from: string) => expandCycles('P', { ...secondTuesday, codeFreezeDaysBefore: days }, from, from.slice(0, 8) + '28')[0]?.codeFreeze
    expect(c(14, '2027-01-01')).toBe('2026-12-29')
    expect(c(0, '2027-03-01')).toBe('2027-03-09')
    expect(c(10, '2027-03-01')).toBe('2027-02-27')
    expect(c(3, '2027-11-01')).toBe('2027-11-06') // 2027-11-09 minus 3 days across the 11-07 fall-back
    expect(c(30, '2027-03-01')).toBe('2027-02-07')
  })

  it('filters by release date, both ends inclusive', () => {
    expect(expandCycles('P', secondTuesday, '2027-03-09', '2027-03-09').map((c) => c.releaseDate)).toEqual(['2027-03-09'])
    expect(expandCycles('P', secondTuesday, '2027-03-10', '2027-04-12')).toEqual([])
    expect(expandCycles('P', secondTuesday, '2027-03-09', '2027-04-13').map((c) => c.releaseDate)).toEqual(['2027-03-09', '2027-04-13'])
    expect(expandCycles('P', secondTuesday, '2027-12-31', '2027-01-01')).toEqual([])
  })

  it('respects startsOn: nothing before it, even when the range starts earlier', () => {
    const c = expandCycles('P', { ...secondTuesday, startsOn: '2027-06-01' }, '2027-01-01', '2027-09-30')
    expect(c.map((x) => x.releaseDate)).toEqual(['2027-06-08', '2027-07-13', '2027-08-10', '2027-09-14'])
    expect(expandCycles('P', { ...secondTuesday, startsOn: '2028-01-01' }, '2027-01-01', '2027-12-31')).toEqual([])
  })

  it('anchors INTERVAL on startsOn (every other Wednesday)', () => {
    const cadence: CadenceSpec = { rule: 'FREQ=WEEKLY;INTERVAL=2;BYDAY=WE', timeZone: LA, startsOn: '2027-03-03', codeFreezeDaysBefore: 2 }
    expect(expandCycles('P', cadence, '2027-03-01', '2027-04-30').map((c) => c.releaseDate)).toEqual([
      '2027-03-03',
      '2027-03-17',
      '2027-03-31',
      '2027-04-14',
      '2027-04-28',
    ])
    // asking from a later date keeps the same phase
    expect(expandCycles('P', cadence, '2027-03-10', '2027-03-31').map((c) => c.releaseDate)).toEqual(['2027-03-17', '2027-03-31'])
  })

  it('a weekly rule keeps its weekday across both 2027 DST transitions', () => {
    const cadence: CadenceSpec = { rule: 'FREQ=WEEKLY;BYDAY=SU', timeZone: LA, startsOn: '2027-01-01', codeFreezeDaysBefore: 1 }
    const march = expandCycles('P', cadence, '2027-03-01', '2027-03-31').map((c) => c.releaseDate)
    expect(march).toEqual(['2027-03-07', '2027-03-14', '2027-03-21', '2027-03-28'])
    const nov = expandCycles('P', cadence, '2027-11-01', '2027-11-30')
    expect(nov.map((c) => c.releaseDate)).toEqual(['2027-11-07', '2027-11-14', '2027-11-21', '2027-11-28'])
    expect(nov[0]?.codeFreeze).toBe('2027-11-06')
    // the cycle's local day on a DST day has its real length
    const day = localDayInterval('2027-03-14', LA)
    expect(Date.parse(day.end) - Date.parse(day.start)).toBe(23 * 3600_000)
  })

  it('a daily rule has exactly one cycle per calendar day through a DST change', () => {
    const cadence: CadenceSpec = { rule: 'FREQ=DAILY', timeZone: LA, startsOn: '2027-11-01', codeFreezeDaysBefore: 0 }
    expect(expandCycles('P', cadence, '2027-11-05', '2027-11-09').map((c) => c.releaseDate)).toEqual([
      '2027-11-05',
      '2027-11-06',
      '2027-11-07',
      '2027-11-08',
      '2027-11-09',
    ])
  })

  it('a sub-daily rule yields one cycle per day', () => {
    const hourly: CadenceSpec = { rule: 'FREQ=HOURLY;INTERVAL=6', timeZone: LA, startsOn: '2027-03-13', codeFreezeDaysBefore: 0 }
    expect(expandCycles('P', hourly, '2027-03-13', '2027-03-15').map((c) => c.releaseDate)).toEqual(['2027-03-13', '2027-03-14', '2027-03-15'])
  })

  it('honours COUNT and UNTIL', () => {
    expect(expandCycles('P', { ...secondTuesday, rule: 'FREQ=MONTHLY;BYDAY=2TU;COUNT=3' }, '2027-01-01', '2030-12-31').map((c) => c.releaseDate)).toEqual([
      '2027-01-12',
      '2027-02-09',
      '2027-03-09',
    ])
    expect(
      expandCycles('P', { ...secondTuesday, rule: 'RRULE:FREQ=MONTHLY;BYDAY=2TU;UNTIL=20270409' }, '2027-01-01', '2030-12-31').map((c) => c.releaseDate),
    ).toEqual(['2027-01-12', '2027-02-09', '2027-03-09'])
  })

  it('last Friday of the month (negative ordinal)', () => {
    const c = expandCycles('P', { ...secondTuesday, rule: 'FREQ=MONTHLY;BYDAY=-1FR' }, '2027-01-01', '2027-03-31')
    expect(c.map((x) => x.releaseDate)).toEqual(['2027-01-29', '2027-02-26', '2027-03-26'])
  })

  it('caps the number of cycles on huge ranges', () => {
    const daily: CadenceSpec = { rule: 'FREQ=DAILY', timeZone: 'UTC', startsOn: '2000-01-01', codeFreezeDaysBefore: 0 }
    const c = expandCycles('P', daily, '2000-01-01', '2999-12-31')
    expect(c).toHaveLength(MAX_CYCLES)
    expect(c[0]?.releaseDate).toBe('2000-01-01')
  })

  it('throws on an invalid rule or date', () => {
    expect(() => expandCycles('P', { ...secondTuesday, rule: 'FREQ=SOMETIMES' }, '2027-01-01', '2027-12-31')).toThrow(/Invalid cadence rule/)
    expect(() => expandCycles('P', secondTuesday, '2027-02-30', '2027-12-31')).toThrow(RangeError)
  })

  const rules = [
    'FREQ=MONTHLY;BYDAY=2TU',
    'FREQ=WEEKLY;BYDAY=WE',
    'FREQ=WEEKLY;INTERVAL=2;BYDAY=TU,TH',
    'FREQ=MONTHLY;BYMONTHDAY=15',
    'FREQ=MONTHLY;BYDAY=-1FR',
    'FREQ=DAILY;INTERVAL=3',
    'FREQ=YEARLY;BYMONTH=3,9;BYDAY=1MO',
  ]
  const arbDate = fc.integer({ min: 0, max: 3 * 366 }).map((n) => DateTime.fromISO('2026-01-01', { zone: 'utc' }).plus({ days: n }).toISODate() ?? '')

  it('results are sorted, unique, inside [from, to], on or after startsOn, with derived ids (property)', () => {
    fc.assert(
      fc.property(fc.constantFrom(...rules), arbDate, arbDate, arbDate, fc.integer({ min: 0, max: 40 }), (rule, startsOn, a, b, freeze) => {
        const [from, to] = a <= b ? [a, b] : [b, a]
        const cycles = expandCycles('KEY', { rule, timeZone: LA, startsOn, codeFreezeDaysBefore: freeze }, from, to)
        const dates = cycles.map((c) => c.releaseDate)
        expect([...dates].sort()).toEqual(dates)
        expect(new Set(dates).size).toBe(dates.length)
        for (const c of cycles) {
          expect(c.releaseDate >= from && c.releaseDate <= to).toBe(true)
          expect(c.releaseDate >= startsOn).toBe(true)
          expect(c.id).toBe(`KEY:${c.releaseDate}`)
          expect(DateTime.fromISO(c.releaseDate, { zone: 'utc' }).diff(DateTime.fromISO(c.codeFreeze, { zone: 'utc' }), 'days').days).toBe(freeze)
        }
        // the union of two adjacent sub-ranges equals the whole range
        if (from < to) {
          const mid =
            DateTime.fromISO(from, { zone: 'utc' })
              .plus({ days: Math.floor(DateTime.fromISO(to).diff(DateTime.fromISO(from), 'days').days / 2) })
              .toISODate() ?? ''
          const next = DateTime.fromISO(mid, { zone: 'utc' }).plus({ days: 1 }).toISODate() ?? ''
          const left = expandCycles('KEY', { rule, timeZone: LA, startsOn, codeFreezeDaysBefore: freeze }, from, mid)
          const right = next <= to ? expandCycles('KEY', { rule, timeZone: LA, startsOn, codeFreezeDaysBefore: freeze }, next, to) : []
          expect([...left, ...right]).toEqual(cycles)
        }
      }),
      { numRuns: 150 },
    )
  })
})
