import DataLoader from 'dataloader'
import type { Kysely } from 'kysely'
import { byKey, groupByKey } from '@railyard/graphql-kit'
import type { Database } from '../../database.ts'
import { findDecisionsByRequestIds, findRequestsByIds, findRequestsByPlanIds } from './approval.repository.ts'
import type { ApprovalDecisionRow, ApprovalRequestRow } from './approval.table.ts'

export function createApprovalLoaders(db: Kysely<Database>) {
  return {
    approvalById: new DataLoader<string, ApprovalRequestRow | null>(async (ids) => byKey(ids, await findRequestsByIds(db, ids), (r) => r.id)),
    approvalsByPlan: new DataLoader<string, ApprovalRequestRow[]>(async (ids) => groupByKey(ids, await findRequestsByPlanIds(db, ids), (r) => r.planId)),
    decisionsByRequest: new DataLoader<string, ApprovalDecisionRow[]>(async (ids) =>
      groupByKey(ids, await findDecisionsByRequestIds(db, ids), (r) => r.requestId),
    ),
  }
}
