import { createHash } from 'node:crypto'
import { existsSync, readFileSync } from 'node:fs'
import type { IncomingMessage, ServerResponse } from 'node:http'
import { basename, join, relative, resolve } from 'node:path'
import compression from 'compression'
import express, { type NextFunction, type Request, type Response } from 'express'
import type { GraphQLFormattedError } from 'graphql'
import { type TokenSigner, type TokenVerifier, bearerToken, isRole } from '@railyard/auth'
import { type PublicAuthSettings, disableLibraryTelemetry } from '@railyard/config'
import {
  BASE_SECURITY_HEADERS,
  type GraphQLPipeline,
  type IdempotencyStore,
  type IntrospectionPolicy,
  type Limits,
  type RateLimiter,
  type RunningHttpServer,
  type SubgraphClient,
  createGraphQLPipeline,
  createRateLimiter,
  currentRequestScope,
  errorBody,
  flatHeaders,
  httpSubgraphClient,
  isLoopbackAddress,
  listenHttp,
  readBody,
  requestIdFrom,
  runInRequestScope,
  sendJson,
  sendRefusal,
} from '@railyard/graphql-kit'
import { mountAuthConfig } from './auth/auth-config.route.ts'
import { type GatewayContext, type GatewayEngine, type GatewayEngineOptions, createApolloGatewayEngine } from './engine/apollo-gateway.engine.ts'
import { createHiveGatewayEngine } from './engine/hive-gateway.engine.ts'

/** The engine by its configured name (RAILYARD_GATEWAY_ENGINE): Apollo Gateway or Hive Gateway. */
export function engineFor(name: 'apollo' | 'hive'): (o: GatewayEngineOptions) => Promise<GatewayEngine> {
  return name === 'hive' ? createHiveGatewayEngine : createApolloGatewayEngine
}

export interface GatewayOptions {
  supergraphSdl: string
  /** Subgraph URLs by name (override the ones in the supergraph). */
  subgraphUrls: Record<string, string>
  verifier: TokenVerifier
  /** Present in AUTH_MODE=dev: signs /auth/dev-token tokens (for loopback clients only). */
  devSigner?: TokenSigner
  /**
   * What GET /auth/config tells the web client (default: dev mode when there is a dev signer). In
   * oidc mode the web client's CSP also lets the browser talk to the issuer.
   */
  signIn?: PublicAuthSettings
  /** Built web client to serve at / (apps/web/dist). */
  webDist?: string
  /** Extra routes (calendar feed, exports), mounted before the web client. */
  routes?: (app: express.Express, deps: RouteDeps) => void
  /**
   * Signs internal tokens (graphql-kit `internalAuthFromConfig`; every subgraph's verifier accepts
   * them): the gateway's own, to open calendar feeds, and the feed creator's, to serve a feed as
   * they see it. Without it, `/calendar/feeds/…` answers 404.
   */
  internalSigner?: TokenSigner
  /** `open` in AUTH_MODE=dev; `restricted` (default): introspection only for INTEGRATION tokens with graph:read. */
  introspection?: IntrospectionPolicy
  /** Requests per actor per minute (RATE_LIMIT_PER_MINUTE); 0 or absent = off. */
  rateLimitPerMinute?: number
  /** Overrides of the DESIGN limits (tests use a short execution time). */
  limits?: Partial<Limits>
  /** Readiness beyond the subgraphs (e.g. "demo data": seeded), by name: true when ready, else what is missing. */
  readinessChecks?: Record<string, () => true | string | Promise<true | string>>
  /** Server-side log of unexpected errors (default console.error). */
  logError?: (line: string, err: unknown) => void
  /**
   * The engine that plans and executes (default: Apollo Gateway). Auth, limits, validation and
   * masking stay in this layer whatever the engine: another Federation 2 router plugs in here.
   */
  engine?: (o: GatewayEngineOptions) => Promise<GatewayEngine>
  /**
   * Idempotency-Key for mutations (a table in the gateway's own database schema, see
   * graphql-kit idempotency.ts). Without it the header is ignored.
   */
  idempotency?: IdempotencyStore
}

/** What extra routes get from the gateway. */
export interface RouteDeps {
  verifier: TokenVerifier
  graphql: GatewayGraphQL
  /** Present with `internalSigner`: the internal signer and a client of the program-strategy subgraph itself (internal fields). */
  internal?: { signer: TokenSigner; programStrategy: SubgraphClient }
}

