import { describe, expect, it } from 'vitest'
import { checkDeployment, checkPromotion } from '../src/index.ts'
import type {
  CheckpointRecord,
  DeploymentBlockerCode,
  DeploymentCheckInput,
  DeploymentExceptionSpec,
  FreezeWindowSpec,
  ReleaseForDeployment,
  StageWindowSpec,
} from '../src/index.ts'
import { LA, local, strategy, win, yearEndFreeze } from './fixtures.ts'

const T0 = '2027-03-01T12:00:00.000Z'
const cp = (criterionKey: string, fields: Partial<CheckpointRecord> = {}): CheckpointRecord => ({ criterionKey, recordedAt: T0, ...fields })

/** Checkpoints meeting every gate and enterprise criterion of `strategy()`. */
export const allMet: CheckpointRecord[] = [
  cp('unit-tests', { value: 98 }),
  cp('uat-signoff', { attested: true, evidenceUrl: 'https://uat/signoff' }),
  cp('critical-vulns', { value: 0, evidenceUrl: 'https://scan/7' }),
]

const TUESDAY = local('2027-03-09T10:00') // no freeze
const SATURDAY = local('2027-03-13T10:00') // weekend freeze (PROD only); daylight time starts the next night

/** DEV, TEST and a PROD window of Mon 8 – Sat 20 March 2027 (local), so TUESDAY and SATURDAY are inside it. */
const schedule: StageWindowSpec[] = [
  win('DEV', local('2027-02-22T09:00'), local('2027-02-26T17:00'), 'env-dev'),
  win('TEST', local('2027-03-01T09:00'), local('2027-03-05T17:00'), 'env-test'),
  win('PROD', local('2027-03-08T00:00'), local('2027-03-20T00:00'), 'env-prod'),
]

interface Overrides extends Partial<Omit<DeploymentCheckInput, 'release'>> {
  release?: Partial<ReleaseForDeployment>
}

function input(o: Overrides = {}): DeploymentCheckInput {
  const { release, ...rest } = o
  return {
    strategy: strategy(),
    planStatus: 'APPROVED',
    checkpoints: allMet,
    tier: 'PROD',
    at: TUESDAY,
    environmentBlockers: [],
    environmentKey: 'doh-prod',
    exceptions: [],
    ...rest,
    release: { id: 'rel-1', status: 'IN_PROGRESS', type: 'MINOR', currentTier: 'TEST', schedule, ...release },
  }
}

const codes = (i: DeploymentCheckInput) => checkDeployment(i).blockers.map((b) => b.code)
const unwaived = (i: DeploymentCheckInput) =>
  checkDeployment(i)
    .blockers.filter((b) => b.waivedBy === null)
    .map((b) => b.code)

let nextId = 0
function exception(o: Partial<DeploymentExceptionSpec> = {}): DeploymentExceptionSpec {
  nextId++
  return {
    id: `ex-${String(nextId).padStart(3, '0')}`,
    releaseId: 'rel-1',
    tier: 'PROD',
    waives: ['FROZEN', 'OUTSIDE_WINDOW', 'ENVIRONMENT_NOT_READY'],
    start: local('2027-03-01T00:00'),
    end: local('2027-04-01T00:00'),
    status: 'APPROVED',
    ...o,
  }
}

const NOT_READY = [{ code: 'DRIFT' as const, message: 'doh-prod has drifted from its approved baseline (1 item: replicas changed)' }]

describe('checkDeployment: allowed', () => {
  it('into the next tier with everything met, inside the window, not frozen, environment ready', () => {
    const r = checkDeployment(input())
    expect(r).toEqual({ allowed: true, tier: 'PROD', at: TUESDAY, blockers: [], freezes: [], nextAllowedAt: TUESDAY, lastTier: true })
  })

  it('into the current tier again (a redeploy), also for a RELEASED release in its last tier', () => {
    expect(checkDeployment(input({ tier: 'TEST' })).allowed).toBe(true)
    expect(checkDeployment(input({ release: { currentTier: 'PROD', status: 'RELEASED' } })).allowed).toBe(true)
    expect(checkDeployment(input({ tier: 'DEV', checkpoints: [], release: { currentTier: null, status: 'PLANNED' } }))).toMatchObject({
      allowed: true,
      lastTier: false,
    })
  })

  it('normalizes the instant', () => {
    expect(checkDeployment(input({ at: '2027-03-09T10:00:00-08:00' })).at).toBe('2027-03-09T18:00:00.000Z')
  })
})

