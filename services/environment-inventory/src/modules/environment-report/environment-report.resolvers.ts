import { FieldErrors, writeAudit } from '@railyard/graphql-kit'
import { computeDrift, findDuplicateKeys } from '@railyard/release-rules'
import type { Resolvers } from '../../__generated__/resolvers-types.ts'
import { environmentForWrite, writers } from '../../access.ts'
import { findCurrentBaselinesByEnvironmentIds } from '../baseline/baseline.repository.ts'
import { lockEnvironment, setLastReport } from '../environment/environment.repository.ts'
import { insertReport } from './environment-report.repository.ts'

export const environmentReportResolvers: Resolvers = {
  Mutation: {
    reportEnvironmentState: async (_p, { environmentId, items }, ctx) => {
      const { actor, db, loaders } = ctx
      const env = await environmentForWrite(ctx, environmentId, writers.report, 'report the state of')
      const errors = new FieldErrors()
      const duplicates = new Set(findDuplicateKeys(items))
      const seen = new Set<string>()
      items.forEach((item, i) => {
        if (errors.required(item.key, ['items', i, 'key'], 'key') && duplicates.has(item.key) && seen.has(item.key)) {
          errors.add(['items', i, 'key'], `key ${item.key} is reported more than once`)
        }
        seen.add(item.key)
      })
      errors.throwIfAny()
      const reported = items.map((i) => ({ key: i.key, value: i.value }))
      const drift = await db.transaction().execute(async (trx) => {
        await lockEnvironment(trx, env.id)
        const report = await insertReport(trx, { environmentId: env.id, items: reported, reportedBy: actor.subject })
        await setLastReport(trx, env.id, report.id, actor.subject)
        const [baseline] = await findCurrentBaselinesByEnvironmentIds(trx, [env.id])
        const drift = computeDrift(baseline?.items ?? null, reported)
        await writeAudit(trx, actor, {
          action: 'reportEnvironmentState',
          entityType: 'Environment',
          entityId: env.id,
          before: { lastReportId: env.lastReportId },
          after: { reportId: report.id, items: reported, inSync: drift.inSync, drift: drift.items },
        })
        return drift
      })
      loaders.environmentById.clear(env.id)
      return drift
    },
  },
}
