import type { Resolvers } from '../../__generated__/resolvers-types.ts'
import { parentPlan } from '../../access.ts'
import { approvalInbox, approvalViewerCan, decideApproval } from './approval.service.ts'

export const approvalResolvers: Resolvers = {
  Query: {
    approvalInbox: (_p, _a, ctx) => approvalInbox(ctx),
  },
  Mutation: {
    decideApproval: (_p, { requestId, decision, comment }, ctx) => decideApproval(ctx, requestId, decision, comment),
  },
  ApprovalRequest: {
    plan: async (req, _a, { actor, loaders }) => parentPlan(actor, await loaders.planById.load(req.planId)),
    decisions: (req, _a, { loaders }) => loaders.decisionsByRequest.load(req.id),
    viewerCan: (req, _a, ctx) => approvalViewerCan(ctx, req),
  },
}
