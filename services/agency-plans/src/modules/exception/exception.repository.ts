import { type Kysely, type Transaction, sql } from 'kysely'
import type { DeploymentExceptionSpec, ExceptionStatus, WaivableBlockerCode } from '@railyard/release-rules'
import type { Database } from '../../database.ts'
import { isUuid } from '../common/refs.ts'
import type { DeploymentExceptionRow } from './exception.table.ts'

/** Exceptions of a batch of releases, newest request first. */
export async function findExceptionsByReleaseIds(db: Kysely<Database>, releaseIds: readonly string[]): Promise<DeploymentExceptionRow[]> {
  const valid = releaseIds.filter(isUuid)
  if (valid.length === 0) return []
  return db.selectFrom('deploymentException').selectAll().where('releaseId', 'in', valid).orderBy('requestedAt', 'desc').orderBy('id').execute()
}

/** Exceptions by id (the batch's rows, any order). */
export async function findExceptionsByIds(db: Kysely<Database>, ids: readonly string[]): Promise<DeploymentExceptionRow[]> {
  const valid = ids.filter(isUuid)
  if (valid.length === 0) return []
  return db.selectFrom('deploymentException').selectAll().where('id', 'in', valid).execute()
}

/** Every PENDING exception, oldest request first. */
export async function findPendingExceptions(db: Kysely<Database>): Promise<DeploymentExceptionRow[]> {
  return db.selectFrom('deploymentException').selectAll().where('status', '=', 'PENDING').orderBy('requestedAt').orderBy('id').execute()
}

/** A row as the deploy check (release-rules) reads it. */
export const exceptionSpec = (r: DeploymentExceptionRow): DeploymentExceptionSpec => ({
  id: r.id,
  releaseId: r.releaseId,
  tier: r.tier,
  waives: r.waives,
  start: r.startAt,
  end: r.endAt,
  status: r.status,
})

/** The exceptions of a batch of releases as the deploy check reads them. */
export async function findExceptionSpecsByReleaseIds(db: Kysely<Database>, releaseIds: readonly string[]): Promise<DeploymentExceptionSpec[]> {
  return (await findExceptionsByReleaseIds(db, releaseIds)).map(exceptionSpec)
}

export async function insertException(
  db: Kysely<Database>,
  e: {
    releaseId: string
    agencyCode: string
    tier: string
    waives: WaivableBlockerCode[]
    startAt: string
    endAt: string
    justification: string
    requestedBy: string
  },
): Promise<DeploymentExceptionRow> {
  return db
    .insertInto('deploymentException')
    .values({ ...e, waives: JSON.stringify(e.waives) })
    .returningAll()
    .executeTakeFirstOrThrow()
}

/** The exception, locked for a decision (FOR UPDATE). */
export async function lockException(db: Transaction<Database>, id: string): Promise<DeploymentExceptionRow | null> {
  if (!isUuid(id)) return null
  return (await db.selectFrom('deploymentException').selectAll().where('id', '=', id).forUpdate().executeTakeFirst()) ?? null
}

/** Decides a PENDING exception; null when it is no longer PENDING. */
export async function decideException(
  db: Kysely<Database>,
  id: string,
  d: { status: Exclude<ExceptionStatus, 'PENDING'>; decidedBy: string; comment: string },
): Promise<DeploymentExceptionRow | null> {
  return (
    (await db
      .updateTable('deploymentException')
      .set({ status: d.status, decidedBy: d.decidedBy, comment: d.comment, decidedAt: sql<string>`now()` })
      .where('id', '=', id)
      .where('status', '=', 'PENDING')
      .returningAll()
      .executeTakeFirst()) ?? null
  )
}
