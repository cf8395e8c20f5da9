import type { IncomingMessage, ServerResponse } from 'node:http'
import {
  type DocumentNode,
  type GraphQLError,
  type GraphQLFormattedError,
  type GraphQLSchema,
  OperationTypeNode,
  getOperationAST,
  getVariableValues,
} from 'graphql'
import { type Actor, AuthError, type TokenVerifier, bearerToken } from '@railyard/auth'
import type { ErrorCode, FieldError } from './errors.ts'
import { type HttpRefusal, readBody, sendJson, sendRefusal } from './http-body.ts'
import { type InputLimitOverrides, checkInputs } from './input-limits.ts'
import { type Limits, hideSuggestions, parseDocument, resolveLimits, validateDocument } from './limits.ts'
import { errorBody, internalErrorMessage, maskFormattedError } from './masking.ts'
import { IDEMPOTENCY_KEY_MAX, type IdempotencyStore, idempotencyFingerprint } from './idempotency.ts'
import type { RateLimiter } from './rate-limit.ts'
import { processLogger, recordGraphQL } from './observability.ts'
import { type RequestScope, flatHeaders, requestIdFrom, runInRequestScope } from './request-scope.ts'

/**
 * The request pipeline in front of every GraphQL engine (the gateway's and each subgraph's):
 *
 *   body ≤ 2 MB (before anything else) → JSON → token verified → rate limit → parse (token
 *   limit) → limits (depth, aliases, directives, cost, one operation) → validation (no field
 *   suggestions; introspection by policy) → input limits (string length, list size, NUL, lone
 *   surrogates) → variables coerced (an invalid scalar is BAD_USER_INPUT) → the engine executes
 *   under a 10 s time limit with an AbortSignal in the context (client disconnect aborts too) →
 *   every error masked.
 *
 * The engine only executes an operation that already passed all of that, so the engine is
 * swappable (Apollo Gateway today; any Federation router later).
 */

/** An operation, after every check, handed to the engine. */
export interface EngineOperation<Ctx> {
  document: DocumentNode
  source: string
  operationName: string | undefined
  variables: Record<string, unknown>
  contextValue: Ctx
  scope: RequestScope
}

export interface EngineResult {
  data?: Record<string, unknown> | null
  errors?: readonly GraphQLFormattedError[]
  /** The HTTP status the engine asks for, when not 200. */
  status?: number
}

/** Plans and executes validated operations. */
export interface GraphQLEngine<Ctx> {
  /** The schema operations are validated against (the API schema on the gateway, the subgraph schema on a subgraph). */
  readonly schema: GraphQLSchema
  execute(op: EngineOperation<Ctx>): Promise<EngineResult>
}

/** `open` (AUTH_MODE=dev): everyone may introspect; `restricted`: only INTEGRATION tokens with graph:read. */
export type IntrospectionPolicy = 'open' | 'restricted'

export function mayIntrospect(policy: IntrospectionPolicy, actor: Actor): boolean {
  return policy === 'open' || (actor.roles.includes('INTEGRATION') && actor.scopes.includes('graph:read'))
}

export interface PipelineOptions<Ctx> {
  /** For log lines. */
  name: string
  engine: GraphQLEngine<Ctx>
  verifier: TokenVerifier
  /**
   * Builds the per-request context for a verified actor. `request` carries the request id, the
   * AbortSignal and the headers (a later stream reads Idempotency-Key from them).
   */
  buildContext(actor: Actor, request: RequestScope): Ctx | Promise<Ctx>
  introspection?: IntrospectionPolicy
  rateLimiter?: RateLimiter | null
  limits?: Partial<Limits>
  inputLimitOverrides?: InputLimitOverrides
  /** Server-side log of unexpected errors (default console.error with the request id). */
  logError?: (line: string, err: unknown) => void
  /** Idempotency-Key for mutations (the gateway's); without it the header is ignored. */
  idempotency?: IdempotencyStore
}

export interface OperationInput {
  query?: unknown
  variables?: unknown
  operationName?: unknown
  extensions?: unknown
}

