import { AsyncLocalStorage } from 'node:async_hooks'
import type { Actor } from '@railyard/auth'
import { randomUUID } from 'node:crypto'

/**
 * What the request pipeline knows about the request being served, available to the context
 * builder, to resolvers and loaders (through the context) and to anything that runs on the
 * request's behalf (through `currentRequestScope()`, e.g. calls to other subgraphs).
 */
export interface RequestScope {
  /** `x-request-id`: taken from the request (sanitised) or generated; returned on every response and forwarded. */
  requestId: string
  /** Aborted when the execution time limit is reached or the client goes away: stop working then. */
  signal: AbortSignal
  /** The request's headers, lower-case names (e.g. `idempotency-key` for the write path). */
  headers: Readonly<Record<string, string>>
}

const storage = new AsyncLocalStorage<RequestScope>()

/** Runs `fn` with `scope` as the current request (async continuations inherit it). */
export function runInRequestScope<T>(scope: RequestScope, fn: () => T): T {
  return storage.run(scope, fn)
}

/** The request being served, when there is one. */
export function currentRequestScope(): RequestScope | undefined {
  return storage.getStore()
}

const REQUEST_ID = /^[A-Za-z0-9][A-Za-z0-9._:@/+=-]{0,127}$/

/**
 * The request id to use: the client's `x-request-id` when it is a plausible id (1–128 characters
 * of letters, digits and `._:@/+=-`), else a fresh UUID — never anything that could inject into
 * headers or logs.
 */
export function requestIdFrom(header: string | string[] | undefined | null): string {
  const v = Array.isArray(header) ? header[0] : header
  if (typeof v === 'string' && REQUEST_ID.test(v)) return v
  return randomUUID()
}

/** Lower-cased request headers as plain strings (repeated headers joined with ", "). */
export function flatHeaders(headers: Record<string, string | string[] | undefined>): Record<string, string> {
  const out: Record<string, string> = {}
  for (const [k, v] of Object.entries(headers)) if (v !== undefined) out[k.toLowerCase()] = Array.isArray(v) ? v.join(', ') : v
  return out
}

/** What every service's per-request context carries from the pipeline (extend it, never narrow it). */
export interface RequestContextBase {
  actor: Actor
  /** The request id (logs, audit rows). */
  requestId: string
  /** Aborted when the request is cancelled: loaders and long work check it. */
  signal: AbortSignal
  /** Everything the pipeline knows about the request (headers for Idempotency-Key…). */
  request: RequestScope
}

/** The pipeline's part of a context. */
export function requestContextBase(actor: Actor, request: RequestScope): RequestContextBase {
  return { actor, requestId: request.requestId, signal: request.signal, request }
}
