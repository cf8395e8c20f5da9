import { type Kysely, sql } from 'kysely'

/** environment.revision: bumped by every change of the environment row (status, a report, a baseline approval) — the expectedRevision of setEnvironmentStatus. */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .alterTable('environment')
    .addColumn('revision', 'integer', (c) =>
      c
        .notNull()
        .defaultTo(1)
        .check(sql`revision >= 1`),
    )
    .execute()
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('environment').dropColumn('revision').execute()
}
