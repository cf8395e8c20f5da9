import type { Kysely } from 'kysely'
import type { Database } from '../../database.ts'
import { isUuid } from '../common/refs.ts'
import type { CheckpointRow } from './checkpoint.table.ts'

/** Checkpoints of a batch of releases, oldest first. */
export async function findCheckpointsByReleaseIds(db: Kysely<Database>, releaseIds: readonly string[]): Promise<CheckpointRow[]> {
  const valid = releaseIds.filter(isUuid)
  if (valid.length === 0) return []
  return db.selectFrom('checkpoint').selectAll().where('releaseId', 'in', valid).orderBy('recordedAt').orderBy('seq').execute()
}

export async function insertCheckpoint(
  db: Kysely<Database>,
  c: {
    releaseId: string
    criterionKey: string
    value: number | null
    attested: boolean | null
    evidenceUrl: string | null
    note: string | null
    met: boolean
    recordedBy: string
  },
): Promise<CheckpointRow> {
  return db.insertInto('checkpoint').values(c).returningAll().executeTakeFirstOrThrow()
}
