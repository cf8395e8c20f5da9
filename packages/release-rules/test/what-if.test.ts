import { describe, expect, it } from 'vitest'
import { applyMutations, planAlignment, previewScenario } from '../src/what-if.rules.ts'
import type { WhatIfInput, WhatIfPlan, WhatIfRelease, WhatIfReleaseContent } from '../src/what-if.rules.ts'
import type { StageWindowSpec } from '../src/types.ts'
import { local, strategy, win } from './fixtures.ts'

/*
 * The world (times are America/Los_Angeles; daylight saving time starts Sunday 2027-03-14).
 * Cycles: the 2nd Tuesday of each month (9 March). Weekend freeze of PROD: Fri 17:00 → Mon 08:00.
 *
 * plan-A  DOH  APPROVED (revision 5)
 *   a1  DEV 22–23 Feb · TEST 1–3 Mar · PROD Tue 9 Mar 09:00–17:00 on shared-prod (booked 08:00–18:00); depends on b1
 *   a2  RELEASED in January
 * plan-B  DOL  DRAFT
 *   b1  DEV 15 Feb · TEST 16 Feb · PROD Tue 9 Mar 06:00–08:00 (before a1's)
 * plan-C  ECY  APPROVED, its release without the fields alignment needs (not re-checkable)
 *   c1  PROD Tue 9 Mar 18:00–20:00; depends on a1
 * d1  DOR (plan not given): holds a booking of shared-prod on Sat 13 Mar 08:00–18:00
 */
const content: WhatIfReleaseContent = {
  hasRollback: true,
  roles: [{ responsibility: 'RELEASE_MANAGER' }, { responsibility: 'DEPLOYER' }],
  validations: [{ tier: 'TEST' }, { tier: 'PROD' }],
}

function release(id: string, agencyId: string, planId: string, schedule: StageWindowSpec[], overrides: Partial<WhatIfRelease> = {}): WhatIfRelease {
  return {
    id,
    agencyId,
    planId,
    name: `Release ${id}`,
    version: '1.0.0',
    status: 'PLANNED',
    type: 'MINOR',
    currentTier: null,
    schedule,
    dependsOn: [],
    sharedComponentIds: [],
    revision: 1,
    content,
    ...overrides,
  }
}

const a1 = release(
  'a1',
  'DOH',
  'plan-A',
  [
    win('DEV', local('2027-02-22T09:00'), local('2027-02-23T17:00')),
    win('TEST', local('2027-03-01T09:00'), local('2027-03-03T17:00')),
    win('PROD', local('2027-03-09T09:00'), local('2027-03-09T17:00'), 'shared-prod'),
  ],
  { dependsOn: ['b1'], revision: 3 },
)
const a2 = release(
  'a2',
  'DOH',
  'plan-A',
  [
    win('DEV', local('2027-01-06T09:00'), local('2027-01-06T17:00')),
    win('TEST', local('2027-01-07T09:00'), local('2027-01-07T17:00')),
    win('PROD', local('2027-01-12T09:00'), local('2027-01-12T17:00')),
  ],
  { status: 'RELEASED', currentTier: 'PROD' },
)
const b1 = release(
  'b1',
  'DOL',
  'plan-B',
  [
    win('DEV', local('2027-02-15T09:00'), local('2027-02-15T17:00')),
    win('TEST', local('2027-02-16T09:00'), local('2027-02-16T17:00')),
    win('PROD', local('2027-03-09T06:00'), local('2027-03-09T08:00')),
  ],
  { revision: 2 },
)
const c1 = release(
  'c1',
  'ECY',
  'plan-C',
  [
    win('DEV', local('2027-03-01T09:00'), local('2027-03-01T17:00')),
    win('TEST', local('2027-03-02T09:00'), local('2027-03-02T17:00')),
    win('PROD', local('2027-03-09T18:00'), local('2027-03-09T20:00')),
  ],
  { dependsOn: ['a1'], content: null },
)
const d1 = release('d1', 'DOR', 'plan-D', [win('PROD', local('2027-03-13T08:00'), local('2027-03-13T18:00'), 'shared-prod')], { content: null })

function plan(id: string, agencyId: string, status: string): WhatIfPlan {
  return { id, agencyId, status, revision: 5, periodStart: '2027-01-01', periodEnd: '2027-06-30', strategy: strategy() }
}

