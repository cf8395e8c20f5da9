import { FieldErrors } from '@railyard/graphql-kit'
import type { Resolvers } from '../../__generated__/resolvers-types.ts'
import { ref } from '../common/refs.ts'
import { MAX_DELIVERIES } from './webhook.loaders.ts'
import { createWebhookSubscription, deleteWebhookSubscription, redeliverWebhook, webhookSubscriptions } from './webhook.service.ts'

export const webhookResolvers: Resolvers = {
  Query: {
    webhookSubscriptions: (_p, _a, ctx) => webhookSubscriptions(ctx),
  },
  Mutation: {
    createWebhookSubscription: (_p, { input }, ctx) => createWebhookSubscription(ctx, input),
    deleteWebhookSubscription: (_p, { id }, ctx) => deleteWebhookSubscription(ctx, id),
    redeliverWebhook: (_p, { deliveryId }, ctx) => redeliverWebhook(ctx, deliveryId),
  },
  WebhookSubscription: {
    agency: (s) => ref(s.agencyId),
    active: (s) => s.deletedAt === null,
    deliveries: async (s, { first }, ctx) => {
      const n = first ?? 20
      const errors = new FieldErrors()
      errors.check(Number.isInteger(n) && n >= 1 && n <= MAX_DELIVERIES, ['first'], `first must be between 1 and ${MAX_DELIVERIES}`)
      errors.throwIfAny()
      return (await ctx.loaders.deliveriesBySubscription.load(s.id)).slice(0, n)
    },
  },
  WebhookDelivery: {
    eventId: (d) => d.notificationId,
    at: (d) => d.at,
  },
}
