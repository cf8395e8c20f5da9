import DataLoader from 'dataloader'
import type { Kysely } from 'kysely'
import { byKey, groupByKey, onlyUuids } from '@railyard/graphql-kit'
import type { Database } from '../../database.ts'
import { findLatestStrategiesByProgramIds, findStrategiesByProgramIds, findStrategiesByProgramVersions } from './strategy.repository.ts'
import type { StrategyRow } from './strategy.table.ts'

export interface ProgramVersionKey {
  programId: string
  version: number
}

const versionKey = (k: ProgramVersionKey) => `${k.programId}#${k.version}`

export function createStrategyLoaders(db: Kysely<Database>) {
  return {
    /** Latest published version per program (null before the first publish). */
    latestStrategyByProgram: new DataLoader<string, StrategyRow | null>(async (ids) =>
      byKey(ids, await findLatestStrategiesByProgramIds(db, onlyUuids(ids)), (r) => r.programId),
    ),
    /** Every version per program, newest first. */
    strategiesByProgram: new DataLoader<string, StrategyRow[]>(async (ids) =>
      groupByKey(ids, await findStrategiesByProgramIds(db, onlyUuids(ids)), (r) => r.programId),
    ),
    /** One version of one program (null when absent). */
    strategyByProgramVersion: new DataLoader<ProgramVersionKey, StrategyRow | null, string>(
      async (keys) => byKey(keys.map(versionKey), await findStrategiesByProgramVersions(db, keys), versionKey),
      { cacheKeyFn: versionKey },
    ),
  }
}
