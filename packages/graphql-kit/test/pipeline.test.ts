import { request as httpRequest } from 'node:http'
import { gzipSync } from 'node:zlib'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { DEFAULT_LIMITS } from '../src/index.ts'
import { LEAKS, codeOf, post, startToyServer } from './pipeline-fixture.ts'

type Toy = Awaited<ReturnType<typeof startToyServer>>

/** `f0 f1 … f(n-1)`: distinct fields of Wide. */
const fields = (n: number) => Array.from({ length: n }, (_, i) => `f${i}`).join(' ')

/** Nested `child` selections: `levels` fields deep in total (node counts as the first level). */
const nested = (levels: number) => `{ node(id: "1") { ${'child { '.repeat(levels - 2)}name${' }'.repeat(levels - 2)} } }`

describe('the request pipeline (on a subgraph server over loopback HTTP)', () => {
  let toy: Toy
  let token: string
  beforeAll(async () => {
    toy = await startToyServer({ limits: { executionMs: 300 } })
    token = await toy.token()
  })
  afterAll(async () => toy?.stop())

  const gql = (query: string, variables: Record<string, unknown> = {}, t: string | null = token) => post(toy.url, { query, variables }, { token: t })

  describe('query limits (GraphQL Armor), each at the limit and one past it', () => {
    it('depth 10', async () => {
      const ok = await gql(nested(10))
      expect(ok.json?.errors).toBeUndefined()
      const past = await gql(nested(11))
      expect(past.status).toBe(400)
      expect(codeOf(past)).toBe('GRAPHQL_VALIDATION_FAILED')
      expect(past.json?.errors?.[0]?.extensions?.limit).toBe('depth')
      expect(past.json?.errors?.[0]?.message).toMatch(/depth limit of 10 exceeded, found 11/)
    })

    it('aliases 15', async () => {
      const aliased = (n: number) => `{ ${Array.from({ length: n }, (_, i) => `a${i}: nodes { id }`).join(' ')} }`
      expect((await gql(aliased(15))).json?.errors).toBeUndefined()
      const past = await gql(aliased(16))
      expect(codeOf(past)).toBe('GRAPHQL_VALIDATION_FAILED')
      expect(past.json?.errors?.[0]?.extensions?.limit).toBe('aliases')
    })

    it('tokens 2,000', async () => {
      // `{ wide { f0 … f(k-1) } }` has 5 + k tokens.
      const doc = (tokens: number) => `{ wide { ${fields(tokens - 5)} } }`
      expect((await gql(doc(2000))).json?.errors).toBeUndefined()
      const past = await gql(doc(2001))
      expect(past.status).toBe(400)
      expect(codeOf(past)).toBe('GRAPHQL_PARSE_FAILED')
      expect(past.json?.errors?.[0]?.extensions?.limit).toBe('tokens')
    })

    it('directives 20', async () => {
      const doc = (n: number) => `{ node(id: "1") { ${'name @include(if: true) '.repeat(n)}} }`
      expect((await gql(doc(20))).json?.errors).toBeUndefined()
      const past = await gql(doc(21))
      expect(codeOf(past)).toBe('GRAPHQL_VALIDATION_FAILED')
      expect(past.json?.errors?.[0]?.extensions?.limit).toBe('directives')
    })

    it('cost 5,000 by Armor’s static measure (object 2, scalar 1, ×1.5 per level)', async () => {
      // wide { child { child { k scalars } } }: the measure of this shape, level by level.
      const cost = (k: number) => 2 + 1.5 * (2 + 1.5 * (2 + 1.5 * k))
      let k = 1
      while (cost(k + 1) <= DEFAULT_LIMITS.cost) k++
      const doc = (n: number) => `{ wide { child { child { ${fields(n)} } } } }`
      expect(cost(k)).toBeLessThanOrEqual(5000)
      expect((await gql(doc(k))).json?.errors).toBeUndefined()
      const past = await gql(doc(k + 1))
      expect(codeOf(past)).toBe('GRAPHQL_VALIDATION_FAILED')
      expect(past.json?.errors?.[0]?.extensions?.limit).toBe('cost')
    })

    it('one operation per request', async () => {
      const two = await post(toy.url, { query: 'query A { nodes { id } } query B { nodes { id } }', operationName: 'A' }, { token })
      expect(codeOf(two)).toBe('GRAPHQL_VALIDATION_FAILED')
      expect(two.json?.errors?.[0]?.extensions?.limit).toBe('operations')
      const batch = await post(toy.url, [{ query: '{ nodes { id } }' }, { query: '{ nodes { id } }' }], { token })
      expect(batch.status).toBe(400)
      expect(codeOf(batch)).toBe('BAD_REQUEST')
    })
  })

  describe('inputs', () => {
    it('strings of at most 10,000 characters, in variables and literals', async () => {
      const ok = await gql('query($s: String) { echo(s: $s) }', { s: 'x'.repeat(10_000) })
      expect(ok.json?.errors).toBeUndefined()
      const past = await gql('query($s: String) { echo(s: $s) }', { s: 'x'.repeat(10_001) })
      expect(codeOf(past)).toBe('BAD_USER_INPUT')
      expect(past.json?.errors?.[0]?.extensions?.fieldErrors).toEqual([{ path: ['s'], message: 'must be at most 10000 characters (got 10001)' }])
      const literal = await gql(`{ echo(s: "${'y'.repeat(10_001)}") }`)
      expect(codeOf(literal)).toBe('BAD_USER_INPUT')
      const nested = await gql('query($i: EchoInput) { echo(input: $i) }', { i: { nested: { nested: { name: 'z'.repeat(10_001) } } } })
      expect(nested.json?.errors?.[0]?.extensions?.fieldErrors).toEqual([
        { path: ['i', 'nested', 'nested', 'name'], message: 'must be at most 10000 characters (got 10001)' },
      ])
    })

    it('lists of at most 1,000 items, in variables and literals', async () => {
      expect((await gql('query($l: [String!]) { echo(list: $l) }', { l: Array(1000).fill('a') })).json?.errors).toBeUndefined()
      const past = await gql('query($l: [String!]) { echo(list: $l) }', { l: Array(1001).fill('a') })
      expect(codeOf(past)).toBe('BAD_USER_INPUT')
      expect(past.json?.errors?.[0]?.extensions?.fieldErrors).toEqual([{ path: ['l'], message: 'must have at most 1000 items (got 1001)' }])
      const inInput = await gql('query($i: EchoInput) { echo(input: $i) }', { i: { tags: Array(1001).fill('t') } })
      expect(inInput.json?.errors?.[0]?.extensions?.fieldErrors).toEqual([{ path: ['i', 'tags'], message: 'must have at most 1000 items (got 1001)' }])
    })

    it('refuses NUL bytes and lone surrogates as BAD_USER_INPUT, in variables, keys and literals; nothing runs', async () => {
      const before = toy.rec.writes.length
      for (const value of ['a\u0000b', 'lone \ud800 high', 'lone \udc00 low', 'end \ud83d']) {
        const r = await gql('mutation($v: String!) { write(value: $v) }', { v: value })
        expect(codeOf(r), JSON.stringify(value)).toBe('BAD_USER_INPUT')
        expect(r.status).toBe(400)
      }
      const key = await gql('query($i: EchoInput) { echo(input: $i) }', { i: { 'na\u0000me': 'x' } })
      expect(codeOf(key)).toBe('BAD_USER_INPUT')
      const literal = await gql('mutation { write(value: "nul \\u0000 here") }')
      expect(codeOf(literal)).toBe('BAD_USER_INPUT')
      const loneLiteral = await gql('mutation { write(value: "lone \\uD800 here") }')
      expect(codeOf(loneLiteral)).toBe('BAD_USER_INPUT')
      expect(toy.rec.writes.length).toBe(before)
      // A proper surrogate pair (an emoji) is fine.
      expect((await gql('mutation($v: String!) { write(value: $v) }', { v: 'ok \ud83d\ude80' })).json?.data).toEqual({ write: before + 1 })
    })

    it('answers an invalid Date, DateTime, ID or Int variable with BAD_USER_INPUT naming the variable', async () => {
      for (const [query, variables] of [
        ['query($at: DateTime) { echo(at: $at) }', { at: 'yesterday' }],
        ['query($at: DateTime) { echo(at: $at) }', { at: '2027-13-40T99:00:00Z' }],
        ['query($d: Date) { echo(day: $d) }', { d: '2027-02-30' }],
        ['query($d: Date) { echo(day: $d) }', { d: 20270101 }],
        ['query($id: ID!) { node(id: $id) { id } }', { id: { not: 'an id' } }],
        ['query($id: ID!) { node(id: $id) { id } }', { id: 1.5 }],
      ] as const) {
        const r = await gql(query, variables)
        expect(codeOf(r), `${query} ${JSON.stringify(variables)}`).toBe('BAD_USER_INPUT')
        expect(r.status).toBe(400)
        const fe = r.json?.errors?.[0]?.extensions?.fieldErrors as { path: string[] }[]
        expect(fe[0]?.path).toEqual([Object.keys(variables)[0]])
      }
      expect(codeOf(await gql('{ echo(at: "not a time") }'))).toBe('BAD_USER_INPUT')
    })
  })

  describe('errors never leak internals', () => {
    it('masks an unexpected error as INTERNAL_SERVER_ERROR with a generic message and the request id', async () => {
      const r = await post(toy.url, { query: '{ failRaw }' }, { token, headers: { 'x-request-id': 'req-mask-1' } })
      expect(r.status).toBe(200)
      expect(r.json?.errors?.[0]).toEqual({
        message: 'Internal server error (request req-mask-1). It has been logged.',
        path: ['failRaw'],
        locations: [{ line: 1, column: 3 }],
        extensions: { code: 'INTERNAL_SERVER_ERROR' },
      })
      for (const leak of LEAKS) expect(r.text).not.toMatch(leak)
    })

    it('maps database errors to codes a client can act on, without SQL', async () => {
      const expectations: [string, string][] = [
        ['22P02', 'BAD_USER_INPUT'],
        ['22021', 'BAD_USER_INPUT'],
        ['23505', 'CONFLICT'],
        ['40001', 'CONFLICT'],
        ['57P01', 'SERVICE_UNAVAILABLE'],
        ['08006', 'SERVICE_UNAVAILABLE'],
        ['ECONNREFUSED', 'SERVICE_UNAVAILABLE'],
        ['42601', 'INTERNAL_SERVER_ERROR'],
      ]
      for (const [pg, code] of expectations) {
        const r = await gql('query($c: String!) { failDb(code: $c) }', { c: pg })
        expect(codeOf(r), pg).toBe(code)
        expect(r.text).not.toMatch(/select \*|agency_plans/)
      }
    })

    it('answers malformed requests with GraphQL-shaped JSON, never HTML', async () => {
      const cases: { init: RequestInit; status: number; code: string }[] = [
        { init: { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"query": ' }, status: 400, code: 'BAD_REQUEST' },
        {
          init: { method: 'POST', headers: { 'content-type': 'text/plain' }, body: '{"query":"{ nodes { id } }"}' },
          status: 415,
          code: 'UNSUPPORTED_MEDIA_TYPE',
        },
        { init: { method: 'POST', body: '{"query":"{ nodes { id } }"}' }, status: 415, code: 'UNSUPPORTED_MEDIA_TYPE' },
        {
          init: { method: 'POST', headers: { 'content-type': 'application/json', 'content-encoding': 'gzip' }, body: 'definitely not gzip' },
          status: 400,
          code: 'BAD_REQUEST',
        },
        {
          init: { method: 'POST', headers: { 'content-type': 'application/json', 'content-encoding': 'zstd' }, body: '{}' },
          status: 415,
          code: 'UNSUPPORTED_MEDIA_TYPE',
        },
        { init: { method: 'POST', headers: { 'content-type': 'application/json' }, body: '"just a string"' }, status: 400, code: 'BAD_REQUEST' },
        {
          init: { method: 'POST', headers: { 'content-type': 'application/json' }, body: Buffer.from([0x7b, 0xff, 0xfe, 0x7d]) },
          status: 400,
          code: 'BAD_REQUEST',
        },
        { init: { method: 'GET' }, status: 400, code: 'BAD_REQUEST' },
        { init: { method: 'PUT', headers: { 'content-type': 'application/json' }, body: '{}' }, status: 405, code: 'METHOD_NOT_ALLOWED' },
      ]
      for (const c of cases) {
        const res = await fetch(toy.url, c.init)
        const text = await res.text()
        expect(res.status, JSON.stringify(c.init)).toBe(c.status)
        expect(res.headers.get('content-type')).toMatch(/^application\/json/)
        expect((JSON.parse(text) as { errors: { extensions: { code: string } }[] }).errors[0]?.extensions.code).toBe(c.code)
        for (const leak of LEAKS) expect(text).not.toMatch(leak)
      }
      const notFound = await fetch(`${toy.base}/nowhere`)
      expect(notFound.status).toBe(404)
      expect(await notFound.json()).toMatchObject({ errors: [{ extensions: { code: 'NOT_FOUND' } }] })
    })

    it('refuses a mutation sent with GET', async () => {
      const res = await fetch(`${toy.url}?query=${encodeURIComponent('mutation { write(value: "x") }')}`, { headers: { authorization: `Bearer ${token}` } })
      expect(res.status).toBe(405)
      const ok = await fetch(`${toy.url}?query=${encodeURIComponent('{ nodes { id } }')}`, { headers: { authorization: `Bearer ${token}` } })
      expect(await ok.json()).toEqual({ data: { nodes: [{ id: '1' }, { id: '2' }] } })
    })
  })

  describe('the body limit comes before anything is parsed or authenticated', () => {
    const big = 3 * 1024 * 1024

    it('refuses a declared 3 MB body without a token with 413 JSON, before reading it', async () => {
      // A raw request that declares 3 MB and sends only 64 KB: the answer must come without the rest.
      const answer = await new Promise<{ status: number; body: string }>((resolve, reject) => {
        const u = new URL(toy.url)
        const req = httpRequest(
          { host: u.hostname, port: u.port, path: u.pathname, method: 'POST', headers: { 'content-type': 'application/json', 'content-length': big } },
          (res) => {
            let body = ''
            res.on('data', (c: Buffer) => (body += c.toString()))
            res.on('end', () => resolve({ status: res.statusCode ?? 0, body }))
          },
        )
        req.on('error', reject)
        req.write(Buffer.alloc(64 * 1024, 0x20))
        // never finished: the server must answer anyway
      })
      expect(answer.status).toBe(413)
      expect(JSON.parse(answer.body)).toMatchObject({ errors: [{ extensions: { code: 'PAYLOAD_TOO_LARGE' } }] })
    })

    it('counts a streamed body and a gzip body after inflating it (a small bomb is refused)', async () => {
      const padded = JSON.stringify({ query: '{ nodes { id } }', variables: { pad: 'p'.repeat(big) } })
      const chunked = await fetch(toy.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: new ReadableStream({
          start(c) {
            c.enqueue(new TextEncoder().encode(padded))
            c.close()
          },
        }),
        duplex: 'half',
      })
      expect(chunked.status).toBe(413)
      const bomb = gzipSync(Buffer.from(padded))
      expect(bomb.length).toBeLessThan(64 * 1024)
      const r = await fetch(toy.url, { method: 'POST', headers: { 'content-type': 'application/json', 'content-encoding': 'gzip' }, body: bomb })
      expect(r.status).toBe(413)
      expect(await r.json()).toMatchObject({ errors: [{ extensions: { code: 'PAYLOAD_TOO_LARGE' } }] })
      const small = await fetch(toy.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'content-encoding': 'gzip', authorization: `Bearer ${token}` },
        body: gzipSync(Buffer.from(JSON.stringify({ query: '{ nodes { id } }' }))),
      })
      expect(await small.json()).toEqual({ data: { nodes: [{ id: '1' }, { id: '2' }] } })
    })
  })

  describe('introspection and suggestions (restricted: not in AUTH_MODE=dev)', () => {
    it('refuses __schema, __type and _service to ordinary tokens; allows INTEGRATION tokens with graph:read', async () => {
      for (const q of ['{ __schema { queryType { name } } }', '{ __type(name: "Node") { name } }', '{ _service { sdl } }']) {
        const r = await gql(q)
        expect(codeOf(r), q).toBe('GRAPHQL_VALIDATION_FAILED')
        expect(r.json?.errors?.[0]?.extensions?.limit).toBe('introspection')
      }
      const noScope = await toy.token({ sub: 'bot', roles: ['INTEGRATION'], scopes: ['inventory:report'] })
      expect(codeOf(await gql('{ __schema { queryType { name } } }', {}, noScope))).toBe('GRAPHQL_VALIDATION_FAILED')
      const reader = await toy.token({ sub: 'bot', roles: ['INTEGRATION'], scopes: ['graph:read'] })
      expect((await gql('{ __schema { queryType { name } } }', {}, reader)).json?.data).toEqual({ __schema: { queryType: { name: 'Query' } } })
      expect((await gql('{ __typename }')).json?.data).toEqual({ __typename: 'Query' })
    })

    it('never suggests field, argument or type names', async () => {
      for (const q of ['{ nodess { id } }', '{ node(idd: "1") { id } }', 'query($i: EchoInpt) { echo(input: $i) }', '{ nodes { nam } }']) {
        const r = await gql(q)
        expect(codeOf(r), q).toBe('GRAPHQL_VALIDATION_FAILED')
        expect(r.text).not.toMatch(/Did you mean/)
      }
      const v = await gql('query($i: EchoInput) { echo(input: $i) }', { i: { nme: 'x' } })
      expect(codeOf(v)).toBe('BAD_USER_INPUT')
      expect(v.text).not.toMatch(/Did you mean/)
    })
  })

  describe('cancellation', () => {
    it('cancels at the execution time limit: TIMEOUT, and the rest of the work never runs', async () => {
      const before = toy.rec.slowItemsResolved
      const aborted = toy.rec.slowAborted.length
      const r = await gql('{ slow(ms: 5000) { n } }')
      expect(r.status).toBe(503)
      expect(codeOf(r)).toBe('TIMEOUT')
      await waitFor(() => toy.rec.slowAborted.length > aborted)
      expect(toy.rec.slowAborted[aborted]).toMatch(/execution time limit of 300 ms/)
      expect(toy.rec.slowItemsResolved).toBe(before)
    })

    it('cancels when the client goes away', async () => {
      const aborted = toy.rec.slowAborted.length
      const ctl = new AbortController()
      const pending = fetch(toy.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
        body: JSON.stringify({ query: '{ slow(ms: 250) { n } }' }),
        signal: ctl.signal,
      }).catch((e: unknown) => e)
      await new Promise((r) => setTimeout(r, 50))
      ctl.abort()
      await pending
      await waitFor(() => toy.rec.slowAborted.length > aborted)
      expect(toy.rec.slowAborted[aborted]).toBe('client disconnected')
    })
  })

  describe('request ids', () => {
    it('echoes a sane x-request-id, replaces a hostile one, makes one when absent', async () => {
      const echoed = await post(toy.url, { query: '{ nodes { id } }' }, { token, headers: { 'x-request-id': 'abc-123' } })
      expect(echoed.headers.get('x-request-id')).toBe('abc-123')
      const hostile = await post(toy.url, { query: '{ nodes { id } }' }, { token, headers: { 'x-request-id': 'a b\tc<script>' } })
      expect(hostile.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/)
      const none = await post(toy.url, { query: '{ nodes { id } }' }, { token: null })
      expect(none.status).toBe(401)
      expect(none.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/)
      expect((await fetch(`${toy.base}/healthz`)).headers.get('x-request-id')).toBeTruthy()
    })
  })
})

