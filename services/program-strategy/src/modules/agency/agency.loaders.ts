import DataLoader from 'dataloader'
import type { Kysely } from 'kysely'
import { byKey, onlyUuids } from '@railyard/graphql-kit'
import type { Database } from '../../database.ts'
import { findAgenciesByCodes, findAgenciesByIds } from './agency.repository.ts'
import type { AgencyRow } from './agency.table.ts'

export function createAgencyLoaders(db: Kysely<Database>) {
  return {
    agencyById: new DataLoader<string, AgencyRow | null>(async (ids) => byKey(ids, await findAgenciesByIds(db, onlyUuids(ids)), (r) => r.id)),
    agencyByCode: new DataLoader<string, AgencyRow | null>(async (codes) => byKey(codes, await findAgenciesByCodes(db, codes), (r) => r.code)),
  }
}
