import type { Kysely, Transaction } from 'kysely'
import type { Database } from '../../database.ts'
import { isUuid } from '../common/refs.ts'
import type { PinnedApprovalWorkflow } from '../plan/plan.table.ts'
import type { ApprovalDecisionRow, ApprovalRequestRow, ApprovalStatus, Decision } from './approval.table.ts'

export async function findRequestsByIds(db: Kysely<Database>, ids: readonly string[]): Promise<ApprovalRequestRow[]> {
  const valid = ids.filter(isUuid)
  if (valid.length === 0) return []
  return db.selectFrom('approvalRequest').selectAll().where('id', 'in', valid).execute()
}

/** Reads a request and locks it until the end of the transaction (serializes decisions). */
export async function lockRequest(trx: Transaction<Database>, id: string): Promise<ApprovalRequestRow | null> {
  if (!isUuid(id)) return null
  return (await trx.selectFrom('approvalRequest').selectAll().where('id', '=', id).forUpdate().executeTakeFirst()) ?? null
}

/** The plan's PENDING requests, locked until the end of the transaction (before the plan, as decideApproval does). */
export async function lockPendingRequestsOfPlan(trx: Transaction<Database>, planId: string): Promise<ApprovalRequestRow[]> {
  if (!isUuid(planId)) return []
  return trx.selectFrom('approvalRequest').selectAll().where('planId', '=', planId).where('status', '=', 'PENDING').orderBy('id').forUpdate().execute()
}

/** Approval requests of a batch of plans, newest first. */
export async function findRequestsByPlanIds(db: Kysely<Database>, planIds: readonly string[]): Promise<ApprovalRequestRow[]> {
  const valid = planIds.filter(isUuid)
  if (valid.length === 0) return []
  return db.selectFrom('approvalRequest').selectAll().where('planId', 'in', valid).orderBy('requestedAt', 'desc').execute()
}

/** Pending requests, of one agency's plans or (null) of all. */
export async function findPendingRequests(db: Kysely<Database>, agencyCode: string | null): Promise<ApprovalRequestRow[]> {
  let q = db.selectFrom('approvalRequest').selectAll().where('status', '=', 'PENDING')
  if (agencyCode !== null) q = q.where('agencyCode', '=', agencyCode)
  return q.orderBy('requestedAt').execute()
}

export async function findDecisionsByRequestIds(db: Kysely<Database>, requestIds: readonly string[]): Promise<ApprovalDecisionRow[]> {
  const valid = requestIds.filter(isUuid)
  if (valid.length === 0) return []
  return db.selectFrom('approvalDecision').selectAll().where('requestId', 'in', valid).orderBy('decidedAt').orderBy('seq').execute()
}

export async function insertRequest(
  db: Kysely<Database>,
  r: { planId: string; agencyCode: string; workflow: PinnedApprovalWorkflow; status: ApprovalStatus; currentStep: number | null; requestedBy: string },
): Promise<ApprovalRequestRow> {
  return db
    .insertInto('approvalRequest')
    .values({ ...r, workflow: JSON.stringify(r.workflow) })
    .returningAll()
    .executeTakeFirstOrThrow()
}

export async function insertDecision(
  db: Kysely<Database>,
  d: { requestId: string; step: number; decidedBy: string; decision: Decision; comment: string | null },
): Promise<ApprovalDecisionRow> {
  return db.insertInto('approvalDecision').values(d).returningAll().executeTakeFirstOrThrow()
}

export async function updateRequestState(db: Kysely<Database>, id: string, status: ApprovalStatus, currentStep: number | null): Promise<ApprovalRequestRow> {
  return db.updateTable('approvalRequest').set({ status, currentStep }).where('id', '=', id).returningAll().executeTakeFirstOrThrow()
}