describe('checkDeployment: every blocker code', () => {
  it('PLAN_NOT_APPROVED for every plan status but APPROVED, saying what to do', () => {
    for (const [planStatus, advice] of [
      ['DRAFT', /Submit the plan/],
      ['SUBMITTED', /Wait for the plan to be approved/],
      ['REJECTED', /Submit the plan/],
      ['CLOSED', /closed plan/],
    ] as const) {
      const r = checkDeployment(input({ planStatus }))
      expect(r.allowed).toBe(false)
      expect(r.blockers).toEqual([{ code: 'PLAN_NOT_APPROVED', message: expect.stringMatching(advice), waivedBy: null }])
      expect(r.blockers[0]?.message).toContain(`plan is ${planStatus}`)
    }
  })

  it('RELEASE_CANCELLED', () => {
    expect(checkDeployment(input({ release: { status: 'CANCELLED' } })).blockers).toEqual([
      { code: 'RELEASE_CANCELLED', message: expect.stringMatching(/CANCELLED and cannot be promoted or deployed/), waivedBy: null },
    ])
  })

  it('NOT_NEXT_TIER: neither the next tier nor the current one', () => {
    const skip = checkDeployment(input({ release: { currentTier: 'DEV' } }))
    expect(skip.blockers).toEqual([
      { code: 'NOT_NEXT_TIER', message: expect.stringMatching(/next tier, TEST \(it is in DEV\), not PROD; or deployed again to DEV/), waivedBy: null },
    ])
    expect(codes(input({ tier: 'TEST', release: { currentTier: null } }))).toEqual(['NOT_NEXT_TIER'])
    expect(checkDeployment(input({ tier: 'DEV', checkpoints: [] })).blockers[0]?.message).toMatch(/next tier, PROD \(it is in TEST\), not DEV/)
    expect(checkDeployment(input({ tier: 'STAGING' })).blockers).toEqual([
      { code: 'NOT_NEXT_TIER', message: expect.stringMatching(/STAGING is not a tier of the promotion path DEV → TEST → PROD/), waivedBy: null },
    ])
    expect(checkDeployment(input({ tier: 'TEST', release: { currentTier: 'PROD', status: 'ROLLED_BACK' } })).blockers[0]?.message).toMatch(
      /already in the last tier PROD/,
    )
    // a RELEASED release has no next tier
    expect(checkDeployment(input({ release: { status: 'RELEASED', currentTier: 'TEST' } })).blockers).toEqual([
      { code: 'NOT_NEXT_TIER', message: expect.stringMatching(/RELEASED and has no next tier; it can only be deployed again to TEST/), waivedBy: null },
    ])
    expect(codes(input({ release: { currentTier: 'QA' } }))).toEqual(['NOT_NEXT_TIER'])
  })

  it('GATE_UNMET: one blocker per gate of the tier that is not passed, naming the unmet criteria', () => {
    const perf = {
      id: 'g-perf',
      key: 'perf',
      name: 'Performance',
      tier: 'PROD',
      criteria: [{ key: 'p95', description: 'p95 ms', kind: 'METRIC_AT_MOST' as const, threshold: 300, evidenceRequired: false }],
    }
    const s = strategy()
    const r = checkDeployment(
      input({ strategy: { ...s, qualityGates: [...s.qualityGates, perf] }, checkpoints: allMet.filter((c) => c.criterionKey !== 'uat-signoff') }),
    )
    expect(r.blockers.map((b) => [b.code, b.message])).toEqual([
      [
        'GATE_UNMET',
        expect.stringMatching(/^Gate 'Production entry' \(prod-entry\) into PROD is not passed; unmet criteria: uat-signoff\. Record checkpoints/),
      ],
      ['GATE_UNMET', expect.stringMatching(/'Performance' \(perf\).*p95/)],
    ])
    // the TEST gate does not guard PROD
    expect(codes(input({ checkpoints: allMet.filter((c) => c.criterionKey !== 'unit-tests') }))).toEqual([])
  })

  it('ENTERPRISE_CRITERIA_UNMET only for the last tier', () => {
    const withoutScan = allMet.filter((c) => c.criterionKey !== 'critical-vulns')
    expect(checkDeployment(input({ checkpoints: withoutScan })).blockers).toEqual([
      { code: 'ENTERPRISE_CRITERIA_UNMET', message: expect.stringMatching(/required before PROD are not met: critical-vulns/), waivedBy: null },
    ])
    expect(codes(input({ checkpoints: withoutScan, tier: 'TEST', release: { currentTier: 'DEV' } }))).toEqual([])
  })

  it('FROZEN: a freeze occurrence applying to the tier covers the instant, EMERGENCY releases too', () => {
    const r = checkDeployment(input({ at: SATURDAY }))
    expect(r.allowed).toBe(false)
    expect(r.blockers).toEqual([
      {
        code: 'FROZEN',
        message: expect.stringMatching(
          /^PROD is frozen by 'Weekend freeze' from 2027-03-13T01:00:00.000Z until 2027-03-15T15:00:00.000Z \(Fri 2027-03-12 17:00 PST – Mon 2027-03-15 08:00 PDT\)\. Deploy after it ends, or ask for an exception\.$/,
        ),
        waivedBy: null,
      },
    ])
    expect(r.freezes).toHaveLength(1)
    expect(r.freezes[0]).toMatchObject({
      windowId: 'fw-weekend',
      start: '2027-03-13T01:00:00.000Z',
      end: '2027-03-15T15:00:00.000Z',
      window: { id: 'fw-weekend', timeZone: LA },
    })
    // the weekend freeze is PROD only
    expect(checkDeployment(input({ at: SATURDAY, tier: 'TEST' })).freezes).toEqual([])
    const emergency = checkDeployment(input({ at: SATURDAY, release: { type: 'EMERGENCY' } }))
    expect(emergency.blockers.map((b) => b.code)).toEqual(['FROZEN'])
    expect(emergency.blockers[0]?.message).toContain('EMERGENCY releases are frozen too')
  })

  it('FROZEN once per covering occurrence (here a weekend inside the year-end freeze, which also freezes TEST)', () => {
    const christmas = local('2027-12-25T10:00') // a Saturday
    const prodSchedule = [...schedule.slice(0, 2), win('PROD', local('2027-12-01T00:00'), local('2028-01-31T00:00'))]
    const r = checkDeployment(input({ at: christmas, release: { schedule: prodSchedule } }))
    expect(r.blockers.map((b) => b.code)).toEqual(['FROZEN', 'FROZEN'])
    expect(r.freezes.map((f) => f.windowId)).toEqual(['fw-year-end', 'fw-weekend'])
    expect(r.blockers[0]?.message).toMatch(/'Year-end freeze'/)
    expect(codes(input({ at: christmas, tier: 'TEST' }))).toEqual(['FROZEN'])
  })

  it('OUTSIDE_WINDOW in the enforced tiers: window not open yet, over, or missing', () => {
    const before = checkDeployment(input({ at: local('2027-03-04T10:00') }))
    expect(before.blockers).toEqual([
      { code: 'OUTSIDE_WINDOW', message: expect.stringMatching(/PROD window has not opened yet \(2027-03-08T08:00:00.000Z – /), waivedBy: null },
    ])
    expect(checkDeployment(input({ at: local('2027-03-22T10:00') })).blockers[0]?.message).toMatch(/PROD window is over.*Reschedule the PROD window/)
    expect(checkDeployment(input({ release: { schedule: schedule.slice(0, 2) } })).blockers[0]?.message).toMatch(/has no scheduled PROD window/)
    // half-open: the window's end is outside it (no freezes here: both instants are weekend ones)
    const unfrozen = strategy({ freezeWindows: [] })
    expect(codes(input({ strategy: unfrozen, at: local('2027-03-20T00:00') }))).toEqual(['OUTSIDE_WINDOW'])
    expect(codes(input({ strategy: unfrozen, at: new Date(Date.parse(local('2027-03-20T00:00')) - 1).toISOString() }))).toEqual([])
    expect(codes(input({ strategy: unfrozen, at: local('2027-03-08T00:00') }))).toEqual([])
    // by default only the last tier is enforced: TEST outside its window is fine
    expect(codes(input({ tier: 'TEST', at: TUESDAY }))).toEqual([])
  })

  it('ENVIRONMENT_NOT_READY in the enforced tiers, from the readiness blockers the caller gives', () => {
    const r = checkDeployment(input({ environmentBlockers: NOT_READY }))
    expect(r.blockers).toEqual([
      {
        code: 'ENVIRONMENT_NOT_READY',
        message: expect.stringMatching(/^Environment doh-prod is not ready for this release: DRIFT \(doh-prod has drifted.*\)\. Resolve them/),
        waivedBy: null,
      },
    ])
    // unknown / not assessed, or nothing to report
    expect(codes(input({ environmentBlockers: null }))).toEqual([])
    expect(codes(input({ environmentBlockers: [] }))).toEqual([])
    // TEST is not a readiness tier by default
    expect(codes(input({ tier: 'TEST', environmentBlockers: NOT_READY }))).toEqual([])
  })

  it("the strategy's enforcement tiers replace the default", () => {
    const s = { ...strategy(), enforcement: { windowTiers: ['TEST'], readinessTiers: ['TEST', 'PROD'] } }
    // PROD no longer needs its window; TEST does
    expect(codes(input({ strategy: s, at: local('2027-03-22T10:00') }))).toEqual([])
    expect(codes(input({ strategy: s, tier: 'TEST', at: TUESDAY, environmentBlockers: NOT_READY }))).toEqual(['OUTSIDE_WINDOW', 'ENVIRONMENT_NOT_READY'])
    const none = { ...strategy(), enforcement: { windowTiers: [], readinessTiers: [] } }
    expect(codes(input({ strategy: none, at: local('2027-03-22T10:00'), environmentBlockers: NOT_READY }))).toEqual([])
  })

  it('lists every blocker at once, in a fixed order', () => {
    const r = checkDeployment(
      input({ planStatus: 'SUBMITTED', at: local('2027-03-06T10:00'), checkpoints: [], environmentBlockers: NOT_READY, release: { status: 'CANCELLED' } }),
    )
    expect(r.blockers.map((b) => b.code)).toEqual([
      'PLAN_NOT_APPROVED',
      'RELEASE_CANCELLED',
      'GATE_UNMET',
      'FROZEN',
      'ENTERPRISE_CRITERIA_UNMET',
      'OUTSIDE_WINDOW',
      'ENVIRONMENT_NOT_READY',
    ])
    expect(codes(input({ tier: 'STAGING', planStatus: 'DRAFT' }))).toEqual(['PLAN_NOT_APPROVED', 'NOT_NEXT_TIER'])
  })
})

describe('checkDeployment: break-glass exceptions', () => {
  const waivable: { code: DeploymentBlockerCode; o: Overrides }[] = [
    { code: 'FROZEN', o: { at: SATURDAY } },
    { code: 'OUTSIDE_WINDOW', o: { at: local('2027-03-22T10:00') } },
    { code: 'ENVIRONMENT_NOT_READY', o: { environmentBlockers: NOT_READY } },
  ]

  it.each(waivable)('an APPROVED exception covering the instant waives $code', ({ code, o }) => {
    const ex = exception({ waives: [code] })
    const r = checkDeployment(input({ ...o, exceptions: [ex] }))
    expect(r.allowed).toBe(true)
    expect(r.blockers).toEqual([{ code, message: expect.any(String), waivedBy: ex.id }])
    expect(checkPromotion(input({ ...o, exceptions: [ex] }))).toEqual({ ok: true, releasesNow: true })
  })

  it.each(waivable)(
    '$code is not waived by a pending, rejected, expired, not yet started, other-tier, other-release or other-code exception',
    ({ code, o }) => {
      const other: DeploymentBlockerCode = code === 'FROZEN' ? 'OUTSIDE_WINDOW' : 'FROZEN'
      const at = o.at ?? TUESDAY
      const exceptions = [
        exception({ status: 'PENDING', waives: [code] }),
        exception({ status: 'REJECTED', waives: [code] }),
        exception({ start: local('2027-01-01T00:00'), end: at, waives: [code] }), // expired exactly at the instant (half-open)
        exception({ start: new Date(Date.parse(at) + 1).toISOString(), waives: [code] }),
        exception({ tier: 'TEST', waives: [code] }),
        exception({ releaseId: 'rel-2', waives: [code] }),
        exception({ waives: [other] }),
      ]
      const r = checkDeployment(input({ ...o, exceptions }))
      expect(r.allowed).toBe(false)
      expect(r.blockers).toEqual([{ code, message: expect.any(String), waivedBy: null }])
      expect(checkPromotion(input({ ...o, exceptions }))).toEqual({ ok: false, reasons: [r.blockers[0]?.message] })
    },
  )

  it('waives from its start (inclusive) to its end (exclusive)', () => {
    const ex = exception({ start: SATURDAY, end: local('2027-03-13T12:00'), waives: ['FROZEN'] })
    expect(checkDeployment(input({ at: SATURDAY, exceptions: [ex] })).allowed).toBe(true)
    expect(checkDeployment(input({ at: local('2027-03-13T11:59'), exceptions: [ex] })).allowed).toBe(true)
    expect(checkDeployment(input({ at: local('2027-03-13T12:00'), exceptions: [ex] })).allowed).toBe(false)
  })

  it('never waives the blockers that are not waivable, even when named', () => {
    const ex = exception({ waives: ['GATE_UNMET', 'PLAN_NOT_APPROVED', 'NOT_NEXT_TIER', 'ENTERPRISE_CRITERIA_UNMET', 'RELEASE_CANCELLED', 'FROZEN'] })
    const r = checkDeployment(input({ at: SATURDAY, planStatus: 'DRAFT', checkpoints: [], exceptions: [ex] }))
    expect(r.blockers.map((b) => [b.code, b.waivedBy])).toEqual([
      ['PLAN_NOT_APPROVED', null],
      ['GATE_UNMET', null],
      ['FROZEN', ex.id],
      ['ENTERPRISE_CRITERIA_UNMET', null],
    ])
    expect(r.allowed).toBe(false)
  })

  it('when several exceptions apply, the one lasting longest is named', () => {
    const short = exception({ end: local('2027-03-14T00:00'), waives: ['FROZEN'] })
    const long = exception({ end: local('2027-03-30T00:00'), waives: ['FROZEN'] })
    expect(checkDeployment(input({ at: SATURDAY, exceptions: [short, long] })).blockers[0]?.waivedBy).toBe(long.id)
  })

  it('one exception lifts only the blockers it names: a frozen instant outside the window needs both', () => {
    const at = local('2027-03-06T10:00') // Saturday before the PROD window
    expect(unwaived(input({ at, exceptions: [exception({ waives: ['FROZEN'] })] }))).toEqual(['OUTSIDE_WINDOW'])
    expect(unwaived(input({ at, exceptions: [exception({ waives: ['FROZEN'] }), exception({ waives: ['OUTSIDE_WINDOW'] })] }))).toEqual([])
  })
})

describe('checkDeployment: nextAllowedAt', () => {
  const longProd = [...schedule.slice(0, 2), win('PROD', local('2027-01-01T00:00'), local('2028-12-31T00:00'))]

  it('is the instant itself when nothing time-bound blocks', () => {
    expect(checkDeployment(input()).nextAllowedAt).toBe(TUESDAY)
    // other blockers stay as they are: they do not move it
    expect(checkDeployment(input({ checkpoints: [] })).nextAllowedAt).toBe(TUESDAY)
  })

  it('across the weekend freeze Fri 17:00 → Mon 08:00 America/Los_Angeles when daylight time starts (Sun 14 March 2027)', () => {
    const r = checkDeployment(input({ at: SATURDAY, release: { schedule: longProd } }))
    expect(r.allowed).toBe(false)
    // Monday 08:00 PDT = 15:00Z (the freeze began at 17:00 PST = 01:00Z: 62 hours)
    expect(r.nextAllowedAt).toBe('2027-03-15T15:00:00.000Z')
    expect(r.nextAllowedAt).toBe(local('2027-03-15T08:00'))
    // from the freeze's first instant too
    expect(checkDeployment(input({ at: local('2027-03-12T17:00'), release: { schedule: longProd } })).nextAllowedAt).toBe('2027-03-15T15:00:00.000Z')
    // and the instant it names is allowed, a minute before it is not
    expect(checkDeployment(input({ at: '2027-03-15T15:00:00.000Z', release: { schedule: longProd } })).allowed).toBe(true)
    expect(checkDeployment(input({ at: '2027-03-15T14:59:00.000Z', release: { schedule: longProd } })).allowed).toBe(false)
  })

  it('across the weekend freeze when daylight time ends (Sun 7 November 2027)', () => {
    const r = checkDeployment(input({ at: local('2027-11-06T23:30'), release: { schedule: longProd } }))
    // Monday 08:00 PST = 16:00Z
    expect(r.nextAllowedAt).toBe('2027-11-08T16:00:00.000Z')
  })

  it('a window not yet open: its start; and when the window opens inside a freeze, the end of that freeze', () => {
    const wednesday = [...schedule.slice(0, 2), win('PROD', local('2027-03-10T09:00'), local('2027-03-10T17:00'))]
    expect(checkDeployment(input({ at: local('2027-03-03T10:00'), release: { schedule: wednesday } })).nextAllowedAt).toBe(local('2027-03-10T09:00'))
    // the usual PROD window opens on Monday 8 March 00:00, inside the weekend freeze: Monday 08:00 PST
    expect(checkDeployment(input({ at: local('2027-03-03T10:00') })).nextAllowedAt).toBe(local('2027-03-08T08:00'))
    // a PROD window opening on Saturday 13 March 10:00 (frozen): Monday 08:00 PDT
    const sat = [...schedule.slice(0, 2), win('PROD', local('2027-03-13T10:00'), local('2027-03-16T00:00'))]
    expect(checkDeployment(input({ at: TUESDAY, release: { schedule: sat } })).nextAllowedAt).toBe(local('2027-03-15T08:00'))
    // a window lying entirely inside a freeze never lets the deployment through: the next one does
    const inside = [
      ...schedule.slice(0, 2),
      win('PROD', local('2027-03-13T10:00'), local('2027-03-14T10:00')),
      win('PROD', local('2027-03-17T09:00'), local('2027-03-17T17:00')),
    ]
    expect(checkDeployment(input({ at: TUESDAY, release: { schedule: inside } })).nextAllowedAt).toBe(local('2027-03-17T09:00'))
  })

  it('counts approved exceptions that start later, and ignores pending ones', () => {
    const later = exception({ start: local('2027-03-13T12:00'), end: local('2027-03-13T14:00'), waives: ['FROZEN'] })
    const pending = exception({ start: local('2027-03-13T11:00'), status: 'PENDING', waives: ['FROZEN'] })
    expect(checkDeployment(input({ at: SATURDAY, exceptions: [later, pending] })).nextAllowedAt).toBe(local('2027-03-13T12:00'))
    // a window that is over, and an exception for OUTSIDE_WINDOW next week
    const ow = exception({ start: local('2027-03-30T09:00'), end: local('2027-03-30T17:00'), waives: ['OUTSIDE_WINDOW'] })
    expect(checkDeployment(input({ at: local('2027-03-22T10:00'), exceptions: [ow] })).nextAllowedAt).toBe(local('2027-03-30T09:00'))
  })

  it('looks beyond the first weeks', () => {
    const far = [...schedule.slice(0, 2), win('PROD', local('2027-09-14T09:00'), local('2027-09-14T17:00'))]
    expect(checkDeployment(input({ release: { schedule: far } })).nextAllowedAt).toBe(local('2027-09-14T09:00'))
    const years = [...schedule.slice(0, 2), win('PROD', local('2031-09-16T09:00'), local('2031-09-16T17:00'))]
    expect(checkDeployment(input({ release: { schedule: years } })).nextAllowedAt).toBe(local('2031-09-16T09:00'))
  })

  it('is null when nothing lifts the blockers within 5 years', () => {
    // the PROD window is over and nothing else opens one
    expect(checkDeployment(input({ at: local('2027-03-22T10:00') })).nextAllowedAt).toBeNull()
    // a window more than 5 years ahead
    const tooFar = [...schedule.slice(0, 2), win('PROD', local('2032-04-01T09:00'), local('2032-04-01T17:00'))]
    expect(checkDeployment(input({ release: { schedule: tooFar } })).nextAllowedAt).toBeNull()
    // a freeze lasting six years
    const forever: FreezeWindowSpec = { ...yearEndFreeze, id: 'fw-long', name: 'Long freeze', start: local('2027-01-01T00:00'), end: local('2033-01-01T00:00') }
    const s = { ...strategy(), freezeWindows: [forever], enforcement: { windowTiers: [], readinessTiers: [] } }
    expect(checkDeployment(input({ strategy: s })).nextAllowedAt).toBeNull()
  })
})