const world: WhatIfInput = {
  programKey: 'WA-DSP',
  latestStrategyVersion: 2,
  plans: [plan('plan-A', 'DOH', 'APPROVED'), plan('plan-B', 'DOL', 'DRAFT'), plan('plan-C', 'ECY', 'APPROVED')],
  releases: [a1, a2, b1, c1, d1],
  bookings: [
    { id: 'bk-a1', environmentId: 'shared-prod', releaseId: 'a1', start: local('2027-03-09T08:00'), end: local('2027-03-09T18:00') },
    { id: 'bk-d1', environmentId: 'shared-prod', releaseId: 'd1', start: local('2027-03-13T08:00'), end: local('2027-03-13T18:00') },
  ],
}

const issueCodes = (issues: { code: string; severity: string; releaseId: string | null }[]) => issues.map((i) => `${i.code}:${i.severity}:${i.releaseId ?? ''}`)

describe('the fixture world', () => {
  it('starts aligned, with no dependency conflict', () => {
    expect(planAlignment(world, 'plan-A')?.issues).toEqual([])
    expect(planAlignment(world, 'plan-B')?.issues).toEqual([])
    expect(planAlignment(world, 'plan-C')).toBeNull()
    expect(previewScenario(world, { edits: [] }).dependencyOrder.before).toEqual([])
  })
})

