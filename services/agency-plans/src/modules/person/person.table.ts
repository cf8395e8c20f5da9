import type { ColumnType, Generated } from 'kysely'

/** person: someone Railyard has seen in a verified token (so e-mail can reach an agency's managers). */
export interface PersonTable {
  subject: string
  name: string
  email: string | null
  roles: ColumnType<string[], string[], string[]>
  agencyCode: string | null
  firstSeenAt: Generated<string>
  lastSeenAt: ColumnType<string, string | undefined, string>
  /** EMAIL notifications as one digest a day (setNotificationSettings) instead of one mail each. */
  emailDigest: ColumnType<boolean, boolean | undefined, boolean>
}
