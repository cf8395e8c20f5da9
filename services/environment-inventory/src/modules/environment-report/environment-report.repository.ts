import { type Kysely, sql } from 'kysely'
import type { ConfigItem } from '@railyard/release-rules'
import type { Database } from '../../database.ts'
import { onlyUuids } from '../../ids.ts'
import type { EnvironmentReportRow } from './environment-report.table.ts'

export async function findReportsByIds(db: Kysely<Database>, ids: readonly string[]): Promise<EnvironmentReportRow[]> {
  const valid = onlyUuids(ids)
  if (valid.length === 0) return []
  return db.selectFrom('environmentReport').selectAll().where('id', 'in', valid).execute()
}

/** The `last` newest reports of each environment of a batch, newest first. */
export async function findRecentReportsByEnvironmentIds(
  db: Kysely<Database>,
  environmentIds: readonly string[],
  last: number,
): Promise<EnvironmentReportRow[]> {
  if (environmentIds.length === 0 || last <= 0) return []
  const ranked = db
    .selectFrom('environmentReport')
    .selectAll()
    .select(sql<number>`row_number() over (partition by environment_id order by reported_at desc, id desc)`.as('rn'))
    .where('environmentId', 'in', [...environmentIds])
    .as('r')
  const rows = await db.selectFrom(ranked).selectAll().where('rn', '<=', last).orderBy('reportedAt', 'desc').orderBy('id', 'desc').execute()
  return rows.map(({ rn: _rn, ...r }) => r)
}

export async function insertReport(
  trx: Kysely<Database>,
  r: { environmentId: string; items: ConfigItem[]; reportedBy: string },
): Promise<EnvironmentReportRow> {
  return trx
    .insertInto('environmentReport')
    .values({ environmentId: r.environmentId, items: JSON.stringify(r.items), reportedBy: r.reportedBy })
    .returningAll()
    .executeTakeFirstOrThrow()
}
