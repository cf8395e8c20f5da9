import DataLoader from 'dataloader'
import type { Kysely } from 'kysely'
import { byKey } from '@railyard/graphql-kit'
import type { Database } from '../../database.ts'
import { findLatestSnapshotsByPlanIds } from './plan-change.repository.ts'
import type { PlanApprovalSnapshotRow } from './plan-change.table.ts'

export function createPlanChangeLoaders(db: Kysely<Database>) {
  return {
    /** The content each plan had when it was last approved; null for plans never approved. */
    approvalSnapshotByPlan: new DataLoader<string, PlanApprovalSnapshotRow | null>(async (ids) =>
      byKey(ids, await findLatestSnapshotsByPlanIds(db, ids), (r) => r.planId),
    ),
  }
}
