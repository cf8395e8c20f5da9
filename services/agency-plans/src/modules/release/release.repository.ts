import { type Kysely, sql } from 'kysely'
import type { Database } from '../../database.ts'
import { isUuid } from '../common/refs.ts'
import type { ReleaseDependencyRow, ReleaseDependencyTable, ReleaseRow, ReleaseTable } from './release.table.ts'
import type { Insertable, NotNull, Updateable } from 'kysely'

export async function findReleasesByIds(db: Kysely<Database>, ids: readonly string[]): Promise<ReleaseRow[]> {
  const valid = ids.filter(isUuid)
  if (valid.length === 0) return []
  return db.selectFrom('release').selectAll().where('id', 'in', valid).execute()
}

export async function findReleaseById(db: Kysely<Database>, id: string): Promise<ReleaseRow | null> {
  return (await findReleasesByIds(db, [id]))[0] ?? null
}

export async function findReleasesByPlanIds(db: Kysely<Database>, planIds: readonly string[]): Promise<ReleaseRow[]> {
  const valid = planIds.filter(isUuid)
  if (valid.length === 0) return []
  return db.selectFrom('release').selectAll().where('planId', 'in', valid).orderBy('createdAt').orderBy('id').execute()
}

/**
 * Releases of a batch of plans with a schedule window overlapping [from, to) — filtered in SQL,
 * so a roadmap asking for one quarter reads one quarter's rows.
 */
export async function findReleasesByPlanIdsInRange(db: Kysely<Database>, planIds: readonly string[], from: string, to: string): Promise<ReleaseRow[]> {
  const valid = planIds.filter(isUuid)
  if (valid.length === 0) return []
  return db
    .selectFrom('release')
    .selectAll()
    .where('planId', 'in', valid)
    .where(
      sql<boolean>`exists (select 1 from jsonb_array_elements(${sql.ref('schedule')}) as w
        where (w->>'start')::timestamptz < ${to}::timestamptz and (w->>'end')::timestamptz > ${from}::timestamptz)`,
    )
    .orderBy('createdAt')
    .orderBy('id')
    .execute()
}

/** Dependencies of a batch of releases, in their position order. */
export async function findDependenciesByReleaseIds(db: Kysely<Database>, releaseIds: readonly string[]): Promise<ReleaseDependencyRow[]> {
  const valid = releaseIds.filter(isUuid)
  if (valid.length === 0) return []
  return db.selectFrom('releaseDependency').selectAll().where('releaseId', 'in', valid).orderBy('releaseId').orderBy('position').execute()
}

/** Which releases depend on each of a batch of releases. */
export async function findDependentLinks(db: Kysely<Database>, releaseIds: readonly string[]): Promise<{ releaseId: string; dependsOnReleaseId: string }[]> {
  const valid = releaseIds.filter(isUuid)
  if (valid.length === 0) return []
  const rows = await db
    .selectFrom('releaseDependency')
    .select(['releaseId', 'dependsOnReleaseId'])
    .where('dependsOnReleaseId', 'in', valid)
    .orderBy('releaseId')
    .$narrowType<{ dependsOnReleaseId: NotNull }>()
    .execute()
  return rows.map((r) => ({ releaseId: r.releaseId, dependsOnReleaseId: r.dependsOnReleaseId }))
}

/** Live (not cancelled) releases of a plan with a version, other than `exceptId`. */
export async function findLiveReleaseWithVersion(db: Kysely<Database>, planId: string, version: string, exceptId: string | null) {
  let q = db.selectFrom('release').select(['id']).where('planId', '=', planId).where('version', '=', version).where('status', '<>', 'CANCELLED')
  if (exceptId) q = q.where('id', '<>', exceptId)
  return (await q.executeTakeFirst()) ?? null
}

export type ReleaseContent = Omit<
  Insertable<ReleaseTable>,
  | 'id'
  | 'planId'
  | 'programId'
  | 'agencyId'
  | 'agencyCode'
  | 'status'
  | 'currentTier'
  | 'revision'
  | 'postReleaseValidation'
  | 'cancelReason'
  | 'createdAt'
  | 'createdBy'
  | 'updatedAt'
  | 'updatedBy'
>
export type DependencyContent = Omit<Insertable<ReleaseDependencyTable>, 'id' | 'releaseId' | 'position'>

export async function insertRelease(
  db: Kysely<Database>,
  owner: { planId: string; programId: string; agencyId: string; agencyCode: string },
  content: ReleaseContent,
  by: string,
): Promise<ReleaseRow> {
  return db
    .insertInto('release')
    .values({ ...owner, ...content, status: 'PLANNED', revision: 1, createdBy: by, updatedBy: by })
    .returningAll()
    .executeTakeFirstOrThrow()
}

/**
 * Compare-and-set update of a release: applies `patch` and bumps the revision only when the
 * revision is still `expected`. Returns the new row, or undefined when it was stale.
 */
export async function updateReleaseIfRevision(
  db: Kysely<Database>,
  id: string,
  expected: number,
  patch: Updateable<ReleaseTable>,
  by: string,
): Promise<ReleaseRow | undefined> {
  return db
    .updateTable('release')
    .set({ ...patch, revision: sql<number>`revision + 1`, updatedAt: sql<string>`now()`, updatedBy: by })
    .where('id', '=', id)
    .where('revision', '=', expected)
    .returningAll()
    .executeTakeFirst()
}

/** Replaces a release's dependencies with `deps` (in order). */
export async function replaceDependencies(db: Kysely<Database>, releaseId: string, deps: DependencyContent[]): Promise<void> {
  await db.deleteFrom('releaseDependency').where('releaseId', '=', releaseId).execute()
  if (deps.length) {
    await db
      .insertInto('releaseDependency')
      .values(deps.map((d, position) => ({ ...d, releaseId, position })))
      .execute()
  }
}

/** Reads a release inside a transaction (after its plan was locked). */
export async function findReleaseInTrx(trx: Kysely<Database>, id: string): Promise<ReleaseRow | null> {
  if (!isUuid(id)) return null
  return (await trx.selectFrom('release').selectAll().where('id', '=', id).executeTakeFirst()) ?? null
}

/** An execution change of a release (checkpoint, rehearsal, validation): applies `patch` and bumps the revision. */
export async function patchRelease(db: Kysely<Database>, id: string, patch: Updateable<ReleaseTable>, by: string): Promise<ReleaseRow> {
  return db
    .updateTable('release')
    .set({ ...patch, revision: sql<number>`revision + 1`, updatedAt: sql<string>`now()`, updatedBy: by })
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirstOrThrow()
}
