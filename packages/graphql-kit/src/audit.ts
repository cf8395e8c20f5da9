import { type Generated, type Kysely, type Transaction, sql } from 'kysely'
import type { Actor } from '@railyard/auth'
import { currentRequestScope } from './request-scope.ts'

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
  /** v2 (auditLogV2): the actor's display name, roles and agency as the token said, and the request id. */
  actorName: string | null
  actorRoles: Generated<string[]>
  actorAgency: string | null
  requestId: string | null
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

/**
 * Audit v2 for <schema>.audit_log: who acted (name, roles, agency) and the request id, and a
 * trigger that refuses UPDATE, DELETE and TRUNCATE — the log is append-only for every database
 * user, the application's own included (PostgreSQL and PGlite alike). Called from one migration
 * of each service; `schema` is the service's schema (raw SQL is not schema-scoped).
 */
export async function upgradeAuditLogV2(db: Kysely<unknown>, schema: string): Promise<void> {
  await db.schema
    .alterTable('audit_log')
    .addColumn('actor_name', 'text')
    .addColumn('actor_roles', sql`text[]`, (c) => c.notNull().defaultTo(sql`'{}'::text[]`))
    .addColumn('actor_agency', 'text')
    .addColumn('request_id', 'text')
    .execute()
  await db.schema.createIndex('audit_log_entity_id_at_idx').on('audit_log').columns(['entity_id', 'at']).execute()
  const fn = sql.id(schema, 'audit_log_append_only')
  const table = sql.id(schema, 'audit_log')
  await sql`create function ${fn}() returns trigger language plpgsql as $$
    begin
      raise exception 'audit_log is append-only: % refused', tg_op using errcode = 'insufficient_privilege';
    end
  $$`.execute(db)
  await sql`create trigger audit_log_no_update_delete before update or delete on ${table} for each row execute function ${fn}()`.execute(db)
  await sql`create trigger audit_log_no_truncate before truncate on ${table} for each statement execute function ${fn}()`.execute(db)
}

/** Undoes upgradeAuditLogV2 (migration tests roll every migration back). */
export async function downgradeAuditLogV2(db: Kysely<unknown>, schema: string): Promise<void> {
  const table = sql.id(schema, 'audit_log')
  await sql`drop trigger if exists audit_log_no_truncate on ${table}`.execute(db)
  await sql`drop trigger if exists audit_log_no_update_delete on ${table}`.execute(db)
  await sql`drop function if exists ${sql.id(schema, 'audit_log_append_only')}()`.execute(db)
  await db.schema.dropIndex('audit_log_entity_id_at_idx').ifExists().execute()
  await db.schema.alterTable('audit_log').dropColumn('actor_name').dropColumn('actor_roles').dropColumn('actor_agency').dropColumn('request_id').execute()
}

export interface AuditEntry {
  action: string
  entityType: string
  entityId: string
  before?: unknown
  after?: unknown
}

const json = (v: unknown) => (v === undefined || v === null ? null : JSON.stringify(v))

/**
 * Writes one audit record; call it with the mutation's transaction. The actor's name, roles and
 * agency come from `actor`, the request id from the current request scope (`x-request-id`, the
 * same in every service one gateway request reaches).
 */
export async function writeAudit<DB extends AuditDatabase>(trx: Transaction<DB> | Kysely<DB>, actor: Actor, entry: AuditEntry): Promise<void> {
  // Kysely cannot build an insert into a table of a generic DB: view it as just the audit log.
  await (trx as unknown as Kysely<AuditDatabase>)
    .insertInto('auditLog')
    .values({
      actor: actor.subject,
      actorName: actor.displayName,
      actorRoles: [...actor.roles],
      actorAgency: actor.agency,
      requestId: currentRequestScope()?.requestId ?? null,
      action: entry.action,
      entityType: entry.entityType,
      entityId: entry.entityId,
      before: json(entry.before),
      after: json(entry.after),
    })
    .execute()
}
