import { FieldErrors, runWrite } from '@railyard/graphql-kit'
import { computeDrift, findDuplicateKeys } from '@railyard/release-rules'
import type { ConfigItemInput } from '../../__generated__/resolvers-types.ts'
import { environmentForWrite, writers } from '../../access.ts'
import type { Context } from '../../context.ts'
import { findCurrentBaselinesByEnvironmentIds } from '../baseline/baseline.repository.ts'
import { lockEnvironment, setLastReport } from '../environment/environment.repository.ts'
import { insertReport } from './environment-report.repository.ts'

/** Records an environment's reported state (a new report; the environment's revision is bumped) and returns its drift. */
export async function reportEnvironmentState(ctx: Context, environmentId: string, items: ConfigItemInput[]): Promise<ReturnType<typeof computeDrift>> {
  const { actor } = ctx
  const reported = items.map((i) => ({ key: i.key, value: i.value }))
  return runWrite(ctx, {
    authorize: () => environmentForWrite(ctx, environmentId, writers.report, 'report the state of', 'inventory:report'),
    validate: () => {
      const errors = new FieldErrors()
      const duplicates = new Set(findDuplicateKeys(items))
      const seen = new Set<string>()
      items.forEach((item, i) => {
        if (errors.required(item.key, ['items', i, 'key'], 'key') && duplicates.has(item.key) && seen.has(item.key)) {
          errors.add(['items', i, 'key'], `key ${item.key} is reported more than once`)
        }
        seen.add(item.key)
      })
      return errors
    },
    lock: (trx, env) => lockEnvironment(trx, env.id),
    write: async (trx, _locked, env) => {
      const report = await insertReport(trx, { environmentId: env.id, items: reported, reportedBy: actor.subject })
      await setLastReport(trx, env.id, report.id, actor.subject)
      const [baseline] = await findCurrentBaselinesByEnvironmentIds(trx, [env.id])
      return { report, drift: computeDrift(baseline?.items ?? null, reported) }
    },
    audit: ({ report, drift }, _locked, env) => ({
      action: 'reportEnvironmentState',
      entityType: 'Environment',
      entityId: env.id,
      before: { lastReportId: env.lastReportId },
      after: { reportId: report.id, items: reported, inSync: drift.inSync, drift: drift.items },
    }),
  }).then(({ drift }) => drift)
}
