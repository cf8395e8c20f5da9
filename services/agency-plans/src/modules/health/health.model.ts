import type { DeliveryMetricsRow } from '@railyard/release-rules/metrics'
import type { RiskDetail, RiskReason } from '@railyard/release-rules/risks'
import type { ReleaseRow } from '../release/release.table.ts'

/** One `ReleaseRisk`: the release row with what release-rules found. */
export interface ReleaseRiskModel {
  release: ReleaseRow
  reasons: RiskReason[]
  nextWindowStart: string | null
  nextWindowTier: string | null
  score: number
  details: RiskDetail[]
}

/** One `DeliveryMetrics` row (agencyId null: the program total). */
export type DeliveryMetricsModel = DeliveryMetricsRow

/** One `DeliveryMetricsMonth`. */
export interface DeliveryMetricsMonthModel {
  month: string
  from: string
  to: string
  rows: DeliveryMetricsRow[]
}
