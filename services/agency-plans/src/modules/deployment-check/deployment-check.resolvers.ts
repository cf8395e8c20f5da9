import type { Resolvers } from '../../__generated__/resolvers-types.ts'
import { ref } from '../common/refs.ts'
import { deploymentCheck } from './deployment-check.service.ts'

export const deploymentCheckResolvers: Resolvers = {
  Query: {
    deploymentCheck: (_p, args, ctx) => deploymentCheck(ctx, args),
  },
  DeploymentCheck: {
    environment: (check) => ref(check.environmentId),
    freezes: (check) =>
      check.freezes.map((o) => ({
        window: { ...o.window, reason: o.window.reason ?? null, recurrence: o.window.recurrence ?? null },
        start: o.start,
        end: o.end,
      })),
  },
}
