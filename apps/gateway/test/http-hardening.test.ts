import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { type IncomingHttpHeaders, type Server, createServer, request as httpRequest } from 'node:http'
import type { AddressInfo, Socket } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { gzipSync } from 'node:zlib'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestAuth, testDbKind } from '@railyard/test-kit'
import { loadConfig } from '@railyard/config'
import { type RunningGateway, devToken, engineFor, startGateway } from '../src/gateway.ts'
import { mountExports } from '../src/exports/routes.ts'
import { demoPersonas } from '../src/seed/demo-personas.ts'
import { DEMO_PROGRAM_KEY } from '../src/seed/demo-seed.ts'
import { SUPERGRAPH_PATH } from '../src/stack.ts'
import { type GatewayHarness, startGatewayHarness } from './harness.ts'

/**
 * The gateway's HTTP layer on the real stack: the body limit before auth, JSON errors for
 * everything (never Express's HTML pages), security headers, request ids echoed and forwarded
 * to every subgraph, partial data when a subgraph is down (no internal URLs), cancellation of
 * subgraph fetches at the time limit and on disconnect, the rate limit, introspection and
 * suggestion rules, dev tokens for loopback clients only.
 */

type Body = { data?: Record<string, unknown> | null; errors?: { message: string; path?: unknown[]; extensions?: Record<string, unknown> }[] }
const code = (b: Body) => b.errors?.[0]?.extensions?.code
const LEAKS = [/\bat [\w.<>]+ \(/, /\/work\//, /node_modules/, /\.ts:\d+/, /127\.0\.0\.1:\d+/, /<html|<!DOCTYPE|<pre>/i]
const supergraphSdl = readFileSync(SUPERGRAPH_PATH, 'utf8')

/** A recording HTTP proxy in front of a subgraph at `target` (or, for `'hang'`, a stand-in that never answers). */
async function proxy(target: string) {
  const seen: IncomingHttpHeaders[] = []
  const closed: boolean[] = []
  const server: Server = createServer((req, res) => {
    seen.push(req.headers)
    const chunks: Buffer[] = []
    req.on('data', (c: Buffer) => chunks.push(c))
    req.on('end', () => {
      if (target === 'hang') {
        res.on('close', () => closed.push(true))
        return // never answers: the gateway must give up and close
      }
      void fetch(target + (req.url ?? ''), { method: req.method, headers: req.headers as Record<string, string>, body: Buffer.concat(chunks) })
        .then(async (r) => {
          res.writeHead(r.status, { 'content-type': r.headers.get('content-type') ?? 'application/json' })
          res.end(Buffer.from(await r.arrayBuffer()))
        })
        .catch(() => res.destroy())
    })
  })
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r))
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/graphql`
  return { url, seen, closed, close: () => new Promise<void>((r) => server.close(() => r())) }
}

describe(`gateway HTTP hardening on ${testDbKind()}`, () => {
  let h: GatewayHarness
  let admin: string
  const extra: { stop(): Promise<void> }[] = []
  beforeAll(async () => {
    h = await startGatewayHarness({ seed: true, releasesPerPlan: 1 })
    admin = await h.auth.token(demoPersonas.admin)
  })
  afterAll(async () => {
    for (const x of extra) await x.stop()
    await h?.close()
  })

  const baseOf = (u: string) => u.replace(/\/graphql$/, '')
  const subgraphBases = () => ({
    'program-strategy': baseOf(h.stack.urls.programStrategy),
    'agency-plans': baseOf(h.stack.urls.agencyPlans),
    'environment-inventory': baseOf(h.stack.urls.environmentInventory),
  })

  /** Another gateway over the same subgraphs (or stand-ins), with its own settings. */
  async function gatewayOver(urls: Record<string, string>, o: Partial<Parameters<typeof startGateway>[0]> = {}) {
    const g: RunningGateway = await startGateway(
      { supergraphSdl, subgraphUrls: urls, verifier: h.auth.verifier, logError: () => {}, engine: engineFor(loadConfig().gatewayEngine), ...o },
      0,
      '127.0.0.1',
    )
    extra.push(g)
    return `http://127.0.0.1:${g.port}`
  }

  it('refuses a 3 MB body without a token with 413 JSON before reading it, on the gateway and on every subgraph', async () => {
    for (const base of [h.url, ...Object.values(subgraphBases())]) {
      const u = new URL(`${base}/graphql`)
      const answer = await new Promise<{ status: number; body: string }>((resolve, reject) => {
        const req = httpRequest(
          {
            host: u.hostname,
            port: u.port,
            path: u.pathname,
            method: 'POST',
            headers: { 'content-type': 'application/json', 'content-length': 3 * 1024 * 1024 },
          },
          (res) => {
            let body = ''
            res.on('data', (c: Buffer) => (body += c.toString()))
            res.on('end', () => resolve({ status: res.statusCode ?? 0, body }))
          },
        )
        req.on('error', reject)
        req.write(Buffer.alloc(32 * 1024, 0x20)) // and nothing more: the answer must not wait for the rest
      })
      expect(answer.status, base).toBe(413)
      expect(JSON.parse(answer.body)).toMatchObject({ errors: [{ extensions: { code: 'PAYLOAD_TOO_LARGE' } }] })
    }
  })

  it('answers malformed JSON, bad gzip, unknown routes and broken URLs with JSON errors: no HTML, stack or path', async () => {
    const cases: { path: string; init?: RequestInit; status: number; code: string }[] = [
      { path: '/graphql', init: { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"query": "{' }, status: 400, code: 'BAD_REQUEST' },
      {
        path: '/graphql',
        init: { method: 'POST', headers: { 'content-type': 'application/json', 'content-encoding': 'gzip' }, body: Buffer.from('not gzip at all') },
        status: 400,
        code: 'BAD_REQUEST',
      },
      {
        path: '/graphql',
        init: { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'query=x' },
        status: 415,
        code: 'UNSUPPORTED_MEDIA_TYPE',
      },
      { path: '/graphql', status: 400, code: 'BAD_REQUEST' },
      { path: '/auth/dev-token', init: { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"sub":' }, status: 400, code: 'BAD_REQUEST' },
      { path: '/no/such/route', init: { headers: { accept: 'application/json' } }, status: 404, code: 'NOT_FOUND' },
      { path: '/%E0%A4%A', init: { headers: { accept: 'application/json' } }, status: 404, code: 'NOT_FOUND' },
    ]
    for (const c of cases) {
      const res = await fetch(`${h.url}${c.path}`, c.init)
      const text = await res.text()
      expect(res.status, `${c.path} ${text}`).toBe(c.status)
      expect(res.headers.get('content-type'), c.path).toMatch(/^application\/json/)
      expect((JSON.parse(text) as Body).errors?.[0]?.extensions?.code, c.path).toBe(c.code)
      for (const leak of LEAKS) expect(text, c.path).not.toMatch(leak)
    }
    const big = await fetch(`${h.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'content-encoding': 'gzip' },
      body: gzipSync(Buffer.from(JSON.stringify({ query: '{ agencies { code } }', variables: { pad: 'x'.repeat(20 * 1024 * 1024) } }))),
    })
    expect(big.status).toBe(413)
  })

  it('sends security headers and a request id on every response', async () => {
    for (const res of [
      await fetch(`${h.url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' }),
      await fetch(`${h.url}/healthz`),
      await fetch(`${h.url}/calendar/${DEMO_PROGRAM_KEY}.ics`),
    ]) {
      expect(res.headers.get('x-content-type-options')).toBe('nosniff')
      expect(res.headers.get('referrer-policy')).toBe('no-referrer')
      expect(res.headers.get('content-security-policy')).toMatch(/frame-ancestors 'none'/)
      expect(res.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/)
    }
  })

  it('serves the web client under a CSP that lets it talk to the OpenID provider, and lets only the silent-renewal page be framed, by the app itself', async () => {
    const dist = mkdtempSync(join(tmpdir(), 'railyard-web-'))
    extra.push({ stop: () => Promise.resolve(rmSync(dist, { recursive: true, force: true })) })
    writeFileSync(join(dist, 'index.html'), '<!doctype html><title>app</title>')
    writeFileSync(join(dist, 'silent-renew.html'), '<!doctype html><title>renew</title>')
    const directives = (res: Response) =>
      Object.fromEntries(
        (res.headers.get('content-security-policy') ?? '').split(';').map((d) => {
          const [name = '', ...values] = d.trim().split(/\s+/)
          return [name, values.join(' ')]
        }),
      )
    const issuer = 'https://login.example.gov/tenant/v2.0'
    const subgraphs = Object.fromEntries(Object.entries(subgraphBases()).map(([name, base]) => [name, `${base}/graphql`]))
    const oidc = await gatewayOver(subgraphs, {
      webDist: dist,
      signIn: { mode: 'oidc', issuer, clientId: 'railyard-web', scopes: ['openid'], bearerToken: 'access_token', acrValues: null, logoutIdTokenHint: false },
    })
    for (const path of ['/', '/plans?agency=DOH']) {
      const app = await fetch(`${oidc}${path}`, { headers: { accept: 'text/html' } })
      expect(app.status, path).toBe(200)
      expect(directives(app), path).toMatchObject({
        'script-src': "'self'",
        'connect-src': "'self' https://login.example.gov",
        'frame-src': "'self' https://login.example.gov",
        'frame-ancestors': "'none'",
      })
      expect(app.headers.get('x-frame-options'), path).toBe('DENY')
    }
    const renew = await fetch(`${oidc}/silent-renew.html?code=c&state=s`)
    expect(renew.status).toBe(200)
    expect(directives(renew)).toMatchObject({ 'script-src': "'self'", 'frame-ancestors': "'self'" })
    expect(renew.headers.get('x-frame-options')).toBe('SAMEORIGIN')
    // dev mode: nothing from another origin, no frames at all
    const dev = await gatewayOver(subgraphs, { webDist: dist })
    const devApp = await fetch(`${dev}/`, { headers: { accept: 'text/html' } })
    expect(directives(devApp)).toMatchObject({ 'connect-src': "'self'", 'frame-src': "'none'", 'frame-ancestors': "'none'" })
  })

  it('echoes x-request-id and forwards it to every subgraph', async () => {
    const proxies = await Promise.all(Object.values(subgraphBases()).map((b) => proxy(b)))
    extra.push(...proxies.map((p) => ({ stop: p.close })))
    const names = Object.keys(subgraphBases())
    const url = await gatewayOver(Object.fromEntries(names.map((n, i) => [n, proxies[i]?.url ?? ''])))
    const res = await fetch(`${url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${admin}`, 'x-request-id': 'trace-fwd-42' },
      body: JSON.stringify({
        query: `query($k: String) { program(key: $k) { key plans { title } environments { key } } }`,
        variables: { k: DEMO_PROGRAM_KEY },
      }),
    })
    expect(res.headers.get('x-request-id')).toBe('trace-fwd-42')
    const b = (await res.json()) as Body
    expect(b.errors).toBeUndefined()
    for (const [i, p] of proxies.entries()) {
      expect(p.seen.length, names[i]).toBeGreaterThan(0)
      expect(
        p.seen.every((hd) => hd['x-request-id'] === 'trace-fwd-42'),
        names[i],
      ).toBe(true)
    }
  })

  it('answers with the other subgraphs’ data and a coded error for a dead one, naming no URL', async () => {
    const b = subgraphBases()
    const url = await gatewayOver({
      'program-strategy': `${b['program-strategy']}/graphql`,
      'agency-plans': `${b['agency-plans']}/graphql`,
      'environment-inventory': 'http://127.0.0.1:9/graphql',
    })
    const res = await fetch(`${url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${admin}` },
      body: JSON.stringify({
        query: `query($k: String) { program(key: $k) { key name } environment(key: "doh-dev") { key } }`,
        variables: { k: DEMO_PROGRAM_KEY },
      }),
    })
    const text = await res.text()
    const body = JSON.parse(text) as Body
    expect(res.status).toBe(200)
    expect(body.data?.program).toMatchObject({ key: DEMO_PROGRAM_KEY })
    expect(body.data?.environment).toBeNull()
    expect(body.errors?.some((e) => e.extensions?.code === 'SERVICE_UNAVAILABLE' && e.extensions.serviceName === 'environment-inventory')).toBe(true)
    for (const leak of LEAKS) expect(text).not.toMatch(leak)
    const ready = await fetch(`${url}/readyz`)
    expect(ready.status).toBe(503)
    expect(((await ready.json()) as { notReady: string[] }).notReady).toEqual(['environment-inventory'])
  })

  it('cancels its subgraph fetches at the execution time limit (TIMEOUT) and when the client goes away', async () => {
    const b = subgraphBases()
    const hang = await proxy('hang')
    extra.push({ stop: hang.close })
    const url = await gatewayOver(
      { 'program-strategy': `${b['program-strategy']}/graphql`, 'agency-plans': `${b['agency-plans']}/graphql`, 'environment-inventory': hang.url },
      { limits: { executionMs: 400 } },
    )
    const query = JSON.stringify({ query: `query($k: String) { program(key: $k) { key environments { key } } }`, variables: { k: DEMO_PROGRAM_KEY } })
    const res = await fetch(`${url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${admin}` },
      body: query,
    })
    expect(res.status).toBe(503)
    expect(code((await res.json()) as Body)).toBe('TIMEOUT')
    await waitFor(() => hang.closed.length === 1)

    const ctl = new AbortController()
    const pending = fetch(`${url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${admin}` },
      body: query,
      signal: ctl.signal,
    }).catch((e: unknown) => e)
    await waitFor(() => hang.seen.length === 2)
    ctl.abort()
    await pending
    await waitFor(() => hang.closed.length === 2)
  })

  it('rate-limits per actor: 429 with Retry-After and a GraphQL-shaped body (GraphQL and exports)', async () => {
    const url = await gatewayOver(Object.fromEntries(Object.entries(subgraphBases()).map(([n, b]) => [n, `${b}/graphql`])), {
      rateLimitPerMinute: 3,
      routes: mountExports,
    })
    const other = await h.auth.token(demoPersonas.viewer)
    const ask = (t: string) =>
      fetch(`${url}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${t}` },
        body: '{"query":"{ agencies { code } }"}',
      })
    for (let i = 0; i < 3; i++) expect((await ask(admin)).status).toBe(200)
    const over = await ask(admin)
    expect(over.status).toBe(429)
    expect(Number(over.headers.get('retry-after'))).toBeGreaterThanOrEqual(1)
    expect(code((await over.json()) as Body)).toBe('RATE_LIMITED')
    const feed = await fetch(`${url}/calendar/${DEMO_PROGRAM_KEY}.ics`, { headers: { authorization: `Bearer ${admin}` } })
    expect(feed.status).toBe(429)
    expect(feed.headers.get('retry-after')).toBeTruthy()
    expect((await ask(other)).status).toBe(200)
  })

  it('keeps introspection for dev mode and INTEGRATION tokens with graph:read; no field suggestions for anyone', async () => {
    const introspect = '{"query":"{ __schema { queryType { name } } }"}'
    const ask = (u: string, t: string, body = introspect) =>
      fetch(`${u}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${t}` }, body }).then(
        (r) => r.json() as Promise<Body>,
      )
    // The harness runs as outside dev mode (restricted).
    const refused = await ask(h.url, admin)
    expect(code(refused)).toBe('GRAPHQL_VALIDATION_FAILED')
    expect(refused.errors?.[0]?.extensions?.limit).toBe('introspection')
    const integration = await h.auth.token({ sub: 'ci', roles: ['INTEGRATION'], scopes: ['graph:read'] })
    expect((await ask(h.url, integration)).data).toEqual({ __schema: { queryType: { name: 'Query' } } })
    const withoutRead = await h.auth.token({ sub: 'cmdb', roles: ['INTEGRATION'], scopes: ['inventory:report'] })
    expect(code(await ask(h.url, withoutRead))).toBe('GRAPHQL_VALIDATION_FAILED')
    const subgraphDirect = await fetch(h.stack.urls.agencyPlans, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${admin}` },
      body: introspect,
    })
    expect(code((await subgraphDirect.json()) as Body)).toBe('GRAPHQL_VALIDATION_FAILED')
    const dev = await gatewayOver(Object.fromEntries(Object.entries(subgraphBases()).map(([n, b]) => [n, `${b}/graphql`])), { introspection: 'open' })
    expect((await ask(dev, admin)).data).toEqual({ __schema: { queryType: { name: 'Query' } } })
    for (const u of [h.url, dev]) {
      const typo = await fetch(`${u}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${admin}` },
        body: '{"query":"{ agencys { cod } }"}',
      })
      const text = await typo.text()
      expect(code(JSON.parse(text) as Body)).toBe('GRAPHQL_VALIDATION_FAILED')
      expect(text).not.toMatch(/Did you mean|agencies/)
    }
  })

  it('answers no token with HTTP 401 UNAUTHENTICATED', async () => {
    const res = await fetch(`${h.url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"query":"{ agencies { code } }"}' })
    expect(res.status).toBe(401)
    expect(code((await res.json()) as Body)).toBe('UNAUTHENTICATED')
  })
})

