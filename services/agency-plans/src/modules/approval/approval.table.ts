import type { Generated, Selectable } from 'kysely'
import type { Json, PinnedApprovalWorkflow } from '../plan/plan.table.ts'

export type ApprovalStatus = 'PENDING' | 'APPROVED' | 'REJECTED' | 'WITHDRAWN'
export type Decision = 'APPROVE' | 'REJECT'

export interface ApprovalRequestTable {
  id: Generated<string>
  planId: string
  /** The plan's agency code (agency-role steps are decided by that agency's people). */
  agencyCode: string
  workflow: Json<PinnedApprovalWorkflow>
  status: ApprovalStatus
  currentStep: number | null
  requestedBy: string
  requestedAt: Generated<string>
}

export interface ApprovalDecisionTable {
  id: Generated<string>
  seq: Generated<number>
  requestId: string
  step: number
  decidedBy: string
  decision: Decision
  comment: string | null
  decidedAt: Generated<string>
}

export type ApprovalRequestRow = Selectable<ApprovalRequestTable>
export type ApprovalDecisionRow = Selectable<ApprovalDecisionTable>
