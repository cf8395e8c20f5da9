import { describe, expect, it } from 'vitest'
import {
  RISK_REASONS_WORST_FIRST,
  RISK_REASON_ACTIONS,
  RISK_REASON_LABELS,
  RISK_REASON_WEIGHT,
  nextWindow,
  releaseRisks,
  riskArgumentErrors,
} from '../src/risks.rules.ts'
import type { RiskInput, RiskPlan, RiskReason, RiskRelease, RiskStrategy } from '../src/risks.rules.ts'
import type { BookingSpec, CheckpointRecord, FreezeWindowSpec } from '../src/types.ts'
import { prodGate, testGate, win } from './fixtures.ts'

/*
 * asOf Monday 2027-03-01 12:00Z; the default horizon of 30 days ends 2027-03-31 12:00Z.
 * Path DEV → TEST → PROD; gates into TEST (unit-tests ≥ 95) and PROD (uat-signoff, attested with
 * evidence); one freeze of PROD, 2027-03-20 00:00Z – 03-22 00:00Z.
 *
 * The healthy release `rel(id)`: in DEV (DEV window 02-01 – 02-02 is done), TEST window
 * 03-10 – 03-12 on environment e-test (booked by `bookedTest(id)`), PROD window 04-20 – 04-21 on
 * e-prod (after the horizon), both gates' checkpoints recorded, environment ready. Each test
 * breaks exactly one thing of it.
 */
const Z = (s: string) => `2027-${s}:00.000Z`
const asOf = Z('03-01T12:00')

const springFreeze: FreezeWindowSpec = {
  id: 'fw-spring',
  name: 'Spring freeze',
  reason: null,
  start: Z('03-20T00:00'),
  end: Z('03-22T00:00'),
  timeZone: 'UTC',
  recurrence: null,
  tiers: ['PROD'],
}
const strategy: RiskStrategy = { promotionPath: ['DEV', 'TEST', 'PROD'], qualityGates: [testGate, prodGate], freezeWindows: [springFreeze] }

function plan(id: string, overrides: Partial<RiskPlan> = {}): RiskPlan {
  return { id, status: 'APPROVED', submittedAt: null, alignment: { issues: [] }, strategy, ...overrides }
}
const plans: RiskPlan[] = [
  plan('P1'),
  plan('P-waiting', { status: 'SUBMITTED', submittedAt: Z('02-20T12:00'), alignment: { issues: [{ severity: 'WARNING' }] } }),
  plan('P-7days', { status: 'SUBMITTED', submittedAt: Z('02-22T12:00') }),
  plan('P-misaligned', { status: 'DRAFT', alignment: { issues: [{ severity: 'WARNING' }, { severity: 'ERROR' }, { severity: 'ERROR' }] } }),
]

const passTest: CheckpointRecord = { criterionKey: 'unit-tests', value: 99, recordedAt: Z('02-01T00:00') }
const passProd: CheckpointRecord = { criterionKey: 'uat-signoff', attested: true, evidenceUrl: 'https://evidence.example/uat', recordedAt: Z('02-01T00:00') }

function rel(id: string, overrides: Partial<RiskRelease> = {}): RiskRelease {
  return {
    id,
    planId: 'P1',
    agencyId: 'DOH',
    name: `Release ${id}`,
    version: '1.0.0',
    status: 'IN_PROGRESS',
    type: 'MINOR',
    currentTier: 'DEV',
    schedule: [
      win('DEV', Z('02-01T00:00'), Z('02-02T00:00'), 'e-dev'),
      win('TEST', Z('03-10T00:00'), Z('03-12T00:00'), 'e-test'),
      win('PROD', Z('04-20T00:00'), Z('04-21T00:00'), 'e-prod'),
    ],
    dependsOn: [],
    checkpoints: [passTest, passProd],
    readiness: [
      { tier: 'TEST', environmentId: 'e-test', blockers: [] },
      { tier: 'PROD', environmentId: 'e-prod', blockers: [] },
    ],
    ...overrides,
  }
}

function bookedTest(releaseId: string, start = Z('03-10T00:00'), end = Z('03-12T00:00')): BookingSpec {
  return { id: `b-${releaseId}-${start}`, environmentId: 'e-test', releaseId, start, end }
}