describe('rate limit on a subgraph (RATE_LIMIT_PER_MINUTE × 10 per actor)', () => {
  it('answers 429 with Retry-After past the limit, per actor', async () => {
    const toy = await startToyServer({ rateLimitPerMinute: 1 })
    try {
      const a = await toy.token({ sub: 'a' })
      const b = await toy.token({ sub: 'b' })
      for (let i = 0; i < 10; i++) expect((await post(toy.url, { query: '{ nodes { id } }' }, { token: a })).status).toBe(200)
      const over = await post(toy.url, { query: '{ nodes { id } }' }, { token: a })
      expect(over.status).toBe(429)
      expect(Number(over.headers.get('retry-after'))).toBeGreaterThanOrEqual(1)
      expect(codeOf(over)).toBe('RATE_LIMITED')
      expect((await post(toy.url, { query: '{ nodes { id } }' }, { token: b })).status).toBe(200)
    } finally {
      await toy.stop()
    }
  })
})

async function waitFor(cond: () => boolean, tries = 100): Promise<void> {
  for (let i = 0; i < tries && !cond(); i++) await new Promise((r) => setTimeout(r, 50))
  expect(cond()).toBe(true)
}

describe('graceful stop', () => {
  it('answers the requests in flight, then refuses new connections', async () => {
    const toy = await startToyServer()
    const token = await toy.token()
    const inFlight = post(toy.url, { query: '{ slow(ms: 400) { n } }' }, { token })
    await new Promise((r) => setTimeout(r, 100))
    const stopped = toy.stop()
    const answer = await inFlight
    expect(answer.status).toBe(200)
    expect((answer.json?.data?.slow as unknown[]).length).toBe(20)
    await stopped
    await expect(fetch(toy.url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' })).rejects.toThrow()
  })
})
