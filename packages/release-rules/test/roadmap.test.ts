import { describe, expect, it } from 'vitest'
import { criticalPath, dependentsOf, impactedAgencyIds, lastTierWindow, rollupRoadmap } from '../src/index.ts'
import type { ReleaseNode } from '../src/index.ts'
import { node, schedule, win } from './fixtures.ts'

describe('lastTierWindow', () => {
  const s = [
    win('DEV', '2027-03-01T00:00:00Z', '2027-03-02T00:00:00Z'),
    win('PROD', '2027-03-09T17:00:00Z', '2027-03-10T01:00:00Z'),
    win('TEST', '2027-03-03T00:00:00Z', '2027-03-04T00:00:00Z'),
  ]
  it('with a promotion path: the window of its last tier', () => {
    expect(lastTierWindow(s, ['DEV', 'TEST', 'PROD'])?.tier).toBe('PROD')
    expect(lastTierWindow(s, ['DEV', 'TEST'])?.tier).toBe('TEST')
    expect(lastTierWindow(s, ['DEV', 'TEST', 'PROD', 'DR'])).toBeNull()
  })
  it('without one: the latest-starting window', () => {
    expect(lastTierWindow(s)?.tier).toBe('PROD')
    expect(lastTierWindow([])).toBeNull()
  })
})

describe('impact', () => {
  const a1 = node('a1', { agencyId: 'DOH', dependsOn: ['b1', 'a2', 'ghost'], sharedComponentIds: ['sc-idp', 'sc-gis', 'sc-orphan'] })
  const a2 = node('a2', { agencyId: 'DOH' })
  const b1 = node('b1', { agencyId: 'DSHS' })
  const c1 = node('c1', { agencyId: 'ESD', dependsOn: ['a1'] })
  const d1 = node('d1', { agencyId: 'DOL', dependsOn: ['a1'] })
  const e1 = node('e1', { agencyId: 'ESD', dependsOn: ['a1'] })
  const all = [a1, a2, b1, c1, d1, e1]
  const owners = { 'sc-idp': 'WATECH', 'sc-gis': 'DOH', 'sc-orphan': null }

  it('impactedAgencyIds: dependencies, dependents and shared component owners, minus its own agency, deduped and sorted', () => {
    expect(impactedAgencyIds(a1, all, owners)).toEqual(['DOL', 'DSHS', 'ESD', 'WATECH'])
    expect(impactedAgencyIds(b1, all, owners)).toEqual(['DOH'])
    expect(impactedAgencyIds(a2, all, owners)).toEqual([]) // only its own agency depends on it
    expect(impactedAgencyIds(c1, all, owners)).toEqual(['DOH'])
  })

  it('dependentsOf', () => {
    expect(dependentsOf('a1', all).map((r) => r.id)).toEqual(['c1', 'd1', 'e1'])
    expect(dependentsOf('c1', all)).toEqual([])
    expect(dependentsOf('x', [node('x', { dependsOn: ['x'] })])).toEqual([])
  })
})