function risks(releases: RiskRelease[], overrides: Partial<RiskInput> = {}) {
  return releaseRisks({
    asOf,
    plans,
    releases,
    bookings: releases.map((r) => bookedTest(r.id)),
    environments: [
      { id: 'e-dev', tier: 'DEV' },
      { id: 'e-test', tier: 'TEST' },
      { id: 'e-prod', tier: 'PROD' },
    ],
    ...overrides,
  })
}

/** Reasons per release id, for the releases at risk. */
function reasonsOf(releases: RiskRelease[], overrides: Partial<RiskInput> = {}): Record<string, RiskReason[]> {
  return Object.fromEntries(risks(releases, overrides).map((r) => [r.releaseId, r.reasons]))
}

const TEST_SLIPPED = [
  win('DEV', Z('02-01T00:00'), Z('02-02T00:00')),
  win('TEST', Z('02-20T00:00'), Z('02-22T00:00')),
  win('PROD', Z('04-20T00:00'), Z('04-21T00:00')),
]

describe('releaseRisks', () => {
  it('the healthy release is not at risk', () => {
    expect(risks([rel('ok')])).toEqual([])
  })

  describe('SLIPPED: the next window ended before asOf without a promotion or deployment into its tier', () => {
    it('a TEST window that ended while the release is still in DEV', () => {
      const [risk] = risks([rel('slip', { schedule: TEST_SLIPPED })])
      expect(risk).toMatchObject({ releaseId: 'slip', reasons: ['SLIPPED'], nextWindowStart: Z('02-20T00:00'), nextWindowTier: 'TEST', score: 128 })
      expect(risk?.details[0]?.message).toMatch(/TEST window .* ended 7 days ago without a promotion into TEST/)
    })
    it('not once promoted into the tier: the next window is then PROD', () => {
      expect(reasonsOf([rel('slip', { schedule: TEST_SLIPPED, currentTier: 'TEST' })])).toEqual({})
    })
    it('not when a successful deployment into the tier started before the window ended; a failed one does not count', () => {
      const r = rel('slip', { schedule: TEST_SLIPPED })
      const ok = { releaseId: 'slip', environmentId: 'e-test', outcome: 'SUCCEEDED' as const, startedAt: Z('02-21T10:00') }
      expect(reasonsOf([r], { deployments: [ok] })).toEqual({})
      expect(reasonsOf([r], { deployments: [{ ...ok, outcome: 'FAILED' }] })).toEqual({ slip: ['SLIPPED'] })
      expect(reasonsOf([r], { deployments: [{ ...ok, startedAt: Z('02-22T00:00') }] })).toEqual({ slip: ['SLIPPED'] })
      expect(reasonsOf([r], { deployments: [{ ...ok, environmentId: 'e-dev' }] })).toEqual({ slip: ['SLIPPED'] })
    })
    it('a window ending exactly at asOf has slipped; one ending a millisecond later has not', () => {
      const at = (end: string) => rel('s', { schedule: [win('TEST', Z('02-27T00:00'), end), win('PROD', Z('04-20T00:00'), Z('04-21T00:00'))] })
      expect(reasonsOf([at(asOf)])).toEqual({ s: ['SLIPPED'] })
      expect(reasonsOf([at('2027-03-01T12:00:00.001Z')])).toEqual({})
    })
  })

  describe('GATE_UNMET: the gate of the next tier is not passed and its window starts within the horizon', () => {
    it('no unit-tests checkpoint and the TEST window opens in 8.5 days', () => {
      const [risk] = risks([rel('gate', { checkpoints: [passProd] })])
      expect(risk?.reasons).toEqual(['GATE_UNMET'])
      expect(risk?.details[0]).toMatchObject({ reason: 'GATE_UNMET', tier: 'TEST' })
      expect(risk?.details[0]?.message).toMatch(/gate 'Test entry' into TEST is not passed \(unmet: unit-tests\); the TEST window opens in 8 days/)
      expect(risk?.details[0]?.action).toMatch(/Record the checkpoints unit-tests/)
    })
    it('a checkpoint below the threshold does not pass the gate either', () => {
      expect(reasonsOf([rel('gate', { checkpoints: [{ ...passTest, value: 90 }, passProd] })])).toEqual({ gate: ['GATE_UNMET'] })
    })
    it('only the next tier counts: an unmet PROD gate while the next window is TEST is no risk', () => {
      expect(reasonsOf([rel('gate', { checkpoints: [passTest] })])).toEqual({})
    })
    it('a window starting at the end of the horizon or later is not within it; a window already open is', () => {
      const testAt = (start: string, end: string) =>
        rel('g', { checkpoints: [], schedule: [win('TEST', start, end), win('PROD', Z('05-20T00:00'), Z('05-21T00:00'))] })
      expect(reasonsOf([testAt(Z('03-31T12:00'), Z('04-02T00:00'))])).toEqual({})
      expect(reasonsOf([testAt('2027-03-31T11:59:59.999Z', Z('04-02T00:00'))])).toEqual({ g: ['GATE_UNMET'] })
      expect(reasonsOf([testAt(Z('02-28T00:00'), Z('03-03T00:00'))])).toEqual({ g: ['GATE_UNMET'] })
      // a longer horizon reaches it
      expect(reasonsOf([testAt(Z('04-05T00:00'), Z('04-06T00:00'))], { horizonDays: 40 })).toEqual({ g: ['GATE_UNMET'] })
    })
  })

  describe('ENVIRONMENT_NOT_READY: the next window’s environment has readiness blockers', () => {
    it('drift on the TEST environment', () => {
      const r = rel('env', {
        readiness: [
          { tier: 'TEST', environmentId: 'e-test', blockers: [{ code: 'DRIFT', message: 'doh-test has drifted from its approved baseline' }] },
          { tier: 'PROD', environmentId: 'e-prod', blockers: [] },
        ],
      })
      const [risk] = risks([r])
      expect(risk?.reasons).toEqual(['ENVIRONMENT_NOT_READY'])
      expect(risk?.details[0]?.message).toBe('The TEST environment is not ready: doh-test has drifted from its approved baseline.')
    })
    it('blockers of a later window’s environment are not the next window’s', () => {
      const r = rel('env', {
        readiness: [
          { tier: 'TEST', environmentId: 'e-test', blockers: [] },
          { tier: 'PROD', environmentId: 'e-prod', blockers: [{ code: 'ENVIRONMENT_OFFLINE', message: 'doh-prod is offline' }] },
        ],
      })
      expect(reasonsOf([r])).toEqual({})
    })
  })

  describe('MISALIGNED: the plan’s alignment has ERROR issues', () => {
    it('every release of a plan with errors; warnings alone are not', () => {
      const [risk] = risks([rel('m', { planId: 'P-misaligned' })])
      expect(risk?.reasons).toEqual(['MISALIGNED'])
      expect(risk?.details[0]?.message).toBe('The plan’s alignment has 2 errors.')
      expect(reasonsOf([rel('w', { planId: 'P-7days' }), rel('v', { planId: 'P1' })])).toEqual({})
    })
    it('unknown alignment is not misalignment', () => {
      expect(reasonsOf([rel('u')], { plans: [plan('P1', { alignment: null })] })).toEqual({})
    })
  })

  describe('DEPENDENCY_ORDER: a dependency reaches its last tier after this release does', () => {
    const late = rel('late', { schedule: [win('TEST', Z('03-10T00:00'), Z('03-12T00:00'), 'e-test'), win('PROD', Z('04-25T00:00'), Z('04-26T00:00'))] })
    it('the dependency’s PROD window starts after this release’s', () => {
      const [risk] = risks([rel('dep', { dependsOn: ['late'] }), late])
      expect(risk).toMatchObject({ releaseId: 'dep', reasons: ['DEPENDENCY_ORDER'] })
      expect(risk?.details[0]?.message).toMatch(
        /depends on Release late 1.0.0, which reaches its last tier at 2027-04-25 00:00 UTC, after this release reaches PROD/,
      )
    })
    it('not when the dependency starts its last tier first or at the same time', () => {
      const same = rel('same', { schedule: [win('TEST', Z('03-10T00:00'), Z('03-12T00:00'), 'e-test'), win('PROD', Z('04-20T00:00'), Z('04-20T06:00'))] })
      expect(reasonsOf([rel('dep', { dependsOn: ['same'] }), same])).toEqual({})
    })
    it('not when the dependency is released or cancelled', () => {
      expect(reasonsOf([rel('dep', { dependsOn: ['late'] }), { ...late, status: 'RELEASED' }])).toEqual({})
      expect(reasonsOf([rel('dep', { dependsOn: ['late'] }), { ...late, status: 'CANCELLED' }])).toEqual({})
    })
    it('a dependency outside the releases given is judged by its last-tier start when known, else ignored', () => {
      expect(reasonsOf([rel('dep', { dependsOn: ['ext'] })], { dependencyLastTierStart: { ext: Z('04-22T00:00') } })).toEqual({ dep: ['DEPENDENCY_ORDER'] })
      expect(reasonsOf([rel('dep', { dependsOn: ['ext'] })], { dependencyLastTierStart: { ext: null } })).toEqual({})
      expect(reasonsOf([rel('dep', { dependsOn: ['ext'] })])).toEqual({})
    })
  })

  describe('NOT_BOOKED: a window within the horizon has no booking of its environment', () => {
    it('the TEST window without a booking', () => {
      const [risk] = risks([rel('nb')], { bookings: [] })
      expect(risk?.reasons).toEqual(['NOT_BOOKED'])
      expect(risk?.details[0]).toMatchObject({ tier: 'TEST', message: expect.stringMatching(/^The TEST environment is not booked for the TEST window/) })
    })
    it('a booking must cover the whole window, and be this release’s', () => {
      expect(reasonsOf([rel('nb')], { bookings: [bookedTest('nb', Z('03-10T00:00'), Z('03-11T00:00'))] })).toEqual({ nb: ['NOT_BOOKED'] })
      expect(
        reasonsOf([rel('nb')], { bookings: [bookedTest('nb', Z('03-10T00:00'), Z('03-11T00:00')), bookedTest('nb', Z('03-11T00:00'), Z('03-12T00:00'))] }),
      ).toEqual({})
      expect(reasonsOf([rel('nb')], { bookings: [bookedTest('someone-else')] })).toEqual({ nb: ['NOT_BOOKED'] })
    })
    it('every remaining window within the horizon counts, not windows after it or of tiers already promoted into or without an environment', () => {
      const soonProd = rel('p', {
        schedule: [
          win('DEV', Z('02-01T00:00'), Z('02-02T00:00'), 'e-dev'),
          win('TEST', Z('03-02T00:00'), Z('03-03T00:00'), 'e-test'),
          win('PROD', Z('03-15T00:00'), Z('03-16T00:00'), 'e-prod'),
        ],
      })
      const risk = risks([soonProd], { bookings: [bookedTest('p', Z('03-02T00:00'), Z('03-03T00:00'))] })[0]
      expect(risk?.details.map((d) => `${d.reason}:${d.tier ?? ''}`)).toEqual(['NOT_BOOKED:PROD'])
      // the unbooked DEV window is done (the release is in DEV), the PROD window of the healthy release is after the horizon
      expect(risks([rel('h')], { bookings: [bookedTest('h')] })).toEqual([])
      // windows without an environment cannot be booked
      expect(
        reasonsOf([rel('x', { schedule: [win('TEST', Z('03-10T00:00'), Z('03-12T00:00')), win('PROD', Z('03-25T00:00'), Z('03-25T08:00'))] })], {
          bookings: [],
        }),
      ).toEqual({})
    })
  })

  describe('APPROVAL_WAITING: the plan has waited for approval more than 7 days', () => {
    it('submitted 9 days ago', () => {
      const [risk] = risks([rel('a', { planId: 'P-waiting' })])
      expect(risk?.reasons).toEqual(['APPROVAL_WAITING'])
      expect(risk?.details[0]?.message).toBe('The plan has waited 9 days for approval (submitted 2027-02-20 12:00 UTC).')
    })
    it('exactly 7 days is not more than 7 days; a plan no longer SUBMITTED does not wait', () => {
      expect(reasonsOf([rel('a', { planId: 'P-7days' })])).toEqual({})
      expect(reasonsOf([rel('a', { planId: 'P-waiting' })], { plans: [plan('P-waiting', { status: 'APPROVED', submittedAt: Z('02-01T00:00') })] })).toEqual({})
    })
  })

  describe('FROZEN: a freeze covers part of a window within the horizon', () => {
    const frozenProd = [win('TEST', Z('03-02T00:00'), Z('03-03T00:00')), win('PROD', Z('03-21T20:00'), Z('03-22T04:00'))]
    it('the PROD window overlaps the spring freeze', () => {
      const [risk] = risks([rel('f', { currentTier: 'TEST', schedule: frozenProd })])
      expect(risk?.reasons).toEqual(['FROZEN'])
      expect(risk?.details[0]?.message).toMatch(/PROD window .* overlaps the freeze 'Spring freeze'/)
    })
    it('a freeze applies only to its tiers, and only windows within the horizon count', () => {
      const testInFreeze = rel('t', { schedule: [win('TEST', Z('03-20T00:00'), Z('03-21T00:00')), win('PROD', Z('04-20T00:00'), Z('04-21T00:00'))] })
      expect(reasonsOf([testInFreeze])).toEqual({})
      expect(reasonsOf([rel('f', { currentTier: 'TEST', schedule: frozenProd })], { asOf: Z('01-01T00:00'), horizonDays: 30 })).toEqual({})
    })
    it('a window touching the freeze’s end does not overlap it (half-open)', () => {
      expect(reasonsOf([rel('f', { currentTier: 'TEST', schedule: [win('PROD', Z('03-22T00:00'), Z('03-22T04:00'))] })])).toEqual({})
    })
  })

  it('terminal releases (RELEASED, CANCELLED) are never at risk; ROLLED_BACK ones may be', () => {
    const broken = { schedule: TEST_SLIPPED, planId: 'P-misaligned' }
    expect(
      reasonsOf([rel('r', { ...broken, status: 'RELEASED' }), rel('c', { ...broken, status: 'CANCELLED' }), rel('b', { ...broken, status: 'ROLLED_BACK' })]),
    ).toEqual({
      b: ['SLIPPED', 'MISALIGNED'],
    })
  })

  it('several reasons of one release come worst first, with a detail each', () => {
    const r = rel('many', {
      planId: 'P-misaligned',
      checkpoints: [],
      dependsOn: ['ext'],
      readiness: [{ tier: 'TEST', environmentId: 'e-test', blockers: [{ code: 'DRIFT', message: 'drifted' }] }],
      schedule: [win('TEST', Z('03-10T00:00'), Z('03-12T00:00'), 'e-test'), win('PROD', Z('03-21T00:00'), Z('03-21T08:00'), 'e-prod')],
    })
    const [risk] = risks([r], { bookings: [], dependencyLastTierStart: { ext: Z('03-25T00:00') } })
    expect(risk?.reasons).toEqual(['DEPENDENCY_ORDER', 'GATE_UNMET', 'FROZEN', 'MISALIGNED', 'ENVIRONMENT_NOT_READY', 'NOT_BOOKED'])
    expect(risk?.details.map((d) => `${d.reason}:${d.tier ?? ''}`)).toEqual([
      'DEPENDENCY_ORDER:PROD',
      'GATE_UNMET:TEST',
      'FROZEN:PROD',
      'MISALIGNED:',
      'ENVIRONMENT_NOT_READY:TEST',
      'NOT_BOOKED:TEST',
      'NOT_BOOKED:PROD',
    ])
    expect(risk?.score).toBe(64 + 32 + 16 + 8 + 4 + 2)
    for (const d of risk?.details ?? []) expect(d.action.length).toBeGreaterThan(20)
  })

  it('orders worst first: by score, then the soonest next window (none last), then release id', () => {
    const r = (id: string, o: Partial<RiskRelease>) => rel(id, o)
    const unbooked = (id: string, start: string) =>
      r(id, { schedule: [win('TEST', start, Z('03-29T00:00'), 'e-test'), win('PROD', Z('04-20T00:00'), Z('04-21T00:00'))] })
    const releases = [
      unbooked('nb-late', Z('03-20T00:00')), // NOT_BOOKED (2), next 03-20
      r('wait-none', { planId: 'P-waiting', schedule: [] }), // APPROVAL_WAITING (1), no next window
      unbooked('nb-b', Z('03-15T00:00')), // NOT_BOOKED (2), next 03-15
      r('wait-soon', { planId: 'P-waiting' }), // APPROVAL_WAITING (1), next 03-10
      r('all-but-two', {
        // GATE_UNMET + FROZEN + MISALIGNED + ENVIRONMENT_NOT_READY + NOT_BOOKED = 62 < DEPENDENCY_ORDER alone (64)
        planId: 'P-misaligned',
        checkpoints: [],
        readiness: [{ tier: 'TEST', environmentId: 'e-test', blockers: [{ code: 'DRIFT', message: 'drifted' }] }],
        schedule: [win('TEST', Z('03-10T00:00'), Z('03-12T00:00'), 'e-test'), win('PROD', Z('03-21T00:00'), Z('03-21T08:00'))],
      }),
      r('dep', { dependsOn: ['ext'] }), // DEPENDENCY_ORDER (64)
      unbooked('nb-a', Z('03-15T00:00')), // NOT_BOOKED (2), next 03-15, id before nb-b
      r('slip', { schedule: TEST_SLIPPED }), // SLIPPED (128)
    ]
    const bookings = releases.filter((x) => !x.id.startsWith('nb') && x.id !== 'all-but-two').map((x) => bookedTest(x.id))
    const ordered = risks(releases, { bookings, dependencyLastTierStart: { ext: Z('05-01T00:00') } })
    expect(ordered.map((x) => [x.releaseId, x.score])).toEqual([
      ['slip', 128],
      ['dep', 64],
      ['all-but-two', 62],
      ['nb-a', 2],
      ['nb-b', 2],
      ['nb-late', 2],
      ['wait-soon', 1],
      ['wait-none', 1],
    ])
    expect(ordered.find((x) => x.releaseId === 'wait-none')?.nextWindowStart).toBeNull()
  })

  it('asOf defaults to the now given; the horizon defaults to 30 days', () => {
    const soon = rel('g', { checkpoints: [], schedule: [win('TEST', Z('03-30T00:00'), Z('03-31T00:00')), win('PROD', Z('04-20T00:00'), Z('04-21T00:00'))] })
    expect(releaseRisks({ plans, releases: [soon] }, { now: asOf }).map((x) => x.reasons)).toEqual([['GATE_UNMET']])
    expect(releaseRisks({ plans, releases: [soon] }, { now: Z('02-27T00:00') })).toEqual([])
    expect(() => releaseRisks({ plans, releases: [soon] })).toThrow(RangeError)
  })

  it('releases whose plan is not given are not evaluated', () => {
    expect(reasonsOf([rel('orphan', { planId: 'P-unknown', schedule: TEST_SLIPPED })])).toEqual({})
  })

  it('refuses invalid arguments, with field errors', () => {
    expect(riskArgumentErrors({ asOf: 'soon', horizonDays: -1 })).toEqual([
      { path: ['asOf'], message: expect.stringMatching(/time zone offset/) },
      { path: ['horizonDays'], message: expect.stringMatching(/whole number of days from 0/) },
    ])
    expect(riskArgumentErrors({ horizonDays: 2.5 }).map((e) => e.path)).toEqual([['horizonDays']])
    expect(riskArgumentErrors({ asOf, horizonDays: 0 })).toEqual([])
    expect(() => risks([rel('x')], { horizonDays: 100_000 })).toThrow(RangeError)
  })
})

