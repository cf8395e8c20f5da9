import { type Kysely, sql } from 'kysely'

/** environment_booking.revision: the expectedRevision of cancelBooking (1 for a new booking; bumped by every change of the row). */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .alterTable('environment_booking')
    .addColumn('revision', 'integer', (c) =>
      c
        .notNull()
        .defaultTo(1)
        .check(sql`revision >= 1`),
    )
    .execute()
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('environment_booking').dropColumn('revision').execute()
}
