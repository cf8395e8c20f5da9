import { isRole } from '@railyard/auth'
import type { Resolvers } from '../../__generated__/resolvers-types.ts'
import { ref } from '../common/refs.ts'
import { auditTrail, planHistory, releaseHistory } from './audit.service.ts'

export const auditResolvers: Resolvers = {
  Query: {
    auditTrail: (_p, { subjectId, first }, ctx) => auditTrail(ctx, subjectId, first),
  },
  AgencyReleasePlan: {
    history: (plan, _a, ctx) => planHistory(ctx, plan),
  },
  Release: {
    history: (release, _a, ctx) => releaseHistory(ctx, release),
  },
  AuditEntry: {
    actorSubject: (r) => r.actor,
    actorRoles: (r) => r.actorRoles.filter(isRole),
    actorAgency: async (r, _a, ctx) => (r.actorAgency ? ref(await ctx.loaders.agencyIdByCode.load(r.actorAgency)) : null),
    operation: (r) => r.action,
    subjectType: (r) => r.entityType,
    subjectId: (r) => r.entityId,
  },
}
