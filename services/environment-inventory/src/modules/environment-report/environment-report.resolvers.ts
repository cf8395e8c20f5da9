import type { Resolvers } from '../../__generated__/resolvers-types.ts'
import { reportEnvironmentState } from './environment-report.service.ts'

export const environmentReportResolvers: Resolvers = {
  Mutation: {
    reportEnvironmentState: (_p, { environmentId, items }, ctx) => reportEnvironmentState(ctx, environmentId, items),
  },
}
