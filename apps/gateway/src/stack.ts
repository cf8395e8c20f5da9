import { readFileSync } from 'node:fs'
import type { TokenSigner, TokenVerifier } from '@railyard/auth'
import type { DbHandle, MigrationSet } from '@railyard/db'
import {
  type IntrospectionPolicy,
  type Limits,
  type ServiceClients,
  type SubgraphRuntimeOptions,
  type SubgraphServer,
  createIdempotencyStore,
  httpSubgraphClient,
  idempotencyMigrations,
  lazyClient,
} from '@railyard/graphql-kit'
import * as agencyPlans from '@railyard/agency-plans/server'
import * as environmentInventory from '@railyard/environment-inventory/server'
import * as programStrategy from '@railyard/program-strategy/server'
import { type GatewayOptions, type RunningGateway, startGateway } from './gateway.ts'
import { SUPERGRAPH_PATH } from './paths.ts'

export { SUPERGRAPH_PATH, WEB_DIST } from './paths.ts'

type ServiceKey = keyof ServiceClients

/**
 * What the stack needs of a service module. Each module has its own Database and Context types
 * and gets back only the db opened for it, so the stack holds them untyped.
 */
interface ServiceModule {
  SCHEMA: string
  migrations: MigrationSet
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- each module's own Database and Context: the stack passes a module only the db opened for it
  createServer(deps: { db: any; verifier: TokenVerifier; clients: ServiceClients; runtime?: SubgraphRuntimeOptions }): Promise<SubgraphServer<any>>
}

/** The three subgraphs: supergraph name → module. */
const SERVICES: { key: ServiceKey; name: string; module: ServiceModule }[] = [
  { key: 'programStrategy', name: 'program-strategy', module: programStrategy },
  { key: 'agencyPlans', name: 'agency-plans', module: agencyPlans },
  { key: 'environmentInventory', name: 'environment-inventory', module: environmentInventory },
]

export interface StackOptions {
  /** Opens (and migrates) a service's database. */
  openDb(name: string, schema: string, migrations: MigrationSet): Promise<DbHandle<unknown>>
  verifier: TokenVerifier
  devSigner?: TokenSigner
  /** Signs internal tokens (calendar feeds; see GatewayOptions.internalSigner). */
  internalSigner?: TokenSigner
  /** What GET /auth/config tells the web client (see GatewayOptions.signIn). */
  signIn?: GatewayOptions['signIn']
  host?: string
  /** 0 = any free port. */
  ports: { gateway: number } & Record<ServiceKey, number>
  webDist?: string
  routes?: GatewayOptions['routes']
  log?: (msg: string) => void
  /** `open` (AUTH_MODE=dev) or `restricted` (default) introspection, on the gateway and every subgraph. */
  introspection?: IntrospectionPolicy
  /** RATE_LIMIT_PER_MINUTE for the gateway (subgraphs allow 10×); 0 or absent = off. */
  rateLimitPerMinute?: number
  /** Overrides of the DESIGN limits, everywhere. */
  limits?: Partial<Limits>
  readinessChecks?: GatewayOptions['readinessChecks']
  /** The gateway's engine (default Apollo Gateway; see engineFor). */
  engine?: GatewayOptions['engine']
}

export interface RunningStack {
  gateway: RunningGateway
  urls: Record<ServiceKey, string>
  dbs: Record<ServiceKey, DbHandle<unknown>>
  /** The gateway's own database (schema `gateway`: Idempotency-Key records). */
  gatewayDb: DbHandle<unknown>
  stop(): Promise<void>
}

/**
 * Starts the three subgraphs (each on its own port, calling each other over HTTP with the
 * caller's token) and the gateway in front of them, all in this process (tests, the benchmark).
 * `pnpm start` runs each in its own OS process instead (launch.ts).
 */
export async function startStack(o: StackOptions): Promise<RunningStack> {
  const log = o.log ?? (() => {})
  const host = o.host ?? '127.0.0.1'
  const urls = {} as Record<ServiceKey, string>
  const clients: ServiceClients = {
    programStrategy: lazyClient(() => (urls.programStrategy ? httpSubgraphClient(urls.programStrategy, 'program-strategy') : undefined), 'program-strategy'),
    agencyPlans: lazyClient(() => (urls.agencyPlans ? httpSubgraphClient(urls.agencyPlans, 'agency-plans') : undefined), 'agency-plans'),
    environmentInventory: lazyClient(
      () => (urls.environmentInventory ? httpSubgraphClient(urls.environmentInventory, 'environment-inventory') : undefined),
      'environment-inventory',
    ),
  }
  const dbs = {} as Record<ServiceKey, DbHandle<unknown>>
  const servers: Awaited<ReturnType<ServiceModule['createServer']>>[] = []
  // Databases open in parallel (embedded PGlite takes a few seconds each).
  const [gatewayDb] = await Promise.all([
    o.openDb('gateway', 'gateway', idempotencyMigrations),
    ...SERVICES.map(async (s) => {
      const t = Date.now()
      dbs[s.key] = await o.openDb(s.name, s.module.SCHEMA, s.module.migrations)
      log(`${s.name}: database ready (${dbs[s.key].kind}, ${Date.now() - t} ms)`)
    }),
  ])
  for (const s of SERVICES) {
    const runtime: SubgraphRuntimeOptions = { introspection: o.introspection ?? 'restricted', rateLimitPerMinute: o.rateLimitPerMinute ?? 0, limits: o.limits }
    const server = await s.module.createServer({ db: dbs[s.key].db, verifier: o.verifier, clients, runtime })
    const { url } = await server.listen(o.ports[s.key], host)
    urls[s.key] = url
    servers.push(server)
    log(`${s.name}: subgraph at ${url}`)
  }
  const gateway = await startGateway(
    {
      supergraphSdl: readFileSync(SUPERGRAPH_PATH, 'utf8'),
      subgraphUrls: Object.fromEntries(SERVICES.map((s) => [s.name, urls[s.key]])),
      verifier: o.verifier,
      devSigner: o.devSigner,
      internalSigner: o.internalSigner,
      signIn: o.signIn,
      webDist: o.webDist,
      routes: o.routes,
      introspection: o.introspection ?? 'restricted',
      rateLimitPerMinute: o.rateLimitPerMinute ?? 0,
      limits: o.limits,
      readinessChecks: o.readinessChecks,
      idempotency: createIdempotencyStore(gatewayDb.db),
      ...(o.engine ? { engine: o.engine } : {}),
    },
    o.ports.gateway,
    host,
  )
  return {
    gateway,
    urls,
    dbs,
    gatewayDb,
    async stop() {
      await gateway.stop()
      for (const s of servers) await s.stop()
      for (const d of Object.values(dbs)) await d.close()
      await gatewayDb.close()
    },
  }
}
