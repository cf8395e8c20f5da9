import { type Kysely, sql } from 'kysely'
import type { Database } from '../../database.ts'

/** graphile-worker's schema for agency-plans' jobs (PostgreSQL only; see notification.queue.ts). */
export const JOB_SCHEMA = 'agency_plans_jobs'
export const DELIVER_TASK = 'railyard_deliver'

export type DeliveryRef = { table: 'webhookDelivery' | 'emailDelivery'; id: string }

/** Whether this database has the job queue (PostgreSQL with graphile-worker migrated). */
export async function hasJobQueue(db: Kysely<Database>): Promise<boolean> {
  const r = await sql<{ ok: boolean }>`select exists(select 1 from pg_namespace where nspname = ${JOB_SCHEMA}) as ok`.execute(db)
  return Boolean(r.rows[0]?.ok)
}

/** Adds (or moves) the job of each delivery, in the caller's transaction. */
export async function enqueueDeliveries(trx: Kysely<Database>, refs: readonly DeliveryRef[], runAt?: string): Promise<void> {
  for (const ref of refs) {
    await sql`select ${sql.id(JOB_SCHEMA, 'add_job')}(identifier => ${DELIVER_TASK}::text, payload => ${JSON.stringify(ref)}::json, run_at => ${runAt ?? null}::timestamptz, max_attempts => 3, job_key => ${`${ref.table}:${ref.id}`}::text)`.execute(
      trx,
    )
  }
}
