import type { Resolvers } from '../../__generated__/resolvers-types.ts'
import { visiblePlan, visibleRelease } from '../../access.ts'
import { alignmentOf } from './plan.alignment.ts'
import { planViewerCan } from './plan.permissions.ts'
import { closeAgencyPlan, createAgencyPlan, realignAgencyPlan, submitAgencyPlan, updateAgencyPlan, withdrawAgencyPlan } from './plan.service.ts'

const EARLIEST = '1970-01-01T00:00:00.000Z'
const LATEST = '9999-12-31T23:59:59.999Z'

export const planResolvers: Resolvers = {
  Query: {
    agencyPlan: async (_p, { id }, { actor, loaders }) => visiblePlan(actor, await loaders.planById.load(id)),
  },
  Mutation: {
    createAgencyPlan: (_p, { input }, ctx) => createAgencyPlan(ctx, input),
    updateAgencyPlan: (_p, { id, expectedRevision, input }, ctx) => updateAgencyPlan(ctx, id, expectedRevision, input),
    realignAgencyPlan: (_p, { id, expectedRevision }, ctx) => realignAgencyPlan(ctx, id, expectedRevision),
    submitAgencyPlan: (_p, { id, expectedRevision }, ctx) => submitAgencyPlan(ctx, id, expectedRevision),
    closeAgencyPlan: (_p, { id, expectedRevision }, ctx) => closeAgencyPlan(ctx, id, expectedRevision),
    withdrawAgencyPlan: (_p, { id, expectedRevision }, ctx) => withdrawAgencyPlan(ctx, id, expectedRevision),
  },
  AgencyReleasePlan: {
    __resolveReference: async (r, { actor, loaders }) => visiblePlan(actor, await loaders.planById.load(r.id)),
    agency: (plan) => ({ id: plan.agencyId }),
    program: (plan) => ({ id: plan.programId }),
    releases: async (plan, { from, to }, { loaders }) => {
      if (!from && !to) return loaders.releasesByPlan.load(plan.id)
      return loaders.releasesByPlanInRange.load(`${plan.id}|${from ?? EARLIEST}|${to ?? LATEST}`)
    },
    alignment: (plan, _a, ctx) => alignmentOf(ctx, plan),
    approvals: (plan, _a, { loaders }) => loaders.approvalsByPlan.load(plan.id),
    viewerCan: (plan, _a, { actor }) => planViewerCan(actor, plan),
  },
  AlignmentIssue: {
    release: async (issue, _a, ctx) => (issue.releaseId ? visibleRelease(ctx, await ctx.loaders.releaseById.load(issue.releaseId)) : null),
  },
}
