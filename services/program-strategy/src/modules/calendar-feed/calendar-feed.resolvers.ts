import type { Resolvers } from '../../__generated__/resolvers-types.ts'
import { createCalendarFeed, feedProgram, maskedFeedUrl, openCalendarFeed, programCalendarFeeds, revokeCalendarFeed } from './calendar-feed.service.ts'

export const calendarFeedResolvers: Resolvers = {
  Mutation: {
    createCalendarFeed: (_p, { programId, name }, ctx) => createCalendarFeed(ctx, programId, name),
    revokeCalendarFeed: (_p, { id }, ctx) => revokeCalendarFeed(ctx, id),
    openCalendarFeed: (_p, { secret }, ctx) => openCalendarFeed(ctx, secret),
  },
  Program: {
    calendarFeeds: (program, _a, ctx) => programCalendarFeeds(ctx, program.id),
  },
  CalendarFeed: {
    program: async (feed, _a, ctx) => {
      const p = await feedProgram(ctx, feed)
      if (!p) throw new Error(`program ${feed.programId} of calendar feed ${feed.id} is missing`)
      return p
    },
    url: (feed, _a, ctx) => maskedFeedUrl(ctx, feed),
    revoked: (feed) => feed.revokedAt !== null,
  },
}
