import type { Kysely } from 'kysely'
import type { ConfigItem } from '@railyard/release-rules'
import type { Database } from '../../database.ts'
import type { ConfigurationBaselineRow } from './baseline.table.ts'

/** The current (highest-version) baseline of each environment of a batch. */
export async function findCurrentBaselinesByEnvironmentIds(db: Kysely<Database>, environmentIds: readonly string[]): Promise<ConfigurationBaselineRow[]> {
  if (environmentIds.length === 0) return []
  return db
    .selectFrom('configurationBaseline')
    .selectAll()
    .distinctOn('environmentId')
    .where('environmentId', 'in', [...environmentIds])
    .orderBy('environmentId')
    .orderBy('version', 'desc')
    .execute()
}

export async function insertBaseline(
  trx: Kysely<Database>,
  b: { environmentId: string; version: number; items: ConfigItem[]; reportId: string; releaseId: string | null; note: string | null; approvedBy: string },
): Promise<ConfigurationBaselineRow> {
  return trx
    .insertInto('configurationBaseline')
    .values({ ...b, items: JSON.stringify(b.items) })
    .returningAll()
    .executeTakeFirstOrThrow()
}
