import { type Kysely, sql } from 'kysely'
import type { Actor } from '@railyard/auth'

/** Columns of every service's audit_log table (created by its first migration). */
export interface AuditLogTable {
  id: string
  actor: string
  action: string
  entityType: string
  entityId: string
  before: unknown
  after: unknown
  at: string
}

/** Creates <schema>.audit_log; called from each service's initial migration. */
export async function createAuditLogTable(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('audit_log')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('actor', 'text', (c) => c.notNull())
    .addColumn('action', 'text', (c) => c.notNull())
    .addColumn('entity_type', 'text', (c) => c.notNull())
    .addColumn('entity_id', 'text', (c) => c.notNull())
    .addColumn('before', 'jsonb')
    .addColumn('after', 'jsonb')
    .addColumn('at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute()
  await db.schema.createIndex('audit_log_entity_idx').on('audit_log').columns(['entity_type', 'entity_id']).execute()
}

export interface AuditEntry {
  action: string
  entityType: string
  entityId: string
  before?: unknown
  after?: unknown
}

const json = (v: unknown) => (v === undefined || v === null ? null : JSON.stringify(v))

/** Writes one audit record; call it with the mutation's transaction. */
export async function writeAudit(trx: Kysely<any>, actor: Actor, entry: AuditEntry): Promise<void> {
  await trx
    .insertInto('audit_log')
    .values({
      actor: actor.subject,
      action: entry.action,
      entityType: entry.entityType,
      entityId: entry.entityId,
      before: json(entry.before),
      after: json(entry.after),
    })
    .execute()
}
