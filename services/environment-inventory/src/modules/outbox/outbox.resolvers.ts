import type { Resolvers } from '../../__generated__/resolvers-types.ts'
import { acknowledgeInventoryOutboxEvents, inventoryOutboxEvents } from './outbox.service.ts'

export const outboxResolvers: Resolvers = {
  Query: {
    inventoryOutboxEvents: (_p, { first }, ctx) => inventoryOutboxEvents(ctx, first),
  },
  Mutation: {
    acknowledgeInventoryOutboxEvents: (_p, { ids }, ctx) => acknowledgeInventoryOutboxEvents(ctx, ids),
  },
}
