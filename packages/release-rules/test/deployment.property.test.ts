import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { checkDeployment, checkPromotion, evaluateGate, frozenAt } from '../src/index.ts'
import type {
  CheckpointRecord,
  DeploymentBlockerCode,
  DeploymentCheckInput,
  DeploymentExceptionSpec,
  ReleaseStatus,
  ReleaseType,
  StageWindowSpec,
  StrategySnapshot,
} from '../src/index.ts'
import { strategy } from './fixtures.ts'

const PATH = ['DEV', 'TEST', 'PROD']
const YEAR_START = Date.parse('2027-01-01T00:00:00Z')
const QUARTER_HOUR = 15 * 60_000
const HOUR = 3_600_000
const iso = (ms: number) => new Date(ms).toISOString()

const recordedAt = '2026-12-01T00:00:00.000Z'
const CHECKPOINTS: Record<string, CheckpointRecord[]> = {
  unitOk: [{ criterionKey: 'unit-tests', value: 98, recordedAt }],
  unitLow: [{ criterionKey: 'unit-tests', value: 80, recordedAt }],
  uat: [{ criterionKey: 'uat-signoff', attested: true, evidenceUrl: 'https://uat/1', recordedAt }],
  uatNoEvidence: [{ criterionKey: 'uat-signoff', attested: true, recordedAt }],
  vulns: [{ criterionKey: 'critical-vulns', value: 0, evidenceUrl: 'https://scan/1', recordedAt }],
}

const arbInstant = fc.integer({ min: 0, max: (365 * 24 * HOUR) / QUARTER_HOUR }).map((n) => YEAR_START + n * QUARTER_HOUR)
const arbTier = fc.constantFrom('DEV', 'TEST', 'PROD')
const arbWindow = (tier: string) =>
  fc.record({ start: arbInstant, hours: fc.integer({ min: 1, max: 24 * 12 }) }).map(({ start, hours }): StageWindowSpec => ({
    tier,
    start: iso(start),
    end: iso(start + hours * HOUR),
  }))
const arbSchedule = fc.tuple(...PATH.map((t) => fc.array(arbWindow(t), { maxLength: 2 }))).map((lists) => lists.flat())
const arbException = (at: number, tier: string) =>
  fc
    .record({
      status: fc.constantFrom('APPROVED', 'APPROVED', 'APPROVED', 'PENDING', 'REJECTED'),
      tier: fc.constantFrom(tier, tier, tier, 'TEST', 'DEV'),
      releaseId: fc.constantFrom('rel-1', 'rel-1', 'rel-1', 'rel-2'),
      waives: fc.subarray<DeploymentBlockerCode>(['FROZEN', 'OUTSIDE_WINDOW', 'ENVIRONMENT_NOT_READY', 'GATE_UNMET'], { minLength: 1 }),
      // mostly covering the instant, sometimes over, sometimes later
      from: fc.oneof({ weight: 3, arbitrary: fc.integer({ min: -48, max: 0 }) }, { weight: 2, arbitrary: fc.integer({ min: -96, max: 200 }) }),
      hours: fc.integer({ min: 1, max: 96 }),
      n: fc.nat(),
    })
    .map((e): DeploymentExceptionSpec => ({
      id: `ex-${e.n}`,
      releaseId: e.releaseId,
      tier: e.tier,
      waives: e.waives,
      start: iso(at + e.from * HOUR),
      end: iso(at + (e.from + Math.max(e.hours, 1 - e.from)) * HOUR),
      status: e.status,
    }))

const arbEnforcement = fc.oneof(fc.constant(null), fc.record({ windowTiers: fc.subarray(PATH), readinessTiers: fc.subarray(PATH) }))

/** Mostly (weight 3 of 4) the value that lets a deployment through, else anything. */
const mostly = <T>(good: fc.Arbitrary<T>, other: fc.Arbitrary<T>) => fc.oneof({ weight: 3, arbitrary: good }, { weight: 1, arbitrary: other })