describe('dev tokens: AUTH_MODE=dev and loopback clients only', () => {
  it('issues them to a loopback client, refuses any other peer address (403), and is absent outside dev mode (404)', async () => {
    const auth = await createTestAuth()
    // A real HTTP server running the real handler; `spoof` makes the server see the peer as another address.
    let spoof: string | null = null
    let signer: typeof auth.signer | undefined = auth.signer
    const server = createServer((req, res) => void devToken(req, res, signer))
    server.on('connection', (s: Socket) => {
      if (spoof) Object.defineProperty(s, 'remoteAddress', { value: spoof })
    })
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r))
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/auth/dev-token`
    const ask = () =>
      fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', connection: 'close' },
        body: JSON.stringify({ sub: 'x', roles: ['PROGRAM_ADMIN'] }),
      })
    try {
      const ok = await ask()
      expect(ok.status).toBe(200)
      expect(await auth.verifier.verify(((await ok.json()) as { token: string }).token)).toMatchObject({ subject: 'x', roles: ['PROGRAM_ADMIN'] })
      for (const address of ['203.0.113.9', '10.1.2.3', '::ffff:192.168.0.5', 'fe80::1']) {
        spoof = address
        const refused = await ask()
        expect(refused.status, address).toBe(403)
        expect(await refused.json()).toMatchObject({ errors: [{ extensions: { code: 'FORBIDDEN' } }] })
      }
      spoof = null
      signer = undefined
      expect((await ask()).status).toBe(404)
    } finally {
      server.closeAllConnections()
      await new Promise<void>((r) => server.close(() => r()))
    }
  })
})

async function waitFor(cond: () => boolean, tries = 200): Promise<void> {
  for (let i = 0; i < tries && !cond(); i++) await new Promise((r) => setTimeout(r, 50))
  expect(cond()).toBe(true)
}
