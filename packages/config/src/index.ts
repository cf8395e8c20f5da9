import { z } from 'zod'
import { type AuthConfig, parseAuthEnv } from './auth-config.ts'

export * from './auth-config.ts'
export * from './roles.ts'

/**
 * The one place that reads process.env. Every service, the gateway and the launcher parse
 * their configuration through here.
 */
const EnvSchema = z.object({
  PORT: z.coerce.number().int().positive().default(4000),
  /** Interface every server binds; loopback unless set (e.g. HOST=0.0.0.0 behind a proxy). */
  HOST: z.string().min(1).default('127.0.0.1'),
  DATABASE_URL: z.string().url().optional(),
  RAILYARD_DATA_DIR: z.string().default('.railyard'),
  PROGRAM_STRATEGY_PORT: z.coerce.number().int().positive().optional(),
  AGENCY_PLANS_PORT: z.coerce.number().int().positive().optional(),
  ENVIRONMENT_INVENTORY_PORT: z.coerce.number().int().positive().optional(),
  PROGRAM_STRATEGY_URL: z.string().url().optional(),
  AGENCY_PLANS_URL: z.string().url().optional(),
  ENVIRONMENT_INVENTORY_URL: z.string().url().optional(),
  RAILYARD_SEED: z.enum(['demo', 'none']).default('demo'),
  /** `start`: each process migrates its schema on start; `verify`: a migration job did (deploy/), start only when current. */
  RAILYARD_MIGRATE: z.enum(['start', 'verify']).default('start'),
  /** The gateway's engine: Apollo Gateway (default) or Hive Gateway, over the same supergraph. */
  RAILYARD_GATEWAY_ENGINE: z.enum(['apollo', 'hive']).default('apollo'),
  /** Level of the JSON request log every process writes to stdout (pino). */
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  /** Requests per actor per minute at the gateway (subgraphs allow 10×, for fan-out); 0 turns the limit off. */
  RATE_LIMIT_PER_MINUTE: z.coerce.number().int().min(0).default(600),
  TEST_DATABASE_URL: z.string().url().optional(),
  /** SMTP server for e-mail notifications (e.g. smtp://127.0.0.1:2525); unset: no e-mail is sent. */
  RAILYARD_SMTP_URL: z.string().url().optional(),
  RAILYARD_SMTP_FROM: z.string().min(3).default('Railyard <railyard@example.gov>'),
  /** Absolute address of the web client, for links in e-mails and webhooks (default http://localhost:PORT). */
  RAILYARD_PUBLIC_URL: z.string().url().optional(),
  /** Delay before the first retry of a failed delivery (doubles each time, at most an hour). */
  RAILYARD_DELIVERY_RETRY_MS: z.coerce.number().int().min(1).max(10_000).default(5_000),
  /** How long a failing delivery is retried before it is DEAD. */
  RAILYARD_DELIVERY_GIVE_UP_MS: z.coerce
    .number()
    .int()
    .min(1)
    .default(24 * 3600_000),
  /** How often the dispatcher looks at the outbox and the due deliveries. */
  RAILYARD_DISPATCH_INTERVAL_MS: z.coerce.number().int().min(10).default(1_000),
  /** How often the scheduler produces time-driven notifications (FREEZE_STARTING, GATE_AT_RISK). */
  RAILYARD_SCHEDULER_INTERVAL_MS: z.coerce
    .number()
    .int()
    .min(100)
    .default(5 * 60_000),
  /** A webhook receiver that does not answer within this time has failed the attempt. */
  RAILYARD_WEBHOOK_TIMEOUT_MS: z.coerce.number().int().min(100).max(60_000).default(10_000),
  /** `off` stops the dispatcher and scheduler in this process (another replica runs them). */
  RAILYARD_DISPATCHER: z.enum(['on', 'off']).default('on'),
})

export type Env = z.infer<typeof EnvSchema>

export interface ServiceUrls {
  programStrategy: string
  agencyPlans: string
  environmentInventory: string
}

