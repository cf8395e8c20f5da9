import { type Kysely, sql } from 'kysely'

/**
 * The daily e-mail digest (docs/notifications.md, "E-mail"): a person's choice
 * (`person.email_digest`), the notifications waiting for a person's digest of a (UTC) day
 * (`email_digest_item`), and the digest mail itself as an e-mail delivery without a notification
 * (`email_delivery.digest_day`), unique per person and day, so it is produced once however often
 * or on however many replicas the scheduler runs.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .alterTable('person')
    .addColumn('email_digest', 'boolean', (c) => c.notNull().defaultTo(false))
    .execute()
  await db.schema
    .alterTable('email_delivery')
    .alterColumn('notification_id', (c) => c.dropNotNull())
    .execute()
  await db.schema.alterTable('email_delivery').addColumn('digest_day', 'text').execute()
  await db.schema.alterTable('email_delivery').addUniqueConstraint('email_delivery_digest_uq', ['subject', 'digest_day']).execute()
  await db.schema
    .alterTable('email_delivery')
    .addCheckConstraint('email_delivery_one_of_ck', sql`(notification_id is null) <> (digest_day is null)`)
    .execute()

  await db.schema
    .createTable('email_digest_item')
    .addColumn('notification_id', 'uuid', (c) => c.notNull().references('notification.id').onDelete('cascade'))
    .addColumn('subject', 'text', (c) => c.notNull())
    .addColumn('email', 'text', (c) => c.notNull())
    // YYYY-MM-DD (UTC) of the fan-out: the day whose digest it belongs to
    .addColumn('day', 'text', (c) => c.notNull())
    .addColumn('digest_id', 'uuid', (c) => c.references('email_delivery.id').onDelete('set null'))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addPrimaryKeyConstraint('email_digest_item_pk', ['notification_id', 'subject'])
    .execute()
  await db.schema.createIndex('email_digest_item_pending_idx').on('email_digest_item').columns(['digest_id', 'day']).execute()
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('email_digest_item').execute()
  await sql`delete from email_delivery where digest_day is not null`.execute(db)
  await db.schema.alterTable('email_delivery').dropConstraint('email_delivery_one_of_ck').execute()
  await db.schema.alterTable('email_delivery').dropConstraint('email_delivery_digest_uq').execute()
  await db.schema.alterTable('email_delivery').dropColumn('digest_day').execute()
  await db.schema
    .alterTable('email_delivery')
    .alterColumn('notification_id', (c) => c.setNotNull())
    .execute()
  await db.schema.alterTable('person').dropColumn('email_digest').execute()
}
