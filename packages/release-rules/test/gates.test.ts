import { describe, expect, it } from 'vitest'
import { checkPromotion, criterionMet, evaluateGate, latestCheckpoints, nextTier } from '../src/index.ts'
import type { CheckpointRecord, CriterionSpec, PromotionInput, ReleaseStatus } from '../src/index.ts'
import { criticalVulns, local, prodGate, strategy, testGate, uatSignoff, unitTests, win } from './fixtures.ts'

const T0 = '2027-03-01T12:00:00.000Z'
const cp = (criterionKey: string, fields: Partial<CheckpointRecord> = {}): CheckpointRecord => ({ criterionKey, recordedAt: T0, ...fields })

describe('criterionMet', () => {
  it('no checkpoint → unmet', () => {
    expect(criterionMet(unitTests, undefined)).toBe(false)
  })

  it('ATTESTATION needs attested === true', () => {
    const c: CriterionSpec = { ...uatSignoff, evidenceRequired: false }
    expect(criterionMet(c, cp('uat-signoff', { attested: true }))).toBe(true)
    expect(criterionMet(c, cp('uat-signoff', { attested: false }))).toBe(false)
    expect(criterionMet(c, cp('uat-signoff', { attested: null }))).toBe(false)
    expect(criterionMet(c, cp('uat-signoff', { value: 1 }))).toBe(false)
  })

  it('METRIC_AT_LEAST: value ≥ threshold (inclusive)', () => {
    expect(criterionMet(unitTests, cp('unit-tests', { value: 95 }))).toBe(true)
    expect(criterionMet(unitTests, cp('unit-tests', { value: 99.5 }))).toBe(true)
    expect(criterionMet(unitTests, cp('unit-tests', { value: 94.99 }))).toBe(false)
    expect(criterionMet(unitTests, cp('unit-tests', { value: null }))).toBe(false)
    expect(criterionMet(unitTests, cp('unit-tests', { attested: true }))).toBe(false)
    expect(criterionMet(unitTests, cp('unit-tests', { value: Number.NaN }))).toBe(false)
  })

  it('METRIC_AT_MOST: value ≤ threshold (inclusive)', () => {
    const c: CriterionSpec = { key: 'p95', description: 'p95 latency ms', kind: 'METRIC_AT_MOST', threshold: 300, evidenceRequired: false }
    expect(criterionMet(c, cp('p95', { value: 300 }))).toBe(true)
    expect(criterionMet(c, cp('p95', { value: 120 }))).toBe(true)
    expect(criterionMet(c, cp('p95', { value: 301 }))).toBe(false)
  })

  it('a metric criterion without threshold only needs a recorded value', () => {
    const c: CriterionSpec = { key: 'm', description: 'measured', kind: 'METRIC_AT_LEAST', threshold: null, evidenceRequired: false }
    expect(criterionMet(c, cp('m', { value: 0 }))).toBe(true)
    expect(criterionMet(c, cp('m'))).toBe(false)
  })

  it('evidenceRequired needs a non-blank evidenceUrl, for every kind', () => {
    expect(criterionMet(criticalVulns, cp('critical-vulns', { value: 0 }))).toBe(false)
    expect(criterionMet(criticalVulns, cp('critical-vulns', { value: 0, evidenceUrl: '' }))).toBe(false)
    expect(criterionMet(criticalVulns, cp('critical-vulns', { value: 0, evidenceUrl: '   ' }))).toBe(false)
    expect(criterionMet(criticalVulns, cp('critical-vulns', { value: 0, evidenceUrl: 'https://scan/42' }))).toBe(true)
    expect(criterionMet(criticalVulns, cp('critical-vulns', { value: 1, evidenceUrl: 'https://scan/42' }))).toBe(false)
    expect(criterionMet(uatSignoff, cp('uat-signoff', { attested: true }))).toBe(false)
    expect(criterionMet(uatSignoff, cp('uat-signoff', { attested: true, evidenceUrl: 'https://uat/1' }))).toBe(true)
  })
})

