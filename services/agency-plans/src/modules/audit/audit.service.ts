import { canReadAuditOf } from '@railyard/auth'
import { type AuditRecord, auditLimit, newestFirst, readableAuditRecords } from '@railyard/graphql-kit'
import type { Context } from '../../context.ts'
import { fetchAuditRecords } from '../../upstream/audit-records.ts'
import type { PlanRow } from '../plan/plan.table.ts'
import type { ReleaseRow } from '../release/release.table.ts'

/** The agency owning an audited subject of this service (a plan's, a release's, an exception's, an approval request's plan's). */
async function ownerOf(ctx: Context, record: AuditRecord): Promise<string | null | undefined> {
  switch (record.entityType) {
    case 'AgencyReleasePlan':
      return (await ctx.loaders.planById.load(record.entityId))?.agencyCode
    case 'Release':
      return (await ctx.loaders.releaseById.load(record.entityId))?.agencyCode
    case 'ApprovalRequest': {
      const request = await ctx.loaders.approvalById.load(record.entityId)
      return request ? (await ctx.loaders.planById.load(request.planId))?.agencyCode : undefined
    }
    case 'DeploymentException':
      return (await ctx.loaders.exceptionById.load(record.entityId))?.agencyCode
    default:
      return undefined
  }
}

/** This service's readable records about the subjects, newest first. */
const ownRecords = (ctx: Context, subjectIds: readonly string[], first?: number) =>
  readableAuditRecords(ctx.actor, ctx.loaders.auditBySubject, subjectIds, (r) => ownerOf(ctx, r), first)

/** A plan's trail covers its approval requests too. */
async function planSubjects(ctx: Context, planId: string): Promise<string[]> {
  const approvals = await ctx.loaders.approvalsByPlan.load(planId)
  return [planId, ...approvals.map((a) => a.id)]
}

/**
 * Query.auditTrail: the subject's records from every service, newest first. This service reads
 * its own audit_log; the others answer their internal inventoryAuditRecords / strategyAuditRecords fields (called with
 * the viewer's token, so each applies the rule to the subjects it owns). Nothing tells the
 * viewer whether an id exists: unknown and unreadable subjects both give [].
 */
export async function auditTrail(ctx: Context, subjectId: string, first: number | null | undefined): Promise<AuditRecord[]> {
  const n = auditLimit(first)
  const ids = await planSubjects(ctx, subjectId)
  const [own, inventory, strategy] = await Promise.all([
    ownRecords(ctx, ids, n),
    fetchAuditRecords(ctx.clients.environmentInventory, 'environment-inventory', 'inventoryAuditRecords', ctx.actor.token, [subjectId], n),
    fetchAuditRecords(ctx.clients.programStrategy, 'program-strategy', 'strategyAuditRecords', ctx.actor.token, [subjectId], n),
  ])
  return [...own, ...inventory, ...strategy].sort(newestFirst).slice(0, n)
}

/** AgencyReleasePlan.history: the plan's and its approval requests' records ([] for anyone but the program office and the plan's agency). */
export async function planHistory(ctx: Context, plan: PlanRow): Promise<AuditRecord[]> {
  if (!canReadAuditOf(ctx.actor, plan.agencyCode)) return []
  return ownRecords(ctx, await planSubjects(ctx, plan.id))
}

/** Release.history: the release's records (checkpoints included) — same readers as the plan's. */
export async function releaseHistory(ctx: Context, release: ReleaseRow): Promise<AuditRecord[]> {
  if (!canReadAuditOf(ctx.actor, release.agencyCode)) return []
  return ownRecords(ctx, [release.id])
}
