import type { AuditLogTable, OutboxEventTable } from '@railyard/graphql-kit'
import type { ApprovalDecisionTable, ApprovalRequestTable } from './modules/approval/approval.table.ts'
import type { CheckpointTable } from './modules/checkpoint/checkpoint.table.ts'
import type { DeploymentExceptionTable } from './modules/exception/exception.table.ts'
import type {
  EmailDeliveryTable,
  EmailDigestItemTable,
  NotificationPreferenceTable,
  NotificationReadTable,
  NotificationTable,
} from './modules/notification/notification.table.ts'
import type { PersonTable } from './modules/person/person.table.ts'
import type { PlanTable } from './modules/plan/plan.table.ts'
import type { PlanApprovalSnapshotTable } from './modules/plan-change/plan-change.table.ts'
import type { ReleaseDependencyTable, ReleaseTable } from './modules/release/release.table.ts'
import type { SavedViewTable } from './modules/saved-view/saved-view.table.ts'
import type { WebhookDeliveryTable, WebhookSubscriptionTable } from './modules/webhook/webhook.table.ts'

/** Tables of the agency_plans schema (camelCase here, snake_case in SQL). */
export interface Database {
  plan: PlanTable
  release: ReleaseTable
  releaseDependency: ReleaseDependencyTable
  checkpoint: CheckpointTable
  approvalRequest: ApprovalRequestTable
  approvalDecision: ApprovalDecisionTable
  planApprovalSnapshot: PlanApprovalSnapshotTable
  deploymentException: DeploymentExceptionTable
  auditLog: AuditLogTable
  outboxEvent: OutboxEventTable
  person: PersonTable
  notification: NotificationTable
  notificationRead: NotificationReadTable
  notificationPreference: NotificationPreferenceTable
  webhookSubscription: WebhookSubscriptionTable
  webhookDelivery: WebhookDeliveryTable
  emailDelivery: EmailDeliveryTable
  savedView: SavedViewTable
  emailDigestItem: EmailDigestItemTable
}

export const SCHEMA = 'agency_plans'
