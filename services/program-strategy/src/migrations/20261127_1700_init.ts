import { type Kysely, sql } from 'kysely'
import { createAuditLogTable } from '@railyard/graphql-kit'

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('agency')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('code', 'text', (c) => c.notNull().unique())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('created_by', 'text', (c) => c.notNull())
    .execute()
  await db.schema
    .createTable('program')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('key', 'text', (c) => c.notNull().unique())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('description', 'text')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('created_by', 'text', (c) => c.notNull())
    .execute()
  await db.schema
    .createTable('program_agency')
    .addColumn('program_id', 'uuid', (c) => c.notNull().references('program.id').onDelete('cascade'))
    .addColumn('agency_id', 'uuid', (c) => c.notNull().references('agency.id').onDelete('cascade'))
    .addPrimaryKeyConstraint('program_agency_pk', ['program_id', 'agency_id'])
    .execute()
  await db.schema.createIndex('program_agency_agency_idx').on('program_agency').column('agency_id').execute()
  await db.schema
    .createTable('shared_component')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('program_id', 'uuid', (c) => c.notNull().references('program.id').onDelete('cascade'))
    .addColumn('key', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('owner_agency_id', 'uuid', (c) => c.references('agency.id'))
    .addColumn('current_version', 'text')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('created_by', 'text', (c) => c.notNull())
    .addUniqueConstraint('shared_component_program_key_uq', ['program_id', 'key'])
    .execute()
  await createAuditLogTable(db)
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const t of ['audit_log', 'shared_component', 'program_agency', 'program', 'agency']) {
    await db.schema.dropTable(t).execute()
  }
}
