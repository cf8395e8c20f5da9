import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { conflictingBookings, environmentReadiness } from '../src/index.ts'
import type { BookingSpec, ReadinessInput } from '../src/index.ts'
import { defined } from './fixtures.ts'

const BASE = Date.UTC(2027, 2, 1)
const at = (h: number) => new Date(BASE + h * 3600_000).toISOString()
const booking = (id: string, releaseId: string, s: number, e: number, environmentId = 'env-uat'): BookingSpec => ({
  id,
  environmentId,
  releaseId,
  start: at(s),
  end: at(e),
})

describe('conflictingBookings', () => {
  const existing = [booking('b1', 'rel-1', 0, 10), booking('b2', 'rel-2', 10, 20), booking('b3', 'rel-3', 5, 15, 'env-prod')]
  it('finds overlapping bookings of the same environment (half-open)', () => {
    expect(conflictingBookings(existing, { environmentId: 'env-uat', releaseId: 'rel-9', start: at(9), end: at(11) }).map((b) => b.id)).toEqual(['b1', 'b2'])
    expect(conflictingBookings(existing, { environmentId: 'env-uat', releaseId: 'rel-9', start: at(20), end: at(30) })).toEqual([])
    expect(conflictingBookings(existing, { environmentId: 'env-prod', releaseId: 'rel-9', start: at(0), end: at(6) }).map((b) => b.id)).toEqual(['b3'])
  })
  it('ignores the candidate itself (an update of an existing booking)', () => {
    expect(conflictingBookings(existing, { id: 'b1', environmentId: 'env-uat', releaseId: 'rel-1', start: at(0), end: at(10) })).toEqual([])
    expect(conflictingBookings(existing, { id: 'b1', environmentId: 'env-uat', releaseId: 'rel-1', start: at(0), end: at(12) }).map((b) => b.id)).toEqual([
      'b2',
    ])
  })
  it('a booking of the same release still conflicts (two bookings of one environment may not overlap)', () => {
    expect(conflictingBookings(existing, { environmentId: 'env-uat', releaseId: 'rel-1', start: at(1), end: at(2) }).map((b) => b.id)).toEqual(['b1'])
  })

  it('agrees with brute force (property)', () => {
    const arbB = fc.record({
      env: fc.constantFrom('e1', 'e2'),
      s: fc.integer({ min: 0, max: 30 }),
      len: fc.integer({ min: 0, max: 10 }),
    })
    fc.assert(
      fc.property(fc.array(arbB, { maxLength: 12 }), arbB, fc.option(fc.integer({ min: 0, max: 11 }), { nil: undefined }), (bs, c, selfIndex) => {
        const list = bs.map((b, i) => booking(`b${i}`, `r${i}`, b.s, b.s + b.len, b.env))
        const candidate = {
          id: selfIndex === undefined ? undefined : `b${selfIndex}`,
          environmentId: c.env,
          releaseId: 'rc',
          start: at(c.s),
          end: at(c.s + c.len),
        }
        const brute = list.filter((b, i) => {
          if (b.environmentId !== c.env || `b${i}` === candidate.id) return false
          const bs0 = defined(bs[i])
          for (let h = 0; h < 50; h++) if (bs0.s <= h && h < bs0.s + bs0.len && c.s <= h && h < c.s + c.len) return true
          return false
        })
        const { id, ...withoutId } = candidate
        expect(conflictingBookings(list, id === undefined ? withoutId : candidate)).toEqual(brute)
      }),
      { numRuns: 200 },
    )
  })
})

