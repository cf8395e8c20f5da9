import type { Resolvers } from '../../__generated__/resolvers-types.ts'
import { inventoryAuditRecords } from './audit.service.ts'

export const auditResolvers: Resolvers = {
  Query: {
    inventoryAuditRecords: (_p, { subjectIds, first }, ctx) => inventoryAuditRecords(ctx, subjectIds, first),
  },
}
