import type { AuditLogTable } from '@railyard/graphql-kit'
import type { ApprovalDecisionTable, ApprovalRequestTable } from './modules/approval/approval.table.ts'
import type { CheckpointTable } from './modules/checkpoint/checkpoint.table.ts'
import type { PlanTable } from './modules/plan/plan.table.ts'
import type { PlanApprovalSnapshotTable } from './modules/plan-change/plan-change.table.ts'
import type { ReleaseDependencyTable, ReleaseTable } from './modules/release/release.table.ts'

/** Tables of the agency_plans schema (camelCase here, snake_case in SQL). */
export interface Database {
  plan: PlanTable
  release: ReleaseTable
  releaseDependency: ReleaseDependencyTable
  checkpoint: CheckpointTable
  approvalRequest: ApprovalRequestTable
  approvalDecision: ApprovalDecisionTable
  planApprovalSnapshot: PlanApprovalSnapshotTable
  auditLog: AuditLogTable
}

export const SCHEMA = 'agency_plans'
