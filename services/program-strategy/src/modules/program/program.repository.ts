import type { Kysely } from 'kysely'
import type { Database } from '../../database.ts'
import type { ProgramRow } from './program.table.ts'

export async function listPrograms(db: Kysely<Database>): Promise<ProgramRow[]> {
  return db.selectFrom('program').selectAll().orderBy('key').execute()
}

export async function findProgramsByIds(db: Kysely<Database>, ids: readonly string[]): Promise<ProgramRow[]> {
  if (ids.length === 0) return []
  return db
    .selectFrom('program')
    .selectAll()
    .where('id', 'in', [...ids])
    .execute()
}

export async function findProgramsByKeys(db: Kysely<Database>, keys: readonly string[]): Promise<ProgramRow[]> {
  if (keys.length === 0) return []
  return db
    .selectFrom('program')
    .selectAll()
    .where('key', 'in', [...keys])
    .execute()
}

/** Agency ids of each program, for a batch of programs. */
export async function findAgencyIdsByProgramIds(db: Kysely<Database>, programIds: readonly string[]) {
  if (programIds.length === 0) return []
  return db
    .selectFrom('programAgency')
    .select(['programId', 'agencyId'])
    .where('programId', 'in', [...programIds])
    .execute()
}

/** Program ids of each agency, for a batch of agencies. */
export async function findProgramIdsByAgencyIds(db: Kysely<Database>, agencyIds: readonly string[]) {
  if (agencyIds.length === 0) return []
  return db
    .selectFrom('programAgency')
    .select(['programId', 'agencyId'])
    .where('agencyId', 'in', [...agencyIds])
    .execute()
}

export async function insertProgram(
  db: Kysely<Database>,
  p: { key: string; name: string; description: string | null; createdBy: string; agencyIds: string[] },
): Promise<ProgramRow> {
  const row = await db
    .insertInto('program')
    .values({ key: p.key, name: p.name, description: p.description, createdBy: p.createdBy })
    .returningAll()
    .executeTakeFirstOrThrow()
  if (p.agencyIds.length) {
    await db
      .insertInto('programAgency')
      .values(p.agencyIds.map((agencyId) => ({ programId: row.id, agencyId })))
      .execute()
  }
  return row
}
