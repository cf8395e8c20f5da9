import { Logger, type Runner, run, runMigrations } from 'graphile-worker'
import { type DispatcherDeps, deliverById } from './notification.dispatcher.ts'
import { DELIVER_TASK, type DeliveryRef, JOB_SCHEMA, enqueueDeliveries } from './notification.jobs.ts'

/**
 * On PostgreSQL, deliveries run on graphile-worker (an established PostgreSQL job queue): the
 * fan-out transaction adds one job per delivery (`add_job`, job key = the delivery), so the job
 * exists exactly when the delivery does; replicas of the service share the jobs; a failed attempt
 * re-adds the job for its next attempt time (our backoff, see deliverById). The SKIP LOCKED sweep
 * of the dispatcher stays as a fallback for anything no job covers (a redelivery, a worker killed
 * mid-attempt), after a grace period. PGlite has no graphile-worker: the sweep does everything.
 */
export async function startJobQueue(deps: DispatcherDeps, connectionString: string, concurrency = 5): Promise<{ stop(): Promise<void> }> {
  const logger = new Logger(() => (level, message) => {
    if (level === 'error') deps.log?.(`job queue: ${message}`)
  })
  const options = {
    connectionString,
    schema: JOB_SCHEMA,
    noHandleSignals: true,
    concurrency,
    pollInterval: Math.max(deps.config.dispatchIntervalMs, 100),
    logger,
  }
  await runMigrations(options)
  const runner: Runner = await run({
    ...options,
    taskList: {
      [DELIVER_TASK]: async (payload) => {
        const ref = payload as DeliveryRef
        const next = await deliverById(deps, ref.table, ref.id)
        // failed, not yet DEAD: the job comes back at the next attempt time
        if (next) await enqueueDeliveries(deps.db, [ref], next)
      },
    },
  })
  return { stop: () => runner.stop() }
}
