import type { Resolvers } from '../../__generated__/resolvers-types.ts'
import { deleteView, savedViewCan, savedViews, saveView, updateView } from './saved-view.service.ts'

export const savedViewResolvers: Resolvers = {
  Query: {
    savedViews: (_p, { programId }, ctx) => savedViews(ctx, programId),
  },
  Mutation: {
    saveView: (_p, { input }, ctx) => saveView(ctx, input),
    updateView: (_p, { id, expectedRevision, input }, ctx) => updateView(ctx, id, expectedRevision, input),
    deleteView: (_p, { id, expectedRevision }, ctx) => deleteView(ctx, id, expectedRevision),
  },
  SavedView: {
    program: (v) => ({ id: v.programId }),
    mine: (v, _a, { actor }) => v.createdBy === actor.subject,
    viewerCan: (v, _a, { actor }) => savedViewCan(actor, v),
  },
}