describe('nextWindow', () => {
  it('is the first window, in promotion-path order, of a tier not promoted into', () => {
    const schedule = [
      win('PROD', Z('04-20T00:00'), Z('04-21T00:00')),
      win('DEV', Z('02-01T00:00'), Z('02-02T00:00')),
      win('TEST', Z('03-10T00:00'), Z('03-12T00:00')),
    ]
    const path = ['DEV', 'TEST', 'PROD']
    expect(nextWindow(schedule, path, null)?.tier).toBe('DEV')
    expect(nextWindow(schedule, path, 'DEV')?.tier).toBe('TEST')
    expect(nextWindow(schedule, path, 'PROD')).toBeNull()
    // a skipped tier (no window) is simply not there
    expect(
      nextWindow(
        schedule.filter((w) => w.tier !== 'TEST'),
        path,
        'DEV',
      )?.tier,
    ).toBe('PROD')
  })
})

describe('reason texts', () => {
  it('every reason has a weight, a label and an action; weights are distinct powers of two in severity order', () => {
    const reasons: RiskReason[] = [
      'GATE_UNMET',
      'ENVIRONMENT_NOT_READY',
      'MISALIGNED',
      'DEPENDENCY_ORDER',
      'NOT_BOOKED',
      'APPROVAL_WAITING',
      'SLIPPED',
      'FROZEN',
    ]
    expect([...RISK_REASONS_WORST_FIRST].sort()).toEqual([...reasons].sort())
    const weights = RISK_REASONS_WORST_FIRST.map((r) => RISK_REASON_WEIGHT[r])
    expect(weights).toEqual([128, 64, 32, 16, 8, 4, 2, 1])
    for (const r of reasons) {
      expect(RISK_REASON_LABELS[r]).toMatch(/^[A-Z]/)
      expect(RISK_REASON_ACTIONS[r]).toMatch(/\.$/)
    }
  })
})