/** Executes an operation through the supergraph as the holder of `token` (exports, the calendar feed, the demo seed). */
export type GatewayGraphQL = <T = unknown>(query: string, variables: Record<string, unknown>, token: string) => Promise<GatewayResult<T>>

export interface GatewayResult<T> {
  data?: T | null
  errors?: readonly GraphQLFormattedError[]
}

export interface Readiness {
  ready: boolean
  /** Every check by name: "ready", or what is wrong. */
  checks: Record<string, string>
  notReady: string[]
}

export interface RunningGateway {
  url: string
  port: number
  app: express.Express
  graphql: GatewayGraphQL
  pipeline: GraphQLPipeline
  readiness(): Promise<Readiness>
  /** Graceful stop: answers the requests in flight (up to `drainMs`), then stops the engine. */
  stop(drainMs?: number): Promise<void>
}

/**
 * The web client's Content-Security-Policy: no inline scripts, nothing from other origins but
 * the OpenID provider (token and discovery requests, silent renewal), never framed — except the
 * silent-renewal page (`framedBySelf`), which the app itself loads in a hidden iframe.
 */
function webClientCsp(authIssuer?: string, framedBySelf = false): string {
  let issuer = ''
  if (authIssuer) {
    try {
      issuer = new URL(authIssuer).origin
    } catch {
      issuer = ''
    }
  }
  const extra = issuer ? ` ${issuer}` : ''
  return [
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self' data:",
    "font-src 'self' data:",
    `connect-src 'self'${extra}`,
    // silent renewal: a hidden iframe goes to the provider (prompt=none), which redirects it back to /silent-renew.html
    `frame-src ${issuer ? `'self' ${issuer}` : "'none'"}`,
    `form-action 'self'${extra}`,
    "object-src 'none'",
    "base-uri 'none'",
    framedBySelf ? "frame-ancestors 'self'" : "frame-ancestors 'none'",
  ].join('; ')
}

const DEV_TOKEN_BODY_LIMIT = 64 * 1024
/** How long one round of subgraph readiness probes answers /readyz (see readiness()). */
const SUBGRAPH_PROBE_TTL_MS = 500
/** The page the identity provider redirects the web client's hidden silent-renewal iframe to (apps/web/silent-renew.html). */
const SILENT_RENEW_PAGE = 'silent-renew.html'