const arbInput: fc.Arbitrary<DeploymentCheckInput> = fc
  .record({ at: arbInstant, tier: fc.oneof({ weight: 6, arbitrary: arbTier }, { weight: 1, arbitrary: fc.constant('STAGING') }) })
  .chain(({ at, tier }) => {
    const i = PATH.indexOf(tier)
    const before = i <= 0 ? null : (PATH[i - 1] ?? null)
    const covering = fc.record({ back: fc.integer({ min: 0, max: 48 }), hours: fc.integer({ min: 1, max: 96 }) }).map(({ back, hours }) => ({
      tier,
      start: iso(at - back * HOUR),
      end: iso(at - back * HOUR + Math.max(hours, back + 1) * HOUR),
    }))
    return fc.record({
      at: fc.constant(at),
      tier: fc.constant(tier),
      planStatus: mostly(fc.constant('APPROVED'), fc.constantFrom('APPROVED', 'DRAFT', 'SUBMITTED', 'REJECTED', 'CLOSED')),
      status: mostly(
        fc.constant<ReleaseStatus>('IN_PROGRESS'),
        fc.constantFrom<ReleaseStatus>('PLANNED', 'IN_PROGRESS', 'RELEASED', 'ROLLED_BACK', 'CANCELLED'),
      ),
      type: fc.constantFrom<ReleaseType>('MAJOR', 'MINOR', 'PATCH', 'EMERGENCY'),
      currentTier: mostly(fc.constantFrom<string | null>(before, tier), fc.constantFrom<string | null>(null, 'DEV', 'TEST', 'PROD', 'QA')),
      checkpoints: mostly(fc.constant<string[]>(['unitOk', 'uat', 'vulns']), fc.subarray(Object.keys(CHECKPOINTS))),
      schedule: fc
        .tuple(
          arbSchedule,
          mostly(
            covering.map((w): StageWindowSpec[] => [w]),
            fc.constant<StageWindowSpec[]>([]),
          ),
        )
        .map(([a, b]) => [...a, ...b]),
      env: mostly(fc.constantFrom('null', 'ready'), fc.constantFrom('null', 'ready', 'blocked')),
      enforcement: arbEnforcement,
      exceptions: fc.array(arbException(at, tier), { maxLength: 3 }),
    })
  })
  .map((r): DeploymentCheckInput => ({
    strategy: { ...strategy(), enforcement: r.enforcement },
    planStatus: r.planStatus,
    release: { id: 'rel-1', status: r.status, type: r.type, currentTier: r.currentTier, schedule: r.schedule },
    checkpoints: r.checkpoints.flatMap((k) => CHECKPOINTS[k] ?? []),
    tier: r.tier,
    at: iso(r.at),
    environmentBlockers: r.env === 'null' ? null : r.env === 'ready' ? [] : [{ code: 'DRIFT', message: 'drifted' }],
    exceptions: r.exceptions,
  }))

/** An independent reading of DESIGN's rules: the codes that block (unwaived), as a set. */
function oracle(i: DeploymentCheckInput): Set<DeploymentBlockerCode> {
  const s: StrategySnapshot = i.strategy
  const at = Date.parse(i.at)
  const path = s.promotionPath
  const last = path[path.length - 1]
  const enforcement = s.enforcement ?? { windowTiers: [last], readinessTiers: [last] }
  const out = new Set<DeploymentBlockerCode>()
  const waived = (code: DeploymentBlockerCode) =>
    ['FROZEN', 'OUTSIDE_WINDOW', 'ENVIRONMENT_NOT_READY'].includes(code) &&
    i.exceptions.some(
      (e) =>
        e.status === 'APPROVED' &&
        e.releaseId === i.release.id &&
        e.tier === i.tier &&
        e.waives.includes(code) &&
        Date.parse(e.start) <= at &&
        at < Date.parse(e.end),
    )
  const block = (code: DeploymentBlockerCode, when: boolean) => {
    if (when && !waived(code)) out.add(code)
  }
  block('PLAN_NOT_APPROVED', i.planStatus !== 'APPROVED')
  block('RELEASE_CANCELLED', i.release.status === 'CANCELLED')
  const cur = i.release.currentTier
  const next = i.release.status === 'RELEASED' ? undefined : cur === null ? path[0] : path.includes(cur) ? path[path.indexOf(cur) + 1] : undefined
  block('NOT_NEXT_TIER', !path.includes(i.tier) || (i.tier !== cur && i.tier !== next))
  block(
    'GATE_UNMET',
    s.qualityGates.some((g) => g.tier === i.tier && !evaluateGate(g, i.checkpoints).passed),
  )
  block('FROZEN', frozenAt(s.freezeWindows, i.tier, i.at) !== null)
  block(
    'ENTERPRISE_CRITERIA_UNMET',
    i.tier === last && !evaluateGate({ key: 'enterprise', name: 'enterprise', tier: i.tier, criteria: s.readinessCriteria }, i.checkpoints).passed,
  )
  block(
    'OUTSIDE_WINDOW',
    enforcement.windowTiers.includes(i.tier) && !i.release.schedule.some((w) => w.tier === i.tier && Date.parse(w.start) <= at && at < Date.parse(w.end)),
  )
  block('ENVIRONMENT_NOT_READY', enforcement.readinessTiers.includes(i.tier) && (i.environmentBlockers?.length ?? 0) > 0)
  return out
}

