import { GraphQLError } from 'graphql'

export type ErrorCode = 'UNAUTHENTICATED' | 'FORBIDDEN' | 'NOT_FOUND' | 'BAD_USER_INPUT' | 'CONFLICT' | 'FAILED_PRECONDITION' | 'INTERNAL_SERVER_ERROR'

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
