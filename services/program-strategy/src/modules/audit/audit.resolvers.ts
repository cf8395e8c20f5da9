import type { Resolvers } from '../../__generated__/resolvers-types.ts'
import { strategyAuditRecords } from './audit.service.ts'

export const auditResolvers: Resolvers = {
  Query: {
    strategyAuditRecords: (_p, { subjectIds, first }, ctx) => strategyAuditRecords(ctx, subjectIds, first),
  },
}
