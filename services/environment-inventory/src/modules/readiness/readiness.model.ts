import { type ReadinessBlocker, environmentReadiness } from '@railyard/release-rules'
import type { Actor } from '@railyard/auth'
import { canSee } from '../../access.ts'
import type { Loaders } from '../../context.ts'
import { asBookingSpec } from '../booking/booking.repository.ts'
import type { EnvironmentRow } from '../environment/environment.table.ts'
import type { ConfigRequirementRef, StageWindowRef } from '../release/release.model.ts'

/** Readiness of one scheduled environment for one release window. */
export interface EnvironmentReadinessModel {
  environment: EnvironmentRow
  tier: string
  ready: boolean
  blockers: ReadinessBlocker[]
}

/**
 * Readiness of each scheduled window that names an environment the actor may see, in schedule
 * order (release-rules environmentReadiness). Everything is loaded through the request's
 * DataLoaders, so a list of releases costs one query per kind of data.
 */
export async function readinessOf(
  actor: Actor,
  loaders: Loaders,
  release: { id: string; schedule: StageWindowRef[]; requirements: ConfigRequirementRef[] },
): Promise<EnvironmentReadinessModel[]> {
  const windows = release.schedule.filter((w): w is StageWindowRef & { environment: { id: string } } => !!w.environment?.id)
  const requirements = release.requirements.map((r) => ({ key: r.key, expected: r.expected }))
  const results = await Promise.all(
    windows.map(async (w) => {
      const env = await loaders.environmentById.load(w.environment.id)
      if (!env || !canSee(actor, env)) return null
      const [baseline, report, bookings] = await Promise.all([
        loaders.baselineByEnvironment.load(env.id),
        env.lastReportId ? loaders.reportById.load(env.lastReportId) : null,
        loaders.bookingsByEnvironment.load(env.id),
      ])
      const r = environmentReadiness({
        releaseId: release.id,
        window: { tier: w.tier, start: w.start, end: w.end, environmentId: env.id },
        environment: { id: env.id, key: env.key, status: env.status },
        baseline: baseline?.items ?? null,
        lastReport: report?.items ?? null,
        requirements,
        bookings: bookings.map(asBookingSpec),
      })
      return { environment: env, tier: w.tier, ready: r.ready, blockers: r.blockers }
    }),
  )
  return results.filter((r): r is EnvironmentReadinessModel => r !== null)
}
