import type { Kysely } from 'kysely'
import type { PlanContent } from '@railyard/release-rules'
import type { Database } from '../../database.ts'
import { isUuid } from '../common/refs.ts'
import type { PlanApprovalSnapshotRow } from './plan-change.table.ts'

/** The latest approval snapshot of each of a batch of plans (plans never approved have none). */
export async function findLatestSnapshotsByPlanIds(db: Kysely<Database>, planIds: readonly string[]): Promise<PlanApprovalSnapshotRow[]> {
  const valid = planIds.filter(isUuid)
  if (valid.length === 0) return []
  return db
    .selectFrom('planApprovalSnapshot')
    .distinctOn('planId')
    .selectAll()
    .where('planId', 'in', valid)
    .orderBy('planId')
    .orderBy('approvedRevision', 'desc')
    .execute()
}

export async function insertSnapshot(
  db: Kysely<Database>,
  s: { planId: string; requestId: string | null; approvedRevision: number; approvedBy: string; content: PlanContent },
): Promise<PlanApprovalSnapshotRow> {
  return db
    .insertInto('planApprovalSnapshot')
    .values({ ...s, content: JSON.stringify(s.content) })
    .returningAll()
    .executeTakeFirstOrThrow()
}