describe('latestCheckpoints and evaluateGate', () => {
  it('keeps the latest checkpoint per key, comparing instants (not strings)', () => {
    const older = cp('unit-tests', { value: 99, recordedAt: '2027-03-01T10:00:00+02:00' }) // 08:00Z
    const newer = cp('unit-tests', { value: 80, recordedAt: '2027-03-01T09:00:00Z' })
    const other = cp('uat-signoff', { attested: true })
    const m = latestCheckpoints([newer, older, other])
    expect(m.get('unit-tests')).toBe(newer)
    expect(m.get('uat-signoff')).toBe(other)
    expect(m.size).toBe(2)
  })

  it('on equal recordedAt, the later record in the list wins', () => {
    const a = cp('k', { value: 1 })
    const b = cp('k', { value: 2 })
    expect(latestCheckpoints([a, b]).get('k')).toBe(b)
  })

  it('a gate passes only when every criterion is met by its latest checkpoint', () => {
    const gate = { ...prodGate, criteria: [uatSignoff, unitTests, criticalVulns] }
    expect(evaluateGate(gate, [])).toEqual({ passed: false, unmetCriteria: ['uat-signoff', 'unit-tests', 'critical-vulns'] })
    const cps = [
      cp('uat-signoff', { attested: true, evidenceUrl: 'https://uat/1' }),
      cp('unit-tests', { value: 99, recordedAt: '2027-03-01T08:00:00Z' }),
      cp('unit-tests', { value: 90, recordedAt: '2027-03-01T09:00:00Z' }), // the latest one regresses
      cp('critical-vulns', { value: 0, evidenceUrl: 'https://scan/1' }),
    ]
    expect(evaluateGate(gate, cps)).toEqual({ passed: false, unmetCriteria: ['unit-tests'] })
    expect(evaluateGate(gate, [...cps, cp('unit-tests', { value: 97, recordedAt: '2027-03-01T10:00:00Z' })])).toEqual({ passed: true, unmetCriteria: [] })
  })

  it('a gate without criteria passes', () => {
    expect(evaluateGate({ key: 'empty', name: 'Empty', tier: 'DEV', criteria: [] }, [])).toEqual({ passed: true, unmetCriteria: [] })
  })
})

