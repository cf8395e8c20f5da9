import { type AuditRecord, auditField, auditLimit, readableAuditRecords } from '@railyard/graphql-kit'
import type { Context } from '../../context.ts'

/**
 * The agency owning an audited subject of this service: an environment's (null when shared);
 * a booking's or deployment's is its environment's, read from the environment id the record
 * itself holds (a cancelled booking no longer exists). Unknown → undefined (never shown).
 */
async function ownerOf(ctx: Context, record: AuditRecord): Promise<string | null | undefined> {
  const envId = record.entityType === 'Environment' ? record.entityId : auditField(record, 'environmentId')
  if (typeof envId !== 'string') return undefined
  const env = await ctx.loaders.environmentById.load(envId)
  return env ? env.agencyCode : undefined
}

/** inventoryAuditRecords: what agency-plans' auditTrail gathers from this service. */
export async function inventoryAuditRecords(ctx: Context, subjectIds: readonly string[], first: number | null | undefined): Promise<AuditRecord[]> {
  return readableAuditRecords(ctx.actor, ctx.loaders.auditBySubject, subjectIds, (r) => ownerOf(ctx, r), auditLimit(first))
}
