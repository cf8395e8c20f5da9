import DataLoader from 'dataloader'
import type { Kysely } from 'kysely'
import { byKey, groupByKey } from '@railyard/graphql-kit'
import type { Database } from '../../database.ts'
import { findBookingsByEnvironmentIds, findBookingsByIds, findBookingsByReleaseIds } from './booking.repository.ts'
import type { EnvironmentBookingRow } from './booking.table.ts'

export function createBookingLoaders(db: Kysely<Database>) {
  return {
    bookingById: new DataLoader<string, EnvironmentBookingRow | null>(async (ids) => byKey(ids, await findBookingsByIds(db, ids), (r) => r.id)),
    bookingsByEnvironment: new DataLoader<string, EnvironmentBookingRow[]>(async (ids) =>
      groupByKey(ids, await findBookingsByEnvironmentIds(db, ids), (r) => r.environmentId),
    ),
    bookingsByRelease: new DataLoader<string, EnvironmentBookingRow[]>(async (ids) =>
      groupByKey(ids, await findBookingsByReleaseIds(db, ids), (r) => r.releaseId),
    ),
  }
}
