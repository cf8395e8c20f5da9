import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { localDayInterval, overlaps, periodInterval } from '../src/index.ts'
import { LA } from './fixtures.ts'

const BASE = Date.UTC(2027, 0, 1)
const at = (minute: number) => new Date(BASE + minute * 60_000).toISOString()
const interval = (s: number, e: number) => ({ start: at(s), end: at(e) })

describe('overlaps', () => {
  it('is half-open: touching intervals do not overlap', () => {
    expect(overlaps(interval(0, 10), interval(10, 20))).toBe(false)
    expect(overlaps(interval(0, 11), interval(10, 20))).toBe(true)
  })
  it('compares instants, not strings (offsets are honoured)', () => {
    // 10:00-08:00 is 18:00Z
    expect(
      overlaps({ start: '2027-03-09T10:00:00-08:00', end: '2027-03-09T11:00:00-08:00' }, { start: '2027-03-09T18:30:00Z', end: '2027-03-09T19:00:00Z' }),
    ).toBe(true)
    expect(
      overlaps({ start: '2027-03-09T10:00:00-08:00', end: '2027-03-09T11:00:00-08:00' }, { start: '2027-03-09T11:30:00Z', end: '2027-03-09T12:00:00Z' }),
    ).toBe(false)
  })
  it('an empty interval overlaps nothing', () => {
    expect(overlaps(interval(5, 5), interval(0, 10))).toBe(false)
  })
  it('rejects non-instants', () => {
    expect(() => overlaps({ start: '2027-03-09', end: '2027-03-10' }, interval(0, 1))).toThrow(RangeError)
  })

  const arbInterval = fc.tuple(fc.integer({ min: 0, max: 40 }), fc.integer({ min: 0, max: 40 })).map(([a, b]) => [Math.min(a, b), Math.max(a, b)] as const)

  it('is symmetric and agrees with a brute-force definition (property)', () => {
    fc.assert(
      fc.property(arbInterval, arbInterval, ([as, ae], [bs, be]) => {
        let brute = false
        for (let t = 0; t <= 40; t++) if (as <= t && t < ae && bs <= t && t < be) brute = true
        const a = interval(as, ae)
        const b = interval(bs, be)
        expect(overlaps(a, b)).toBe(brute)
        expect(overlaps(b, a)).toBe(overlaps(a, b))
      }),
      { numRuns: 200 },
    )
  })
})

describe('local days and periods', () => {
  it('a normal day is 24 h from local midnight', () => {
    expect(localDayInterval('2027-03-09', LA)).toEqual({ start: '2027-03-09T08:00:00.000Z', end: '2027-03-10T08:00:00.000Z' })
  })
  it('the spring-forward day (2027-03-14) is 23 h long', () => {
    expect(localDayInterval('2027-03-14', LA)).toEqual({ start: '2027-03-14T08:00:00.000Z', end: '2027-03-15T07:00:00.000Z' })
  })
  it('the fall-back day (2027-11-07) is 25 h long', () => {
    expect(localDayInterval('2027-11-07', LA)).toEqual({ start: '2027-11-07T07:00:00.000Z', end: '2027-11-08T08:00:00.000Z' })
  })
  it('works east of UTC', () => {
    expect(localDayInterval('2027-03-09', 'Australia/Sydney')).toEqual({ start: '2027-03-08T13:00:00.000Z', end: '2027-03-09T13:00:00.000Z' })
  })
  it('a period runs from the first local midnight to the end of its last day', () => {
    expect(periodInterval('2027-01-01', '2027-06-30', LA)).toEqual({ start: '2027-01-01T08:00:00.000Z', end: '2027-07-01T07:00:00.000Z' })
    expect(periodInterval('2027-03-09', '2027-03-09', LA)).toEqual(localDayInterval('2027-03-09', LA))
  })
  it('rejects bad dates and zones', () => {
    expect(() => localDayInterval('2027-02-30', LA)).toThrow(RangeError)
    expect(() => localDayInterval('2027-03-09', 'Mars/Olympus')).toThrow(RangeError)
  })
})
