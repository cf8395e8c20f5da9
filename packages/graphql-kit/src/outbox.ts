import { type Generated, type Kysely, type Transaction, sql } from 'kysely'
import type { Actor } from '@railyard/auth'
import { currentRequestScope } from './request-scope.ts'

/**
 * The transactional outbox (DESIGN "Communication"): every write appends its domain events to
 * <schema>.outbox_event in the same transaction as the change, so an event exists exactly when
 * the change was committed. A dispatcher reads unprocessed rows (FOR UPDATE SKIP LOCKED) and
 * turns them into notifications and deliveries; the row is the source of truth, so a process
 * killed right after the commit loses nothing.
 */
export interface OutboxEventTable {
  id: Generated<string>
  /** Domain event type, e.g. `plan.approved`, `release.promoted`, `freeze.starting`. */
  type: string
  /** The object it is about (plan, release, environment, …). */
  subjectId: string
  data: unknown
  /** Unique when set: time-driven events are produced once per key (occurrence, window) however often a scheduler runs. */
  dedupeKey: string | null
  actor: string | null
  actorAgency: string | null
  requestId: string | null
  at: Generated<string>
  /** Set by the dispatcher once the event has been fanned out. */
  processedAt: string | null
}

export interface OutboxDatabase {
  outboxEvent: OutboxEventTable
}

/** Creates <schema>.outbox_event (called from one migration of each service). */
export async function createOutboxTable(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('outbox_event')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('type', 'text', (c) => c.notNull())
    .addColumn('subject_id', 'text', (c) => c.notNull())
    .addColumn('data', 'jsonb', (c) => c.notNull().defaultTo(sql`'{}'::jsonb`))
    .addColumn('dedupe_key', 'text', (c) => c.unique())
    .addColumn('actor', 'text')
    .addColumn('actor_agency', 'text')
    .addColumn('request_id', 'text')
    .addColumn('at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('processed_at', 'timestamptz')
    .execute()
  await db.schema.createIndex('outbox_event_pending_idx').on('outbox_event').columns(['processed_at', 'at']).execute()
}

export interface OutboxEvent {
  type: string
  subjectId: string
  data?: Record<string, unknown>
  /** Once per key (UNIQUE in the database): a second emit with the same key is a no-op. */
  dedupeKey?: string
}

/**
 * Appends an event to the outbox; call it with the mutation's transaction (after the audit row).
 * With a `dedupeKey` the event is written at most once ever (ON CONFLICT DO NOTHING); returns
 * whether a row was written.
 */
export async function emitEvent<DB extends OutboxDatabase>(trx: Transaction<DB> | Kysely<DB>, event: OutboxEvent, actor?: Actor | null): Promise<boolean> {
  const result = await (trx as unknown as Kysely<OutboxDatabase>)
    .insertInto('outboxEvent')
    .values({
      type: event.type,
      subjectId: event.subjectId,
      data: JSON.stringify(event.data ?? {}),
      dedupeKey: event.dedupeKey ?? null,
      actor: actor?.subject ?? null,
      actorAgency: actor?.agency ?? null,
      requestId: currentRequestScope()?.requestId ?? null,
    })
    .onConflict((oc) => oc.column('dedupeKey').doNothing())
    .executeTakeFirst()
  return Number(result.numInsertedOrUpdatedRows ?? 0n) > 0
}
