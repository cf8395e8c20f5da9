import type { Resolvers } from '../../__generated__/resolvers-types.ts'
import { visiblePlan, visibleRelease } from '../../access.ts'
import { ref } from '../common/refs.ts'
import {
  markNotificationsRead,
  notificationPage,
  notificationPreferences,
  notificationSettings,
  setNotificationPreferences,
  setNotificationSettings,
} from './notification.service.ts'

export const notificationResolvers: Resolvers = {
  Query: {
    notifications: (_p, { unreadOnly, first }, ctx) => notificationPage(ctx, unreadOnly ?? false, first),
    notificationPreferences: (_p, _a, ctx) => notificationPreferences(ctx),
    notificationSettings: (_p, _a, ctx) => notificationSettings(ctx),
  },
  Mutation: {
    markNotificationsRead: (_p, { ids }, ctx) => markNotificationsRead(ctx, ids),
    setNotificationPreferences: (_p, { preferences }, ctx) => setNotificationPreferences(ctx, preferences),
    setNotificationSettings: (_p, { emailDigest }, ctx) => setNotificationSettings(ctx, emailDigest),
  },
  Notification: {
    release: async (n, _a, ctx) => (n.releaseId ? visibleRelease(ctx, await ctx.loaders.releaseById.load(n.releaseId)) : null),
    plan: async (n, _a, ctx) => (n.planId ? visiblePlan(ctx.actor, await ctx.loaders.planById.load(n.planId)) : null),
    agency: (n) => ref(n.agencyId),
  },
}
