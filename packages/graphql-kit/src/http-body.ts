import type { IncomingMessage, ServerResponse } from 'node:http'
import type { Readable } from 'node:stream'
import { createBrotliDecompress, createGunzip, createInflate } from 'node:zlib'
import type { ErrorCode } from './errors.ts'
import { errorBody } from './masking.ts'

/** An HTTP-level refusal, answered as a GraphQL-shaped JSON error. */
export interface HttpRefusal {
  status: number
  code: ErrorCode
  message: string
  headers?: Record<string, string>
  /** Close the connection after answering (do not read the rest of the body). */
  close?: boolean
}

export type BodyResult = { ok: true; text: string } | { ok: false; refusal: HttpRefusal }

const tooLarge = (limit: number): HttpRefusal => ({
  status: 413,
  code: 'PAYLOAD_TOO_LARGE',
  message: `The request body is larger than ${Math.round(limit / 1024 / 1024) >= 1 ? `${(limit / 1024 / 1024).toFixed(0)} MB` : `${limit} bytes`}.`,
  close: true,
})

/**
 * Reads a request body of at most `limit` bytes, before anything else looks at the request:
 * a Content-Length above the limit is refused without reading; otherwise bytes are counted as
 * they arrive, and gzip/deflate/br bodies are counted after inflating (a small bomb is refused
 * as soon as its output passes the limit). Bad compressed data and bytes that are not UTF-8 are
 * refused as BAD_REQUEST.
 */
export async function readBody(req: IncomingMessage, limit: number): Promise<BodyResult> {
  const declared = req.headers['content-length']
  if (declared !== undefined) {
    const n = Number(declared)
    if (!Number.isFinite(n) || n < 0) return { ok: false, refusal: { status: 400, code: 'BAD_REQUEST', message: 'Invalid Content-Length.', close: true } }
    if (n > limit) return { ok: false, refusal: tooLarge(limit) }
  }
  const encoding = (req.headers['content-encoding'] ?? 'identity').trim().toLowerCase()
  let source: Readable = req
  if (encoding === 'gzip' || encoding === 'x-gzip') source = req.pipe(createGunzip())
  else if (encoding === 'deflate') source = req.pipe(createInflate())
  else if (encoding === 'br') source = req.pipe(createBrotliDecompress())
  else if (encoding !== 'identity' && encoding !== '') {
    return {
      ok: false,
      refusal: { status: 415, code: 'UNSUPPORTED_MEDIA_TYPE', message: 'Unsupported Content-Encoding: send identity, gzip, deflate or br.', close: true },
    }
  }

  return new Promise<BodyResult>((resolve) => {
    const chunks: Buffer[] = []
    let raw = 0
    let inflated = 0
    let done = false
    const finish = (r: BodyResult) => {
      if (done) return
      done = true
      if (!r.ok) {
        if (source !== req) {
          req.unpipe()
          source.destroy()
        }
        req.pause()
      }
      resolve(r)
    }
    if (source !== req) {
      req.on('data', (c: Buffer) => {
        raw += c.length
        if (raw > limit) finish({ ok: false, refusal: tooLarge(limit) })
      })
      req.on('error', () => finish({ ok: false, refusal: { status: 400, code: 'BAD_REQUEST', message: 'The request body could not be read.', close: true } }))
    }
    source.on('data', (c: Buffer) => {
      if (done) return
      inflated += c.length
      if (inflated > limit) {
        finish({ ok: false, refusal: tooLarge(limit) })
        return
      }
      chunks.push(c)
    })
    source.on('error', () =>
      finish({
        ok: false,
        refusal: {
          status: 400,
          code: 'BAD_REQUEST',
          message: source === req ? 'The request body could not be read.' : `The request body is not valid ${encoding} data.`,
          close: true,
        },
      }),
    )
    source.on('end', () => {
      try {
        finish({ ok: true, text: new TextDecoder('utf-8', { fatal: true }).decode(Buffer.concat(chunks)) })
      } catch {
        finish({ ok: false, refusal: { status: 400, code: 'BAD_REQUEST', message: 'The request body is not valid UTF-8.' } })
      }
    })
  })
}

/** Writes a JSON body (GraphQL-shaped for errors) with no-store caching. */
export function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  if (res.headersSent) {
    res.end()
    return
  }
  const text = JSON.stringify(body)
  res.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'cache-control': 'no-store',
    'content-length': String(Buffer.byteLength(text)),
    ...headers,
  })
  res.end(text)
}

/**
 * Answers a refusal as `{ errors: [{ message, extensions: { code } }] }`. With `close`, the
 * connection is closed after the answer, so the rest of an oversized body is never read.
 */
export function sendRefusal(req: IncomingMessage, res: ServerResponse, r: HttpRefusal): void {
  const headers = { ...(r.headers ?? {}), ...(r.close ? { connection: 'close' } : {}) }
  sendJson(res, r.status, errorBody(r.code, r.message), headers)
  if (r.close) {
    // Stop reading: Node would otherwise drain the rest of the body to reuse the connection.
    res.once('finish', () => {
      req.socket.end()
      setTimeout(() => req.socket.destroy(), 2000).unref()
    })
  }
}
