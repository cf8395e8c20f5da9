import { GraphQLError, type GraphQLFormattedError } from 'graphql'
import { type ErrorCode, isErrorCode } from './errors.ts'

/**
 * Error masking, the same everywhere: a client never sees a stack trace, SQL, a file path or an
 * internal URL. Database errors become coded errors a client can act on; anything unexpected
 * becomes INTERNAL_SERVER_ERROR with a generic message naming the request id (the details are
 * logged server-side with that id).
 */

export interface MaskedError {
  code: ErrorCode
  message: string
  /** Log the original (unexpected errors and unavailable dependencies). */
  log: boolean
}

const SQLSTATE = /^[0-9A-Z]{5}$/

/** Walks `originalError` / `cause` chains to the deepest error that carries a code (pg, PGlite, Node). */
function codedCause(err: unknown): { code: string; message: string } | null {
  let cur: unknown = err
  let found: { code: string; message: string } | null = null
  for (let i = 0; i < 8 && cur && typeof cur === 'object'; i++) {
    const e = cur as { code?: unknown; message?: unknown; originalError?: unknown; cause?: unknown; extensions?: unknown }
    if (typeof e.code === 'string' && !(cur instanceof GraphQLError)) found = { code: e.code, message: typeof e.message === 'string' ? e.message : '' }
    cur = e.originalError ?? e.cause
  }
  return found
}

function messageOf(err: unknown): string {
  let cur: unknown = err
  const parts: string[] = []
  for (let i = 0; i < 8 && cur && typeof cur === 'object'; i++) {
    const e = cur as { message?: unknown; originalError?: unknown; cause?: unknown }
    if (typeof e.message === 'string') parts.push(e.message)
    cur = e.originalError ?? e.cause
  }
  return parts.join(' | ')
}

const UNAVAILABLE_NODE_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENOTFOUND', 'EAI_AGAIN', 'ECONNABORTED'])
const UNAVAILABLE_MESSAGE =
  /connection terminated|terminating connection|connection (?:is )?(?:closed|ended)|client has encountered a connection error|timeout exceeded when trying to connect|cannot use a pool after calling end|the database system is (?:starting up|shutting down|in recovery mode)/i

export const DB_UNAVAILABLE_MESSAGE = 'The database is unavailable right now; nothing was changed by this request. Try again shortly.'

/** What a database (or connection) error means to a client; null when `err` is not one. */
export function classifyDatabaseError(err: unknown): MaskedError | null {
  const c = codedCause(err)
  const code = c?.code
  if (code && SQLSTATE.test(code)) {
    const cls = code.slice(0, 2)
    if (code === '23505') return { code: 'CONFLICT', message: 'That already exists (a unique value is taken).', log: false }
    if (code === '23503') return { code: 'NOT_FOUND', message: 'Something this input refers to does not exist.', log: false }
    if (cls === '23') return { code: 'BAD_USER_INPUT', message: 'The input breaks a rule of the stored data.', log: false }
    if (code === '22P02') return { code: 'BAD_USER_INPUT', message: 'A value has an invalid format (for example an id that is not a UUID).', log: false }
    if (code === '22021' || code === '22P05' || code === '22000')
      return { code: 'BAD_USER_INPUT', message: 'A value contains characters that cannot be stored (NUL bytes or invalid Unicode).', log: false }
    if (cls === '22') return { code: 'BAD_USER_INPUT', message: 'A value is out of range or has an invalid format.', log: false }
    if (code === '40001' || code === '40P01')
      return { code: 'CONFLICT', message: 'The change collided with a concurrent one; nothing was changed. Try again.', log: false }
    if (code === '57014') return { code: 'TIMEOUT', message: 'The request took too long and was cancelled.', log: true }
    if (cls === '08' || cls === '53' || code === '57P01' || code === '57P02' || code === '57P03' || code === '57P04')
      return { code: 'SERVICE_UNAVAILABLE', message: DB_UNAVAILABLE_MESSAGE, log: true }
    return null
  }
  if (code && UNAVAILABLE_NODE_CODES.has(code)) return { code: 'SERVICE_UNAVAILABLE', message: DB_UNAVAILABLE_MESSAGE, log: true }
  if (UNAVAILABLE_MESSAGE.test(messageOf(err))) return { code: 'SERVICE_UNAVAILABLE', message: DB_UNAVAILABLE_MESSAGE, log: true }
  return null
}

