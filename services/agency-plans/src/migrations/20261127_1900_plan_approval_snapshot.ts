import { type Kysely, sql } from 'kysely'

/**
 * plan_approval_snapshot: the content of a plan (header and every release, as release-rules
 * PlanContent) each time it became APPROVED, so AgencyReleasePlan.changesSinceApproval can
 * compare the plan now with what was last approved. One row per approval, never updated.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('plan_approval_snapshot')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('plan_id', 'uuid', (c) => c.notNull().references('plan.id').onDelete('cascade'))
    .addColumn('request_id', 'uuid', (c) => c.references('approval_request.id').onDelete('set null'))
    .addColumn('approved_revision', 'integer', (c) => c.notNull())
    .addColumn('approved_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('approved_by', 'text', (c) => c.notNull())
    .addColumn('content', 'jsonb', (c) => c.notNull())
    // also the index of the loader's "latest per plan" lookup
    .addUniqueConstraint('plan_approval_snapshot_plan_revision_uq', ['plan_id', 'approved_revision'])
    .execute()
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('plan_approval_snapshot').execute()
}