describe('rollupRoadmap', () => {
  const doh1 = node('doh-1', { agencyId: 'DOH', name: 'Portal', schedule: schedule('2027-03-09') })
  const doh2 = node('doh-2', { agencyId: 'DOH', name: 'Vitals', schedule: schedule('2027-02-09') })
  const doh3 = node('doh-3', { agencyId: 'DOH', name: 'Unscheduled' })
  const dshs1 = node('dshs-1', { agencyId: 'DSHS', name: 'Eligibility', schedule: schedule('2027-04-13'), dependsOn: ['doh-1'] })
  const esd1 = node('esd-1', { agencyId: 'ESD', name: 'Claims', schedule: schedule('2027-05-11') })
  const plans = [
    { id: 'p-esd', agencyId: 'ESD', status: 'APPROVED', releases: [esd1] },
    { id: 'p-doh', agencyId: 'DOH', status: 'APPROVED', releases: [doh1, doh3] },
    { id: 'p-dshs', agencyId: 'DSHS', status: 'APPROVED', releases: [dshs1] },
    { id: 'p-doh-2', agencyId: 'DOH', status: 'APPROVED', releases: [doh2] },
  ]

  it('one lane per agency, sorted by agency id; releases by first window start, unscheduled last', () => {
    const r = rollupRoadmap(plans)
    expect(r.lanes.map((l) => l.agencyId)).toEqual(['DOH', 'DSHS', 'ESD'])
    expect(r.lanes[0]?.releases.map((x) => x.id)).toEqual(['doh-2', 'doh-1', 'doh-3'])
    expect(r.lanes[0]).toMatchObject({ start: '2027-02-05T00:00:00.000Z', end: '2027-03-09T08:00:00.000Z' })
    expect(r.start).toBe('2027-02-05T00:00:00.000Z')
    expect(r.end).toBe('2027-05-11T08:00:00.000Z')
    expect(r.conflicts).toEqual([])
  })

  it('a range keeps only releases with a window overlapping it', () => {
    const r = rollupRoadmap(plans, { start: '2027-03-01T00:00:00Z', end: '2027-04-10T00:00:00Z' })
    expect(r.lanes.map((l) => [l.agencyId, l.releases.map((x) => x.id)])).toEqual([
      ['DOH', ['doh-1']],
      ['DSHS', ['dshs-1']], // its DEV window starts 2027-04-09
      ['ESD', []],
    ])
    expect(r.lanes[2]).toMatchObject({ start: null, end: null })
    expect(r.start).toBe('2027-03-05T00:00:00.000Z')
  })

  it('an empty roadmap', () => {
    expect(rollupRoadmap([])).toEqual({ lanes: [], conflicts: [], start: null, end: null })
  })

  it('DEPENDENCY_ORDER when a dependency reaches its last tier after the dependent', () => {
    const late = node('doh-1', { agencyId: 'DOH', name: 'Portal', schedule: schedule('2027-04-20') })
    const r = rollupRoadmap([
      { id: 'p1', agencyId: 'DOH', status: 'APPROVED', releases: [late] },
      { id: 'p2', agencyId: 'DSHS', status: 'APPROVED', releases: [dshs1] },
    ])
    expect(r.conflicts).toEqual([
      {
        kind: 'DEPENDENCY_ORDER',
        releaseIds: ['dshs-1', 'doh-1'],
        message: expect.stringMatching(/'Eligibility' 1\.0\.0 .* before its dependency 'Portal' 1\.0\.0/),
      },
    ])
  })

  it('MISSING_DEPENDENCY for unknown or cancelled dependencies; cancelled releases raise no conflicts', () => {
    const orphan = node('x1', { agencyId: 'DOL', dependsOn: ['nope'], schedule: schedule('2027-03-09') })
    const cancelledDep = node('doh-1', { agencyId: 'DOH', status: 'CANCELLED', schedule: schedule('2027-09-01') })
    const cancelledBroken = node('y1', { agencyId: 'DOL', status: 'CANCELLED', dependsOn: ['nope', 'y1'] })
    const r = rollupRoadmap([
      { id: 'p1', agencyId: 'DOH', status: 'APPROVED', releases: [cancelledDep] },
      { id: 'p2', agencyId: 'DSHS', status: 'APPROVED', releases: [dshs1] },
      { id: 'p3', agencyId: 'DOL', status: 'APPROVED', releases: [orphan, cancelledBroken] },
    ])
    expect(r.conflicts).toEqual([
      { kind: 'MISSING_DEPENDENCY', releaseIds: ['dshs-1', 'doh-1'], message: expect.stringMatching(/depends on release doh-1, which is cancelled/) },
      { kind: 'MISSING_DEPENDENCY', releaseIds: ['x1', 'nope'], message: expect.stringMatching(/depends on release nope, which is not on the roadmap/) },
    ])
    // the cancelled release is still shown in its lane
    expect(r.lanes.find((l) => l.agencyId === 'DOL')?.releases.map((x) => x.id)).toEqual(['x1', 'y1'])
  })

  it('CYCLE for dependency cycles (including self-dependency), each reported once', () => {
    const a = node('a', { dependsOn: ['b'] })
    const b = node('b', { dependsOn: ['c'] })
    const c = node('c', { dependsOn: ['a'] })
    const s = node('s', { dependsOn: ['s'] })
    const t = node('t', { dependsOn: ['a'] }) // depends on the cycle but is not in it
    const r = rollupRoadmap([{ id: 'p', agencyId: 'A', status: 'APPROVED', releases: [t, a, b, c, s] }])
    expect(r.conflicts.map((x) => [x.kind, x.releaseIds])).toEqual([
      ['CYCLE', ['a', 'b', 'c']],
      ['CYCLE', ['s']],
    ])
    expect(r.conflicts[1]?.message).toMatch(/depends on itself/)
  })

  it('with a range, only conflicts involving a shown release are kept', () => {
    const late = node('doh-1', { agencyId: 'DOH', name: 'Portal', schedule: schedule('2027-04-20') })
    const plans2 = [
      { id: 'p1', agencyId: 'DOH', status: 'APPROVED', releases: [late] },
      { id: 'p2', agencyId: 'DSHS', status: 'APPROVED', releases: [dshs1] },
    ]
    expect(rollupRoadmap(plans2, { start: '2027-04-01T00:00:00Z', end: '2027-04-14T00:00:00Z' }).conflicts).toHaveLength(1)
    expect(rollupRoadmap(plans2, { start: '2027-10-01T00:00:00Z', end: '2027-11-01T00:00:00Z' }).conflicts).toEqual([])
  })

  it('rolls up a full-year roadmap of 40 agencies × 50 releases (timing: scripts/bench)', () => {
    const big = Array.from({ length: 40 }, (_, a) => ({
      id: `p${a}`,
      agencyId: `AG${String(a).padStart(2, '0')}`,
      status: 'APPROVED',
      releases: Array.from({ length: 50 }, (_, i): ReleaseNode => {
        const day = new Date(Date.UTC(2027, 0, 10 + ((i * 7 + a) % 340))).toISOString().slice(0, 10)
        return node(`r${a}-${i}`, { agencyId: `AG${a}`, schedule: schedule(day), dependsOn: i > 0 ? [`r${a}-${i - 1}`, `r${(a + 1) % 40}-${i}`] : [] })
      }),
    }))
    const r = rollupRoadmap(big)
    expect(r.lanes).toHaveLength(40)
    expect(r.lanes.reduce((n, l) => n + l.releases.length, 0)).toBe(2000)
  })
})

