import DataLoader from 'dataloader'
import type { Kysely } from 'kysely'
import { groupByKey } from '@railyard/graphql-kit'
import type { Database } from '../../database.ts'
import { findDeliveriesBySubscriptionIds } from './webhook.repository.ts'
import type { WebhookDeliveryRow } from './webhook.table.ts'

/** Most deliveries listed per subscription. */
export const MAX_DELIVERIES = 100

export function createWebhookLoaders(db: Kysely<Database>) {
  return {
    /** Latest deliveries of each subscription (up to MAX_DELIVERIES), newest first. */
    deliveriesBySubscription: new DataLoader<string, WebhookDeliveryRow[]>(async (ids) =>
      groupByKey(ids, await findDeliveriesBySubscriptionIds(db, ids, MAX_DELIVERIES), (r) => r.subscriptionId),
    ),
  }
}
