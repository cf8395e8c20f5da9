import DataLoader from 'dataloader'
import type { Kysely } from 'kysely'
import { groupByKey } from '@railyard/graphql-kit'
import type { Database } from '../../database.ts'
import { findDeploymentsByReleaseIds, findRecentDeploymentsByEnvironmentIds } from './deployment.repository.ts'
import type { DeploymentRow } from './deployment.table.ts'

export function createDeploymentLoaders(db: Kysely<Database>) {
  const recent = new Map<number, DataLoader<string, DeploymentRow[]>>()
  return {
    /** The `last` newest deployments per environment (one loader per distinct `last`). */
    recentDeploymentsByEnvironment(last: number): DataLoader<string, DeploymentRow[]> {
      let l = recent.get(last)
      if (!l) {
        l = new DataLoader<string, DeploymentRow[]>(async (ids) =>
          groupByKey(ids, await findRecentDeploymentsByEnvironmentIds(db, ids, last), (r) => r.environmentId),
        )
        recent.set(last, l)
      }
      return l
    },
    deploymentsByRelease: new DataLoader<string, DeploymentRow[]>(async (ids) =>
      groupByKey(ids, await findDeploymentsByReleaseIds(db, ids), (r) => r.releaseId),
    ),
  }
}