describe('criticalPath', () => {
  it('follows the dependency chain that finishes latest, ending at the target', () => {
    const base = node('base', { schedule: schedule('2027-01-15') })
    const fast = node('fast', { schedule: schedule('2027-02-01'), dependsOn: [] })
    const slow = node('slow', { schedule: schedule('2027-02-20'), dependsOn: ['base'] })
    const target = node('target', { schedule: schedule('2027-03-09'), dependsOn: ['fast', 'slow'] })
    expect(criticalPath('target', [target, fast, slow, base])).toEqual({ path: ['base', 'slow', 'target'], finish: '2027-03-09T08:00:00.000Z' })
  })

  it('a release without dependencies is its own path; unscheduled → finish null; unknown target → empty', () => {
    expect(criticalPath('x', [node('x', { schedule: schedule('2027-03-09') })])).toEqual({ path: ['x'], finish: '2027-03-09T08:00:00.000Z' })
    expect(criticalPath('x', [node('x')])).toEqual({ path: ['x'], finish: null })
    expect(criticalPath('nope', [node('x')])).toEqual({ path: [], finish: null })
  })

  it('skips cancelled and unknown dependencies', () => {
    const dead = node('dead', { status: 'CANCELLED', schedule: schedule('2027-06-01') })
    const live = node('live', { schedule: schedule('2027-02-01') })
    const t = node('t', { schedule: schedule('2027-03-09'), dependsOn: ['dead', 'ghost', 'live'] })
    expect(criticalPath('t', [t, dead, live]).path).toEqual(['live', 't'])
  })

  it("a late dependency makes the finish later than the target's own last tier", () => {
    const late = node('late', { schedule: schedule('2027-04-01') })
    const t = node('t', { schedule: schedule('2027-03-09'), dependsOn: ['late'] })
    expect(criticalPath('t', [t, late])).toEqual({ path: ['late', 't'], finish: '2027-04-01T08:00:00.000Z' })
  })

  it('detects cycles without looping forever', () => {
    const a = node('a', { dependsOn: ['b'], schedule: schedule('2027-03-01') })
    const b = node('b', { dependsOn: ['c'], schedule: schedule('2027-02-01') })
    const c = node('c', { dependsOn: ['a'], schedule: schedule('2027-01-01') })
    const r = criticalPath('a', [a, b, c])
    expect(r.path).toEqual(['c', 'b', 'a'])
    expect(r.cycle).toEqual(['a', 'b', 'c'])
    const self = criticalPath('s', [node('s', { dependsOn: ['s'] })])
    expect(self).toEqual({ path: ['s'], finish: null, cycle: ['s'] })
    expect(criticalPath('t', [node('t', { dependsOn: ['a'] })])).not.toHaveProperty('cycle')
  })

  it('handles long chains (no recursion limit)', () => {
    const n = 20_000
    const all = Array.from({ length: n }, (_, i) => node(`r${i}`, { dependsOn: i > 0 ? [`r${i - 1}`] : [] }))
    const r = criticalPath(`r${n - 1}`, all)
    expect(r.path).toHaveLength(n)
    expect(r.path[0]).toBe('r0')
  })
})
