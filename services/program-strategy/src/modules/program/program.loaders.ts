import DataLoader from 'dataloader'
import type { Kysely } from 'kysely'
import { byKey, groupByKey as group, onlyUuids } from '@railyard/graphql-kit'
import type { Database } from '../../database.ts'
import { findAgencyIdsByProgramIds, findProgramIdsByAgencyIds, findProgramsByIds, findProgramsByKeys } from './program.repository.ts'
import type { ProgramRow } from './program.table.ts'

export function createProgramLoaders(db: Kysely<Database>) {
  return {
    programById: new DataLoader<string, ProgramRow | null>(async (ids) => byKey(ids, await findProgramsByIds(db, onlyUuids(ids)), (r) => r.id)),
    programByKey: new DataLoader<string, ProgramRow | null>(async (keys) => byKey(keys, await findProgramsByKeys(db, keys), (r) => r.key)),
    agencyIdsByProgram: new DataLoader<string, string[]>(async (ids) =>
      group(ids, await findAgencyIdsByProgramIds(db, onlyUuids(ids)), (r) => r.programId).map((rows) => rows.map((r) => r.agencyId)),
    ),
    programIdsByAgency: new DataLoader<string, string[]>(async (ids) =>
      group(ids, await findProgramIdsByAgencyIds(db, onlyUuids(ids)), (r) => r.agencyId).map((rows) => rows.map((r) => r.programId)),
    ),
  }
}
