import { type IncomingMessage, type RequestListener, type Server, type ServerResponse, createServer } from 'node:http'
import type { AddressInfo, Socket } from 'node:net'
import { errorBody } from './masking.ts'
import { observeHttp } from './observability.ts'

/** Headers on every response of every Railyard server. */
export const BASE_SECURITY_HEADERS: Readonly<Record<string, string>> = Object.freeze({
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'x-frame-options': 'DENY',
  'content-security-policy': "default-src 'none'; frame-ancestors 'none'",
})

export interface RunningHttpServer {
  server: Server
  port: number
  host: string
  /** Requests being served right now. */
  inFlight(): number
  /**
   * Graceful stop: no new connections, idle keep-alive connections closed, in-flight requests
   * answered (up to `drainMs`, default 10 s), then every connection closed.
   */
  close(drainMs?: number): Promise<void>
}

/**
 * Listens with a handler; malformed HTTP gets a JSON 400 (never Node's bare answer), and the
 * server can drain in-flight requests on shutdown. Every request is counted (and logged, when the
 * process logs requests); `GET /metrics` answers the Prometheus text (see observability.ts).
 */
export async function listenHttp(handler: RequestListener, port: number, host: string, opts: { service?: string } = {}): Promise<RunningHttpServer> {
  let active = 0
  let closing = false
  const waiters: (() => void)[] = []
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    active++
    if (closing) res.setHeader('connection', 'close')
    res.once('close', () => {
      active--
      if (active === 0) for (const w of waiters.splice(0)) w()
    })
    if (observeHttp(req, res, opts.service)) return
    handler(req, res)
  })
  server.headersTimeout = 20_000
  server.requestTimeout = 60_000
  server.on('clientError', (err: NodeJS.ErrnoException, socket: Socket) => {
    if (!socket.writable || err.code === 'ECONNRESET') {
      socket.destroy()
      return
    }
    const status = err.code === 'HPE_HEADER_OVERFLOW' ? 431 : 400
    const text = JSON.stringify(errorBody('BAD_REQUEST', status === 431 ? 'Request headers too large.' : 'Malformed HTTP request.'))
    socket.end(
      `HTTP/1.1 ${status} ${status === 431 ? 'Request Header Fields Too Large' : 'Bad Request'}\r\ncontent-type: application/json; charset=utf-8\r\ncontent-length: ${Buffer.byteLength(text)}\r\nconnection: close\r\n\r\n${text}`,
    )
  })
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(port, host, () => {
      server.off('error', reject)
      resolve()
    })
  })
  const address = server.address() as AddressInfo
  return {
    server,
    port: address.port,
    host,
    inFlight: () => active,
    async close(drainMs = 10_000) {
      if (closing) return
      closing = true
      const closed = new Promise<void>((resolve) => server.close(() => resolve()))
      server.closeIdleConnections()
      if (active > 0) {
        await new Promise<void>((resolve) => {
          const t = setTimeout(resolve, drainMs)
          t.unref()
          waiters.push(() => {
            clearTimeout(t)
            resolve()
          })
        })
      }
      server.closeAllConnections()
      await closed
    },
  }
}

/** True for a loopback peer address (127.0.0.0/8, ::1, and their IPv4-mapped forms). */
export function isLoopbackAddress(address: string | undefined | null): boolean {
  if (!address) return false
  const a = address.toLowerCase()
  if (a === '::1' || a === '0:0:0:0:0:0:0:1') return true
  const v4 = a.startsWith('::ffff:') ? a.slice(7) : a
  return /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(v4)
}
