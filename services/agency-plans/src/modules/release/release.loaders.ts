import DataLoader from 'dataloader'
import type { Kysely } from 'kysely'
import { byKey, groupByKey } from '@railyard/graphql-kit'
import type { Database } from '../../database.ts'
import { findDependenciesByReleaseIds, findDependentLinks, findReleasesByIds, findReleasesByPlanIds } from './release.repository.ts'
import type { ReleaseDependencyRow, ReleaseRow } from './release.table.ts'

export function createReleaseLoaders(db: Kysely<Database>) {
  return {
    releaseById: new DataLoader<string, ReleaseRow | null>(async (ids) => byKey(ids, await findReleasesByIds(db, ids), (r) => r.id)),
    releasesByPlan: new DataLoader<string, ReleaseRow[]>(async (ids) => groupByKey(ids, await findReleasesByPlanIds(db, ids), (r) => r.planId)),
    dependenciesByRelease: new DataLoader<string, ReleaseDependencyRow[]>(async (ids) =>
      groupByKey(ids, await findDependenciesByReleaseIds(db, ids), (r) => r.releaseId),
    ),
    /** Ids of the releases that depend on each release. */
    dependentIdsByRelease: new DataLoader<string, string[]>(async (ids) =>
      groupByKey(ids, await findDependentLinks(db, ids), (r) => r.dependsOnReleaseId).map((links) => [...new Set(links.map((l) => l.releaseId))]),
    ),
  }
}