describe('previewScenario', () => {
  it('moving b1’s PROD window a week later breaks a1’s dependency order and puts b1 off cycle', () => {
    const p = previewScenario(world, { edits: [{ kind: 'MOVE_RELEASE', releaseId: 'b1', shift: { days: 7 }, tiers: ['PROD'] }] })
    expect(p.ok).toBe(true)
    expect(p.problems).toEqual([])
    // 06:00 PST + 7 days = 06:00 PDT (the local time is kept across the change to daylight saving time)
    expect(p.mutations).toEqual([
      {
        releaseId: 'b1',
        planId: 'plan-B',
        expectedRevision: 2,
        schedule: [
          { tier: 'DEV', start: '2027-02-15T17:00:00.000Z', end: '2027-02-16T01:00:00.000Z', environmentId: null },
          { tier: 'TEST', start: '2027-02-16T17:00:00.000Z', end: '2027-02-17T01:00:00.000Z', environmentId: null },
          { tier: 'PROD', start: '2027-03-16T13:00:00.000Z', end: '2027-03-16T15:00:00.000Z', environmentId: null },
        ],
      },
    ])
    expect(p.plansReturningToDraft).toEqual([]) // plan-B is a draft
    expect(p.alignment.map((a) => [a.planId, issueCodes(a.added), issueCodes(a.resolved), a.after.aligned])).toEqual([
      ['plan-A', ['DEPENDENCY_ORDER:ERROR:a1'], [], false],
      ['plan-B', ['OFF_CYCLE:WARNING:b1'], [], true], // 16 March is the 3rd Tuesday
    ])
    expect(p.uncheckedPlanIds).toEqual([]) // plan-C's c1 depends on a1, which did not move
    expect(p.dependencyOrder.added.map((c) => [c.kind, c.releaseIds])).toEqual([['DEPENDENCY_ORDER', ['a1', 'b1']]])
    expect(p.dependencyOrder.resolved).toEqual([])
    expect(p.freezeHits.added).toEqual([])
    expect(p.bookingConflicts.after).toEqual([])
    // targets: b1 and everything depending on it (a1, then c1 through a1)
    expect(p.criticalPaths.map((c) => [c.targetId, c.before.path, c.before.finish, c.after.path, c.after.finish, c.changed])).toEqual([
      ['b1', ['b1'], '2027-03-09T16:00:00.000Z', ['b1'], '2027-03-16T15:00:00.000Z', true],
      ['a1', ['b1', 'a1'], '2027-03-10T01:00:00.000Z', ['b1', 'a1'], '2027-03-16T15:00:00.000Z', true],
      ['c1', ['b1', 'a1', 'c1'], '2027-03-10T04:00:00.000Z', ['b1', 'a1', 'c1'], '2027-03-16T15:00:00.000Z', true],
    ])
    expect(p.impactedAgencies).toEqual([{ releaseId: 'b1', before: ['DOH'], after: ['DOH'], added: [], removed: [] }])
    expect(p.impactedAgencyIds).toEqual(['DOH'])
  })

  it('shifting plan A by 4 days: a1 lands on a frozen Saturday on another release’s booking; the approved plan returns to draft', () => {
    const p = previewScenario(world, { edits: [{ kind: 'SHIFT_PLAN', planId: 'plan-A', shift: { days: 4 } }] })
    // a2 is released: it stays where it is
    expect(p.mutations.map((m) => [m.releaseId, m.expectedRevision, m.schedule.map((w) => `${w.tier} ${w.start}`)])).toEqual([
      ['a1', 3, ['DEV 2027-02-26T17:00:00.000Z', 'TEST 2027-03-05T17:00:00.000Z', 'PROD 2027-03-13T17:00:00.000Z']],
    ])
    expect(p.plansReturningToDraft).toEqual(['plan-A'])
    expect(p.alignment.map((a) => [a.planId, issueCodes(a.added), issueCodes(a.resolved)])).toEqual([
      ['plan-A', ['FREEZE_WINDOW:ERROR:a1', 'OFF_CYCLE:WARNING:a1'], []],
    ])
    expect(p.uncheckedPlanIds).toEqual(['plan-C']) // c1 depends on a1 but its plan cannot be re-checked here
    expect(p.freezeHits.added).toEqual([
      {
        releaseId: 'a1',
        tier: 'PROD',
        windowStart: '2027-03-13T17:00:00.000Z',
        windowEnd: '2027-03-14T01:00:00.000Z',
        freezeWindowId: 'fw-weekend',
        freezeName: 'Weekend freeze',
        start: '2027-03-13T01:00:00.000Z', // Fri 12 Mar 17:00 PST
        end: '2027-03-15T15:00:00.000Z', // Mon 15 Mar 08:00 PDT
      },
    ])
    expect(p.bookingConflicts.added).toEqual([
      {
        releaseId: 'a1',
        tier: 'PROD',
        environmentId: 'shared-prod',
        bookingId: 'bk-d1',
        bookingReleaseId: 'd1',
        bookingAgencyId: 'DOR',
        start: '2027-03-13T16:00:00.000Z',
        end: '2027-03-14T02:00:00.000Z',
      },
    ])
    expect(p.unbookedWindows.added).toEqual([
      { releaseId: 'a1', tier: 'PROD', environmentId: 'shared-prod', start: '2027-03-13T17:00:00.000Z', end: '2027-03-14T01:00:00.000Z' },
    ])
    expect(p.unbookedWindows.before).toEqual([])
    expect(p.dependencyOrder.added.map((c) => c.releaseIds)).toEqual([['c1', 'a1']])
    expect(p.impactedAgencies).toEqual([{ releaseId: 'a1', before: ['DOL', 'ECY'], after: ['DOL', 'DOR', 'ECY'], added: ['DOR'], removed: [] }])
    expect(p.criticalPaths.map((c) => [c.targetId, c.after.finish, c.changed])).toEqual([
      ['a1', '2027-03-14T01:00:00.000Z', true],
      ['c1', '2027-03-14T01:00:00.000Z', true],
    ])
  })

  it('moving a1 back onto its cycle day resolves what the shift broke', () => {
    const shifted = applyMutations(world, previewScenario(world, { edits: [{ kind: 'SHIFT_PLAN', planId: 'plan-A', shift: { days: 4 } }] }).mutations)
    const p = previewScenario(shifted, { edits: [{ kind: 'MOVE_RELEASE', releaseId: 'a1', shift: { days: -4 } }] })
    expect(p.alignment.map((a) => [a.planId, issueCodes(a.added), issueCodes(a.resolved)])).toEqual([
      ['plan-A', [], ['FREEZE_WINDOW:ERROR:a1', 'OFF_CYCLE:WARNING:a1']],
    ])
    expect(p.freezeHits.resolved).toHaveLength(1)
    expect(p.bookingConflicts.resolved.map((c) => c.bookingId)).toEqual(['bk-d1'])
    expect(p.mutations[0]?.schedule).toEqual(a1.schedule)
  })

  it('days keep the local time across daylight saving; minutes are absolute', () => {
    const byDays = previewScenario(world, { edits: [{ kind: 'MOVE_RELEASE', releaseId: 'a1', shift: { days: 7 }, tiers: ['PROD'] }] })
    expect(byDays.mutations[0]?.schedule[2]).toMatchObject({ start: '2027-03-16T16:00:00.000Z', end: '2027-03-17T00:00:00.000Z' }) // 09:00–17:00 PDT
    const byMinutes = previewScenario(world, { edits: [{ kind: 'MOVE_RELEASE', releaseId: 'a1', shift: { minutes: 7 * 1440 } }] })
    expect(byMinutes.mutations[0]?.schedule[2]).toMatchObject({ start: '2027-03-16T17:00:00.000Z' }) // 10:00 PDT
  })

  it('SET_WINDOWS gives windows new instants; edits that cannot be applied are reported and skipped', () => {
    const p = previewScenario(world, {
      edits: [
        { kind: 'MOVE_RELEASE', releaseId: 'zzz', shift: { days: 1 } },
        { kind: 'MOVE_RELEASE', releaseId: 'a2', shift: { days: 1 } },
        { kind: 'MOVE_RELEASE', releaseId: 'a1', shift: { days: 1 }, tiers: ['UAT'] },
        { kind: 'SET_WINDOWS', releaseId: 'b1', windows: [{ tier: 'PROD', start: '2027-03-09T05:00:00-08:00', end: '2027-03-09T07:00:00-08:00' }] },
        { kind: 'SHIFT_PLAN', planId: 'plan-D', shift: { days: 1 } },
        { kind: 'MOVE_RELEASE', releaseId: 'a1', shift: { days: 1.5 } },
      ],
    })
    expect(p.ok).toBe(false)
    expect(p.problems.map((x) => [x.editIndex, x.path, x.message])).toEqual([
      [0, ['edits', 0, 'releaseId'], 'This release is not on the roadmap.'],
      [1, ['edits', 1, 'releaseId'], 'Release Release a2 1.0.0 is released; its schedule cannot change.'],
      [2, ['edits', 2, 'tiers', 0], 'Release Release a1 1.0.0 has no UAT window.'],
      [4, ['edits', 4, 'planId'], 'This plan is not on the roadmap.'],
      [5, ['edits', 5, 'shift', 'days'], 'Days must be a whole number from −3660 to 3660.'],
    ])
    expect(p.mutations.map((m) => [m.releaseId, m.schedule[2]?.start, m.schedule[2]?.end])).toEqual([
      ['b1', '2027-03-09T13:00:00.000Z', '2027-03-09T15:00:00.000Z'],
    ])
    expect(p.alignment.flatMap((a) => a.added)).toEqual([])
  })

  it('a chosen critical-path target is the only one reported', () => {
    const p = previewScenario({ ...world, criticalPathTargets: ['c1'] }, { edits: [{ kind: 'MOVE_RELEASE', releaseId: 'b1', shift: { minutes: 30 } }] })
    expect(p.criticalPaths.map((c) => [c.targetId, c.changed])).toEqual([['c1', false]]) // c1's own PROD window still ends last
  })

  it('a plan alignment the caller already has is used as the report before, with the same result', () => {
    const given: WhatIfInput = { ...world, plans: world.plans.map((p) => ({ ...p, alignment: planAlignment(world, p.id) })) }
    const scenario = { edits: [{ kind: 'SHIFT_PLAN' as const, planId: 'plan-A', shift: { days: 4 } }] }
    expect(previewScenario(given, scenario)).toEqual(previewScenario(world, scenario))
    // a stale report the caller holds is taken as it is: its issues of untouched releases stay
    const stale = { code: 'MISSING_ROLE' as const, severity: 'ERROR' as const, message: 'Release a2 has no DEPLOYER assigned', releaseId: 'a2' }
    const withStale: WhatIfInput = {
      ...world,
      plans: world.plans.map((p) => (p.id === 'plan-A' ? { ...p, alignment: { aligned: false, stale: false, strategyVersion: 2, issues: [stale] } } : p)),
    }
    const p = previewScenario(withStale, scenario).alignment[0]
    expect(p?.after.issues.map((i) => `${i.code}:${i.releaseId ?? ''}`)).toEqual(['FREEZE_WINDOW:a1', 'OFF_CYCLE:a1', 'MISSING_ROLE:a2'])
    expect(p?.resolved).toEqual([])
  })

  it('shifting by zero changes nothing', () => {
    const p = previewScenario(world, {
      edits: [
        { kind: 'SHIFT_PLAN', planId: 'plan-A', shift: { days: 0, minutes: 0 } },
        { kind: 'MOVE_RELEASE', releaseId: 'b1', shift: {} },
      ],
    })
    expect(p).toMatchObject({ ok: true, mutations: [], changes: [], plansReturningToDraft: [], alignment: [], criticalPaths: [], impactedAgencies: [] })
    expect(p.dependencyOrder.added).toEqual([])
    expect(p.dependencyOrder.resolved).toEqual([])
  })
})