export interface RailyardConfig {
  port: number
  host: string
  databaseUrl?: string
  dataDir: string
  auth: AuthConfig
  ports: { programStrategy: number; agencyPlans: number; environmentInventory: number }
  urls: ServiceUrls
  seed: 'demo' | 'none'
  /** Who migrates: each process on start, or a job run once before (the process only checks). */
  migrate: 'start' | 'verify'
  /** RAILYARD_GATEWAY_ENGINE: which Federation 2 gateway plans and executes behind the gateway's HTTP layer. */
  gatewayEngine: 'apollo' | 'hive'
  /** pino level of the request log. */
  logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent'
  /** Per-actor requests per minute (0 = off). */
  rateLimitPerMinute: number
  testDatabaseUrl?: string
  notifications: NotificationConfig
}

/** The dispatcher's settings (DESIGN "Communication"; docs/notifications.md). */
export interface NotificationConfig {
  smtpUrl: string | null
  smtpFrom: string
  publicUrl: string
  retryBaseMs: number
  giveUpAfterMs: number
  dispatchIntervalMs: number
  schedulerIntervalMs: number
  webhookTimeoutMs: number
  enabled: boolean
}

export class ConfigError extends Error {}

/** Parses an environment (default: process.env) into the typed configuration. */
export function loadConfig(env: Record<string, string | undefined> = process.env): RailyardConfig {
  const parsed = EnvSchema.safeParse(env)
  const { auth, problems } = parseAuthEnv(env)
  if (!parsed.success || problems.length) {
    const lines = [...(parsed.error?.issues.map((i) => `${i.path.join('.')}: ${i.message}`) ?? []), ...problems].map((l) => `  ${l}`)
    throw new ConfigError(`Invalid configuration:\n${lines.join('\n')}`)
  }
  const e = parsed.data
  const ports = {
    programStrategy: e.PROGRAM_STRATEGY_PORT ?? e.PORT + 1,
    agencyPlans: e.AGENCY_PLANS_PORT ?? e.PORT + 2,
    environmentInventory: e.ENVIRONMENT_INVENTORY_PORT ?? e.PORT + 3,
  }
  const local = (p: number) => `http://127.0.0.1:${p}/graphql`
  return {
    port: e.PORT,
    host: e.HOST,
    databaseUrl: e.DATABASE_URL,
    dataDir: e.RAILYARD_DATA_DIR,
    auth,
    ports,
    urls: {
      programStrategy: e.PROGRAM_STRATEGY_URL ?? local(ports.programStrategy),
      agencyPlans: e.AGENCY_PLANS_URL ?? local(ports.agencyPlans),
      environmentInventory: e.ENVIRONMENT_INVENTORY_URL ?? local(ports.environmentInventory),
    },
    seed: e.RAILYARD_SEED,
    migrate: e.RAILYARD_MIGRATE,
    gatewayEngine: e.RAILYARD_GATEWAY_ENGINE,
    logLevel: e.LOG_LEVEL,
    rateLimitPerMinute: e.RATE_LIMIT_PER_MINUTE,
    testDatabaseUrl: e.TEST_DATABASE_URL,
    notifications: {
      smtpUrl: e.RAILYARD_SMTP_URL ?? null,
      smtpFrom: e.RAILYARD_SMTP_FROM,
      publicUrl: (e.RAILYARD_PUBLIC_URL ?? `http://localhost:${e.PORT}`).replace(/\/+$/, ''),
      retryBaseMs: e.RAILYARD_DELIVERY_RETRY_MS,
      giveUpAfterMs: e.RAILYARD_DELIVERY_GIVE_UP_MS,
      dispatchIntervalMs: e.RAILYARD_DISPATCH_INTERVAL_MS,
      schedulerIntervalMs: e.RAILYARD_SCHEDULER_INTERVAL_MS,
      webhookTimeoutMs: e.RAILYARD_WEBHOOK_TIMEOUT_MS,
      enabled: e.RAILYARD_DISPATCHER === 'on',
    },
  }
}

/**
 * Switches off vendor telemetry of libraries that read their own environment variables:
 * Apollo Gateway otherwise reports usage metrics to Apollo and probes cloud metadata endpoints
 * at construction. Railyard sends nothing anywhere; an explicit setting is kept.
 */
export function disableLibraryTelemetry(env: Record<string, string | undefined> = process.env): void {
  env.APOLLO_TELEMETRY_DISABLED ??= 'true'
}

/**
 * The environment for a child process: this process's, plus `extra` (the fault tests start
 * the real stack with their own PORT, DATABASE_URL…). Keeps reading process.env in this module.
 */
export function childEnvironment(extra: Record<string, string>): Record<string, string | undefined> {
  return { ...process.env, ...extra }
}
