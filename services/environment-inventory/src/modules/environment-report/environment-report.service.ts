import { FieldErrors, emitEvent, runWrite } from '@railyard/graphql-kit'
import { type DriftResult, computeDrift, findDuplicateKeys } from '@railyard/release-rules'
import type { ConfigItemInput } from '../../__generated__/resolvers-types.ts'
import { environmentForWrite, writers } from '../../access.ts'
import type { Context } from '../../context.ts'
import { findCurrentBaselinesByEnvironmentIds } from '../baseline/baseline.repository.ts'
import { lockEnvironment, setLastReport } from '../environment/environment.repository.ts'
import { findReportsByIds, insertReport } from './environment-report.repository.ts'

/** The same drift (the same keys, kinds and values), whatever the order. */
const driftKey = (d: DriftResult) =>
  JSON.stringify(
    d.items.map((i) => [i.key, i.kind, i.expected, i.actual]).sort((a, b) => (String(a[0]) < String(b[0]) ? -1 : String(a[0]) > String(b[0]) ? 1 : 0)),
  )

/**
 * DRIFT_DETECTED at the source: a report whose drift from the approved baseline is not empty and
 * differs from the drift of the report before it (a transition into drift, or a changed drift).
 * An identical report of a drifted environment, a report in sync, or any report of an environment
 * without an approved baseline emits nothing.
 */
function driftChanged(previous: DriftResult, current: DriftResult): boolean {
  return !current.inSync && driftKey(previous) !== driftKey(current)
}

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
    write: async (trx, locked, env) => {
      // the drift before this report (no report = no items), read under the environment's lock
      const previousReportId = locked?.lastReportId ?? env.lastReportId
      const [previous] = previousReportId ? await findReportsByIds(trx, [previousReportId]) : []
      const report = await insertReport(trx, { environmentId: env.id, items: reported, reportedBy: actor.subject })
      await setLastReport(trx, env.id, report.id, actor.subject)
      const [baseline] = await findCurrentBaselinesByEnvironmentIds(trx, [env.id])
      return {
        report,
        env: locked ?? env,
        baselineVersion: baseline?.version ?? null,
        before: computeDrift(baseline?.items ?? null, previous?.items ?? null),
        drift: computeDrift(baseline?.items ?? null, reported),
      }
    },
    audit: ({ report, drift }, _locked, env) => ({
      action: 'reportEnvironmentState',
      entityType: 'Environment',
      entityId: env.id,
      before: { lastReportId: env.lastReportId },
      after: { reportId: report.id, items: reported, inSync: drift.inSync, drift: drift.items },
    }),
    events: async (trx, { report, env, drift, before, baselineVersion }) => {
      // no approved baseline: nothing to drift from
      if (baselineVersion === null || !driftChanged(before, drift)) return
      await emitEvent(
        trx,
        {
          type: 'environment.drifted',
          subjectId: env.id,
          data: {
            environmentId: env.id,
            key: env.key,
            name: env.name,
            tier: env.tier,
            programId: env.programId,
            agencyId: env.agencyId,
            agencyCode: env.agencyCode,
            baselineVersion,
            reportId: report.id,
            wasInSync: before.inSync,
            drift: drift.items,
          },
        },
        actor,
      )
    },
  }).then(({ drift }) => drift)
}
