import type { CheckpointRecord, CriterionSpec, GateEvaluation, PromotionInput, PromotionResult, QualityGateSpec } from './types.ts'
export function criterionMet(c: CriterionSpec, cp: CheckpointRecord | undefined): boolean { throw new Error('not implemented') }
export function latestCheckpoints(cps: CheckpointRecord[]): Map<string, CheckpointRecord> { throw new Error('not implemented') }
export function evaluateGate(gate: QualityGateSpec, checkpoints: CheckpointRecord[]): GateEvaluation { throw new Error('not implemented') }
export function checkPromotion(p: PromotionInput): PromotionResult { throw new Error('not implemented') }
