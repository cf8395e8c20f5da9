import type { Resolvers } from '../../__generated__/resolvers-types.ts'
import { approveBaseline } from './baseline.service.ts'

export const baselineResolvers: Resolvers = {
  Mutation: {
    approveBaseline: (_p, args, ctx) => approveBaseline(ctx, args),
  },
  ConfigurationBaseline: {
    release: (b) => (b.releaseId ? { id: b.releaseId } : null),
  },
}
