import type { Kysely } from 'kysely'
import type { Database } from '../../database.ts'
import type { CalendarFeedRow } from './calendar-feed.table.ts'

export interface NewCalendarFeed {
  programId: string
  name: string
  secretHash: string
  secretPrefix: string
  createdBy: string
  creatorName: string | null
  creatorRoles: string[]
  creatorAgency: string | null
  creatorScopes: string[]
}

export async function insertCalendarFeed(db: Kysely<Database>, f: NewCalendarFeed): Promise<CalendarFeedRow> {
  return db
    .insertInto('calendarFeed')
    .values({ ...f, creatorRoles: JSON.stringify(f.creatorRoles), creatorScopes: JSON.stringify(f.creatorScopes) })
    .returningAll()
    .executeTakeFirstOrThrow()
}

export async function findCalendarFeedsByIds(db: Kysely<Database>, ids: readonly string[]): Promise<CalendarFeedRow[]> {
  if (ids.length === 0) return []
  return db
    .selectFrom('calendarFeed')
    .selectAll()
    .where('id', 'in', [...ids])
    .execute()
}

/** The feed row, locked until the end of the transaction (revoking). */
export async function lockCalendarFeed(db: Kysely<Database>, id: string): Promise<CalendarFeedRow | undefined> {
  return db.selectFrom('calendarFeed').selectAll().where('id', '=', id).forUpdate().executeTakeFirst()
}

/** Feeds of (program, creator) pairs, newest first. */
export async function findCalendarFeedsByProgramAndCreator(
  db: Kysely<Database>,
  keys: readonly { programId: string; createdBy: string }[],
): Promise<CalendarFeedRow[]> {
  if (keys.length === 0) return []
  return db
    .selectFrom('calendarFeed')
    .selectAll()
    .where((eb) => eb.or(keys.map((k) => eb.and([eb('programId', '=', k.programId), eb('createdBy', '=', k.createdBy)]))))
    .orderBy('createdAt', 'desc')
    .orderBy('id', 'desc')
    .execute()
}

export async function revokeCalendarFeedRow(db: Kysely<Database>, id: string, revokedBy: string): Promise<CalendarFeedRow> {
  return db.updateTable('calendarFeed').set({ revokedAt: new Date().toISOString(), revokedBy }).where('id', '=', id).returningAll().executeTakeFirstOrThrow()
}

/** The feed of a secret's hash, recording its use (lastUsedAt); undefined when there is none. */
export async function touchCalendarFeedByHash(db: Kysely<Database>, secretHash: string): Promise<CalendarFeedRow | undefined> {
  const row = await db.selectFrom('calendarFeed').selectAll().where('secretHash', '=', secretHash).executeTakeFirst()
  if (!row || row.revokedAt) return row
  return db.updateTable('calendarFeed').set({ lastUsedAt: new Date().toISOString() }).where('id', '=', row.id).returningAll().executeTakeFirst()
}
