import { GraphQLError } from 'graphql'

/**
 * Every `extensions.code` Railyard answers with. The first seven are the contract's; the rest
 * come from the request pipeline (limits, transport, timeouts, an unavailable dependency).
 */
export type ErrorCode =
  | 'UNAUTHENTICATED'
  | 'FORBIDDEN'
  | 'NOT_FOUND'
  | 'BAD_USER_INPUT'
  | 'CONFLICT'
  | 'FAILED_PRECONDITION'
  | 'INTERNAL_SERVER_ERROR'
  /** The HTTP request itself is malformed (not JSON, no query, a batch…). */
  | 'BAD_REQUEST'
  /** The body is larger than the limit (HTTP 413). */
  | 'PAYLOAD_TOO_LARGE'
  /** Content-Type or Content-Encoding the server does not speak (HTTP 415). */
  | 'UNSUPPORTED_MEDIA_TYPE'
  | 'METHOD_NOT_ALLOWED'
  /** The per-actor rate limit was reached (HTTP 429 with Retry-After). */
  | 'RATE_LIMITED'
  /** The GraphQL document could not be parsed (or has too many tokens). */
  | 'GRAPHQL_PARSE_FAILED'
  /** The document is invalid for the schema or exceeds a query limit (depth, aliases, cost…). */
  | 'GRAPHQL_VALIDATION_FAILED'
  /** The execution time limit was reached; the work was cancelled. */
  | 'TIMEOUT'
  /** A dependency (the database, another subgraph) is unavailable right now; retry later. */
  | 'SERVICE_UNAVAILABLE'

export const ERROR_CODES: readonly ErrorCode[] = [
  'UNAUTHENTICATED',
  'FORBIDDEN',
  'NOT_FOUND',
  'BAD_USER_INPUT',
  'CONFLICT',
  'FAILED_PRECONDITION',
  'INTERNAL_SERVER_ERROR',
  'BAD_REQUEST',
  'PAYLOAD_TOO_LARGE',
  'UNSUPPORTED_MEDIA_TYPE',
  'METHOD_NOT_ALLOWED',
  'RATE_LIMITED',
  'GRAPHQL_PARSE_FAILED',
  'GRAPHQL_VALIDATION_FAILED',
  'TIMEOUT',
  'SERVICE_UNAVAILABLE',
]

export const isErrorCode = (c: unknown): c is ErrorCode => typeof c === 'string' && (ERROR_CODES as readonly string[]).includes(c)

export interface FieldError {
  path: (string | number)[]
  message: string
}

export function gqlError(code: ErrorCode, message: string, extensions: Record<string, unknown> = {}, httpStatus?: number) {
  return new GraphQLError(message, {
    extensions: { code, ...extensions, ...(httpStatus ? { http: { status: httpStatus } } : {}) },
  })
}

export const unauthenticated = (message = 'Authentication required: send Authorization: Bearer <token>') => gqlError('UNAUTHENTICATED', message, {}, 401)
export const forbidden = (message = 'You may not do this') => gqlError('FORBIDDEN', message)
export const notFound = (what: string, id?: string | null) => gqlError('NOT_FOUND', id ? `${what} ${id} not found` : `${what} not found`)
export const conflict = (message: string, extensions: Record<string, unknown> = {}) => gqlError('CONFLICT', message, extensions)
export const failedPrecondition = (message: string, extensions: Record<string, unknown> = {}) => gqlError('FAILED_PRECONDITION', message, extensions)
export function badInput(fieldErrors: FieldError[], message?: string) {
  const first = fieldErrors[0]
  const summary =
    message ??
    (fieldErrors.length === 1 && first
      ? `Invalid input at ${first.path.join('.')}: ${first.message}`
      : `Invalid input: ${fieldErrors.length} problems (${fieldErrors.map((e) => e.path.join('.')).join(', ')})`)
  return gqlError('BAD_USER_INPUT', summary, { fieldErrors: fieldErrors.map((e) => ({ path: e.path.map(String), message: e.message })) })
}
