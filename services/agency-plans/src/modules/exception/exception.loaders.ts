import DataLoader from 'dataloader'
import type { Kysely } from 'kysely'
import { byKey, groupByKey } from '@railyard/graphql-kit'
import type { DeploymentExceptionSpec } from '@railyard/release-rules'
import type { Database } from '../../database.ts'
import { exceptionSpec, findExceptionsByIds, findExceptionsByReleaseIds } from './exception.repository.ts'
import type { DeploymentExceptionRow } from './exception.table.ts'

export function createExceptionLoaders(db: Kysely<Database>) {
  const exceptionsByRelease = new DataLoader<string, DeploymentExceptionRow[]>(async (ids) =>
    groupByKey(ids, await findExceptionsByReleaseIds(db, ids), (r) => r.releaseId),
  )
  return {
    exceptionById: new DataLoader<string, DeploymentExceptionRow | null>(async (ids) => byKey(ids, await findExceptionsByIds(db, ids), (r) => r.id)),
    /** Exceptions of each release, newest request first. */
    exceptionsByRelease,
    /** The same, as the deploy check reads them. */
    exceptionSpecsByRelease: new DataLoader<string, DeploymentExceptionSpec[]>(async (ids) =>
      (await exceptionsByRelease.loadMany(ids)).map((rows) => (rows instanceof Error ? rows : rows.map(exceptionSpec))),
    ),
  }
}
