import { describe, expect, it } from 'vitest'
import { checkAlignment } from '../src/index.ts'
import type { AlignmentInput, FreezeWindowSpec, ReleaseForAlignment } from '../src/index.ts'
import { alignedRelease, local, strategy, win } from './fixtures.ts'

function input(overrides: Partial<AlignmentInput> = {}, release: Partial<ReleaseForAlignment> = {}): AlignmentInput {
  return {
    programKey: 'WA-DSP',
    periodStart: '2027-01-01',
    periodEnd: '2027-06-30',
    strategy: strategy(),
    latestStrategyVersion: 2,
    releases: [alignedRelease(release)],
    dependencyLastTierStart: { 'dep-1': local('2027-03-09T08:00') },
    ...overrides,
  }
}

const codes = (i: AlignmentInput) => checkAlignment(i).issues.map((x) => `${x.code}:${x.severity}`)

/** Replace one tier's window of the aligned release. */
function withWindow(tier: string, start: string, end: string): Partial<ReleaseForAlignment> {
  return { schedule: alignedRelease().schedule.map((w) => (w.tier === tier ? win(tier, start, end) : w)) }
}

describe('checkAlignment', () => {
  it('the aligned fixture has no issues', () => {
    expect(checkAlignment(input())).toEqual({ aligned: true, stale: false, strategyVersion: 2, issues: [] })
  })

  describe('OUTSIDE_PLAN_PERIOD', () => {
    it('a window ending after the end of periodEnd (local) is outside', () => {
      const r = checkAlignment(input({ periodEnd: '2027-03-08' }))
      expect(r.issues).toEqual([
        {
          code: 'OUTSIDE_PLAN_PERIOD',
          severity: 'ERROR',
          releaseId: 'rel-1',
          message: expect.stringMatching(/PROD window .* outside the plan period 2027-01-01 – 2027-03-08/),
        },
      ])
      expect(r.aligned).toBe(false)
    })
    it('periodEnd is inclusive and read in the cadence time zone (PROD ends 17:00 PST = 01:00Z the next UTC day)', () => {
      expect(codes(input({ periodEnd: '2027-03-09' }))).toEqual([])
    })
    it('a window starting before periodStart 00:00 local is outside', () => {
      expect(codes(input({ periodStart: '2027-02-23' }))).toEqual(['OUTSIDE_PLAN_PERIOD:ERROR'])
      expect(checkAlignment(input({ periodStart: '2027-02-23' })).issues[0]?.message).toMatch(/DEV window/)
      expect(codes(input({ periodStart: '2027-02-22' }))).toEqual([])
    })
  })

  it('TIER_SKIPPED names the missing tier', () => {
    const r = checkAlignment(input({}, { schedule: alignedRelease().schedule.filter((w) => w.tier !== 'TEST') }))
    expect(r.issues.map((i) => i.code)).toEqual(['TIER_SKIPPED'])
    expect(r.issues[0]?.message).toMatch(/no window for tier TEST/)
    expect(r.aligned).toBe(false)
  })

  it('TIER_OUT_OF_ORDER when a tier starts before the previous tier ends', () => {
    const r = checkAlignment(input({}, withWindow('TEST', local('2027-02-23T12:00'), local('2027-03-03T17:00'))))
    expect(r.issues.map((i) => `${i.code}:${i.severity}`)).toEqual(['TIER_OUT_OF_ORDER:ERROR'])
    expect(r.issues[0]?.message).toMatch(/TEST window starts .* before the DEV window ends/)
    // back to back (TEST starts exactly when DEV ends) is in order
    expect(codes(input({}, withWindow('TEST', local('2027-02-23T17:00'), local('2027-03-03T17:00'))))).toEqual([])
  })

  it('TIER_OUT_OF_ORDER compares with the previous scheduled tier when one is skipped', () => {
    const schedule = [win('DEV', local('2027-03-09T10:00'), local('2027-03-09T12:00')), win('PROD', local('2027-03-09T09:00'), local('2027-03-09T17:00'))]
    expect(codes(input({}, { schedule }))).toEqual(['TIER_SKIPPED:ERROR', 'TIER_OUT_OF_ORDER:ERROR'])
  })

  describe('FREEZE_WINDOW', () => {
    const quarterClose: FreezeWindowSpec = {
      id: 'fw-q',
      name: 'Quarter close',
      start: local('2027-03-02T00:00'),
      end: local('2027-03-03T00:00'),
      timeZone: 'America/Los_Angeles',
      recurrence: null,
      tiers: ['TEST'],
    }

    it('a window overlapping a freeze of its tier is an ERROR naming the freeze', () => {
      const r = checkAlignment(input({ strategy: strategy({ freezeWindows: [...strategy().freezeWindows, quarterClose] }) }))
      expect(r.issues).toEqual([
        { code: 'FREEZE_WINDOW', severity: 'ERROR', releaseId: 'rel-1', message: expect.stringMatching(/TEST window .* overlaps the freeze 'Quarter close'/) },
      ])
      expect(r.aligned).toBe(false)
    })

    it('is a WARNING for an EMERGENCY release (which is then still aligned)', () => {
      const r = checkAlignment(input({ strategy: strategy({ freezeWindows: [quarterClose] }) }, { type: 'EMERGENCY' }))
      expect(r.issues.map((i) => `${i.code}:${i.severity}`)).toEqual(['FREEZE_WINDOW:WARNING'])
      expect(r.aligned).toBe(true)
    })

    it('a freeze of other tiers does not apply', () => {
      expect(codes(input({ strategy: strategy({ freezeWindows: [{ ...quarterClose, tiers: ['UAT'] }] }) }))).toEqual([])
      // the weekend freeze is PROD-only: a DEV window over a weekend is fine
      expect(codes(input({}, withWindow('DEV', local('2027-02-19T18:00'), local('2027-02-22T12:00'))))).toEqual([])
    })

    it('a PROD window in a recurring weekend freeze (after DST started) is found', () => {
      // Saturday 2027-04-10 — also off cycle
      const r = checkAlignment(input({}, withWindow('PROD', local('2027-04-10T09:00'), local('2027-04-10T12:00'))))
      expect(r.issues.map((i) => i.code)).toEqual(['FREEZE_WINDOW', 'OFF_CYCLE'])
      expect(r.issues[0]?.message).toMatch(/Weekend freeze/)
      // Monday 08:00 local (PDT) is the end of the freeze: a window starting then is clear of it
      const monday = checkAlignment(input({}, withWindow('PROD', local('2027-04-12T08:00'), local('2027-04-12T12:00'))))
      expect(monday.issues.map((i) => i.code)).toEqual(['OFF_CYCLE'])
      const beforeEnd = checkAlignment(input({}, withWindow('PROD', local('2027-04-12T07:59'), local('2027-04-12T12:00'))))
      expect(beforeEnd.issues.map((i) => i.code)).toEqual(['FREEZE_WINDOW', 'OFF_CYCLE'])
    })
  })

  describe('OFF_CYCLE', () => {
    it('a last-tier window on no cycle release date is a WARNING (plan still aligned)', () => {
      const r = checkAlignment(input({}, withWindow('PROD', local('2027-03-10T09:00'), local('2027-03-10T17:00'))))
      expect(r.issues).toEqual([
        { code: 'OFF_CYCLE', severity: 'WARNING', releaseId: 'rel-1', message: expect.stringMatching(/PROD window .* not on any cycle's release date/) },
      ])
      expect(r.aligned).toBe(true)
    })

    it('uses the local day of the cycle in the cadence time zone, not the UTC day', () => {
      // 2027-03-09 22:00–23:00 PST is 2027-03-10 06:00–07:00Z: on the 9 March cycle
      expect(codes(input({}, withWindow('PROD', '2027-03-10T06:00:00Z', '2027-03-10T07:00:00Z')))).toEqual([])
      // 2027-03-09 03:00–04:00Z is 8 March 19:00–20:00 PST: off cycle although the UTC date is the 9th
      expect(codes(input({ dependencyLastTierStart: {} }, withWindow('PROD', '2027-03-09T03:00:00Z', '2027-03-09T04:00:00Z')))).toEqual(['OFF_CYCLE:WARNING'])
      // a window from the evening before into the release day overlaps it
      expect(codes(input({ dependencyLastTierStart: {} }, withWindow('PROD', local('2027-03-08T22:00'), local('2027-03-09T01:00'))))).toEqual([])
    })

    it('when the release names a cycle, its last tier must be on that one', () => {
      expect(codes(input({}, { cycleId: 'WA-DSP:2027-03-09' }))).toEqual([])
      const r = checkAlignment(input({}, { cycleId: 'WA-DSP:2027-04-13' }))
      expect(r.issues.map((i) => `${i.code}:${i.severity}`)).toEqual(['OFF_CYCLE:WARNING'])
      expect(r.issues[0]?.message).toMatch(/not on its cycle WA-DSP:2027-04-13 \(release date 2027-04-13/)
      // a cycle id that is not a cycle of the cadence (10 March is no 2nd Tuesday)
      expect(codes(input({}, { cycleId: 'WA-DSP:2027-03-10', ...withWindow('PROD', local('2027-03-10T09:00'), local('2027-03-10T17:00')) }))).toEqual([
        'OFF_CYCLE:WARNING',
      ])
    })

    it('does not apply to EMERGENCY releases', () => {
      expect(codes(input({}, { type: 'EMERGENCY', ...withWindow('PROD', local('2027-03-10T09:00'), local('2027-03-10T17:00')) }))).toEqual([])
    })
  })

  it('MISSING_ROLLBACK', () => {
    expect(codes(input({}, { hasRollback: false }))).toEqual(['MISSING_ROLLBACK:ERROR'])
  })

  it('MISSING_ROLE, once per missing responsibility', () => {
    const r = checkAlignment(input({}, { roles: [{ responsibility: 'RELEASE_MANAGER' }] }))
    expect(r.issues.map((i) => i.code)).toEqual(['MISSING_ROLE'])
    expect(r.issues[0]?.message).toMatch(/no DEPLOYER/)
    const none = checkAlignment(input({}, { roles: [{ responsibility: 'VALIDATOR' }] }))
    expect(none.issues.map((i) => i.message)).toEqual([expect.stringMatching(/RELEASE_MANAGER/), expect.stringMatching(/DEPLOYER/)])
    expect(none.aligned).toBe(false)
  })

  it('MISSING_VALIDATION for the last tier', () => {
    const r = checkAlignment(input({}, { validations: [{ tier: 'TEST' }] }))
    expect(r.issues.map((i) => `${i.code}:${i.severity}`)).toEqual(['MISSING_VALIDATION:ERROR'])
    expect(r.issues[0]?.message).toMatch(/last tier PROD/)
  })

  describe('DEPENDENCY_ORDER', () => {
    it('a dependency starting its last tier after this release does is an ERROR naming it', () => {
      const r = checkAlignment(input({ dependencyLastTierStart: { 'dep-1': local('2027-03-09T09:01') } }))
      expect(r.issues.map((i) => `${i.code}:${i.severity}`)).toEqual(['DEPENDENCY_ORDER:ERROR'])
      expect(r.issues[0]?.message).toMatch(/dependency dep-1/)
    })
    it('equal starts, unknown and unscheduled dependencies are not reported', () => {
      expect(codes(input({ dependencyLastTierStart: { 'dep-1': local('2027-03-09T09:00') } }))).toEqual([])
      expect(codes(input({ dependencyLastTierStart: { 'dep-1': null } }))).toEqual([])
      expect(codes(input({ dependencyLastTierStart: {} }))).toEqual([])
    })
  })

  it('STALE_STRATEGY is a plan-level WARNING', () => {
    const r = checkAlignment(input({ latestStrategyVersion: 3 }))
    expect(r).toEqual({
      aligned: true,
      stale: true,
      strategyVersion: 2,
      issues: [{ code: 'STALE_STRATEGY', severity: 'WARNING', releaseId: null, message: expect.stringMatching(/version 2.*version 3/) }],
    })
  })

  it('cancelled releases are not checked', () => {
    const broken = alignedRelease({ id: 'rel-x', status: 'CANCELLED', hasRollback: false, roles: [], validations: [], schedule: [] })
    expect(checkAlignment(input({ releases: [alignedRelease(), broken] }))).toMatchObject({ aligned: true, issues: [] })
    expect(checkAlignment(input({ releases: [alignedRelease(), { ...broken, status: 'PLANNED' }] })).aligned).toBe(false)
  })

  it('orders issues by release (input order), then by a fixed code order, STALE_STRATEGY first', () => {
    const b = alignedRelease({ id: 'rel-b', hasRollback: false, validations: [], ...withWindow('PROD', local('2027-06-30T12:00'), local('2027-07-01T03:00')) })
    const a = alignedRelease({ id: 'rel-a', roles: [], schedule: alignedRelease().schedule.filter((w) => w.tier !== 'DEV') })
    const r = checkAlignment(input({ latestStrategyVersion: 5, releases: [b, a] }))
    expect(r.issues.map((i) => `${i.releaseId}:${i.code}`)).toEqual([
      'null:STALE_STRATEGY',
      'rel-b:OUTSIDE_PLAN_PERIOD',
      'rel-b:OFF_CYCLE',
      'rel-b:MISSING_ROLLBACK',
      'rel-b:MISSING_VALIDATION',
      'rel-a:TIER_SKIPPED',
      'rel-a:MISSING_ROLE',
      'rel-a:MISSING_ROLE',
    ])
    // deterministic
    expect(checkAlignment(input({ latestStrategyVersion: 5, releases: [b, a] }))).toEqual(r)
  })
})