export interface PipelineResponse {
  status: number
  body: { data?: unknown; errors?: GraphQLFormattedError[] }
  headers: Record<string, string>
}

export interface RunInput {
  operation: OperationInput
  /** The `Authorization` header as sent. */
  authorization: string | undefined
  requestId?: string
  method?: 'GET' | 'POST'
  /** Aborts the execution (e.g. the client disconnected). */
  signal?: AbortSignal
  headers?: Record<string, string>
  /** Count the request against the rate limit (HTTP requests do; in-process calls such as the seed do not). */
  rateLimited?: boolean
}

export interface GraphQLPipeline {
  readonly limits: Limits
  /** Serves one HTTP request for the GraphQL endpoint (GET or POST). */
  serveHttp(req: IncomingMessage, res: ServerResponse, requestId?: string): Promise<void>
  /** Runs one operation through every step but the HTTP body (tests, exports, the demo seed). */
  run(input: RunInput): Promise<PipelineResponse>
}

type Prepared = { ok: true; document: DocumentNode } | { ok: false; status: number; errors: GraphQLFormattedError[] }

const CACHE_SIZE = 500
const CACHEABLE_SOURCE = 64 * 1024

function formatted(e: GraphQLError): GraphQLFormattedError {
  const f = e.toJSON()
  return { message: hideSuggestions(f.message), ...(f.locations ? { locations: f.locations } : {}), ...(f.extensions ? { extensions: f.extensions } : {}) }
}

const refusal = (
  status: number,
  code: ErrorCode,
  message: string,
  extensions: Record<string, unknown> = {},
  headers: Record<string, string> = {},
): PipelineResponse => ({
  status,
  body: errorBody(code, message, extensions),
  headers,
})

