import type { TypedDocumentNode } from '@graphql-typed-document-node/core'
import type { Request, Response } from 'express'
import { print } from 'graphql'
import { type Actor, type TokenVerifier, bearerToken } from '@railyard/auth'
import type { GatewayGraphQL } from '../gateway.ts'

/**
 * The caller's token: `Authorization: Bearer …` only. A token in the URL (`?token=`) is refused:
 * it would land in browser history, proxy logs and Referer headers. Calendar apps, which cannot
 * send a header, subscribe through createCalendarFeed addresses instead.
 */
function requestToken(req: Request): string | null {
  return bearerToken(req.headers.authorization)
}

/** Verifies the caller's token; answers 401 (and returns null) when it is missing or invalid. */
export async function authenticate(req: Request, res: Response, verifier: TokenVerifier): Promise<{ actor: Actor; token: string } | null> {
  if (req.query.token !== undefined) {
    sendText(
      res,
      401,
      'Unauthorized: tokens are not accepted in the URL; send "Authorization: Bearer <token>" (calendar apps: subscribe to a calendar feed address).',
    )
    return null
  }
  const token = requestToken(req)
  if (!token) {
    sendText(res, 401, 'Unauthorized: send a token as "Authorization: Bearer <token>".')
    return null
  }
  try {
    return { actor: await verifier.verify(token), token }
  } catch {
    sendText(res, 401, 'Unauthorized: the token is invalid or has expired.')
    return null
  }
}

export function sendText(res: Response, status: number, message: string): void {
  if (status === 401) res.set('WWW-Authenticate', 'Bearer')
  res.status(status).set('Cache-Control', 'no-store').type('text/plain; charset=utf-8').send(`${message}\n`)
}

export interface FileResponse {
  contentType: string
  filename: string
  body: string | Buffer
  /** `attachment` (default) downloads; `inline` shows in the browser (the printable HTML). */
  disposition?: 'attachment' | 'inline'
  extraHeaders?: Record<string, string>
}

export function sendFile(res: Response, f: FileResponse): void {
  res
    .status(200)
    .set({
      'Content-Type': f.contentType,
      'Content-Disposition': `${f.disposition ?? 'attachment'}; filename="${safeFilename(f.filename)}"`,
      'Cache-Control': 'private, max-age=60',
      'X-Content-Type-Options': 'nosniff',
      ...f.extraHeaders,
    })
    .send(f.body)
}

/** A filename of letters, digits, dot, dash and underscore only. */
function safeFilename(name: string): string {
  return name.replace(/[^A-Za-z0-9._-]+/g, '_').replace(/^[._]+/, '') || 'export'
}

const printedDocuments = new WeakMap<object, string>()

/** The document's text (printed once per document). */
function printed(document: TypedDocumentNode<unknown, never>): string {
  let text = printedDocuments.get(document)
  if (text === undefined) {
    text = print(document)
    printedDocuments.set(document, text)
  }
  return text
}

export type Fetched<T> = { ok: true; data: T } | { ok: false; status: number; message: string }

/**
 * Runs the export's query as the caller and reads `data[root]`:
 * null root → 404 (or 400/401/403 by the error codes that nulled it); with `strict`, any
 * FORBIDDEN error (a field the caller may not read) → 403 rather than a partial document.
 * Other errors on nullable fields leave those fields null and the export goes on.
 */
export async function fetchRoot<TData, TVars extends Record<string, unknown>, K extends keyof TData & string>(
  graphql: GatewayGraphQL,
  document: TypedDocumentNode<TData, TVars>,
  variables: TVars,
  token: string,
  root: K,
  opts: { strict?: boolean } = {},
): Promise<Fetched<NonNullable<TData[K]>>> {
  const query = printed(document)
  let result: Awaited<ReturnType<GatewayGraphQL>>
  try {
    result = await graphql(query, variables, token)
  } catch (err) {
    const code = (err as { extensions?: { code?: string } }).extensions?.code
    if (code === 'UNAUTHENTICATED') return { ok: false, status: 401, message: 'Unauthorized: the token is invalid or has expired.' }
    return { ok: false, status: 502, message: `The export could not be built: ${(err as Error).message}` }
  }
  const errors = result.errors ?? []
  const codes = new Set(errors.map((e) => e?.extensions?.code as string | undefined))
  const first = (code: string) => errors.find((e) => e?.extensions?.code === code)?.message ?? code
  if (codes.has('UNAUTHENTICATED')) return { ok: false, status: 401, message: 'Unauthorized: the token is invalid or has expired.' }
  const value = (result.data as Record<string, unknown> | null | undefined)?.[root]
  if (value === null || value === undefined) {
    if (codes.has('BAD_USER_INPUT')) return { ok: false, status: 400, message: `Bad request: ${first('BAD_USER_INPUT')}` }
    if (codes.has('FORBIDDEN')) return { ok: false, status: 403, message: `Forbidden: ${first('FORBIDDEN')}` }
    if (errors.length === 0 || codes.has('NOT_FOUND')) return { ok: false, status: 404, message: 'Not found.' }
    return { ok: false, status: 502, message: `The export could not be built: ${errors[0]?.message ?? 'unknown error'}` }
  }
  if (opts.strict && codes.has('FORBIDDEN')) return { ok: false, status: 403, message: `Forbidden: ${first('FORBIDDEN')}` }
  return { ok: true, data: value as NonNullable<TData[K]> }
}
