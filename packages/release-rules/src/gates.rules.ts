import { frozenAt } from './freezes.rules.ts'
import { instantToMillis } from './time.rules.ts'
import type { CheckpointRecord, CriterionSpec, GateEvaluation, PromotionInput, PromotionResult, QualityGateSpec, ReleaseStatus } from './types.ts'

/**
 * Does a checkpoint meet a criterion?
 * ATTESTATION: attested is true. METRIC_AT_LEAST: a finite value ≥ threshold. METRIC_AT_MOST:
 * a finite value ≤ threshold (a metric criterion without a threshold only needs a recorded
 * value). With evidenceRequired, a non-blank evidenceUrl is needed as well. No checkpoint → unmet.
 */
export function criterionMet(c: CriterionSpec, cp: CheckpointRecord | undefined): boolean {
  if (!cp) return false
  if (c.evidenceRequired && !(typeof cp.evidenceUrl === 'string' && cp.evidenceUrl.trim() !== '')) return false
  const value = cp.value
  const threshold = c.threshold
  const hasValue = typeof value === 'number' && Number.isFinite(value)
  const hasThreshold = typeof threshold === 'number' && Number.isFinite(threshold)
  switch (c.kind) {
    case 'ATTESTATION':
      return cp.attested === true
    case 'METRIC_AT_LEAST':
      return hasValue && (!hasThreshold || value >= threshold)
    case 'METRIC_AT_MOST':
      return hasValue && (!hasThreshold || value <= threshold)
    default:
      return false
  }
}

/** The latest checkpoint per criterion key, by recordedAt (on a tie, the later one in the list wins). */
export function latestCheckpoints(cps: CheckpointRecord[]): Map<string, CheckpointRecord> {
  const latest = new Map<string, { cp: CheckpointRecord; at: number }>()
  for (const cp of cps) {
    const at = instantToMillis(cp.recordedAt)
    const prev = latest.get(cp.criterionKey)
    if (!prev || at >= prev.at) latest.set(cp.criterionKey, { cp, at })
  }
  return new Map([...latest].map(([k, v]) => [k, v.cp]))
}

function unmetOf(criteria: CriterionSpec[], latest: Map<string, CheckpointRecord>): string[] {
  return criteria.filter((c) => !criterionMet(c, latest.get(c.key))).map((c) => c.key)
}

/** A gate passes when every criterion's latest checkpoint meets it. `unmetCriteria` = keys, in criteria order. */
export function evaluateGate(gate: QualityGateSpec, checkpoints: CheckpointRecord[]): GateEvaluation {
  const unmetCriteria = unmetOf(gate.criteria, latestCheckpoints(checkpoints))
  return { passed: unmetCriteria.length === 0, unmetCriteria }
}

/** Statuses from which a release can no longer be promoted. */
export const TERMINAL_RELEASE_STATUSES: readonly ReleaseStatus[] = ['CANCELLED', 'RELEASED']

/** The tier a release may be promoted into next: the first tier when it has none, null after the last (or for an unknown tier). */
export function nextTier(promotionPath: string[], currentTier: string | null): string | null {
  if (currentTier === null) return promotionPath[0] ?? null
  const i = promotionPath.indexOf(currentTier)
  if (i < 0) return null
  return promotionPath[i + 1] ?? null
}

/**
 * May a release be promoted into `targetTier` now? Only into the next tier of the promotion
 * path (the first when it has none yet), only for an APPROVED plan, only for a release that is
 * not CANCELLED or RELEASED, only when every gate of the target tier passes, when the target
 * tier is not frozen at `now`, and — for the last tier — when every enterprise readiness
 * criterion is met. `releasesNow`: the target is the last tier. All failed conditions are
 * reported, each as one sentence.
 */
export function checkPromotion(p: PromotionInput): PromotionResult {
  const { strategy } = p
  const path = strategy.promotionPath
  const reasons: string[] = []
  const pathText = path.join(' → ')

  if (TERMINAL_RELEASE_STATUSES.includes(p.releaseStatus)) {
    reasons.push(`The release is ${p.releaseStatus} and cannot be promoted.`)
  }
  if (p.planStatus !== 'APPROVED') {
    reasons.push(`The release plan is ${p.planStatus}; only releases of an APPROVED plan can be promoted.`)
  }

  const targetIndex = path.indexOf(p.targetTier)
  if (targetIndex < 0) {
    reasons.push(`${p.targetTier} is not a tier of the promotion path ${pathText}.`)
  } else {
    if (p.currentTier !== null && !path.includes(p.currentTier)) {
      reasons.push(`The release's current tier ${p.currentTier} is not on the promotion path ${pathText}.`)
    } else {
      const expected = nextTier(path, p.currentTier)
      if (expected === null) {
        reasons.push(`The release is already in the last tier ${p.currentTier ?? ''} of the promotion path ${pathText}.`)
      } else if (expected !== p.targetTier) {
        reasons.push(
          `The release can only be promoted into the next tier, ${expected}` +
            (p.currentTier === null ? ' (it has not been promoted yet)' : ` (it is in ${p.currentTier})`) +
            `, not ${p.targetTier}.`,
        )
      }
    }
  }

  const latest = latestCheckpoints(p.checkpoints)
  for (const gate of strategy.qualityGates) {
    if (gate.tier !== p.targetTier) continue
    const unmet = unmetOf(gate.criteria, latest)
    if (unmet.length > 0) {
      reasons.push(`Gate '${gate.name}' (${gate.key}) into ${gate.tier} is not passed; unmet criteria: ${unmet.join(', ')}.`)
    }
  }

  const freeze = frozenAt(strategy.freezeWindows, p.targetTier, p.now)
  if (freeze) {
    reasons.push(`${p.targetTier} is frozen by '${freeze.name}' from ${freeze.start} until ${freeze.end}.`)
  }

  const isLast = targetIndex >= 0 && targetIndex === path.length - 1
  if (isLast) {
    const unmet = unmetOf(strategy.readinessCriteria, latest)
    if (unmet.length > 0) {
      reasons.push(`Enterprise readiness criteria required before ${p.targetTier} are not met: ${unmet.join(', ')}.`)
    }
  }

  return reasons.length > 0 ? { ok: false, reasons } : { ok: true, releasesNow: isLast }
}
