/**
 * A tiny GraphQL client: POST /graphql with the bearer token, typed by the codegen documents.
 *
 * - `execute` returns `{ data, errors }` as the server sent them (partial data is possible:
 *   e.g. another agency's non-roadmap field resolves to FORBIDDEN while the rest resolves).
 * - `request` returns data or throws an `ApiError` that keeps `extensions.code` and
 *   `extensions.fieldErrors` of the first error (and every error in `errors`).
 * - `useQuery` / `useMutation` (hooks.ts) wrap them with loading / error state.
 */
import type { TypedDocumentNode } from '@graphql-typed-document-node/core'
import { Kind, print } from 'graphql'
import type { DocumentNode } from 'graphql'

const GRAPHQL_PATH = '/graphql'

export type PathSegment = string | number

export interface FieldError {
  path: PathSegment[]
  message: string
}

export interface GraphQLErrorShape {
  message: string
  path?: PathSegment[]
  extensions?: {
    code?: string
    fieldErrors?: FieldError[]
    [key: string]: unknown
  }
}

/** Codes of the contract, plus client-side ones for transport failures. */
export type ErrorCode =
  'UNAUTHENTICATED' | 'FORBIDDEN' | 'NOT_FOUND' | 'BAD_USER_INPUT' | 'CONFLICT' | 'FAILED_PRECONDITION' | 'NETWORK_ERROR' | 'HTTP_ERROR' | (string & {})

export class ApiError extends Error {
  readonly code: ErrorCode
  readonly fieldErrors: FieldError[]
  readonly extensions: Record<string, unknown>
  readonly errors: GraphQLErrorShape[]
  readonly status: number | undefined

  constructor(message: string, init: { code: ErrorCode; errors?: GraphQLErrorShape[]; status?: number; extensions?: Record<string, unknown> }) {
    super(message)
    this.name = 'ApiError'
    this.code = init.code
    this.errors = init.errors ?? []
    this.status = init.status
    this.extensions = init.extensions ?? {}
    this.fieldErrors = this.errors.flatMap((e) => e.extensions?.fieldErrors ?? [])
  }

  static fromErrors(errors: GraphQLErrorShape[], status?: number): ApiError {
    const first = errors[0]
    const code = first?.extensions?.code ?? 'INTERNAL_SERVER_ERROR'
    const extensions = first?.extensions ?? {}
    const message = errors.map((e) => e.message).join('; ') || 'Request failed'
    return new ApiError(message, { code, errors, extensions, ...(status !== undefined ? { status } : {}) })
  }
}

export function isApiError(e: unknown): e is ApiError {
  return e instanceof ApiError
}

export interface ExecuteResult<T> {
  data: T | null
  errors: GraphQLErrorShape[]
}

type TokenProvider = () => string | null
let tokenProvider: TokenProvider = () => null
let onUnauthenticated: (tokenUsed: string | null) => void = () => {}

/** Called by the session provider; `onUnauthenticated` learns which token the server refused. */
export function configureClient(options: { token: TokenProvider; onUnauthenticated: (tokenUsed: string | null) => void }): void {
  tokenProvider = options.token
  onUnauthenticated = options.onUnauthenticated
}

const printed = new WeakMap<object, string>()
function documentText(doc: DocumentNode): string {
  let text = printed.get(doc)
  if (text === undefined) {
    text = print(doc)
    printed.set(doc, text)
  }
  return text
}

function operationName(doc: DocumentNode): string | undefined {
  for (const d of doc.definitions) if (d.kind === Kind.OPERATION_DEFINITION && d.name) return d.name.value
  return undefined
}

/** The signed-in token as the client sends it (for downloads that need the Authorization header). */
export function currentToken(): string | null {
  return tokenProvider()
}

/** Sends one operation; never throws for GraphQL errors, only returns them. */
export async function execute<TData, TVars>(
  doc: TypedDocumentNode<TData, TVars>,
  variables?: TVars,
  options: { signal?: AbortSignal; token?: string | null } = {},
): Promise<ExecuteResult<TData>> {
  const token = options.token === undefined ? tokenProvider() : options.token
  const headers: Record<string, string> = { 'content-type': 'application/json', accept: 'application/json' }
  if (token) headers.authorization = `Bearer ${token}`
  let response: Response
  try {
    response = await fetch(GRAPHQL_PATH, {
      method: 'POST',
      headers,
      body: JSON.stringify({ query: documentText(doc), variables: variables ?? {}, operationName: operationName(doc) }),
      ...(options.signal ? { signal: options.signal } : {}),
    })
  } catch (e) {
    if ((e as { name?: string }).name === 'AbortError') throw e
    throw new ApiError('Cannot reach the server. Check your connection and try again.', { code: 'NETWORK_ERROR' })
  }
  type Body = { data?: TData | null; errors?: GraphQLErrorShape[] }
  let body: Body | null
  try {
    body = (await response.json()) as Body | null
  } catch {
    body = null
  }
  if (!body || (body.data === undefined && !body.errors)) {
    throw new ApiError(`The server answered ${response.status} ${response.statusText}`.trim(), {
      code: response.status === 401 ? 'UNAUTHENTICATED' : 'HTTP_ERROR',
      status: response.status,
    })
  }
  const errors = body.errors ?? []
  if (errors.some((e) => e.extensions?.code === 'UNAUTHENTICATED')) onUnauthenticated(token ?? null)
  return { data: body.data ?? null, errors }
}

/** Data, or an ApiError for any error (mutations: nothing partial is acceptable). */
export async function request<TData, TVars>(doc: TypedDocumentNode<TData, TVars>, variables?: TVars, options: { signal?: AbortSignal } = {}): Promise<TData> {
  const { data, errors } = await execute(doc, variables, options)
  if (errors.length > 0 || data === null) throw ApiError.fromErrors(errors.length ? errors : [{ message: 'No data' }])
  return data
}

/** `['input','schedule',1,'end']` → `'input.schedule.1.end'` */
export function pathKey(path: readonly PathSegment[]): string {
  return path.join('.')
}

/** Field errors of an error, by path key. */
export function fieldErrorMap(error: ApiError | null | undefined): Map<string, string> {
  const map = new Map<string, string>()
  if (!error) return map
  for (const fe of error.fieldErrors) {
    const k = pathKey(fe.path)
    map.set(k, map.has(k) ? `${map.get(k)} ${fe.message}` : fe.message)
  }
  return map
}
