import { FieldErrors, conflict, failedPrecondition, notFound, runWrite } from '@railyard/graphql-kit'
import { environmentForWrite, writers } from '../../access.ts'
import type { Context } from '../../context.ts'
import { fetchRelease } from '../../upstream.ts'
import { findReportsByIds } from '../environment-report/environment-report.repository.ts'
import { advanceBaselineVersion, lockEnvironment } from '../environment/environment.repository.ts'
import { findCurrentBaselinesByEnvironmentIds, insertBaseline } from './baseline.repository.ts'
import type { ConfigurationBaselineRow } from './baseline.table.ts'

export interface ApproveBaselineArgs {
  environmentId: string
  reportId?: string | null
  releaseId?: string | null
  note?: string | null
  expectedBaselineVersion?: number | null
  expectedLastReportId?: string | null
}

/**
 * Makes a report (the named one, else the last) the environment's new baseline. Write safety
 * (issue 8): the versions the caller saw are checked on the locked row, so no approval or report
 * can slip in between — the baseline is exactly the report the caller named or saw.
 */
export async function approveBaseline(ctx: Context, args: ApproveBaselineArgs): Promise<ConfigurationBaselineRow> {
  const { actor, loaders, clients } = ctx
  const { reportId, releaseId, note, expectedBaselineVersion, expectedLastReportId } = args
  return runWrite(ctx, {
    authorize: () => environmentForWrite(ctx, args.environmentId, writers.manage, 'approve a baseline of', null),
    validate: async (env) => {
      const errors = new FieldErrors()
      if (reportId != null) {
        const report = await loaders.reportById.load(reportId)
        errors.check(!!report && report.environmentId === env.id, ['reportId'], `report ${reportId} is not a report of environment ${env.key}`)
      }
      if (releaseId != null) {
        const release = await fetchRelease(clients, actor, releaseId)
        if (!release) throw notFound('Release', releaseId)
        if (env.agencyId !== null) {
          errors.check(release.agency.id === env.agencyId, ['releaseId'], `release ${releaseId} belongs to another agency than environment ${env.key}`)
        }
      }
      errors.throwIfAny()
      if (reportId == null && !env.lastReportId) {
        throw failedPrecondition(`Environment ${env.key} has no reported state yet: report its state before approving a baseline`)
      }
    },
    lock: async (trx, env) => {
      const locked = await lockEnvironment(trx, env.id)
      if (!locked) throw notFound('Environment', env.id)
      return locked
    },
    expectedRevision: {
      expected: expectedBaselineVersion,
      current: (locked) => locked.baselineVersion,
      error: (expected, current, locked) =>
        conflict(`The baseline of ${locked.key} is at version ${current}, not ${expected}: someone approved one meanwhile; reload and try again`, {
          currentBaselineVersion: current,
        }),
    },
    write: async (trx, locked, env) => {
      if (reportId == null && expectedLastReportId != null && expectedLastReportId !== locked.lastReportId) {
        throw conflict(`A newer report of ${env.key} arrived after the one you saw; review it before approving`, {
          currentLastReportId: locked.lastReportId,
        })
      }
      const sourceId = reportId ?? locked.lastReportId
      if (!sourceId) throw failedPrecondition(`Environment ${env.key} has no reported state yet: report its state before approving a baseline`)
      const [report] = await findReportsByIds(trx, [sourceId])
      if (!report) throw failedPrecondition(`Report ${sourceId} no longer exists`)
      const [previous] = await findCurrentBaselinesByEnvironmentIds(trx, [env.id])
      if (!(await advanceBaselineVersion(trx, env.id, locked.baselineVersion, actor.subject))) {
        throw conflict(`The baseline of ${env.key} was approved by someone else meanwhile; reload and try again`)
      }
      const row = await insertBaseline(trx, {
        environmentId: env.id,
        version: locked.baselineVersion + 1,
        items: report.items,
        reportId: report.id,
        releaseId: releaseId ?? null,
        note: note?.trim() || null,
        approvedBy: actor.subject,
      })
      return { row, previous }
    },
    audit: ({ row, previous }, _locked, env) => ({
      action: 'approveBaseline',
      entityType: 'Environment',
      entityId: env.id,
      before: previous ? { version: previous.version, items: previous.items } : null,
      after: { version: row.version, items: row.items, reportId: row.reportId, releaseId: row.releaseId, note: row.note },
    }),
    refresh: ({ row }) => ctx.loaders.baselineByEnvironment.prime(row.environmentId, row),
  }).then(({ row }) => row)
}