/** The gateway: our HTTP layer (limits, auth, masking) over the supergraph engine; dev tokens, health, readiness, the web client. */
export async function startGateway(opts: GatewayOptions, port: number, host = '127.0.0.1'): Promise<RunningGateway> {
  disableLibraryTelemetry()
  const logError = opts.logError ?? ((line: string, err: unknown) => console.error(`[gateway] ${line}`, err))
  const engine = await (opts.engine ?? createApolloGatewayEngine)({ supergraphSdl: opts.supergraphSdl, subgraphUrls: opts.subgraphUrls, logError })
  const rateLimiter = createRateLimiter(opts.rateLimitPerMinute ?? 0)
  const pipeline = createGraphQLPipeline<GatewayContext>({
    name: 'gateway',
    engine,
    verifier: opts.verifier,
    buildContext: (actor, request) => ({
      actor,
      authorization: `Bearer ${actor.token}`,
      requestId: request.requestId,
      signal: request.signal,
      origin: originOf(request.headers),
    }),
    introspection: opts.introspection ?? 'restricted',
    rateLimiter,
    limits: opts.limits,
    logError,
    idempotency: opts.idempotency,
  })

  // The subgraphs' own /readyz answers, shared: concurrent and frequent callers (pollers waiting
  // for a start-up, load balancers) get one round of probes at a time, and a round that found
  // every subgraph ready answers for SUBGRAPH_PROBE_TTL_MS after it finished (one that did not is
  // never reused: a subgraph coming up is seen at once). A round costs every subgraph a request
  // and a database query — about 10 ms of CPU over the four processes, measured on a warm stack —
  // and the start-up bench polls every 50 ms while the demo data goes in.
  let lastProbe: { at: number; checks: Record<string, string> } | null = null
  let probing: Promise<Record<string, string>> | null = null
  function subgraphChecks(): Promise<Record<string, string>> {
    if (lastProbe && performance.now() - lastProbe.at < SUBGRAPH_PROBE_TTL_MS) return Promise.resolve(lastProbe.checks)
    probing ??= Promise.all(Object.entries(opts.subgraphUrls).map(async ([name, url]) => [name, await subgraphReadiness(url)] as const))
      .then((entries) => {
        const checks = Object.fromEntries(entries)
        lastProbe = entries.every(([, state]) => state === 'ready') ? { at: performance.now(), checks } : null
        return checks
      })
      .finally(() => {
        probing = null
      })
    return probing
  }

  async function readiness(): Promise<Readiness> {
    const checks: Record<string, string> = {}
    await Promise.all([
      subgraphChecks().then((c) => Object.assign(checks, c)),
      ...Object.entries(opts.readinessChecks ?? {}).map(async ([name, check]) => {
        try {
          const r = await check()
          checks[name] = r === true ? 'ready' : r
        } catch {
          checks[name] = 'not ready'
        }
      }),
    ])
    const notReady = Object.entries(checks)
      .filter(([, s]) => s !== 'ready')
      .map(([n]) => n)
      .sort()
    return { ready: notReady.length === 0, checks, notReady }
  }

  const app = express()
  app.disable('x-powered-by')
  app.set('etag', false)

  // Every response: a request id (the client's, sanitised, or a new one) and the security headers;
  // everything that runs for the request (exports' GraphQL calls included) sees the same id.
  app.use((req: Request, res: Response, next: NextFunction) => {
    const requestId = requestIdFrom(req.headers['x-request-id'])
    res.locals.requestId = requestId
    res.setHeader('x-request-id', requestId)
    for (const [k, v] of Object.entries(BASE_SECURITY_HEADERS)) res.setHeader(k, v)
    const gone = new AbortController()
    res.once('close', () => gone.abort())
    runInRequestScope({ requestId, signal: gone.signal, headers: flatHeaders(req.headers) }, next)
  })

  // gzip or brotli (brotli preferred) by Accept-Encoding for everything compressible over 1 KB:
  // GraphQL responses, exports, the calendar feed, the web client's files.
  app.use(compression({ threshold: 1024 }))

  app.get('/healthz', (_req, res) => sendJson(res, 200, { ok: true, service: 'gateway' }))
  app.get('/readyz', async (_req, res) => {
    const r = await readiness()
    if (r.ready) return sendJson(res, 200, { ready: true, checks: r.checks })
    sendJson(res, 503, { ready: false, notReady: r.notReady, checks: r.checks, ...errorBody('SERVICE_UNAVAILABLE', `Not ready: ${r.notReady.join(', ')}`) })
  })

  mountAuthConfig(app, opts.signIn ?? (opts.devSigner ? { mode: 'dev' } : null))

  app.all('/auth/dev-token', (req: Request, res: Response) => void devToken(req, res, opts.devSigner))

  app.all('/graphql', (req: Request, res: Response) => void pipeline.serveHttp(req, res, String(res.locals.requestId)))

  const graphql = (async (query: string, variables: Record<string, unknown>, token: string) => {
    // Inside an HTTP request (an export), the operation carries that request's id.
    const r = await pipeline.run({ operation: { query, variables }, authorization: `Bearer ${token}`, requestId: currentRequestScope()?.requestId })
    return r.body
  }) as GatewayGraphQL

  // Exports and the calendar feed count against the same per-actor limit as GraphQL requests.
  if (rateLimiter) app.use(['/calendar', '/exports'], (req, res, next) => void limitExports(req, res, next, opts.verifier, rateLimiter))
  const programStrategyUrl = opts.subgraphUrls['program-strategy']
  const internal =
    opts.internalSigner && programStrategyUrl
      ? { signer: opts.internalSigner, programStrategy: httpSubgraphClient(programStrategyUrl, 'program-strategy') }
      : undefined
  opts.routes?.(app, { verifier: opts.verifier, graphql, internal })

  const issuer = opts.signIn?.mode === 'oidc' ? opts.signIn.issuer : undefined
  const csp = webClientCsp(issuer)
  const silentRenewCsp = webClientCsp(issuer, true)
  if (opts.webDist && existsSync(join(opts.webDist, 'index.html'))) {
    const dist = resolve(opts.webDist)
    const index = readFileSync(join(dist, 'index.html'), 'utf8')
    app.use(
      express.static(dist, {
        index: false,
        cacheControl: false,
        setHeaders: (res, file) => {
          res.setHeader('cache-control', cacheControlFor(relative(dist, file)))
          if (basename(file) === SILENT_RENEW_PAGE) {
            // the one page the app frames (same origin only)
            res.setHeader('content-security-policy', silentRenewCsp)
            res.setHeader('x-frame-options', 'SAMEORIGIN')
          } else {
            res.setHeader('content-security-policy', csp)
          }
        },
      }),
    )
    // Client-side routes: any other GET that accepts HTML gets the app shell.
    app.get(/^\/(?!graphql|auth|healthz|readyz|calendar|exports).*/, (req, res, next) => {
      if (!req.accepts('html')) return next()
      res.setHeader('content-security-policy', csp)
      res.setHeader('cache-control', 'no-cache')
      res.type('html').send(index)
    })
  } else {
    app.get('/', (_req, res) => {
      res.type('text').send('Railyard gateway: the web client is not built (pnpm --filter @railyard/web build). GraphQL is at /graphql.')
    })
  }

  // Anything else: a JSON 404; any error: a JSON error without details (never Express's HTML page).
  app.use((_req: Request, res: Response) => sendJson(res, 404, errorBody('NOT_FOUND', 'Not found.')))
  app.use((err: unknown, req: Request, res: Response, _next: NextFunction) => {
    const status = httpStatusOf(err)
    if (status >= 500) logError(`[${String(res.locals.requestId)}] ${req.method} ${req.path} failed`, err)
    if (res.headersSent) return res.end()
    sendJson(res, status, errorBody(status >= 500 ? 'INTERNAL_SERVER_ERROR' : 'BAD_REQUEST', status >= 500 ? 'Internal server error.' : 'Bad request.'))
  })

  const http: RunningHttpServer = await listenHttp(app, port, host, { service: 'gateway' })
  return {
    url: `http://localhost:${http.port}`,
    port: http.port,
    app,
    graphql,
    pipeline,
    readiness,
    async stop(drainMs) {
      await http.close(drainMs)
      await engine.stop()
    },
  }
}

