import { type Generated, type Kysely, type Transaction, sql } from 'kysely'
import type { Actor } from '@railyard/auth'

/** Columns of every service's audit_log table (created by its first migration). */
export interface AuditLogTable {
  id: Generated<string>
  actor: string
  action: string
  entityType: string
  entityId: string
  before: unknown
  after: unknown
  at: Generated<string>
}

/** The part of a service's Database that the audit log needs. */
export interface AuditDatabase {
  auditLog: AuditLogTable
}

/** Creates <schema>.audit_log; called from each service's initial migration. */
export async function createAuditLogTable(db: Kysely<unknown>): Promise<void> {
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
export async function writeAudit<DB extends AuditDatabase>(trx: Transaction<DB> | Kysely<DB>, actor: Actor, entry: AuditEntry): Promise<void> {
  // Kysely cannot build an insert into a table of a generic DB: view it as just the audit log.
  await (trx as unknown as Kysely<AuditDatabase>)
    .insertInto('auditLog')
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
