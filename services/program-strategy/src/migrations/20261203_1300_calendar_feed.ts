import { type Kysely, sql } from 'kysely'

/**
 * calendar_feed: subscribable .ics addresses (createCalendarFeed). The secret itself is never
 * stored: only its SHA-256 (hex, unique: the lookup key) and its first characters (to show a
 * masked address). The creator's identity at creation (subject, name, roles, agency, scopes) is
 * what the feed is served as. Rows are never deleted: revoking sets revoked_at.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('calendar_feed')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('program_id', 'uuid', (c) => c.notNull().references('program.id').onDelete('cascade'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('secret_hash', 'text', (c) => c.notNull().unique())
    .addColumn('secret_prefix', 'text', (c) => c.notNull())
    .addColumn('created_by', 'text', (c) => c.notNull())
    .addColumn('creator_name', 'text')
    .addColumn('creator_roles', 'jsonb', (c) => c.notNull())
    .addColumn('creator_agency', 'text')
    .addColumn('creator_scopes', 'jsonb', (c) => c.notNull())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('last_used_at', 'timestamptz')
    .addColumn('revoked_at', 'timestamptz')
    .addColumn('revoked_by', 'text')
    .execute()
  await db.schema.createIndex('calendar_feed_program_creator_idx').on('calendar_feed').columns(['program_id', 'created_by']).execute()
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('calendar_feed').execute()
}
