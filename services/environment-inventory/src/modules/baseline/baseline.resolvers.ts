import { FieldErrors, conflict, failedPrecondition, notFound, writeAudit } from '@railyard/graphql-kit'
import type { Resolvers } from '../../__generated__/resolvers-types.ts'
import { environmentForWrite, writers } from '../../access.ts'
import { fetchRelease } from '../../upstream.ts'
import { findReportsByIds } from '../environment-report/environment-report.repository.ts'
import { advanceBaselineVersion, lockEnvironment } from '../environment/environment.repository.ts'
import { findCurrentBaselinesByEnvironmentIds, insertBaseline } from './baseline.repository.ts'

export const baselineResolvers: Resolvers = {
  Mutation: {
    approveBaseline: async (_p, { environmentId, reportId, releaseId, note }, ctx) => {
      const { actor, db, loaders, clients } = ctx
      const env = await environmentForWrite(ctx, environmentId, writers.manage, 'approve a baseline of')
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
      const baseline = await db.transaction().execute(async (trx) => {
        const locked = await lockEnvironment(trx, env.id)
        if (!locked) throw notFound('Environment', env.id)
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
        await writeAudit(trx, actor, {
          action: 'approveBaseline',
          entityType: 'Environment',
          entityId: env.id,
          before: previous ? { version: previous.version, items: previous.items } : null,
          after: { version: row.version, items: row.items, reportId: row.reportId, releaseId: row.releaseId, note: row.note },
        })
        return row
      })
      loaders.environmentById.clear(env.id)
      loaders.baselineByEnvironment.clear(env.id).prime(env.id, baseline)
      return baseline
    },
  },
  ConfigurationBaseline: {
    release: (b) => (b.releaseId ? { id: b.releaseId } : null),
  },
}
