import { instantToMillis } from './time.rules.ts'
import type { CheckpointRecord, CriterionSpec, GateEvaluation, QualityGateSpec } from './types.ts'

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

/** The tier a release may be promoted into next: the first tier when it has none, null after the last (or for an unknown tier). */
export function nextTier(promotionPath: string[], currentTier: string | null): string | null {
  if (currentTier === null) return promotionPath[0] ?? null
  const i = promotionPath.indexOf(currentTier)
  if (i < 0) return null
  return promotionPath[i + 1] ?? null
}
