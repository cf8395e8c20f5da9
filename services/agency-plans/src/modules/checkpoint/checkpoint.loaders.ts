import DataLoader from 'dataloader'
import type { Kysely } from 'kysely'
import { groupByKey } from '@railyard/graphql-kit'
import type { Database } from '../../database.ts'
import { findCheckpointsByReleaseIds } from './checkpoint.repository.ts'
import type { CheckpointRow } from './checkpoint.table.ts'

export function createCheckpointLoaders(db: Kysely<Database>) {
  return {
    checkpointsByRelease: new DataLoader<string, CheckpointRow[]>(async (ids) =>
      groupByKey(ids, await findCheckpointsByReleaseIds(db, ids), (r) => r.releaseId),
    ),
  }
}