/**
 * The origin the caller reached the gateway at: its Host header, https when a proxy in front says
 * so (`x-forwarded-proto`); undefined when the Host header is not a plain host[:port].
 */
function originOf(headers: Readonly<Record<string, string>>): string | undefined {
  const host = headers['x-forwarded-host']?.split(',')[0]?.trim() || headers.host
  if (!host || !/^(?:[A-Za-z0-9.-]+|\[[0-9A-Fa-f:.]+\])(?::\d{1,5})?$/.test(host)) return undefined
  const proto = headers['x-forwarded-proto']?.split(',')[0]?.trim().toLowerCase() === 'https' ? 'https' : 'http'
  return `${proto}://${host}`
}

/** vite's output names: `assets/<name>-<8-character content hash>.<ext>` */
const HASHED_ASSET = /^assets\/.+-[A-Za-z0-9_-]{8}\.[a-z0-9]+(\.map)?$/

/** Content-hashed assets never change under their name: cached for a year; anything else (the HTML pages) revalidated. */
function cacheControlFor(pathInDist: string): string {
  return HASHED_ASSET.test(pathInDist.split('\\').join('/')) ? 'public, max-age=31536000, immutable' : 'no-cache'
}

function httpStatusOf(err: unknown): number {
  const s = (err as { status?: unknown; statusCode?: unknown } | null)?.status ?? (err as { statusCode?: unknown } | null)?.statusCode
  return typeof s === 'number' && s >= 400 && s < 600 ? s : 500
}

async function subgraphReadiness(graphqlUrl: string): Promise<string> {
  const url = graphqlUrl.replace(/\/graphql$/, '/readyz')
  try {
    const r = await fetch(url, { signal: AbortSignal.timeout(1500) })
    if (r.ok) return 'ready'
    let why = `HTTP ${r.status}`
    try {
      const body = (await r.json()) as { notReady?: unknown }
      if (Array.isArray(body.notReady) && body.notReady.length) why = body.notReady.map(String).join(', ')
    } catch {
      // not JSON: the status says enough
    }
    return `not ready (${why})`
  } catch {
    return 'down'
  }
}

