import { type Kysely, sql } from 'kysely'

/**
 * saved_view: named roadmap views (issue 12). A view is the roadmap's query string under a name,
 * owned by the person who saved it (`created_by`, the token's subject); the program office may
 * share one with every reader of the program. Names are unique per owner and program, ignoring
 * case; `revision` guards updates and deletes.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('saved_view')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('program_id', 'uuid', (c) => c.notNull())
    .addColumn('created_by', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull().check(sql`char_length(name) between 1 and 80`))
    .addColumn('parameters', 'text', (c) => c.notNull().check(sql`char_length(parameters) <= 2000`))
    .addColumn('shared', 'boolean', (c) => c.notNull().defaultTo(false))
    .addColumn('revision', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute()
  await db.schema
    .createIndex('saved_view_owner_name_uq')
    .on('saved_view')
    .unique()
    .expression(sql`program_id, created_by, lower(name)`)
    .execute()
  await db.schema.createIndex('saved_view_shared_idx').on('saved_view').columns(['program_id', 'shared']).execute()
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('saved_view').execute()
}
