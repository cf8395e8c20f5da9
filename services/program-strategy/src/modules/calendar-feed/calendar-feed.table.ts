import type { ColumnType, Generated, Selectable } from 'kysely'

/** A jsonb column: read as the parsed value, written as its JSON text. */
type Json<T> = ColumnType<T, string, never>

export interface CalendarFeedTable {
  id: Generated<string>
  programId: string
  name: string
  /** SHA-256 of the secret, hex (the secret itself is never stored). */
  secretHash: string
  /** The secret's first characters, for the masked address. */
  secretPrefix: string
  createdBy: string
  creatorName: string | null
  creatorRoles: Json<string[]>
  creatorAgency: string | null
  creatorScopes: Json<string[]>
  createdAt: Generated<string>
  lastUsedAt: string | null
  revokedAt: string | null
  revokedBy: string | null
}

export type CalendarFeedRow = Selectable<CalendarFeedTable>
