import { type Kysely, sql } from 'kysely'
import { createAuditLogTable } from '@railyard/graphql-kit'

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('environment')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('key', 'text', (c) => c.notNull().unique())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('tier', 'text', (c) => c.notNull())
    .addColumn('program_id', 'text', (c) => c.notNull())
    .addColumn('agency_id', 'text')
    .addColumn('agency_code', 'text')
    .addColumn('url', 'text')
    .addColumn('status', 'text', (c) =>
      c
        .notNull()
        .defaultTo('AVAILABLE')
        .check(sql`status in ('AVAILABLE', 'DEGRADED', 'OFFLINE')`),
    )
    .addColumn('baseline_version', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('last_report_id', 'uuid')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('created_by', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('updated_by', 'text', (c) => c.notNull())
    .addCheckConstraint('environment_agency_id_code_ck', sql`(agency_id is null) = (agency_code is null)`)
    .execute()
  await db.schema.createIndex('environment_program_idx').on('environment').column('program_id').execute()
  await db.schema.createIndex('environment_agency_idx').on('environment').column('agency_id').execute()

  await db.schema
    .createTable('environment_report')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('environment_id', 'uuid', (c) => c.notNull().references('environment.id').onDelete('cascade'))
    .addColumn('items', 'jsonb', (c) => c.notNull())
    .addColumn('reported_by', 'text', (c) => c.notNull())
    .addColumn('reported_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`clock_timestamp()`))
    .execute()
  await db.schema.createIndex('environment_report_env_idx').on('environment_report').columns(['environment_id', 'reported_at']).execute()
  await db.schema.alterTable('environment').addForeignKeyConstraint('environment_last_report_fk', ['last_report_id'], 'environment_report', ['id']).execute()

  await db.schema
    .createTable('configuration_baseline')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('environment_id', 'uuid', (c) => c.notNull().references('environment.id').onDelete('cascade'))
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('items', 'jsonb', (c) => c.notNull())
    .addColumn('report_id', 'uuid', (c) => c.references('environment_report.id'))
    .addColumn('release_id', 'text')
    .addColumn('note', 'text')
    .addColumn('approved_by', 'text', (c) => c.notNull())
    .addColumn('approved_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addUniqueConstraint('configuration_baseline_env_version_uq', ['environment_id', 'version'])
    .execute()

  await db.schema
    .createTable('environment_booking')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('environment_id', 'uuid', (c) => c.notNull().references('environment.id').onDelete('cascade'))
    .addColumn('release_id', 'text', (c) => c.notNull())
    .addColumn('release_agency_id', 'text')
    .addColumn('starts_at', 'timestamptz', (c) => c.notNull())
    .addColumn('ends_at', 'timestamptz', (c) => c.notNull())
    .addColumn('purpose', 'text')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('created_by', 'text', (c) => c.notNull())
    .addCheckConstraint('environment_booking_window_ck', sql`ends_at > starts_at`)
    .execute()
  await db.schema.createIndex('environment_booking_env_idx').on('environment_booking').columns(['environment_id', 'starts_at']).execute()
  await db.schema.createIndex('environment_booking_release_idx').on('environment_booking').column('release_id').execute()

  await db.schema
    .createTable('deployment')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('environment_id', 'uuid', (c) => c.notNull().references('environment.id').onDelete('cascade'))
    .addColumn('release_id', 'text', (c) => c.notNull())
    .addColumn('version', 'text', (c) => c.notNull())
    .addColumn('outcome', 'text', (c) => c.notNull().check(sql`outcome in ('SUCCEEDED', 'FAILED', 'ROLLED_BACK')`))
    .addColumn('started_at', 'timestamptz', (c) => c.notNull())
    .addColumn('finished_at', 'timestamptz')
    .addColumn('deployed_by', 'text', (c) => c.notNull())
    .addColumn('recorded_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`clock_timestamp()`))
    .execute()
  await db.schema.createIndex('deployment_env_idx').on('deployment').columns(['environment_id', 'started_at']).execute()
  await db.schema.createIndex('deployment_release_idx').on('deployment').column('release_id').execute()

  await createAuditLogTable(db)
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('environment').dropConstraint('environment_last_report_fk').execute()
  for (const t of ['audit_log', 'deployment', 'environment_booking', 'configuration_baseline', 'environment_report', 'environment']) {
    await db.schema.dropTable(t).execute()
  }
}
