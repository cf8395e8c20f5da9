import type { IncomingMessage, ServerResponse } from 'node:http'
import { ApolloServer, type BaseContext } from '@apollo/server'
import { ApolloServerPluginInlineTraceDisabled } from '@apollo/server/plugin/disabled'
import { buildSubgraphSchema } from '@apollo/subgraph'
import type { GraphQLResolverMap } from '@apollo/subgraph'
import type { DocumentNode } from 'graphql'
import { type Actor, AuthError, type TokenVerifier, bearerToken } from '@railyard/auth'
import { apolloEngine, apolloServerOptions, cancelOnAbort } from './apollo-engine.ts'
import { unauthenticated } from './errors.ts'
import { type GraphQLPipeline, type IntrospectionPolicy, createGraphQLPipeline } from './graphql-pipeline.ts'
import { sendJson } from './http-body.ts'
import { BASE_SECURITY_HEADERS, type RunningHttpServer, listenHttp } from './http-server.ts'
import type { InputLimitOverrides } from './input-limits.ts'
import type { Limits } from './limits.ts'
import { errorBody } from './masking.ts'
import { SUBGRAPH_RATE_LIMIT_FACTOR, createRateLimiter } from './rate-limit.ts'
import { type RequestScope, requestIdFrom } from './request-scope.ts'

/** How a subgraph's request pipeline is configured (the same for every subgraph; see DESIGN "Limits"). */
export interface SubgraphRuntimeOptions {
  /** `open` in AUTH_MODE=dev; `restricted` (default): only INTEGRATION tokens with graph:read may introspect. */
  introspection?: IntrospectionPolicy
  /** RATE_LIMIT_PER_MINUTE (0 = off, the default here); a subgraph allows it × SUBGRAPH_RATE_LIMIT_FACTOR per actor. */
  rateLimitPerMinute?: number
  /** Overrides of DEFAULT_LIMITS (tests use a short execution time). */
  limits?: Partial<Limits>
  inputLimitOverrides?: InputLimitOverrides
}

export interface SubgraphServerOptions<Ctx extends BaseContext> {
  name: string
  /** One module per entity folder: its SDL and its resolvers. */
  modules: { typeDefs: DocumentNode; resolvers?: GraphQLResolverMap<Ctx> }[]
  verifier: TokenVerifier
  /**
   * Builds the per-request context (db, loaders…) for a verified actor; `request` carries the
   * request id, the AbortSignal and the request headers.
   */
  buildContext: (actor: Actor, request: RequestScope) => Ctx | Promise<Ctx>
  /** Readiness beyond "listening" (e.g. a database ping): true, or what is not ready. */
  ready?: () => Promise<true | string>
  runtime?: SubgraphRuntimeOptions
  /** Log unexpected errors (default console.error). */
  logError?: (line: string, err: unknown) => void
}

export interface GraphQLResponseBody<T = unknown> {
  data?: T | null
  errors?: { message: string; path?: (string | number)[]; extensions?: Record<string, unknown> }[]
}

export interface SubgraphServer<Ctx extends BaseContext> {
  name: string
  apollo: ApolloServer<Ctx>
  pipeline: GraphQLPipeline
  /** Runs an operation through the same pipeline as a real request (token verified, limits applied). */
  execute<T = unknown>(op: { query: string; variables?: Record<string, unknown>; token?: string | null; requestId?: string }): Promise<GraphQLResponseBody<T>>
  /** Serves HTTP (for a server of the caller's own). */
  handle(req: IncomingMessage, res: ServerResponse): void
  /** Listens on a port (0 = any); returns the URL of /graphql. */
  listen(port: number, host?: string): Promise<{ url: string; port: number; stop(): Promise<void> }>
  /** Stops: drains in-flight HTTP requests (up to `drainMs`), then stops the engine. */
  stop(drainMs?: number): Promise<void>
}

