import { type Kysely, type Transaction, sql } from 'kysely'
import type { Database } from '../../database.ts'
import { isUuid } from '../common/refs.ts'
import type { PinnedStrategy, PlanRow, PlanStatus } from './plan.table.ts'

export async function findPlansByIds(db: Kysely<Database>, ids: readonly string[]): Promise<PlanRow[]> {
  const valid = ids.filter(isUuid)
  if (valid.length === 0) return []
  return db.selectFrom('plan').selectAll().where('id', 'in', valid).execute()
}

export async function findPlanById(db: Kysely<Database>, id: string): Promise<PlanRow | null> {
  return (await findPlansByIds(db, [id]))[0] ?? null
}

/** Reads a plan and locks its row until the end of the transaction (serializes writes to a plan and its releases). */
export async function lockPlan(trx: Transaction<Database>, id: string): Promise<PlanRow | null> {
  if (!isUuid(id)) return null
  return (await trx.selectFrom('plan').selectAll().where('id', '=', id).forUpdate().executeTakeFirst()) ?? null
}

export async function findPlansByProgramIds(db: Kysely<Database>, programIds: readonly string[]): Promise<PlanRow[]> {
  const valid = programIds.filter(isUuid)
  if (valid.length === 0) return []
  return db.selectFrom('plan').selectAll().where('programId', 'in', valid).orderBy('periodStart').orderBy('createdAt').execute()
}

export async function findPlansByAgencyIds(db: Kysely<Database>, agencyIds: readonly string[]): Promise<PlanRow[]> {
  const valid = agencyIds.filter(isUuid)
  if (valid.length === 0) return []
  return db.selectFrom('plan').selectAll().where('agencyId', 'in', valid).orderBy('periodStart').orderBy('createdAt').execute()
}

export async function insertPlan(
  db: Kysely<Database>,
  p: {
    programId: string
    programKey: string
    agencyId: string
    agencyCode: string
    title: string
    periodStart: string
    periodEnd: string
    strategy: PinnedStrategy
    by: string
  },
): Promise<PlanRow> {
  return db
    .insertInto('plan')
    .values({
      programId: p.programId,
      programKey: p.programKey,
      agencyId: p.agencyId,
      agencyCode: p.agencyCode,
      title: p.title,
      periodStart: p.periodStart,
      periodEnd: p.periodEnd,
      status: 'DRAFT',
      revision: 1,
      strategyVersion: p.strategy.version,
      strategy: JSON.stringify(p.strategy),
      createdBy: p.by,
      updatedBy: p.by,
    })
    .returningAll()
    .executeTakeFirstOrThrow()
}

export interface PlanPatch {
  title?: string
  periodStart?: string
  periodEnd?: string
  status?: PlanStatus
  strategy?: PinnedStrategy
  programKey?: string
}

/**
 * Compare-and-set update of a plan: applies the patch and bumps the revision only when the
 * revision is still `expected`. Returns the new row, or undefined when it was stale.
 */
export async function updatePlanIfRevision(db: Kysely<Database>, id: string, expected: number, patch: PlanPatch, by: string): Promise<PlanRow | undefined> {
  return db
    .updateTable('plan')
    .set({
      ...(patch.title !== undefined ? { title: patch.title } : {}),
      ...(patch.periodStart !== undefined ? { periodStart: patch.periodStart } : {}),
      ...(patch.periodEnd !== undefined ? { periodEnd: patch.periodEnd } : {}),
      ...(patch.status !== undefined ? { status: patch.status } : {}),
      ...(patch.programKey !== undefined ? { programKey: patch.programKey } : {}),
      ...(patch.strategy !== undefined ? { strategy: JSON.stringify(patch.strategy), strategyVersion: patch.strategy.version } : {}),
      revision: sql<number>`revision + 1`,
      updatedAt: sql<string>`now()`,
      updatedBy: by,
    })
    .where('id', '=', id)
    .where('revision', '=', expected)
    .returningAll()
    .executeTakeFirst()
}

/** A change of one of the plan's releases: bumps the plan's revision (and sets its status). */
export async function touchPlan(db: Kysely<Database>, id: string, status: PlanStatus, by: string): Promise<PlanRow> {
  return db
    .updateTable('plan')
    .set({ status, revision: sql<number>`revision + 1`, updatedAt: sql<string>`now()`, updatedBy: by })
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirstOrThrow()
}
