import type { Kysely } from 'kysely'
import type { NotificationConfig } from '@railyard/config'
import type { Database } from '../../database.ts'
import { type DispatcherDeps, startDispatcher } from './notification.dispatcher.ts'
import { smtpMailer } from './notification.mailer.ts'
import { startJobQueue } from './notification.queue.ts'
import type { InventoryRelay } from './notification.relay.ts'
import { startScheduler } from './notification.scheduler.ts'

/**
 * Starts this process's share of the communication work: the dispatcher (outbox → notifications →
 * deliveries, with the relay of environment-inventory's outbox) and the scheduler (FREEZE_STARTING,
 * GATE_AT_RISK, daily e-mail digests). Every replica may run them: the claims are FOR UPDATE SKIP
 * LOCKED, relayed events and time-driven events are unique by key, digests unique per person and day.
 */
export async function startNotificationWorkers(
  db: Kysely<Database>,
  config: NotificationConfig,
  databaseUrl: string | undefined,
  log: (line: string) => void = console.log,
  inventory: InventoryRelay | null = null,
) {
  if (!config.enabled) return { stop: async () => {} }
  const mailer = config.smtpUrl ? smtpMailer(config.smtpUrl, config.smtpFrom) : null
  // PostgreSQL: deliveries are graphile-worker jobs, the sweep only picks up what no job delivered
  const deps: DispatcherDeps = { db, config, mailer, log, jobs: !!databaseUrl, sweepGraceMs: databaseUrl ? SWEEP_GRACE_MS : 0, inventory }
  const queue = databaseUrl ? await startJobQueue(deps, databaseUrl) : null
  const dispatcher = startDispatcher(deps)
  const scheduler = startScheduler(db, config.schedulerIntervalMs, log, { jobs: !!databaseUrl, digests: !!mailer })
  return {
    async stop() {
      scheduler.stop()
      await dispatcher.stop()
      await queue?.stop()
      mailer?.close()
    },
  }
}

/** With the job queue, the sweep leaves a due delivery to its job this long. */
const SWEEP_GRACE_MS = 60_000