/** Reads the actor from `Authorization`; every subgraph verifies the token itself. */
export async function actorFromHeader(verifier: TokenVerifier, header: string | null | undefined): Promise<Actor> {
  const token = bearerToken(header)
  if (!token) throw unauthenticated()
  try {
    return await verifier.verify(token)
  } catch (err) {
    if (err instanceof AuthError) throw unauthenticated(`Invalid credentials: ${err.message}`)
    throw err
  }
}

/**
 * The shared subgraph bootstrap: Federation 2 schema, no inline tracing, resolvers that stop
 * when their request is cancelled, and the request pipeline (body limit, auth, rate limit,
 * query limits, input limits, masking) in front of Apollo Server. Serves /graphql, /healthz
 * (alive) and /readyz (ready: listening and `ready()`).
 */
export async function createSubgraphServer<Ctx extends BaseContext>(opts: SubgraphServerOptions<Ctx>): Promise<SubgraphServer<Ctx>> {
  const schema = cancelOnAbort(buildSubgraphSchema(opts.modules))
  const logError = opts.logError ?? ((line: string, err: unknown) => console.error(`[${opts.name}] ${line}`, err))
  const apollo = new ApolloServer<Ctx>({
    schema,
    plugins: [ApolloServerPluginInlineTraceDisabled()],
    ...apolloServerOptions(opts.name, logError),
  })
  await apollo.start()
  const runtime = opts.runtime ?? {}
  const perMinute = runtime.rateLimitPerMinute ?? 0
  const pipeline = createGraphQLPipeline<Ctx>({
    name: opts.name,
    engine: apolloEngine(apollo, schema),
    verifier: opts.verifier,
    buildContext: opts.buildContext,
    introspection: runtime.introspection ?? 'restricted',
    rateLimiter: createRateLimiter(perMinute * SUBGRAPH_RATE_LIMIT_FACTOR),
    limits: runtime.limits,
    inputLimitOverrides: runtime.inputLimitOverrides,
    logError,
  })

  let http: RunningHttpServer | null = null
  let stopping = false

  async function readiness(): Promise<true | string> {
    if (stopping) return 'stopping'
    if (!opts.ready) return true
    try {
      return await opts.ready()
    } catch {
      return 'not ready'
    }
  }

  function handle(req: IncomingMessage, res: ServerResponse): void {
    const requestId = requestIdFrom(req.headers['x-request-id'])
    for (const [k, v] of Object.entries(BASE_SECURITY_HEADERS)) res.setHeader(k, v)
    res.setHeader('x-request-id', requestId)
    const path = (req.url ?? '/').split('?')[0]
    if (path === '/healthz') return sendJson(res, 200, { ok: true, service: opts.name })
    if (path === '/readyz') {
      void readiness().then((r) =>
        r === true
          ? sendJson(res, 200, { ready: true, service: opts.name })
          : sendJson(res, 503, { ready: false, service: opts.name, notReady: [r], ...errorBody('SERVICE_UNAVAILABLE', `${opts.name} is not ready: ${r}`) }),
      )
      return
    }
    if (path !== '/graphql' && path !== '/') return sendJson(res, 404, errorBody('NOT_FOUND', 'Not found: GraphQL is at /graphql.'))
    void pipeline.serveHttp(req, res, requestId)
  }

  const self: SubgraphServer<Ctx> = {
    name: opts.name,
    apollo,
    pipeline,
    handle,
    async execute<T>({
      query,
      variables,
      token,
      requestId,
    }: {
      query: string
      variables?: Record<string, unknown>
      token?: string | null
      requestId?: string
    }) {
      const r = await pipeline.run({ operation: { query, variables: variables ?? {} }, authorization: token ? `Bearer ${token}` : undefined, requestId })
      return r.body as GraphQLResponseBody<T>
    },
    async listen(port, host = '127.0.0.1') {
      const running = await listenHttp(handle, port, host, { service: opts.name })
      http = running
      const shown = host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host
      return { url: `http://${shown}:${running.port}/graphql`, port: running.port, stop: () => self.stop() }
    },
    async stop(drainMs) {
      stopping = true
      if (http) {
        const h = http
        http = null
        await h.close(drainMs)
      }
      await apollo.stop()
    },
  }
  return self
}