/** Messages an uncoded error may keep: graphql-js's own, which name schema coordinates only. */
const SAFE_UNCODED = [/^Cannot return null for non-nullable field [\w.]+\.$/, /^Expected Iterable, but did not find one for field "[\w.]+"\.$/]

export function internalErrorMessage(requestId: string | undefined): string {
  return requestId ? `Internal server error (request ${requestId}). It has been logged.` : 'Internal server error. It has been logged.'
}

/** Extension keys that never leave the server (stacks, upstream responses with URLs, HTTP hints). */
const PRIVATE_EXTENSIONS = new Set(['stacktrace', 'exception', 'response', 'http', 'originalError', 'cause'])

function publicExtensions(ext: Record<string, unknown> | undefined, code: string): Record<string, unknown> {
  const out: Record<string, unknown> = {}
  for (const [k, v] of Object.entries(ext ?? {})) if (!PRIVATE_EXTENSIONS.has(k)) out[k] = v
  out.code = code
  return out
}

export interface MaskOptions {
  requestId?: string
  /** Called for every error worth a server-side log line (unexpected ones, unavailable dependencies). */
  log?: (err: unknown, masked: MaskedError) => void
}

/**
 * Masks one formatted error, given the original error when there is one (Apollo's `formatError`
 * passes both). Known codes keep their message and extensions (minus private ones); database
 * errors are classified; everything else becomes INTERNAL_SERVER_ERROR with a generic message.
 */
export function maskFormattedError(formatted: GraphQLFormattedError, original: unknown, opts: MaskOptions = {}): GraphQLFormattedError {
  const base = { ...(formatted.locations ? { locations: formatted.locations } : {}), ...(formatted.path ? { path: formatted.path } : {}) }
  const code = formatted.extensions?.code
  if (isErrorCode(code) && code !== 'INTERNAL_SERVER_ERROR') {
    return { message: formatted.message, ...base, extensions: publicExtensions(formatted.extensions, code) }
  }
  const db = original === undefined ? null : classifyDatabaseError(original)
  if (db) {
    if (db.log) opts.log?.(original, db)
    return { message: db.message, ...base, extensions: publicExtensions({}, db.code) }
  }
  if (typeof code === 'string' && /^[A-Z][A-Z0-9_]{2,40}$/.test(code) && code !== 'INTERNAL_SERVER_ERROR' && code !== 'DOWNSTREAM_SERVICE_ERROR') {
    // A code of a library we run (e.g. Apollo's PERSISTED_QUERY_NOT_FOUND, OPERATION_RESOLUTION_FAILURE): keep it.
    return { message: formatted.message, ...base, extensions: publicExtensions(formatted.extensions, code) }
  }
  if (SAFE_UNCODED.some((re) => re.test(formatted.message)) && (original === undefined || (original instanceof GraphQLError && !original.originalError))) {
    return { message: formatted.message, ...base, extensions: publicExtensions({}, 'INTERNAL_SERVER_ERROR') }
  }
  const masked: MaskedError = { code: 'INTERNAL_SERVER_ERROR', message: internalErrorMessage(opts.requestId), log: true }
  opts.log?.(original ?? formatted, masked)
  return { message: masked.message, ...base, extensions: publicExtensions({}, 'INTERNAL_SERVER_ERROR') }
}

/** A GraphQL-shaped error body: `{ errors: [{ message, extensions: { code, … } }] }`. */
export function errorBody(code: ErrorCode, message: string, extensions: Record<string, unknown> = {}): { errors: GraphQLFormattedError[] } {
  return { errors: [{ message, extensions: { ...extensions, code } }] }
}
