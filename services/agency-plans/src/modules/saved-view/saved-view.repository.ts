import { type Kysely, sql } from 'kysely'
import type { Database } from '../../database.ts'
import { isUuid } from '../common/refs.ts'
import type { SavedViewRow } from './saved-view.table.ts'

/** The owner's views of a program and the program's shared ones, by name. */
export async function findVisibleViews(db: Kysely<Database>, programId: string, subject: string, withShared: boolean): Promise<SavedViewRow[]> {
  if (!isUuid(programId)) return []
  return db
    .selectFrom('savedView')
    .selectAll()
    .where('programId', '=', programId)
    .where((eb) => (withShared ? eb.or([eb('createdBy', '=', subject), eb('shared', '=', true)]) : eb('createdBy', '=', subject)))
    .orderBy(sql`lower(name)`)
    .orderBy('createdAt')
    .orderBy('id')
    .execute()
}

export async function findView(db: Kysely<Database>, id: string): Promise<SavedViewRow | null> {
  if (!isUuid(id)) return null
  return (await db.selectFrom('savedView').selectAll().where('id', '=', id).executeTakeFirst()) ?? null
}

export async function lockView(db: Kysely<Database>, id: string): Promise<SavedViewRow | null> {
  if (!isUuid(id)) return null
  return (await db.selectFrom('savedView').selectAll().where('id', '=', id).forUpdate().executeTakeFirst()) ?? null
}

export async function insertView(
  db: Kysely<Database>,
  v: { programId: string; createdBy: string; name: string; parameters: string; shared: boolean },
): Promise<SavedViewRow> {
  return db.insertInto('savedView').values(v).returningAll().executeTakeFirstOrThrow()
}

export async function updateView(
  db: Kysely<Database>,
  id: string,
  patch: { name?: string | undefined; parameters?: string | undefined; shared?: boolean | undefined },
): Promise<SavedViewRow> {
  return db
    .updateTable('savedView')
    .set({
      ...(patch.name !== undefined ? { name: patch.name } : {}),
      ...(patch.parameters !== undefined ? { parameters: patch.parameters } : {}),
      ...(patch.shared !== undefined ? { shared: patch.shared } : {}),
      revision: sql<number>`revision + 1`,
      updatedAt: sql<string>`now()`,
    })
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirstOrThrow()
}

export async function deleteView(db: Kysely<Database>, id: string): Promise<void> {
  await db.deleteFrom('savedView').where('id', '=', id).execute()
}
