import type { Kysely } from 'kysely'
import type { Database } from '../../database.ts'
import type { SharedComponentRow } from './shared-component.table.ts'

export async function findSharedComponentsByIds(db: Kysely<Database>, ids: readonly string[]): Promise<SharedComponentRow[]> {
  if (ids.length === 0) return []
  return db
    .selectFrom('sharedComponent')
    .selectAll()
    .where('id', 'in', [...ids])
    .execute()
}

export async function findSharedComponentsByProgramIds(db: Kysely<Database>, programIds: readonly string[]): Promise<SharedComponentRow[]> {
  if (programIds.length === 0) return []
  return db
    .selectFrom('sharedComponent')
    .selectAll()
    .where('programId', 'in', [...programIds])
    .orderBy('key')
    .execute()
}

export async function insertSharedComponent(
  db: Kysely<Database>,
  c: { programId: string; key: string; name: string; ownerAgencyId: string | null; currentVersion: string | null; createdBy: string },
): Promise<SharedComponentRow> {
  return db.insertInto('sharedComponent').values(c).returningAll().executeTakeFirstOrThrow()
}
