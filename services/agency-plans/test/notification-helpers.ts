import type { NotificationConfig } from '@railyard/config'

/** Dispatcher settings for tests: short retries, links to http://railyard.test. */
export const testNotificationConfig = (over: Partial<NotificationConfig> = {}): NotificationConfig => ({
  smtpUrl: null,
  smtpFrom: 'Railyard <railyard@example.gov>',
  publicUrl: 'http://railyard.test',
  retryBaseMs: 50,
  giveUpAfterMs: 24 * 3600_000,
  dispatchIntervalMs: 20,
  schedulerIntervalMs: 60_000,
  webhookTimeoutMs: 2_000,
  enabled: true,
  ...over,
})

/** The value, or a test failure saying what was missing. */
export function must<T>(value: T | null | undefined, what = 'value'): T {
  if (value === null || value === undefined) throw new Error(`${what} is missing`)
  return value
}

/** The PostgreSQL URL of the test stack's agency-plans database. */
export const plansDbUrl = (stack: { dbs: { agencyPlans?: { url?: string } } }) => must(stack.dbs.agencyPlans?.url, 'agency-plans database URL')
