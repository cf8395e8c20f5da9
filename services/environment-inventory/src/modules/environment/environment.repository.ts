import { type Kysely, type Transaction, sql } from 'kysely'
import type { Database } from '../../database.ts'
import { onlyUuids } from '../../ids.ts'
import type { EnvironmentRow, EnvironmentStatus } from './environment.table.ts'

export async function findEnvironmentsByIds(db: Kysely<Database>, ids: readonly string[]): Promise<EnvironmentRow[]> {
  const valid = onlyUuids(ids)
  if (valid.length === 0) return []
  return db.selectFrom('environment').selectAll().where('id', 'in', valid).execute()
}

export async function findEnvironmentsByKeys(db: Kysely<Database>, keys: readonly string[]): Promise<EnvironmentRow[]> {
  if (keys.length === 0) return []
  return db
    .selectFrom('environment')
    .selectAll()
    .where('key', 'in', [...keys])
    .execute()
}

/** Environments of a batch of programs, by key. */
export async function findEnvironmentsByProgramIds(db: Kysely<Database>, programIds: readonly string[]): Promise<EnvironmentRow[]> {
  if (programIds.length === 0) return []
  return db
    .selectFrom('environment')
    .selectAll()
    .where('programId', 'in', [...programIds])
    .orderBy('key')
    .execute()
}

/** Environments owned by a batch of agencies, by key. */
export async function findEnvironmentsByAgencyIds(db: Kysely<Database>, agencyIds: readonly string[]): Promise<EnvironmentRow[]> {
  if (agencyIds.length === 0) return []
  return db
    .selectFrom('environment')
    .selectAll()
    .where('agencyId', 'in', [...agencyIds])
    .orderBy('key')
    .execute()
}

export async function insertEnvironment(
  db: Kysely<Database>,
  e: { key: string; name: string; tier: string; programId: string; agencyId: string | null; agencyCode: string | null; url: string | null; createdBy: string },
): Promise<EnvironmentRow> {
  return db
    .insertInto('environment')
    .values({ ...e, updatedBy: e.createdBy })
    .returningAll()
    .executeTakeFirstOrThrow()
}

/** Locks the environment row for the rest of the transaction (serializes bookings, reports and approvals per environment). */
export async function lockEnvironment(trx: Transaction<Database>, id: string): Promise<EnvironmentRow | undefined> {
  return trx.selectFrom('environment').selectAll().where('id', '=', id).forUpdate().executeTakeFirst()
}

export async function updateEnvironmentStatus(trx: Kysely<Database>, id: string, status: EnvironmentStatus, by: string): Promise<EnvironmentRow> {
  return trx
    .updateTable('environment')
    .set({ status, revision: sql<number>`revision + 1`, updatedBy: by, updatedAt: new Date().toISOString() })
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirstOrThrow()
}

export async function setLastReport(trx: Kysely<Database>, id: string, reportId: string, by: string): Promise<void> {
  await trx
    .updateTable('environment')
    .set({ lastReportId: reportId, revision: sql<number>`revision + 1`, updatedBy: by, updatedAt: new Date().toISOString() })
    .where('id', '=', id)
    .execute()
}

/** Compare-and-set of the baseline version; returns false when another approval got there first. */
export async function advanceBaselineVersion(trx: Kysely<Database>, id: string, expected: number, by: string): Promise<boolean> {
  const r = await trx
    .updateTable('environment')
    .set({ baselineVersion: expected + 1, revision: sql<number>`revision + 1`, updatedBy: by, updatedAt: new Date().toISOString() })
    .where('id', '=', id)
    .where('baselineVersion', '=', expected)
    .executeTakeFirst()
  return Number(r.numUpdatedRows) === 1
}
