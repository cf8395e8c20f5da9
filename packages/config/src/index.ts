import { z } from 'zod'

/**
 * The one place that reads process.env. Every service, the gateway and the launcher parse
 * their configuration through here.
 */
const AuthMode = z.enum(['dev', 'oidc'])

const EnvSchema = z.object({
  PORT: z.coerce.number().int().positive().default(4000),
  /** Interface every server binds; loopback unless set (e.g. HOST=0.0.0.0 behind a proxy). */
  HOST: z.string().min(1).default('127.0.0.1'),
  DATABASE_URL: z.string().url().optional(),
  RAILYARD_DATA_DIR: z.string().default('.railyard'),
  AUTH_MODE: AuthMode.default('dev'),
  AUTH_JWKS_URL: z.string().url().optional(),
  AUTH_ISSUER: z.string().optional(),
  AUTH_AUDIENCE: z.string().optional(),
  PROGRAM_STRATEGY_PORT: z.coerce.number().int().positive().optional(),
  AGENCY_PLANS_PORT: z.coerce.number().int().positive().optional(),
  ENVIRONMENT_INVENTORY_PORT: z.coerce.number().int().positive().optional(),
  PROGRAM_STRATEGY_URL: z.string().url().optional(),
  AGENCY_PLANS_URL: z.string().url().optional(),
  ENVIRONMENT_INVENTORY_URL: z.string().url().optional(),
  RAILYARD_SEED: z.enum(['demo', 'none']).default('demo'),
  /** Requests per actor per minute at the gateway (subgraphs allow 10×, for fan-out); 0 turns the limit off. */
  RATE_LIMIT_PER_MINUTE: z.coerce.number().int().min(0).default(600),
  LOG_LEVEL: z.enum(['debug', 'info', 'warn', 'error', 'silent']).default('info'),
  TEST_DATABASE_URL: z.string().url().optional(),
})

export type Env = z.infer<typeof EnvSchema>

export interface AuthConfig {
  mode: 'dev' | 'oidc'
  jwksUrl?: string
  issuer: string
  audience: string
}

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
  logLevel: Env['LOG_LEVEL']
  /** Per-actor requests per minute (0 = off). */
  rateLimitPerMinute: number
  testDatabaseUrl?: string
}

export const DEV_ISSUER = 'railyard-dev'
export const DEFAULT_AUDIENCE = 'railyard'

export class ConfigError extends Error {}

/** Parses an environment (default: process.env) into the typed configuration. */
export function loadConfig(env: Record<string, string | undefined> = process.env): RailyardConfig {
  const parsed = EnvSchema.safeParse(env)
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`)
    throw new ConfigError(`Invalid configuration:\n${lines.join('\n')}`)
  }
  const e = parsed.data
  if (e.AUTH_MODE === 'oidc' && (!e.AUTH_JWKS_URL || !e.AUTH_ISSUER || !e.AUTH_AUDIENCE)) {
    throw new ConfigError('AUTH_MODE=oidc needs AUTH_JWKS_URL, AUTH_ISSUER and AUTH_AUDIENCE')
  }
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
    auth: {
      mode: e.AUTH_MODE,
      jwksUrl: e.AUTH_JWKS_URL,
      issuer: e.AUTH_ISSUER ?? DEV_ISSUER,
      audience: e.AUTH_AUDIENCE ?? DEFAULT_AUDIENCE,
    },
    ports,
    urls: {
      programStrategy: e.PROGRAM_STRATEGY_URL ?? local(ports.programStrategy),
      agencyPlans: e.AGENCY_PLANS_URL ?? local(ports.agencyPlans),
      environmentInventory: e.ENVIRONMENT_INVENTORY_URL ?? local(ports.environmentInventory),
    },
    seed: e.RAILYARD_SEED,
    logLevel: e.LOG_LEVEL,
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
