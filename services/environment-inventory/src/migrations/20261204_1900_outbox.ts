import type { Kysely } from 'kysely'
import { createOutboxTable } from '@railyard/graphql-kit'

/**
 * The outbox of environment-inventory (DESIGN "Communication"): reports that make an environment
 * drift and new bookings append their events here in the mutation's transaction. agency-plans
 * (which owns notifications) pulls unrelayed rows over an internal field and acknowledges them;
 * `processed_at` is the acknowledgement (docs/notifications.md, "The relay").
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await createOutboxTable(db)
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('outbox_event').execute()
}
