import DataLoader from 'dataloader'
import type { Kysely } from 'kysely'
import { byKey, onlyUuids } from '@railyard/graphql-kit'
import type { Database } from '../../database.ts'
import { findCalendarFeedsByIds, findCalendarFeedsByProgramAndCreator } from './calendar-feed.repository.ts'
import type { CalendarFeedRow } from './calendar-feed.table.ts'

export interface FeedOwnerKey {
  programId: string
  createdBy: string
}

export function createCalendarFeedLoaders(db: Kysely<Database>) {
  return {
    calendarFeedById: new DataLoader<string, CalendarFeedRow | null>(async (ids) => byKey(ids, await findCalendarFeedsByIds(db, onlyUuids(ids)), (r) => r.id)),
    /** Feeds of a program created by a person, newest first (one query per batch). */
    calendarFeedsByOwner: new DataLoader<FeedOwnerKey, CalendarFeedRow[], string>(
      async (keys) => {
        const valid = keys.filter((k) => onlyUuids([k.programId]).length === 1)
        const rows = await findCalendarFeedsByProgramAndCreator(db, valid)
        return keys.map((k) => rows.filter((r) => r.programId === k.programId && r.createdBy === k.createdBy))
      },
      { cacheKeyFn: (k) => `${k.programId}|${k.createdBy}` },
    ),
  }
}
