import DataLoader from 'dataloader'
import type { Kysely } from 'kysely'
import { byKey, groupByKey } from '@railyard/graphql-kit'
import type { Database } from '../../database.ts'
import { findRecentReportsByEnvironmentIds, findReportsByIds } from './environment-report.repository.ts'
import type { EnvironmentReportRow } from './environment-report.table.ts'

export function createEnvironmentReportLoaders(db: Kysely<Database>) {
  const recent = new Map<number, DataLoader<string, EnvironmentReportRow[]>>()
  return {
    reportById: new DataLoader<string, EnvironmentReportRow | null>(async (ids) => byKey(ids, await findReportsByIds(db, ids), (r) => r.id)),
    /** The `last` newest reports per environment (one loader per distinct `last`). */
    recentReportsByEnvironment(last: number): DataLoader<string, EnvironmentReportRow[]> {
      let l = recent.get(last)
      if (!l) {
        l = new DataLoader<string, EnvironmentReportRow[]>(async (ids) =>
          groupByKey(ids, await findRecentReportsByEnvironmentIds(db, ids, last), (r) => r.environmentId),
        )
        recent.set(last, l)
      }
      return l
    },
  }
}