describe('environmentReadiness', () => {
  const ready: ReadinessInput = {
    releaseId: 'rel-1',
    window: { tier: 'UAT', start: at(24), end: at(48), environmentId: 'env-uat' },
    environment: { id: 'env-uat', key: 'uat-1', status: 'AVAILABLE' },
    baseline: [
      { key: 'postgres.version', value: '17.2' },
      { key: 'feature.sso', value: 'on' },
    ],
    lastReport: [
      { key: 'feature.sso', value: 'on' },
      { key: 'postgres.version', value: '17.2' },
    ],
    requirements: [
      { key: 'postgres.version', expected: '>=17 <18' },
      { key: 'feature.sso', expected: 'on' },
    ],
    bookings: [booking('b1', 'rel-1', 20, 50), booking('b2', 'rel-2', 0, 20), booking('b3', 'rel-3', 48, 60)],
  }
  const codes = (i: ReadinessInput) => environmentReadiness(i).blockers.map((b) => b.code)

  it('the fixture is ready', () => {
    expect(environmentReadiness(ready)).toEqual({ ready: true, blockers: [] })
  })

  it('DRIFT appears with drift and clears when in sync', () => {
    const drifted = { ...ready, baseline: [...defined(ready.baseline), { key: 'tls.min', value: '1.2' }] }
    const r = environmentReadiness(drifted)
    expect(r.ready).toBe(false)
    expect(r.blockers).toEqual([{ code: 'DRIFT', message: expect.stringMatching(/uat-1 has drifted .*1 item: tls\.min missing/) }])
    expect(codes({ ...drifted, lastReport: [...defined(ready.lastReport), { key: 'tls.min', value: '1.2' }] })).toEqual([])
  })

  it('REQUIREMENT_UNMET per unmet requirement: absent key or failing value; semver ranges for versions', () => {
    const r = environmentReadiness({
      ...ready,
      requirements: [...ready.requirements, { key: 'java.version', expected: '21' }, { key: 'feature.sso', expected: 'off' }],
    })
    expect(r.blockers.map((b) => b.code)).toEqual(['REQUIREMENT_UNMET', 'REQUIREMENT_UNMET'])
    expect(r.blockers[0]?.message).toMatch(/does not report java\.version \(required: 21\)/)
    expect(r.blockers[1]?.message).toMatch(/reports feature\.sso = on, required off/)
    const old = {
      ...ready,
      baseline: [
        { key: 'postgres.version', value: '16.4' },
        { key: 'feature.sso', value: 'on' },
      ],
      lastReport: [
        { key: 'postgres.version', value: '16.4' },
        { key: 'feature.sso', value: 'on' },
      ],
    }
    expect(environmentReadiness(old).blockers).toEqual([
      { code: 'REQUIREMENT_UNMET', message: expect.stringMatching(/postgres\.version = 16\.4, required >=17 <18/) },
    ])
  })

  it('without any report, requirements are unmet and the baseline has drifted', () => {
    expect(codes({ ...ready, lastReport: null })).toEqual(['DRIFT', 'REQUIREMENT_UNMET', 'REQUIREMENT_UNMET'])
    expect(codes({ ...ready, lastReport: null, baseline: null })).toEqual(['REQUIREMENT_UNMET', 'REQUIREMENT_UNMET'])
    expect(codes({ ...ready, lastReport: null, baseline: null, requirements: [] })).toEqual([])
  })

  it('NOT_BOOKED when this release has no booking covering the whole window', () => {
    const others = ready.bookings.filter((b) => b.releaseId !== 'rel-1')
    expect(environmentReadiness({ ...ready, bookings: others }).blockers).toEqual([
      { code: 'NOT_BOOKED', message: expect.stringMatching(/uat-1 is not booked for this release's UAT window/) },
    ])
    expect(codes({ ...ready, bookings: [...others, booking('b1', 'rel-1', 25, 48)] })).toEqual(['NOT_BOOKED'])
    expect(codes({ ...ready, bookings: [...others, booking('b1', 'rel-1', 24, 47)] })).toEqual(['NOT_BOOKED'])
    // exact cover, and adjacent bookings that cover it together, are enough
    expect(codes({ ...ready, bookings: [...others, booking('b1', 'rel-1', 24, 48)] })).toEqual([])
    expect(codes({ ...ready, bookings: [...others, booking('b1', 'rel-1', 24, 36), booking('b4', 'rel-1', 36, 48)] })).toEqual([])
    expect(codes({ ...ready, bookings: [...others, booking('b1', 'rel-1', 24, 35), booking('b4', 'rel-1', 36, 48)] })).toEqual(['NOT_BOOKED'])
    // a booking of this release on another environment does not count
    expect(codes({ ...ready, bookings: [...others, booking('b1', 'rel-1', 0, 100, 'env-prod')] })).toEqual(['NOT_BOOKED'])
  })

  it('BOOKING_CONFLICT for each booking of another release overlapping the window', () => {
    const r = environmentReadiness({ ...ready, bookings: [...ready.bookings, booking('b9', 'rel-9', 47, 49), booking('b8', 'rel-8', 23, 25)] })
    expect(r.blockers.map((b) => b.code)).toEqual(['BOOKING_CONFLICT', 'BOOKING_CONFLICT'])
    expect(r.blockers[0]?.message).toMatch(/booked by release rel-9 .*booking b9/)
    // touching bookings (b2 ends and b3 starts at the window's edges) do not conflict: the fixture is ready
    expect(codes(ready)).toEqual([])
  })

  it('ENVIRONMENT_OFFLINE only when OFFLINE (DEGRADED is still ready)', () => {
    expect(environmentReadiness({ ...ready, environment: { ...ready.environment, status: 'OFFLINE' } }).blockers).toEqual([
      { code: 'ENVIRONMENT_OFFLINE', message: 'uat-1 is offline' },
    ])
    expect(codes({ ...ready, environment: { ...ready.environment, status: 'DEGRADED' } })).toEqual([])
  })

  it('lists all blockers in a fixed order', () => {
    const r = environmentReadiness({
      ...ready,
      environment: { ...ready.environment, status: 'OFFLINE' },
      lastReport: [{ key: 'postgres.version', value: '16.0' }],
      bookings: [booking('b2', 'rel-2', 30, 40)],
    })
    expect(r.blockers.map((b) => b.code)).toEqual(['DRIFT', 'REQUIREMENT_UNMET', 'REQUIREMENT_UNMET', 'BOOKING_CONFLICT', 'NOT_BOOKED', 'ENVIRONMENT_OFFLINE'])
    expect(r.ready).toBe(false)
  })
})
