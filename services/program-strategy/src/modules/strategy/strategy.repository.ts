import type { Kysely } from 'kysely'
import type { Database } from '../../database.ts'
import type { StrategyContent, StrategyRow } from './strategy.table.ts'

/** The latest version of each of a batch of programs (programs without one are absent). */
export async function findLatestStrategiesByProgramIds(db: Kysely<Database>, programIds: readonly string[]): Promise<StrategyRow[]> {
  if (programIds.length === 0) return []
  return db
    .selectFrom('releaseStrategy')
    .selectAll()
    .distinctOn('programId')
    .where('programId', 'in', [...programIds])
    .orderBy('programId')
    .orderBy('version', 'desc')
    .execute()
}

/** Every version of each of a batch of programs, newest first within a program. */
export async function findStrategiesByProgramIds(db: Kysely<Database>, programIds: readonly string[]): Promise<StrategyRow[]> {
  if (programIds.length === 0) return []
  return db
    .selectFrom('releaseStrategy')
    .selectAll()
    .where('programId', 'in', [...programIds])
    .orderBy('programId')
    .orderBy('version', 'desc')
    .execute()
}

/** Given versions of given programs, in one query (a superset is read and filtered by the caller). */
export async function findStrategiesByProgramVersions(db: Kysely<Database>, keys: readonly { programId: string; version: number }[]): Promise<StrategyRow[]> {
  if (keys.length === 0) return []
  return db
    .selectFrom('releaseStrategy')
    .selectAll()
    .where('programId', 'in', [...new Set(keys.map((k) => k.programId))])
    .where('version', 'in', [...new Set(keys.map((k) => k.version))])
    .execute()
}

/** The number of the latest version of a program; 0 when none was published. */
export async function latestStrategyVersion(db: Kysely<Database>, programId: string): Promise<number> {
  const row = await db
    .selectFrom('releaseStrategy')
    .select((eb) => eb.fn.max<number | null>('version').as('latest'))
    .where('programId', '=', programId)
    .executeTakeFirst()
  return row?.latest ?? 0
}

/**
 * Inserts a version. Two concurrent inserts of the same (program, version) cannot both
 * succeed: the second fails on release_strategy_program_version_uq once the first commits.
 */
export async function insertStrategy(
  db: Kysely<Database>,
  s: { programId: string; version: number; publishedBy: string; content: StrategyContent },
): Promise<StrategyRow> {
  const c = s.content
  return db
    .insertInto('releaseStrategy')
    .values({
      programId: s.programId,
      version: s.version,
      publishedBy: s.publishedBy,
      notes: c.notes,
      cadence: JSON.stringify(c.cadence),
      promotionPath: JSON.stringify(c.promotionPath),
      qualityGates: JSON.stringify(c.qualityGates),
      readinessCriteria: JSON.stringify(c.readinessCriteria),
      planApproval: JSON.stringify(c.planApproval),
      escalationPath: JSON.stringify(c.escalationPath),
      freezeWindows: JSON.stringify(c.freezeWindows),
      enforcement: JSON.stringify(c.enforcement),
    })
    .returningAll()
    .executeTakeFirstOrThrow()
}
