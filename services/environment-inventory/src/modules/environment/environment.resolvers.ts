import { FieldErrors } from '@railyard/graphql-kit'
import { computeDrift, overlaps } from '@railyard/release-rules'
import type { Resolvers } from '../../__generated__/resolvers-types.ts'
import { requireReader, visible, writers } from '../../access.ts'
import type { Loaders } from '../../context.ts'
import type { EnvironmentRow } from './environment.table.ts'
import { registerEnvironment, setEnvironmentStatus } from './environment.service.ts'

const MAX_LAST = 500
const EARLIEST = '0001-01-01T00:00:00.000Z'
const LATEST = '9999-12-31T23:59:59.999Z'

/** `last` of a list argument: 0 … MAX_LAST. */
function checkLast(last: number): void {
  const errors = new FieldErrors()
  errors.check(Number.isInteger(last) && last >= 0 && last <= MAX_LAST, ['last'], `last must be between 0 and ${MAX_LAST}`)
  errors.throwIfAny()
}

/** The drift of an environment: its current baseline against its last report (release-rules computeDrift). */
async function driftOf(loaders: Loaders, env: EnvironmentRow) {
  const [baseline, report] = await Promise.all([
    loaders.baselineByEnvironment.load(env.id),
    env.lastReportId ? loaders.reportById.load(env.lastReportId) : null,
  ])
  return computeDrift(baseline?.items ?? null, report?.items ?? null)
}

export const environmentResolvers: Resolvers = {
  Query: {
    environment: async (_p, { id, key }, { actor, loaders }) => {
      requireReader(actor)
      if (id) return visible(actor, await loaders.environmentById.load(id))
      if (key) return visible(actor, await loaders.environmentByKey.load(key.trim().toLowerCase()))
      return null
    },
  },
  Mutation: {
    registerEnvironment: (_p, { input }, ctx) => registerEnvironment(ctx, input),
    setEnvironmentStatus: (_p, { id, status, expectedRevision }, ctx) => setEnvironmentStatus(ctx, id, status, expectedRevision),
  },
  Environment: {
    __resolveReference: async (ref, { actor, loaders }) => {
      requireReader(actor)
      return visible(actor, await loaders.environmentById.load(ref.id))
    },
    agency: (env) => (env.agencyId ? { id: env.agencyId } : null),
    program: (env) => ({ id: env.programId }),
    // the environment's contents need a reading role (an integration without graph:read only sees the result of its write)
    baseline: (env, _a, { actor, loaders }) => {
      requireReader(actor)
      return loaders.baselineByEnvironment.load(env.id)
    },
    lastReport: (env, _a, { actor, loaders }) => {
      requireReader(actor)
      return env.lastReportId ? loaders.reportById.load(env.lastReportId) : null
    },
    drift: (env, _a, { actor, loaders }) => {
      requireReader(actor)
      return driftOf(loaders, env)
    },
    bookings: async (env, { from, to }, { actor, loaders }) => {
      requireReader(actor)
      const rows = await loaders.bookingsByEnvironment.load(env.id)
      if (!from && !to) return rows
      const window = { start: from ?? EARLIEST, end: to ?? LATEST }
      return rows.filter((b) => overlaps({ start: b.startsAt, end: b.endsAt }, window))
    },
    deployments: (env, { last }, { actor, loaders }) => {
      requireReader(actor)
      checkLast(last)
      return last === 0 ? [] : loaders.recentDeploymentsByEnvironment(last).load(env.id)
    },
    viewerCan: (env, _a, { actor }) => ({ report: writers.report(actor, env), approveBaseline: writers.manage(actor, env), book: writers.manage(actor, env) }),
    reports: (env, { last }, { actor, loaders }) => {
      requireReader(actor)
      checkLast(last)
      return last === 0 ? [] : loaders.recentReportsByEnvironment(last).load(env.id)
    },
  },
}
