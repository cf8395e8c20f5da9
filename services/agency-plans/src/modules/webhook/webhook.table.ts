import type { ColumnType, Generated, Selectable } from 'kysely'
import type { NotificationKind } from '../../__generated__/resolvers-types.ts'
import type { DeliveryStatus } from '../notification/notification.table.ts'

export type WebhookFormat = 'STANDARD' | 'SLACK' | 'TEAMS'

/** webhook_subscription: a receiver of events (soft-deleted: deliveries stop). */
export interface WebhookSubscriptionTable {
  id: Generated<string>
  url: string
  kinds: NotificationKind[]
  agencyId: string | null
  agencyCode: string | null
  format: ColumnType<WebhookFormat, WebhookFormat | undefined, WebhookFormat>
  /** Standard Webhooks signing secret, `whsec_<base64>`. */
  secret: string
  createdBy: string
  createdAt: Generated<string>
  deletedAt: string | null
}

export type WebhookSubscriptionRow = Selectable<WebhookSubscriptionTable>

/** webhook_delivery: one notification to one subscription, with its attempts. */
export interface WebhookDeliveryTable {
  id: Generated<string>
  subscriptionId: string
  notificationId: string
  kind: NotificationKind
  status: ColumnType<DeliveryStatus, DeliveryStatus | undefined, DeliveryStatus>
  attempt: ColumnType<number, number | undefined, number>
  responseStatus: number | null
  lastError: string | null
  createdAt: Generated<string>
  at: Generated<string>
  firstFailedAt: string | null
  nextAttemptAt: string | null
  lockedUntil: string | null
}

export type WebhookDeliveryRow = Selectable<WebhookDeliveryTable>
