import { type AuditRecord, auditLimit, readableAuditRecords } from '@railyard/graphql-kit'
import type { Context } from '../../context.ts'

/**
 * The agency owning an audited subject of this service: an agency owns itself; programs,
 * strategies and shared components are program-level (null: the program office only).
 */
async function ownerOf(ctx: Context, record: AuditRecord): Promise<string | null | undefined> {
  switch (record.entityType) {
    case 'Agency':
      return (await ctx.loaders.agencyById.load(record.entityId))?.code
    case 'CalendarFeed':
      // a person's feed: their agency's (null for the program office's own)
      return (await ctx.loaders.calendarFeedById.load(record.entityId))?.creatorAgency ?? null
    case 'Program':
    case 'ReleaseStrategy':
    case 'SharedComponent':
      return null
    default:
      return undefined
  }
}

/** strategyAuditRecords: what agency-plans' auditTrail gathers from this service. */
export async function strategyAuditRecords(ctx: Context, subjectIds: readonly string[], first: number | null | undefined): Promise<AuditRecord[]> {
  return readableAuditRecords(ctx.actor, ctx.loaders.auditBySubject, subjectIds, (r) => ownerOf(ctx, r), auditLimit(first))
}
