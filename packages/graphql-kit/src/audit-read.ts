import { type Kysely, sql } from 'kysely'
import { type Actor, canReadAuditOf } from '@railyard/auth'
import type { AuditDatabase } from './audit.ts'
import { badInput } from './errors.ts'

/** One audit row as the read API passes it on (between services too, as JSON). */
export interface AuditRecord {
  id: string
  at: string
  actor: string
  actorName: string | null
  actorRoles: string[]
  actorAgency: string | null
  action: string
  entityType: string
  entityId: string
  before: unknown
  after: unknown
  requestId: string | null
}

/** `first` of auditTrail: default 50, at most 200 entries. */
export const AUDIT_DEFAULT_FIRST = 50
export const AUDIT_MAX_FIRST = 200

/** The number of entries to return; outside 1…200 is BAD_USER_INPUT at ['first']. */
export function auditLimit(first: number | null | undefined): number {
  if (first === null || first === undefined) return AUDIT_DEFAULT_FIRST
  if (!Number.isInteger(first) || first < 1 || first > AUDIT_MAX_FIRST)
    throw badInput([{ path: ['first'], message: `first must be between 1 and ${AUDIT_MAX_FIRST}` }])
  return first
}

/**
 * The newest `AUDIT_MAX_FIRST` audit rows of each subject (newest first), for a DataLoader:
 * one query for the whole batch. Subject ids are compared as text, so any id is harmless.
 */
export async function findAuditBySubjects<DB extends AuditDatabase>(service: Kysely<DB>, subjectIds: readonly string[]): Promise<AuditRecord[]> {
  if (subjectIds.length === 0) return []
  // Kysely cannot select from a table of a generic DB: view it as just the audit log.
  const db = service as unknown as Kysely<AuditDatabase>
  const ranked = db
    .selectFrom('auditLog')
    .selectAll()
    .select(sql<number>`row_number() over (partition by entity_id order by at desc, id desc)`.as('rank'))
    .where('entityId', 'in', [...new Set(subjectIds)])
    .as('ranked')
  const rows = await db.selectFrom(ranked).selectAll().where('rank', '<=', AUDIT_MAX_FIRST).orderBy('at', 'desc').orderBy('id', 'desc').execute()
  return rows.map((r) => ({
    id: r.id,
    at: r.at,
    actor: r.actor,
    actorName: r.actorName,
    actorRoles: r.actorRoles,
    actorAgency: r.actorAgency,
    action: r.action,
    entityType: r.entityType,
    entityId: r.entityId,
    before: r.before ?? null,
    after: r.after ?? null,
    requestId: r.requestId,
  }))
}

/** Newest first (ties by id), as every audit list is ordered. */
export const newestFirst = (a: AuditRecord, b: AuditRecord) => (a.at === b.at ? b.id.localeCompare(a.id) : b.at.localeCompare(a.at))

/**
 * Who owns an audited subject: its agency code, null for program-level subjects (program,
 * strategy, shared component, shared environment), undefined when the service does not know
 * it (the record is then never shown).
 */
export type SubjectOwner = (record: AuditRecord) => Promise<string | null | undefined>

/**
 * The records the actor may read: the program office reads every subject's trail, an agency
 * only its own subjects' (canReadAuditOf). Everything else is left out silently — the answer
 * for a subject one may not see is the same as for an id that names nothing.
 */
export async function visibleAuditRecords(actor: Actor, records: readonly AuditRecord[], ownerOf: SubjectOwner): Promise<AuditRecord[]> {
  const owners = await Promise.all(records.map(ownerOf))
  return records.filter((_, i) => {
    const owner = owners[i]
    return owner !== undefined && canReadAuditOf(actor, owner)
  })
}

/** A field of the state an audit record holds (after, else before), e.g. a booking's environmentId. */
export function auditField(record: AuditRecord, field: string): unknown {
  for (const state of [record.after, record.before]) {
    if (state && typeof state === 'object' && field in state) return (state as Record<string, unknown>)[field]
  }
  return undefined
}

/** This service's readable audit records about the subjects, newest first, at most `first` (serviceAuditRecords). */
export async function readableAuditRecords(
  actor: Actor,
  loader: { loadMany(ids: readonly string[]): Promise<(AuditRecord[] | Error)[]> },
  subjectIds: readonly string[],
  ownerOf: SubjectOwner,
  first?: number,
): Promise<AuditRecord[]> {
  const lists = await loader.loadMany([...new Set(subjectIds)])
  const all: AuditRecord[] = []
  for (const l of lists) {
    if (l instanceof Error) throw l
    all.push(...l)
  }
  const visible = (await visibleAuditRecords(actor, all, ownerOf)).sort(newestFirst)
  return first === undefined ? visible : visible.slice(0, first)
}
