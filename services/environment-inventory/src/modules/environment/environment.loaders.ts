import DataLoader from 'dataloader'
import type { Kysely } from 'kysely'
import { byKey, groupByKey } from '@railyard/graphql-kit'
import type { Database } from '../../database.ts'
import { findEnvironmentsByAgencyIds, findEnvironmentsByIds, findEnvironmentsByKeys, findEnvironmentsByProgramIds } from './environment.repository.ts'
import type { EnvironmentRow } from './environment.table.ts'

export function createEnvironmentLoaders(db: Kysely<Database>) {
  const environmentById = new DataLoader<string, EnvironmentRow | null>(async (ids) => byKey(ids, await findEnvironmentsByIds(db, ids), (r) => r.id))
  /** Rows fetched by a list are primed into environmentById (their bookings and deployments point back at them). */
  const primed = (rows: EnvironmentRow[]) => {
    for (const r of rows) environmentById.prime(r.id, r)
    return rows
  }
  return {
    environmentById,
    environmentByKey: new DataLoader<string, EnvironmentRow | null>(async (keys) => byKey(keys, await findEnvironmentsByKeys(db, keys), (r) => r.key)),
    environmentsByProgram: new DataLoader<string, EnvironmentRow[]>(async (ids) =>
      groupByKey(ids, primed(await findEnvironmentsByProgramIds(db, ids)), (r) => r.programId),
    ),
    environmentsByAgency: new DataLoader<string, EnvironmentRow[]>(async (ids) =>
      groupByKey(ids, primed(await findEnvironmentsByAgencyIds(db, ids)), (r) => r.agencyId ?? ''),
    ),
  }
}
