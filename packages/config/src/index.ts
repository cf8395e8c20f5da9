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
  /** Requests per actor per minute at the gateway (subgraphs allow 10×, for fan-out); 0 turns the limit off. */
  RATE_LIMIT_PER_MINUTE: z.coerce.number().int().min(0).default(600),
  TEST_DATABASE_URL: z.string().url().optional(),
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
  /** Per-actor requests per minute (0 = off). */
  rateLimitPerMinute: number
  testDatabaseUrl?: string
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
    rateLimitPerMinute: e.RATE_LIMIT_PER_MINUTE,
    testDatabaseUrl: e.TEST_DATABASE_URL,
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
