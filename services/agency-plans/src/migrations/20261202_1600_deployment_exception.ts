import { type Kysely, sql } from 'kysely'

/**
 * deployment_exception: break-glass exceptions (DESIGN "Deploy-time enforcement"). An APPROVED
 * one lets its release through the blockers it names (FROZEN, OUTSIDE_WINDOW,
 * ENVIRONMENT_NOT_READY) in one tier during [start_at, end_at). Requested by an agency manager,
 * decided once (PENDING → APPROVED | REJECTED) by a program admin who is not the requester.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('deployment_exception')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('release_id', 'uuid', (c) => c.notNull().references('release.id').onDelete('cascade'))
    .addColumn('agency_code', 'text', (c) => c.notNull())
    .addColumn('tier', 'text', (c) => c.notNull())
    .addColumn('waives', 'jsonb', (c) => c.notNull())
    .addColumn('start_at', 'timestamptz', (c) => c.notNull())
    .addColumn('end_at', 'timestamptz', (c) => c.notNull())
    .addColumn('justification', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) =>
      c
        .notNull()
        .defaultTo('PENDING')
        .check(sql`status in ('PENDING', 'APPROVED', 'REJECTED')`),
    )
    .addColumn('requested_by', 'text', (c) => c.notNull())
    .addColumn('requested_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('decided_by', 'text')
    .addColumn('decided_at', 'timestamptz')
    .addColumn('comment', 'text')
    .addCheckConstraint('deployment_exception_range_ck', sql`start_at < end_at`)
    .addCheckConstraint('deployment_exception_sod_ck', sql`decided_by is null or decided_by <> requested_by`)
    .execute()
  await db.schema.createIndex('deployment_exception_release_idx').on('deployment_exception').columns(['release_id', 'requested_at']).execute()
  await db.schema.createIndex('deployment_exception_status_idx').on('deployment_exception').columns(['status', 'requested_at']).execute()
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('deployment_exception').execute()
}
