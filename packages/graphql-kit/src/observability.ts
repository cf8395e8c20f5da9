import type { IncomingMessage, ServerResponse } from 'node:http'
import { type Logger, pino } from 'pino'
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client'

/**
 * Observability of every Railyard process (the gateway and each subgraph):
 *  - Prometheus metrics on `GET /metrics` of the process's own port (text format 0.0.4):
 *    GraphQL requests and latency by service, operation and type, errors by code, HTTP
 *    requests by status, the database pool, and Node's process metrics. On the gateway's port
 *    `/metrics` is also a page of the web client: a request whose `Accept` names `text/html`
 *    (a browser) gets the page, any other (Prometheus, curl) the metrics.
 *  - JSON logs (pino) on stdout, one line per HTTP request carrying its `x-request-id` (the same
 *    id in every process one gateway request reaches; probes of /healthz, /readyz and /metrics
 *    at debug), once a process calls `enableRequestLogs` (the process entries do; tests and
 *    in-process stacks stay quiet). `LOG_LEVEL` sets the level.
 */
export const metricsRegistry = new Registry()
collectDefaultMetrics({ register: metricsRegistry, prefix: 'railyard_' })

const DURATION_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10]

const graphqlRequests = new Counter({
  name: 'railyard_graphql_requests_total',
  help: 'GraphQL operations answered, by service, operation name, operation type and HTTP status',
  labelNames: ['service', 'operation', 'type', 'status'] as const,
  registers: [metricsRegistry],
})
const graphqlDuration = new Histogram({
  name: 'railyard_graphql_request_duration_seconds',
  help: 'Time to answer a GraphQL operation, by service, operation name and type',
  labelNames: ['service', 'operation', 'type'] as const,
  buckets: DURATION_BUCKETS,
  registers: [metricsRegistry],
})
const graphqlErrors = new Counter({
  name: 'railyard_graphql_errors_total',
  help: 'Errors in GraphQL answers, by service and extensions.code',
  labelNames: ['service', 'code'] as const,
  registers: [metricsRegistry],
})
const httpRequests = new Counter({
  name: 'railyard_http_requests_total',
  help: 'HTTP requests answered, by service, method and status',
  labelNames: ['service', 'method', 'status'] as const,
  registers: [metricsRegistry],
})
const httpDuration = new Histogram({
  name: 'railyard_http_request_duration_seconds',
  help: 'Time to answer an HTTP request, by service and method',
  labelNames: ['service', 'method'] as const,
  buckets: DURATION_BUCKETS,
  registers: [metricsRegistry],
})

/** The connection pool of a service's database (PostgreSQL; PGlite has one connection and no pool). */
export interface PoolStats {
  total: number
  idle: number
  waiting: number
}
const pools = new Map<string, () => PoolStats | undefined>()
new Gauge({
  name: 'railyard_db_pool_connections',
  help: "Connections of the service's database pool: total, idle, and clients waiting for one",
  labelNames: ['service', 'state'] as const,
  registers: [metricsRegistry],
  collect() {
    this.reset()
    for (const [service, stats] of pools) {
      const s = stats()
      if (!s) continue
      this.set({ service, state: 'total' }, s.total)
      this.set({ service, state: 'idle' }, s.idle)
      this.set({ service, state: 'waiting' }, s.waiting)
    }
  },
})

/** Reports a service's database pool on /metrics. */
export function registerDbPool(service: string, stats: () => PoolStats | undefined): void {
  pools.set(service, stats)
}

/** Operation names become labels: bounded in length and alphabet (a client picks them). */
function operationLabel(name: string | undefined): string {
  if (!name) return 'anonymous'
  return /^[_A-Za-z][_0-9A-Za-z]{0,63}$/.test(name) ? name : 'invalid'
}

/** One GraphQL operation answered (by the pipeline of `service`). */
export function recordGraphQL(o: {
  service: string
  operation: string | undefined
  type: string | undefined
  status: number
  seconds: number
  errorCodes: readonly string[]
}): void {
  const labels = { service: o.service, operation: operationLabel(o.operation), type: o.type ?? 'unknown' }
  graphqlRequests.inc({ ...labels, status: String(o.status) })
  graphqlDuration.observe(labels, o.seconds)
  for (const code of o.errorCodes) graphqlErrors.inc({ service: o.service, code })
}

let requestLogger: Logger | undefined
let processService = 'railyard'

/** Turns on the JSON request log of this process (stdout), as `service`. */
export function enableRequestLogs(service: string, level = 'info'): Logger {
  processService = service
  requestLogger = pino({ base: { service }, level, timestamp: pino.stdTimeFunctions.isoTime }, pino.destination({ dest: 1, sync: true }))
  return requestLogger
}

/** The process's JSON logger, when request logs are on. */
export function processLogger(): Logger | undefined {
  return requestLogger
}

function wantsHtml(req: IncomingMessage): boolean {
  return /\btext\/html\b/.test(String(req.headers.accept ?? ''))
}

/**
 * Wraps every request of a Railyard HTTP server: `GET /metrics` (not asked for as HTML) answers
 * the Prometheus text; every request is counted and, when request logs are on, logged with its
 * request id. Returns true when it answered the request itself.
 */
export function observeHttp(req: IncomingMessage, res: ServerResponse, service: string | undefined): boolean {
  const started = performance.now()
  const name = service ?? processService
  const path = (req.url ?? '/').split('?')[0] ?? '/'
  res.once('finish', () => {
    const seconds = (performance.now() - started) / 1000
    httpRequests.inc({ service: name, method: req.method ?? '?', status: String(res.statusCode) })
    httpDuration.observe({ service: name, method: req.method ?? '?' }, seconds)
    // health probes and scrapes (every few hundred ms) only at debug
    const probe = path === '/healthz' || path === '/readyz' || path === '/metrics'
    requestLogger?.[probe ? 'debug' : 'info'](
      {
        requestId: res.getHeader('x-request-id') ?? req.headers['x-request-id'],
        method: req.method,
        path,
        status: res.statusCode,
        ms: Math.round(seconds * 10_000) / 10,
        traceparent: req.headers.traceparent,
      },
      'request',
    )
  })
  if (req.method === 'GET' && path === '/metrics' && !wantsHtml(req)) {
    void metricsRegistry.metrics().then(
      (text) => {
        res.writeHead(200, { 'content-type': metricsRegistry.contentType, 'cache-control': 'no-store', 'x-content-type-options': 'nosniff' })
        res.end(text)
      },
      () => {
        res.writeHead(500, { 'content-type': 'text/plain' })
        res.end('metrics unavailable\n')
      },
    )
    return true
  }
  return false
}
