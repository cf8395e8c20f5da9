import { type Kysely, sql } from 'kysely'

/**
 * release_strategy: every published version of a program's release framework, immutable.
 * The unique (program_id, version) constraint is what makes two concurrent publishes of the
 * same next version end in one success and one CONFLICT; it also serves the loaders' lookups.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('release_strategy')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('program_id', 'uuid', (c) => c.notNull().references('program.id').onDelete('cascade'))
    .addColumn('version', 'integer', (c) => c.notNull().check(sql`version >= 1`))
    .addColumn('published_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('published_by', 'text', (c) => c.notNull())
    .addColumn('notes', 'text')
    .addColumn('cadence', 'jsonb', (c) => c.notNull())
    .addColumn('promotion_path', 'jsonb', (c) => c.notNull())
    .addColumn('quality_gates', 'jsonb', (c) => c.notNull())
    .addColumn('readiness_criteria', 'jsonb', (c) => c.notNull())
    .addColumn('plan_approval', 'jsonb', (c) => c.notNull())
    .addColumn('escalation_path', 'jsonb', (c) => c.notNull())
    .addColumn('freeze_windows', 'jsonb', (c) => c.notNull())
    .addUniqueConstraint('release_strategy_program_version_uq', ['program_id', 'version'])
    .execute()
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('release_strategy').execute()
}
