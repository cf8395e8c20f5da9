import type { PinnedQualityGate } from '../plan/plan.table.ts'

/** A quality gate of the pinned strategy evaluated for one release. */
export interface GateStatusModel {
  gate: PinnedQualityGate
  passed: boolean
  unmetCriteria: string[]
}
