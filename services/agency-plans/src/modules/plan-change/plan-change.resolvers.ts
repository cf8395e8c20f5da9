import type { Resolvers } from '../../__generated__/resolvers-types.ts'
import { changesSinceApproval } from './plan-change.service.ts'

export const planChangeResolvers: Resolvers = {
  AgencyReleasePlan: {
    // a full-access field: guardNonRoadmapFields (access.ts) refuses it to other agencies
    changesSinceApproval: (plan, _a, ctx) => changesSinceApproval(ctx, plan),
  },
}