async function limitExports(req: Request, res: Response, next: NextFunction, verifier: TokenVerifier, limiter: RateLimiter): Promise<void> {
  const token = bearerToken(req.headers.authorization)
  // a calendar feed address counts as its own actor (its secret, hashed: never kept in memory as is)
  const feed = /^\/calendar\/feeds\/([^/]+)\.ics$/.exec(req.originalUrl.split('?')[0] ?? '')
  let key: string
  if (feed?.[1]) key = `feed:${createHash('sha256').update(feed[1]).digest('hex').slice(0, 32)}`
  else if (!token) return next()
  else {
    try {
      key = `actor:${(await verifier.verify(token)).subject}`
    } catch {
      return next() // the route itself answers 401
    }
  }
  const r = limiter.take(key)
  if (r.ok) return next()
  res.setHeader('retry-after', String(r.retryAfterSeconds))
  sendJson(res, 429, errorBody('RATE_LIMITED', `Too many requests: at most ${limiter.perMinute} a minute. Retry in ${r.retryAfterSeconds} s.`))
}

/**
 * POST /auth/dev-token (AUTH_MODE=dev only; 404 otherwise): a signed token for any persona, for
 * loopback clients only (403 for any other peer address), the body limited like every body.
 */
export async function devToken(req: IncomingMessage, res: ServerResponse, signer: TokenSigner | undefined): Promise<void> {
  if (!signer) return sendJson(res, 404, errorBody('NOT_FOUND', 'Not found: dev tokens exist only in AUTH_MODE=dev.'))
  if (!isLoopbackAddress(req.socket.remoteAddress)) {
    return sendJson(res, 403, errorBody('FORBIDDEN', 'Dev tokens are issued to loopback clients only.'))
  }
  if (req.method !== 'POST') return sendJson(res, 405, errorBody('METHOD_NOT_ALLOWED', 'Use POST.'), { allow: 'POST' })
  const mediaType = (req.headers['content-type'] ?? '').split(';')[0]?.trim().toLowerCase()
  if (mediaType !== 'application/json') return sendJson(res, 415, errorBody('UNSUPPORTED_MEDIA_TYPE', 'Send Content-Type: application/json.'))
  const body = await readBody(req, DEV_TOKEN_BODY_LIMIT)
  if (!body.ok) return sendRefusal(req, res, body.refusal)
  let b: Record<string, unknown>
  try {
    const parsed = JSON.parse(body.text) as unknown
    b = parsed !== null && typeof parsed === 'object' && !Array.isArray(parsed) ? (parsed as Record<string, unknown>) : {}
  } catch {
    return sendJson(res, 400, errorBody('BAD_REQUEST', 'The request body is not valid JSON.'))
  }
  const problems: string[] = []
  const sub = typeof b.sub === 'string' ? b.sub.trim() : ''
  if (!sub || sub.length > 200) problems.push('sub: a non-empty string (at most 200 characters) is required')
  const roles = Array.isArray(b.roles) && b.roles.length > 0 && b.roles.every(isRole) ? b.roles : null
  if (!roles) problems.push('roles: a non-empty array of Role names is required')
  if (b.agency !== undefined && b.agency !== null && (typeof b.agency !== 'string' || !/^[A-Z][A-Z0-9]{1,11}$/.test(b.agency)))
    problems.push('agency: an agency code such as DOH')
  const scopes =
    b.scopes === undefined ? [] : Array.isArray(b.scopes) && b.scopes.every((s) => typeof s === 'string' && s.length <= 100) ? (b.scopes as string[]) : null
  if (!scopes) problems.push('scopes: an array of strings')
  if (b.name !== undefined && (typeof b.name !== 'string' || b.name.length > 200)) problems.push('name: a string of at most 200 characters')
  const email = b.email === undefined || b.email === null ? undefined : b.email
  if (email !== undefined && (typeof email !== 'string' || email.length > 254 || !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email)))
    problems.push('email: an e-mail address such as hana@doh.example.gov')
  if (problems.length || !roles || !scopes) {
    return sendJson(res, 400, { error: 'invalid token request', problems, ...errorBody('BAD_USER_INPUT', `Invalid token request: ${problems.join('; ')}`) })
  }
  const token = await signer.sign({
    sub,
    name: typeof b.name === 'string' ? b.name : undefined,
    roles,
    agency: typeof b.agency === 'string' ? b.agency : null,
    scopes,
    ...(typeof email === 'string' ? { email } : {}),
  })
  sendJson(res, 200, { token })
}
