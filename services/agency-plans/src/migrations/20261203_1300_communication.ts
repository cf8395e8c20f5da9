import { type Kysely, sql } from 'kysely'
import { createOutboxTable } from '@railyard/graphql-kit'

/**
 * Communication (DESIGN "Communication"): the outbox every write appends to in its own
 * transaction, the notifications the dispatcher makes of it (one row per message and audience;
 * read state per person), people seen in tokens, preferences, webhook subscriptions and the
 * deliveries (webhook and e-mail) the delivery loop works through with FOR UPDATE SKIP LOCKED.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await createOutboxTable(db)

  await db.schema
    .createTable('person')
    .addColumn('subject', 'text', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('email', 'text')
    .addColumn('roles', sql`text[]`, (c) => c.notNull().defaultTo(sql`'{}'::text[]`))
    .addColumn('agency_code', 'text')
    .addColumn('first_seen_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('last_seen_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute()
  await db.schema.createIndex('person_agency_idx').on('person').column('agency_code').execute()

  await db.schema
    .createTable('notification')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('event_id', 'uuid', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('at', 'timestamptz', (c) => c.notNull())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('body', 'text', (c) => c.notNull())
    .addColumn('link', 'text')
    .addColumn('release_id', 'uuid')
    .addColumn('plan_id', 'uuid')
    .addColumn('agency_id', 'text')
    // the audience: a person, the program office, or an agency's roles (empty: every role of it)
    .addColumn('audience', 'text', (c) => c.notNull().check(sql`audience in ('PERSON', 'PROGRAM', 'AGENCY')`))
    .addColumn('audience_subject', 'text')
    .addColumn('audience_agency', 'text')
    .addColumn('audience_roles', sql`text[]`, (c) => c.notNull().defaultTo(sql`'{}'::text[]`))
    .addColumn('data', 'jsonb', (c) => c.notNull().defaultTo(sql`'{}'::jsonb`))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute()
  await db.schema.createIndex('notification_agency_idx').on('notification').columns(['audience_agency', 'at']).execute()
  await db.schema.createIndex('notification_subject_idx').on('notification').columns(['audience_subject', 'at']).execute()
  await db.schema.createIndex('notification_event_idx').on('notification').column('event_id').execute()

  await db.schema
    .createTable('notification_read')
    .addColumn('notification_id', 'uuid', (c) => c.notNull().references('notification.id').onDelete('cascade'))
    .addColumn('subject', 'text', (c) => c.notNull())
    .addColumn('read_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addPrimaryKeyConstraint('notification_read_pk', ['notification_id', 'subject'])
    .execute()

  await db.schema
    .createTable('notification_preference')
    .addColumn('subject', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('channels', sql`text[]`, (c) => c.notNull())
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addPrimaryKeyConstraint('notification_preference_pk', ['subject', 'kind'])
    .execute()

  await db.schema
    .createTable('webhook_subscription')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('url', 'text', (c) => c.notNull())
    .addColumn('kinds', sql`text[]`, (c) => c.notNull())
    .addColumn('agency_id', 'text')
    .addColumn('agency_code', 'text')
    .addColumn('format', 'text', (c) =>
      c
        .notNull()
        .defaultTo('STANDARD')
        .check(sql`format in ('STANDARD', 'SLACK', 'TEAMS')`),
    )
    .addColumn('secret', 'text', (c) => c.notNull())
    .addColumn('created_by', 'text', (c) => c.notNull())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('deleted_at', 'timestamptz')
    .execute()

  await db.schema
    .createTable('webhook_delivery')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('subscription_id', 'uuid', (c) => c.notNull().references('webhook_subscription.id').onDelete('cascade'))
    .addColumn('notification_id', 'uuid', (c) => c.notNull().references('notification.id').onDelete('cascade'))
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) =>
      c
        .notNull()
        .defaultTo('PENDING')
        .check(sql`status in ('PENDING', 'DELIVERED', 'FAILED', 'DEAD')`),
    )
    .addColumn('attempt', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('response_status', 'integer')
    .addColumn('last_error', 'text')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('first_failed_at', 'timestamptz')
    .addColumn('next_attempt_at', 'timestamptz', (c) => c.defaultTo(sql`now()`))
    .addColumn('locked_until', 'timestamptz')
    .addUniqueConstraint('webhook_delivery_once_uq', ['subscription_id', 'notification_id'])
    .execute()
  await db.schema.createIndex('webhook_delivery_due_idx').on('webhook_delivery').columns(['status', 'next_attempt_at']).execute()
  await db.schema.createIndex('webhook_delivery_subscription_idx').on('webhook_delivery').columns(['subscription_id', 'created_at']).execute()

  await db.schema
    .createTable('email_delivery')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('notification_id', 'uuid', (c) => c.notNull().references('notification.id').onDelete('cascade'))
    .addColumn('subject', 'text', (c) => c.notNull())
    .addColumn('email', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) =>
      c
        .notNull()
        .defaultTo('PENDING')
        .check(sql`status in ('PENDING', 'DELIVERED', 'FAILED', 'DEAD')`),
    )
    .addColumn('attempt', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('last_error', 'text')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('first_failed_at', 'timestamptz')
    .addColumn('next_attempt_at', 'timestamptz', (c) => c.defaultTo(sql`now()`))
    .addColumn('locked_until', 'timestamptz')
    .addUniqueConstraint('email_delivery_once_uq', ['notification_id', 'subject'])
    .execute()
  await db.schema.createIndex('email_delivery_due_idx').on('email_delivery').columns(['status', 'next_attempt_at']).execute()
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const t of [
    'email_delivery',
    'webhook_delivery',
    'webhook_subscription',
    'notification_preference',
    'notification_read',
    'notification',
    'person',
    'outbox_event',
  ])
    await db.schema.dropTable(t).execute()
}
