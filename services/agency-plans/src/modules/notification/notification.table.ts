import type { ColumnType, Generated, Selectable } from 'kysely'
import type { NotificationKind } from '../../__generated__/resolvers-types.ts'

export type Audience = 'PERSON' | 'PROGRAM' | 'AGENCY'

/** notification: one message of one event to one audience (a person, the program office, an agency's roles). */
export interface NotificationTable {
  id: Generated<string>
  eventId: string
  kind: NotificationKind
  at: string
  title: string
  body: string
  link: string | null
  releaseId: string | null
  planId: string | null
  agencyId: string | null
  audience: Audience
  audienceSubject: string | null
  audienceAgency: string | null
  /** Roles of the agency that hear it; empty: every role of it. */
  audienceRoles: ColumnType<string[], string[] | undefined, string[]>
  data: ColumnType<Record<string, unknown>, string | undefined, string>
  createdAt: Generated<string>
}

export type NotificationRow = Selectable<NotificationTable>

/** notification_read: who has read which notification. */
export interface NotificationReadTable {
  notificationId: string
  subject: string
  readAt: Generated<string>
}

/** notification_preference: the channels one person hears one kind on (absent: IN_APP). */
export interface NotificationPreferenceTable {
  subject: string
  kind: NotificationKind
  channels: string[]
  updatedAt: Generated<string>
}

export type DeliveryStatus = 'PENDING' | 'DELIVERED' | 'FAILED' | 'DEAD'

/** email_delivery: one notification (or one day's digest) to one person's address, retried like webhooks. */
export interface EmailDeliveryTable {
  id: Generated<string>
  /** The notification; null for a digest. */
  notificationId: string | null
  /** A digest: the (UTC) day YYYY-MM-DD whose notifications it carries (unique per person and day). */
  digestDay: ColumnType<string | null, string | null | undefined, string | null>
  subject: string
  email: string
  status: ColumnType<DeliveryStatus, DeliveryStatus | undefined, DeliveryStatus>
  attempt: ColumnType<number, number | undefined, number>
  lastError: string | null
  createdAt: Generated<string>
  firstFailedAt: string | null
  nextAttemptAt: string | null
  lockedUntil: string | null
}

/** email_digest_item: a notification waiting for (or carried by) a person's digest of a day. */
export interface EmailDigestItemTable {
  notificationId: string
  subject: string
  email: string
  /** YYYY-MM-DD (UTC) of the fan-out. */
  day: string
  digestId: string | null
  createdAt: Generated<string>
}

/** A notification as the viewer reads it. */
export interface NotificationModel extends NotificationRow {
  read: boolean
}

export interface NotificationPageModel {
  unread: number
  items: NotificationModel[]
}