const timeBound = (i: DeploymentCheckInput) =>
  checkDeployment(i).blockers.some((b) => b.waivedBy === null && (b.code === 'FROZEN' || b.code === 'OUTSIDE_WINDOW'))

describe('deploy check and promotion agree (generated release states)', () => {
  it('promotion is refused exactly when the check for that instant is not allowed, with the same reasons', () => {
    let refused = 0
    let allowed = 0
    fc.assert(
      fc.property(arbInput, (i) => {
        const check = checkDeployment(i)
        const promotion = checkPromotion(i)
        expect(promotion.ok).toBe(check.allowed)
        if (promotion.ok) {
          allowed++
          expect(promotion.releasesNow).toBe(i.tier === 'PROD')
        } else {
          refused++
          expect(promotion.reasons).toEqual(check.blockers.filter((b) => b.waivedBy === null).map((b) => b.message))
        }
      }),
      { numRuns: 400 },
    )
    // both outcomes are really exercised
    expect(allowed).toBeGreaterThan(10)
    expect(refused).toBeGreaterThan(10)
  })

  it('blocks with exactly the codes an independent reading of the rules gives', () => {
    const seen = new Set<string>()
    let waivers = 0
    fc.assert(
      fc.property(arbInput, (i) => {
        const check = checkDeployment(i)
        const got = new Set(check.blockers.filter((b) => b.waivedBy === null).map((b) => b.code))
        expect([...got].sort()).toEqual([...oracle(i)].sort())
        expect(check.allowed).toBe(got.size === 0)
        for (const b of check.blockers) {
          seen.add(b.code)
          if (b.waivedBy !== null) {
            waivers++
            expect(['FROZEN', 'OUTSIDE_WINDOW', 'ENVIRONMENT_NOT_READY']).toContain(b.code)
            const e = i.exceptions.find((x) => x.id === b.waivedBy)
            expect(e).toMatchObject({ status: 'APPROVED', releaseId: 'rel-1', tier: i.tier })
          }
        }
      }),
      { numRuns: 400 },
    )
    expect([...seen].sort()).toEqual([
      'ENTERPRISE_CRITERIA_UNMET',
      'ENVIRONMENT_NOT_READY',
      'FROZEN',
      'GATE_UNMET',
      'NOT_NEXT_TIER',
      'OUTSIDE_WINDOW',
      'PLAN_NOT_APPROVED',
      'RELEASE_CANCELLED',
    ])
    expect(waivers).toBeGreaterThan(5)
  })

  it('nextAllowedAt is the earliest instant without an unwaived FROZEN or OUTSIDE_WINDOW blocker', () => {
    let moved = 0
    fc.assert(
      fc.property(arbInput, fc.array(fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }), { minLength: 3, maxLength: 3 }), (i, fractions) => {
        const check = checkDeployment(i)
        const at = Date.parse(check.at)
        const next = check.nextAllowedAt === null ? null : Date.parse(check.nextAllowedAt)
        if (next === null) {
          // nothing lifts them: blocked at the instant and at sampled later instants within 5 years
          expect(timeBound(i)).toBe(true)
          for (const f of fractions) expect(timeBound({ ...i, at: iso(at + Math.floor(f * 4.9 * 365 * 24 * HOUR)) })).toBe(true)
          return
        }
        expect(next).toBeGreaterThanOrEqual(at)
        expect(timeBound({ ...i, at: iso(next) })).toBe(false)
        if (next > at) {
          moved++
          expect(timeBound(i)).toBe(true)
          expect(timeBound({ ...i, at: iso(next - 1) })).toBe(true)
          for (const f of fractions) expect(timeBound({ ...i, at: iso(at + Math.floor(f * (next - at))) })).toBe(true)
        } else {
          expect(timeBound(i)).toBe(false)
        }
      }),
      { numRuns: 150 },
    )
    expect(moved).toBeGreaterThan(10)
  })
})