export function createGraphQLPipeline<Ctx>(opts: PipelineOptions<Ctx>): GraphQLPipeline {
  const limits = resolveLimits(opts.limits)
  const policy = opts.introspection ?? 'restricted'
  const logError =
    opts.logError ??
    ((line: string, err: unknown) => {
      // JSON with the request id in the line when the process logs requests, else the console
      const logger = processLogger()
      if (logger) logger.error({ err }, `[${opts.name}] ${line}`)
      else console.error(`[${opts.name}] ${line}`, err)
    })
  const prepared = new Map<string, Prepared>()

  /** Parse and validate, cached per document text (and whether introspection is allowed). */
  function prepare(source: string, allowIntrospection: boolean): Prepared {
    const key = `${allowIntrospection ? 1 : 0}${source}`
    const hit = prepared.get(key)
    if (hit) {
      prepared.delete(key)
      prepared.set(key, hit)
      return hit
    }
    const parsed = parseDocument(source, limits)
    let out: Prepared
    if ('error' in parsed) out = { ok: false, status: 400, errors: [formatted(parsed.error)] }
    else {
      const errors = validateDocument(opts.engine.schema, parsed.document, limits, { allowIntrospection })
      out = errors.length ? { ok: false, status: 400, errors: errors.map(formatted) } : { ok: true, document: parsed.document }
    }
    if (source.length <= CACHEABLE_SOURCE) {
      prepared.set(key, out)
      if (prepared.size > CACHE_SIZE) {
        const oldest = prepared.keys().next()
        if (!oldest.done) prepared.delete(oldest.value)
      }
    }
    return out
  }

  async function authenticate(authorization: string | undefined): Promise<Actor | PipelineResponse> {
    const token = bearerToken(authorization)
    const unauth = (message: string) => refusal(401, 'UNAUTHENTICATED', message, {}, { 'www-authenticate': 'Bearer' })
    if (!token) return unauth('Authentication required: send Authorization: Bearer <token>')
    try {
      return await opts.verifier.verify(token)
    } catch (err) {
      if (err instanceof AuthError) return unauth(`Invalid credentials: ${err.message}`)
      logError('token verification failed', err)
      return refusal(503, 'SERVICE_UNAVAILABLE', 'Tokens cannot be verified right now; try again shortly.')
    }
  }

  /** Runs one operation and records it on /metrics (by operation name and type, errors by code). */
  async function run(input: RunInput): Promise<PipelineResponse> {
    const started = performance.now()
    const note: { operation?: string; type?: string } = {}
    const out = await runOperation(input, note)
    recordGraphQL({
      service: opts.name,
      operation: note.operation,
      type: note.type,
      status: out.status,
      seconds: (performance.now() - started) / 1000,
      errorCodes: (out.body.errors ?? []).map((e) => (typeof e.extensions?.code === 'string' ? e.extensions.code : 'UNCODED')),
    })
    return out
  }

  async function runOperation(input: RunInput, note: { operation?: string; type?: string }): Promise<PipelineResponse> {
    const requestId = input.requestId ?? requestIdFrom(undefined)
    const op = input.operation
    if (typeof op.query !== 'string' || op.query.trim() === '') {
      return refusal(400, 'BAD_REQUEST', 'Send a GraphQL document as "query" (POST JSON {"query", "variables"} or GET ?query=).')
    }
    if (op.variables !== undefined && op.variables !== null && (typeof op.variables !== 'object' || Array.isArray(op.variables))) {
      return refusal(400, 'BAD_REQUEST', '"variables" must be a JSON object.')
    }
    if (op.operationName !== undefined && op.operationName !== null && typeof op.operationName !== 'string') {
      return refusal(400, 'BAD_REQUEST', '"operationName" must be a string.')
    }
    const variables = (op.variables ?? {}) as Record<string, unknown>
    const operationName = typeof op.operationName === 'string' && op.operationName !== '' ? op.operationName : undefined

    const actor = await authenticate(input.authorization)
    if ('status' in actor) return actor

    if (input.rateLimited && opts.rateLimiter) {
      const r = opts.rateLimiter.take(`actor:${actor.subject}`)
      if (!r.ok) {
        return refusal(
          429,
          'RATE_LIMITED',
          `Too many requests: at most ${opts.rateLimiter.perMinute} a minute. Retry in ${r.retryAfterSeconds} s.`,
          { retryAfterSeconds: r.retryAfterSeconds },
          { 'retry-after': String(r.retryAfterSeconds) },
        )
      }
    }

    const p = prepare(op.query, mayIntrospect(policy, actor))
    if (!p.ok) return { status: p.status, body: { errors: p.errors }, headers: {} }
    const document = p.document
    const operation = getOperationAST(document, operationName)
    if (!operation) {
      return refusal(400, 'BAD_REQUEST', operationName ? `The document has no operation named "${operationName}".` : 'The document has no operation.')
    }
    note.operation = operation.name?.value ?? operationName
    note.type = operation.operation
    if (input.method === 'GET' && operation.operation !== OperationTypeNode.QUERY) {
      return refusal(405, 'METHOD_NOT_ALLOWED', `A ${operation.operation} must be sent with POST.`, {}, { allow: 'POST' })
    }

    const inputErrors = checkInputs(opts.engine.schema, document, operation, variables, limits, opts.inputLimitOverrides)
    if (inputErrors.length) return badInput(inputErrors)

    const coerced = getVariableValues(opts.engine.schema, operation.variableDefinitions ?? [], variables, { maxErrors: 20 })
    if (coerced.errors) {
      const fieldErrors: FieldError[] = coerced.errors.map((e) => ({
        path: [/^Variable "\$([_A-Za-z][_0-9A-Za-z]*)"/.exec(e.message)?.[1] ?? 'variables'],
        message: hideSuggestions(e.message),
      }))
      return {
        status: 400,
        body: { errors: coerced.errors.map((e) => ({ message: hideSuggestions(e.message), extensions: { code: 'BAD_USER_INPUT', fieldErrors } })) },
        headers: {},
      }
    }

    const run1 = () => execute({ actor, document, source: op.query as string, operationName, variables, requestId, input })
    const key = input.headers?.['idempotency-key']
    if (key === undefined || !opts.idempotency || operation.operation !== OperationTypeNode.MUTATION) return run1()
    return idempotent(opts.idempotency, actor.subject, key, idempotencyFingerprint(op.query, operationName, variables), run1)
  }

  /** Runs a mutation once per (actor, Idempotency-Key); retries get the first answer (see idempotency.ts). */
  async function idempotent(
    store: IdempotencyStore,
    actor: string,
    key: string,
    fingerprint: string,
    run1: () => Promise<PipelineResponse>,
  ): Promise<PipelineResponse> {
    if (key.length === 0 || key.length > IDEMPOTENCY_KEY_MAX) {
      return badInput([{ path: ['Idempotency-Key'], message: `The Idempotency-Key header must be 1–${IDEMPOTENCY_KEY_MAX} characters` }])
    }
    const claim = await store.claim(actor, key, fingerprint, limits.executionMs + 2000)
    switch (claim.kind) {
      case 'replay':
        return {
          status: claim.response.status,
          body: claim.response.body as PipelineResponse['body'],
          headers: { ...claim.response.headers, 'idempotent-replayed': 'true' },
        }
      case 'mismatch':
        return refusal(409, 'CONFLICT', 'This Idempotency-Key was already used for a different operation or different variables.', {
          fieldErrors: [{ path: ['Idempotency-Key'], message: 'already used for another request' }],
        })
      case 'in-progress':
        return refusal(409, 'CONFLICT', 'The first request with this Idempotency-Key is still running; retry later to get its answer.')
      case 'claimed':
        break
    }
    let out: PipelineResponse
    try {
      out = await run1()
    } catch (err) {
      await store.abandon(actor, key)
      throw err
    }
    // A server-side failure (timeout, a subgraph away) or a cancelled request is not an answer worth repeating: the key is free again.
    if (out.status >= 500 || out.status === 499) await store.abandon(actor, key)
    else await store.finish(actor, key, { status: out.status, body: out.body, headers: out.headers })
    return out
  }

  function badInput(fieldErrors: FieldError[]): PipelineResponse {
    const first = fieldErrors[0]
    const message =
      fieldErrors.length === 1 && first
        ? `Invalid input at ${first.path.join('.')}: ${first.message}`
        : `Invalid input: ${fieldErrors.length} problems (${fieldErrors.map((e) => e.path.join('.')).join(', ')})`
    return refusal(400, 'BAD_USER_INPUT', message, { fieldErrors: fieldErrors.map((e) => ({ path: e.path.map(String), message: e.message })) })
  }

  async function execute(x: {
    actor: Actor
    document: DocumentNode
    source: string
    operationName: string | undefined
    variables: Record<string, unknown>
    requestId: string
    input: RunInput
  }): Promise<PipelineResponse> {
    const controller = new AbortController()
    const outer = x.input.signal
    const onOuter = () => controller.abort(outer?.reason)
    if (outer?.aborted) controller.abort(outer.reason)
    else outer?.addEventListener('abort', onOuter, { once: true })
    let timedOut = false
    const timer = setTimeout(() => {
      timedOut = true
      controller.abort(new Error(`execution time limit of ${limits.executionMs} ms reached`))
    }, limits.executionMs)
    const scope: RequestScope = { requestId: x.requestId, signal: controller.signal, headers: x.input.headers ?? {} }
    const mask = (e: GraphQLFormattedError, original?: unknown) =>
      maskFormattedError(e, original, { requestId: x.requestId, log: (err, m) => logError(`[${x.requestId}] ${m.code}`, err) })
    const aborted = new Promise<'aborted'>((resolve) => {
      if (controller.signal.aborted) resolve('aborted')
      else controller.signal.addEventListener('abort', () => resolve('aborted'), { once: true })
    })
    try {
      const work = runInRequestScope(scope, async () => {
        const contextValue = await opts.buildContext(x.actor, scope)
        return opts.engine.execute({ document: x.document, source: x.source, operationName: x.operationName, variables: x.variables, contextValue, scope })
      })
      const result = await Promise.race([work, aborted])
      if (result === 'aborted') {
        work.catch(() => {}) // the cancelled work settles on its own; its outcome is no longer wanted
        const message = timedOut
          ? `The request took longer than ${limits.executionMs / 1000} s and was cancelled.`
          : 'The request was cancelled (the client went away).'
        return refusal(timedOut ? 503 : 499, 'TIMEOUT', message)
      }
      const errors = result.errors?.map((e) => mask(e))
      const body: PipelineResponse['body'] = {}
      if (errors?.length) body.errors = errors
      if (result.data !== undefined) body.data = result.data
      return { status: result.status ?? 200, body, headers: {} }
    } catch (err) {
      const masked = mask({ message: 'unexpected', extensions: {} }, err)
      return { status: masked.extensions?.code === 'INTERNAL_SERVER_ERROR' ? 500 : 503, body: { errors: [masked] }, headers: {} }
    } finally {
      clearTimeout(timer)
      outer?.removeEventListener('abort', onOuter)
      // Anything still running on this request's behalf (a straggling fetch) stops now.
      if (!controller.signal.aborted) controller.abort(new Error('request finished'))
    }
  }

  async function serveHttp(req: IncomingMessage, res: ServerResponse, requestIdArg?: string): Promise<void> {
    const requestId = requestIdArg ?? requestIdFrom(req.headers['x-request-id'])
    const headers = { 'x-request-id': requestId }
    const refuse = (r: HttpRefusal) => sendRefusal(req, res, { ...r, headers: { ...headers, ...(r.headers ?? {}) } })
    try {
      const method = req.method ?? 'GET'
      let operation: OperationInput
      if (method === 'POST') {
        const type = (req.headers['content-type'] ?? '').split(';')
        const mediaType = (type[0] ?? '').trim().toLowerCase()
        const charset = /charset\s*=\s*"?([^";\s]+)/i.exec(type.slice(1).join(';'))?.[1]?.toLowerCase()
        if (mediaType !== 'application/json' || (charset !== undefined && charset !== 'utf-8' && charset !== 'utf8')) {
          return refuse({ status: 415, code: 'UNSUPPORTED_MEDIA_TYPE', message: 'Send the operation as Content-Type: application/json (UTF-8).', close: true })
        }
        const body = await readBody(req, limits.bodyBytes)
        if (!body.ok) return refuse(body.refusal)
        let parsed: unknown
        try {
          parsed = JSON.parse(body.text)
        } catch {
          return refuse({ status: 400, code: 'BAD_REQUEST', message: 'The request body is not valid JSON.' })
        }
        if (Array.isArray(parsed))
          return refuse({ status: 400, code: 'BAD_REQUEST', message: 'Batched requests are not supported: send one operation per request.' })
        if (parsed === null || typeof parsed !== 'object')
          return refuse({ status: 400, code: 'BAD_REQUEST', message: 'The request body must be a JSON object.' })
        operation = parsed
      } else if (method === 'GET') {
        const url = new URL(req.url ?? '/', 'http://localhost')
        const q = url.searchParams
        let variables: unknown
        const rawVars = q.get('variables')
        if (rawVars) {
          try {
            variables = JSON.parse(rawVars)
          } catch {
            return refuse({ status: 400, code: 'BAD_REQUEST', message: '"variables" is not valid JSON.' })
          }
        }
        operation = { query: q.get('query') ?? undefined, variables, operationName: q.get('operationName') ?? undefined }
      } else {
        return refuse({ status: 405, code: 'METHOD_NOT_ALLOWED', message: 'Use GET or POST.', headers: { allow: 'GET, POST' } })
      }
      const client = new AbortController()
      const onClose = () => {
        if (!res.writableFinished) client.abort(new Error('client disconnected'))
      }
      res.once('close', onClose)
      const out = await run({
        operation,
        authorization: req.headers.authorization,
        requestId,
        method,
        signal: client.signal,
        headers: flatHeaders(req.headers),
        rateLimited: true,
      })
      if (client.signal.aborted) return
      sendJson(res, out.status, out.body, { ...headers, ...out.headers })
    } catch (err) {
      logError(`[${requestId}] request failed`, err)
      sendJson(res, 500, errorBody('INTERNAL_SERVER_ERROR', internalErrorMessage(requestId)), headers)
    }
  }

  return { limits, run, serveHttp }
}
