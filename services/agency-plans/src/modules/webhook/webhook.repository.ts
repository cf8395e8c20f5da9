import { type Kysely, sql } from 'kysely'
import type { Database } from '../../database.ts'
import { isUuid } from '../common/refs.ts'
import type { WebhookDeliveryRow, WebhookFormat, WebhookSubscriptionRow } from './webhook.table.ts'
import type { NotificationKind } from '../../__generated__/resolvers-types.ts'

/** Live subscriptions; with an agency code, those of that agency only. */
export async function findSubscriptions(db: Kysely<Database>, agencyCode?: string): Promise<WebhookSubscriptionRow[]> {
  let q = db.selectFrom('webhookSubscription').selectAll().where('deletedAt', 'is', null)
  if (agencyCode !== undefined) q = q.where('agencyCode', '=', agencyCode)
  return q.orderBy('createdAt').orderBy('id').execute()
}

export async function findSubscription(db: Kysely<Database>, id: string): Promise<WebhookSubscriptionRow | null> {
  if (!isUuid(id)) return null
  return (await db.selectFrom('webhookSubscription').selectAll().where('id', '=', id).where('deletedAt', 'is', null).executeTakeFirst()) ?? null
}

export async function insertSubscription(
  db: Kysely<Database>,
  s: { url: string; kinds: NotificationKind[]; agencyId: string | null; agencyCode: string | null; format: WebhookFormat; secret: string; createdBy: string },
): Promise<WebhookSubscriptionRow> {
  return db.insertInto('webhookSubscription').values(s).returningAll().executeTakeFirstOrThrow()
}

export async function softDeleteSubscription(db: Kysely<Database>, id: string): Promise<void> {
  await db
    .updateTable('webhookSubscription')
    .set({ deletedAt: sql<string>`now()` })
    .where('id', '=', id)
    .execute()
  // deliveries still waiting stop here
  await db
    .updateTable('webhookDelivery')
    .set({ status: 'DEAD', nextAttemptAt: null, lastError: 'subscription deleted' })
    .where('subscriptionId', '=', id)
    .where('status', 'in', ['PENDING', 'FAILED'])
    .execute()
}

/** Latest deliveries of each subscription (at most `limit` each). */
export async function findDeliveriesBySubscriptionIds(db: Kysely<Database>, ids: readonly string[], limit: number): Promise<WebhookDeliveryRow[]> {
  const valid = ids.filter(isUuid)
  if (valid.length === 0) return []
  const rows = await db
    .selectFrom('webhookDelivery')
    .selectAll()
    .select(sql<number>`row_number() over (partition by subscription_id order by created_at desc, id desc)`.as('rank'))
    .where('subscriptionId', 'in', valid)
    .execute()
  return rows.filter((r) => Number(r.rank) <= limit).sort((a, b) => (a.createdAt < b.createdAt ? 1 : a.createdAt > b.createdAt ? -1 : a.id < b.id ? 1 : -1))
}

export async function lockDelivery(db: Kysely<Database>, id: string): Promise<WebhookDeliveryRow | null> {
  if (!isUuid(id)) return null
  return (await db.selectFrom('webhookDelivery').selectAll().where('id', '=', id).forUpdate().executeTakeFirst()) ?? null
}

/** Queues a delivery again now, with a fresh 24 h retry period (same notification, so the same webhook-id). */
export async function requeueDelivery(db: Kysely<Database>, id: string): Promise<WebhookDeliveryRow> {
  return db
    .updateTable('webhookDelivery')
    .set({ status: 'PENDING', nextAttemptAt: sql<string>`now()`, firstFailedAt: null, lockedUntil: null, at: sql<string>`now()` })
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirstOrThrow()
}
