import DataLoader from 'dataloader'
import type { Kysely } from 'kysely'
import { byKey, groupByKey, onlyUuids } from '@railyard/graphql-kit'
import type { Database } from '../../database.ts'
import { findSharedComponentsByIds, findSharedComponentsByProgramIds } from './shared-component.repository.ts'
import type { SharedComponentRow } from './shared-component.table.ts'

export function createSharedComponentLoaders(db: Kysely<Database>) {
  return {
    sharedComponentById: new DataLoader<string, SharedComponentRow | null>(async (ids) =>
      byKey(ids, await findSharedComponentsByIds(db, onlyUuids(ids)), (r) => r.id),
    ),
    sharedComponentsByProgram: new DataLoader<string, SharedComponentRow[]>(async (ids) =>
      groupByKey(ids, await findSharedComponentsByProgramIds(db, onlyUuids(ids)), (r) => r.programId),
    ),
  }
}
