import DataLoader from 'dataloader'
import type { Kysely } from 'kysely'
import { type SubgraphClient, byKey, groupByKey } from '@railyard/graphql-kit'
import type { Database } from '../../database.ts'
import { fetchLatestStrategyVersions } from '../../upstream/program-strategy.ts'
import { findPlansByAgencyIds, findPlansByIds, findPlansByProgramIds } from './plan.repository.ts'
import type { PlanRow } from './plan.table.ts'

export function createPlanLoaders(db: Kysely<Database>, programStrategy: SubgraphClient, token: string) {
  return {
    planById: new DataLoader<string, PlanRow | null>(async (ids) => byKey(ids, await findPlansByIds(db, ids), (r) => r.id)),
    plansByProgram: new DataLoader<string, PlanRow[]>(async (ids) => groupByKey(ids, await findPlansByProgramIds(db, ids), (r) => r.programId)),
    plansByAgency: new DataLoader<string, PlanRow[]>(async (ids) => groupByKey(ids, await findPlansByAgencyIds(db, ids), (r) => r.agencyId)),
    /** The latest published strategy version per program, asked of program-strategy in one call per request. */
    latestStrategyVersion: new DataLoader<string, number>((programIds) => fetchLatestStrategyVersions(programStrategy, token, programIds)),
  }
}
