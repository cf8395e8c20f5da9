import DataLoader from 'dataloader'
import type { Kysely } from 'kysely'
import { byKey, groupByKey } from '@railyard/graphql-kit'
import type { Database } from '../../database.ts'
import {
  findDependenciesByReleaseIds,
  findDependentLinks,
  findReleasesByIds,
  findReleasesByPlanIds,
  findReleasesByPlanIdsInRange,
} from './release.repository.ts'
import type { ReleaseDependencyRow, ReleaseRow } from './release.table.ts'

export function createReleaseLoaders(db: Kysely<Database>) {
  return {
    releaseById: new DataLoader<string, ReleaseRow | null>(async (ids) => byKey(ids, await findReleasesByIds(db, ids), (r) => r.id)),
    releasesByPlan: new DataLoader<string, ReleaseRow[]>(async (ids) => groupByKey(ids, await findReleasesByPlanIds(db, ids), (r) => r.planId)),
    /** Releases of a plan with a window in a range; key `${planId}|${from}|${to}` (one query per distinct range). */
    releasesByPlanInRange: new DataLoader<string, ReleaseRow[]>(async (keys) => {
      const byRange = new Map<string, string[]>()
      for (const k of keys) {
        const [planId, from, to] = k.split('|') as [string, string, string]
        const rk = `${from}|${to}`
        byRange.set(rk, [...(byRange.get(rk) ?? []), planId])
      }
      const found = new Map<string, ReleaseRow[]>()
      for (const [rk, planIds] of byRange) {
        const [from, to] = rk.split('|') as [string, string]
        const rows = await findReleasesByPlanIdsInRange(db, planIds, from, to)
        groupByKey(planIds, rows, (r) => r.planId).forEach((list, i) => found.set(`${planIds[i]}|${rk}`, list))
      }
      return keys.map((k) => found.get(k) ?? [])
    }),
    dependenciesByRelease: new DataLoader<string, ReleaseDependencyRow[]>(async (ids) =>
      groupByKey(ids, await findDependenciesByReleaseIds(db, ids), (r) => r.releaseId),
    ),
    /** Ids of the releases that depend on each release. */
    dependentIdsByRelease: new DataLoader<string, string[]>(async (ids) =>
      groupByKey(ids, await findDependentLinks(db, ids), (r) => r.dependsOnReleaseId).map((links) => [...new Set(links.map((l) => l.releaseId))]),
    ),
  }
}
