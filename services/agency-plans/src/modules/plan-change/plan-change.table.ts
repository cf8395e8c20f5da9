import type { Generated, Selectable } from 'kysely'
import type { PlanContent } from '@railyard/release-rules'
import type { Json } from '../plan/plan.table.ts'

/** The content of a plan as it was approved (one row per approval). */
export interface PlanApprovalSnapshotTable {
  id: Generated<string>
  planId: string
  /** The approval request whose last approval approved the plan (null: approved on submission, no steps). */
  requestId: string | null
  /** The plan's revision once approved. */
  approvedRevision: number
  approvedAt: Generated<string>
  /** Subject of whoever gave the last needed approval. */
  approvedBy: string
  content: Json<PlanContent>
}

export type PlanApprovalSnapshotRow = Selectable<PlanApprovalSnapshotTable>