describe('checkPromotion', () => {
  const weekday = local('2027-03-09T10:00') // Tuesday, no freeze
  const saturday = local('2027-03-13T10:00') // weekend freeze (PROD only)
  const allMet: CheckpointRecord[] = [
    cp('unit-tests', { value: 98 }),
    cp('uat-signoff', { attested: true, evidenceUrl: 'https://uat/signoff' }),
    cp('critical-vulns', { value: 0, evidenceUrl: 'https://scan/7' }),
  ]
  // v2 (DESIGN "Deploy-time enforcement"): promotion decides with the deploy check, which also
  // enforces the release's window in the last tier (OUTSIDE_WINDOW). The release below therefore
  // has a schedule whose PROD window covers every instant these v1 cases promote at, so their
  // assertions stay as they were; the new rules have their own tests in deployment.test.ts.
  const schedule = [
    win('DEV', local('2027-02-22T09:00'), local('2027-02-26T17:00')),
    win('TEST', local('2027-03-01T09:00'), local('2027-03-05T17:00')),
    win('PROD', local('2027-03-08T00:00'), local('2027-03-20T00:00')),
  ]
  interface Case {
    strategy: PromotionInput['strategy']
    planStatus: string
    releaseStatus: ReleaseStatus
    currentTier: string | null
    targetTier: string
    checkpoints: CheckpointRecord[]
    now: string
  }
  const p = (overrides: Partial<Case> = {}): PromotionInput => {
    const c: Case = {
      strategy: strategy(),
      planStatus: 'APPROVED',
      releaseStatus: 'IN_PROGRESS',
      currentTier: 'TEST',
      targetTier: 'PROD',
      checkpoints: allMet,
      now: weekday,
      ...overrides,
    }
    return {
      strategy: c.strategy,
      planStatus: c.planStatus,
      release: { id: 'rel-1', status: c.releaseStatus, type: 'MINOR', currentTier: c.currentTier, schedule },
      checkpoints: c.checkpoints,
      tier: c.targetTier,
      at: c.now,
      environmentBlockers: null,
      exceptions: [],
    }
  }

  it('nextTier', () => {
    expect(nextTier(['DEV', 'TEST', 'PROD'], null)).toBe('DEV')
    expect(nextTier(['DEV', 'TEST', 'PROD'], 'DEV')).toBe('TEST')
    expect(nextTier(['DEV', 'TEST', 'PROD'], 'PROD')).toBeNull()
    expect(nextTier(['DEV', 'TEST', 'PROD'], 'QA')).toBeNull()
  })

  it('into the last tier with everything met: ok and releasesNow', () => {
    expect(checkPromotion(p())).toEqual({ ok: true, releasesNow: true })
  })

  it('into the first tier from none (no gate there): ok, not releasing', () => {
    expect(checkPromotion(p({ currentTier: null, targetTier: 'DEV', checkpoints: [], releaseStatus: 'PLANNED' }))).toEqual({ ok: true, releasesNow: false })
  })

  it('only into the next tier', () => {
    const skip = checkPromotion(p({ currentTier: 'DEV', targetTier: 'PROD' }))
    expect(skip).toEqual({ ok: false, reasons: [expect.stringMatching(/only be promoted into the next tier, TEST \(it is in DEV\), not PROD/)] })
    const first = checkPromotion(p({ currentTier: null, targetTier: 'TEST' }))
    expect(first.ok).toBe(false)
    if (!first.ok) expect(first.reasons[0]).toMatch(/next tier, DEV \(it has not been promoted yet\)/)
    const back = checkPromotion(p({ currentTier: 'PROD', targetTier: 'TEST', releaseStatus: 'ROLLED_BACK' }))
    expect(back.ok).toBe(false)
    if (!back.ok) expect(back.reasons).toEqual([expect.stringMatching(/already in the last tier PROD/)])
    const unknown = checkPromotion(p({ targetTier: 'STAGING' }))
    expect(unknown.ok).toBe(false)
    if (!unknown.ok) expect(unknown.reasons).toEqual([expect.stringMatching(/STAGING is not a tier of the promotion path DEV → TEST → PROD/)])
  })

  it('only for an APPROVED plan', () => {
    for (const planStatus of ['DRAFT', 'SUBMITTED', 'REJECTED', 'CLOSED']) {
      expect(checkPromotion(p({ planStatus }))).toEqual({ ok: false, reasons: [expect.stringContaining(`plan is ${planStatus}`)] })
    }
  })

  it('not for a CANCELLED or RELEASED release', () => {
    expect(checkPromotion(p({ releaseStatus: 'CANCELLED' }))).toEqual({ ok: false, reasons: [expect.stringMatching(/CANCELLED and cannot be promoted/)] })
    expect(checkPromotion(p({ releaseStatus: 'RELEASED' })).ok).toBe(false)
  })

  it('the gate of the target tier must pass, naming unmet criteria', () => {
    const r = checkPromotion(p({ currentTier: 'DEV', targetTier: 'TEST', checkpoints: [cp('unit-tests', { value: 90 })] }))
    expect(r).toEqual({ ok: false, reasons: [expect.stringMatching(/Gate 'Test entry' \(test-entry\) into TEST is not passed; unmet criteria: unit-tests/)] })
    expect(checkPromotion(p({ currentTier: 'DEV', targetTier: 'TEST', checkpoints: [cp('unit-tests', { value: 96 })] }))).toEqual({
      ok: true,
      releasesNow: false,
    })
  })

  it('every gate of the target tier counts', () => {
    const second = {
      ...testGate,
      key: 'perf',
      name: 'Performance',
      criteria: [{ key: 'p95', description: 'p95', kind: 'METRIC_AT_MOST' as const, threshold: 200, evidenceRequired: false }],
    }
    const r = checkPromotion(
      p({ strategy: strategy({ qualityGates: [testGate, second] }), currentTier: 'DEV', targetTier: 'TEST', checkpoints: [cp('unit-tests', { value: 99 })] }),
    )
    expect(r).toEqual({ ok: false, reasons: [expect.stringMatching(/'Performance' \(perf\).*p95/)] })
  })

  it('not into a tier frozen now, naming the freeze', () => {
    const r = checkPromotion(p({ now: saturday }))
    expect(r).toEqual({
      ok: false,
      reasons: [expect.stringMatching(/PROD is frozen by 'Weekend freeze' from 2027-03-13T01:00:00.000Z until 2027-03-15T15:00:00.000Z/)],
    })
    // the weekend freeze is PROD-only
    expect(checkPromotion(p({ now: saturday, currentTier: 'DEV', targetTier: 'TEST' }))).toEqual({ ok: true, releasesNow: false })
    // just after it ends (Monday 08:00 PDT)
    expect(checkPromotion(p({ now: '2027-03-15T15:00:00.000Z' }))).toEqual({ ok: true, releasesNow: true })
  })

  it('enterprise readiness criteria are needed for the last tier only', () => {
    const withoutScan = allMet.filter((c) => c.criterionKey !== 'critical-vulns')
    expect(checkPromotion(p({ checkpoints: withoutScan }))).toEqual({
      ok: false,
      reasons: [expect.stringMatching(/Enterprise readiness criteria required before PROD are not met: critical-vulns/)],
    })
    expect(checkPromotion(p({ checkpoints: withoutScan, currentTier: 'DEV', targetTier: 'TEST' }))).toEqual({ ok: true, releasesNow: false })
  })

  it('reports every failed condition at once', () => {
    const r = checkPromotion(p({ planStatus: 'SUBMITTED', now: saturday, checkpoints: [] }))
    expect(r.ok).toBe(false)
    if (!r.ok) {
      expect(r.reasons).toHaveLength(4)
      expect(r.reasons.join('\n')).toMatch(/SUBMITTED[\s\S]*uat-signoff[\s\S]*Weekend freeze[\s\S]*critical-vulns/)
    }
  })
})
