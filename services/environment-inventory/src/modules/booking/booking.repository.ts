import type { Kysely, Transaction } from 'kysely'
import type { BookingSpec } from '@railyard/release-rules'
import type { Database } from '../../database.ts'
import { onlyUuids } from '../../ids.ts'
import type { EnvironmentBookingRow } from './booking.table.ts'

export async function findBookingsByIds(db: Kysely<Database>, ids: readonly string[]): Promise<EnvironmentBookingRow[]> {
  const valid = onlyUuids(ids)
  if (valid.length === 0) return []
  return db.selectFrom('environmentBooking').selectAll().where('id', 'in', valid).execute()
}

/** Every booking of a batch of environments, earliest first. */
export async function findBookingsByEnvironmentIds(db: Kysely<Database>, environmentIds: readonly string[]): Promise<EnvironmentBookingRow[]> {
  if (environmentIds.length === 0) return []
  return db
    .selectFrom('environmentBooking')
    .selectAll()
    .where('environmentId', 'in', [...environmentIds])
    .orderBy('startsAt')
    .orderBy('id')
    .execute()
}

/** Every booking of a batch of releases, earliest first. */
export async function findBookingsByReleaseIds(db: Kysely<Database>, releaseIds: readonly string[]): Promise<EnvironmentBookingRow[]> {
  if (releaseIds.length === 0) return []
  return db
    .selectFrom('environmentBooking')
    .selectAll()
    .where('releaseId', 'in', [...releaseIds])
    .orderBy('startsAt')
    .orderBy('id')
    .execute()
}

export async function insertBooking(
  trx: Kysely<Database>,
  b: { environmentId: string; releaseId: string; releaseAgencyId: string | null; startsAt: string; endsAt: string; purpose: string | null; createdBy: string },
): Promise<EnvironmentBookingRow> {
  return trx.insertInto('environmentBooking').values(b).returningAll().executeTakeFirstOrThrow()
}

/** Locks one booking for the rest of the transaction; null when it is gone. */
export async function lockBooking(trx: Transaction<Database>, id: string): Promise<EnvironmentBookingRow | null> {
  return (await trx.selectFrom('environmentBooking').selectAll().where('id', '=', id).forUpdate().executeTakeFirst()) ?? null
}

export async function deleteBooking(trx: Kysely<Database>, id: string): Promise<boolean> {
  const r = await trx.deleteFrom('environmentBooking').where('id', '=', id).executeTakeFirst()
  return Number(r.numDeletedRows) === 1
}

/** A booking row in the shape release-rules reasons about. */
export const asBookingSpec = (b: EnvironmentBookingRow): BookingSpec => ({
  id: b.id,
  environmentId: b.environmentId,
  releaseId: b.releaseId,
  start: b.startsAt,
  end: b.endsAt,
})
