import { type Kysely, sql } from 'kysely'
import type { Database } from '../../database.ts'
import type { DeploymentOutcome, DeploymentRow } from './deployment.table.ts'

/** The `last` newest deployments of each environment of a batch, newest first. */
export async function findRecentDeploymentsByEnvironmentIds(db: Kysely<Database>, environmentIds: readonly string[], last: number): Promise<DeploymentRow[]> {
  if (environmentIds.length === 0 || last <= 0) return []
  const ranked = db
    .selectFrom('deployment')
    .selectAll()
    .select(sql<number>`row_number() over (partition by environment_id order by started_at desc, recorded_at desc, id desc)`.as('rn'))
    .where('environmentId', 'in', [...environmentIds])
    .as('d')
  const rows = await db
    .selectFrom(ranked)
    .selectAll()
    .where('rn', '<=', last)
    .orderBy('startedAt', 'desc')
    .orderBy('recordedAt', 'desc')
    .orderBy('id', 'desc')
    .execute()
  return rows.map(({ rn: _rn, ...r }) => r)
}

/** Every deployment of a batch of releases, newest first. */
export async function findDeploymentsByReleaseIds(db: Kysely<Database>, releaseIds: readonly string[]): Promise<DeploymentRow[]> {
  if (releaseIds.length === 0) return []
  return db
    .selectFrom('deployment')
    .selectAll()
    .where('releaseId', 'in', [...releaseIds])
    .orderBy('startedAt', 'desc')
    .orderBy('recordedAt', 'desc')
    .orderBy('id', 'desc')
    .execute()
}

export async function insertDeployment(
  trx: Kysely<Database>,
  d: {
    environmentId: string
    releaseId: string
    version: string
    outcome: DeploymentOutcome
    startedAt: string
    finishedAt: string | null
    deployedBy: string
  },
): Promise<DeploymentRow> {
  return trx.insertInto('deployment').values(d).returningAll().executeTakeFirstOrThrow()
}
