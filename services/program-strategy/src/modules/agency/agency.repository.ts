import type { Kysely } from 'kysely'
import type { Database } from '../../database.ts'
import type { AgencyRow } from './agency.table.ts'

export async function listAgencies(db: Kysely<Database>): Promise<AgencyRow[]> {
  return db.selectFrom('agency').selectAll().orderBy('code').execute()
}

export async function findAgenciesByIds(db: Kysely<Database>, ids: readonly string[]): Promise<AgencyRow[]> {
  if (ids.length === 0) return []
  return db
    .selectFrom('agency')
    .selectAll()
    .where('id', 'in', [...ids])
    .execute()
}

export async function findAgenciesByCodes(db: Kysely<Database>, codes: readonly string[]): Promise<AgencyRow[]> {
  if (codes.length === 0) return []
  return db
    .selectFrom('agency')
    .selectAll()
    .where('code', 'in', [...codes])
    .execute()
}

export async function insertAgency(db: Kysely<Database>, a: { code: string; name: string; createdBy: string }): Promise<AgencyRow> {
  return db.insertInto('agency').values(a).returningAll().executeTakeFirstOrThrow()
}
