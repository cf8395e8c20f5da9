import { costLimitRule } from '@escape.tech/graphql-armor-cost-limit'
import { Lexer, Source, TokenKind, parse, validate } from 'graphql'
import { buildSchema } from 'graphql'
import { readFileSync } from 'node:fs'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { testDbKind } from '@railyard/test-kit'
import { DEFAULT_LIMITS } from '@railyard/graphql-kit'
import { DEMO_PROGRAM_KEY } from '../src/seed/demo-seed.ts'
import { demoPersonas } from '../src/seed/demo-personas.ts'
import { type GatewayHarness, startGatewayHarness } from './harness.ts'

/**
 * DESIGN "Limits" on the real stack, through the gateway AND straight at a subgraph: each limit
 * at the limit (accepted) and one past it (refused with its code); the attacks of issue 9
 * (52 levels of agencies { programs { … } }, 1,000 aliases) answered quickly with an error
 * while the server stays up; inputs with NUL, lone surrogates, invalid scalars refused as
 * BAD_USER_INPUT with nothing written.
 */

type Body = { data?: Record<string, unknown> | null; errors?: { message: string; extensions?: Record<string, unknown> }[] }
const code = (b: Body) => b.errors?.[0]?.extensions?.code
const limit = (b: Body) => b.errors?.[0]?.extensions?.limit

/** `levels` fields deep: agencies { programs { agencies { … code } } }. */
function depthDoc(levels: number): string {
  let inner = levels % 2 === 0 ? 'code' : 'key'
  for (let l = levels - 1; l >= 1; l--) inner = `${l % 2 === 1 ? 'agencies' : 'programs'} { ${inner} }`
  return `{ ${inner} }`
}

function tokenCount(src: string): number {
  const lexer = new Lexer(new Source(src))
  let n = 0
  while (lexer.advance().kind !== TokenKind.EOF) n++
  return n
}

/** A valid document of exactly `tokens` tokens that repeats no field: many fragments on Agency. */
function tokensDoc(tokens: number): string {
  const k = 200
  const spreads = Array.from({ length: k }, (_, i) => `...F${i}`).join(' ')
  const frags = (pad: number) => Array.from({ length: k }, (_, i) => `fragment F${i} on Agency { code${i === 0 ? ' name'.repeat(pad) : ''} }`).join('\n')
  let pad = 0
  while (tokenCount(`{ agencies { ${spreads} } }\n${frags(pad)}`) < tokens) pad++
  const doc = `{ agencies { ${spreads} } }\n${frags(pad)}`
  expect(tokenCount(doc)).toBe(tokens)
  return doc
}

const apiSchema = buildSchema(readFileSync(new URL('../../../api-schema.graphql', import.meta.url), 'utf8'))

/** Armor's static cost measure of a document (the same rule the servers run). */
function costOf(doc: string): number {
  let cost = -1
  validate(apiSchema, parse(doc), [costLimitRule({ maxCost: Number.MAX_SAFE_INTEGER, onAccept: [(_ctx: unknown, d: { n: number }) => (cost = d.n)] })])
  return cost
}

/** agencies { programs { agencies { programs { agencies { k × __typename } } } } }: k at the cost limit. */
function costDocs(): { at: string; past: string; atCost: number; pastCost: number } {
  const doc = (k: number) => `{ agencies { programs { agencies { programs { agencies { ${'__typename '.repeat(k)}} } } } } }`
  let k = 1
  while (costOf(doc(k + 1)) <= DEFAULT_LIMITS.cost) k++
  return { at: doc(k), past: doc(k + 1), atCost: costOf(doc(k)), pastCost: costOf(doc(k + 1)) }
}

describe(`limits on the gateway and on a subgraph, on ${testDbKind()}`, () => {
  let h: GatewayHarness
  let viewer: string
  let admin: string
  beforeAll(async () => {
    h = await startGatewayHarness({ seed: true, releasesPerPlan: 1 })
    viewer = await h.auth.token({ sub: 'val.doh', name: 'Val', roles: ['AGENCY_VIEWER'], agency: 'DOH' })
    admin = await h.auth.token(demoPersonas.admin)
  })
  afterAll(async () => h?.close())

  const both = (query: string, variables: Record<string, unknown> = {}, token?: string) =>
    Promise.all([h.gql(query, variables, token ?? viewer), h.direct('program-strategy', query, variables, token ?? viewer)]) as Promise<[Body, Body]>

  it('depth 10: accepted at 10, refused at 11', async () => {
    for (const b of await both(depthDoc(10))) expect(b.errors, JSON.stringify(b.errors)).toBeUndefined()
    for (const b of await both(depthDoc(11))) {
      expect(code(b)).toBe('GRAPHQL_VALIDATION_FAILED')
      expect(limit(b)).toBe('depth')
    }
  })

  it('aliases 15: accepted at 15, refused at 16', async () => {
    const doc = (n: number) => `{ ${Array.from({ length: n }, (_, i) => `a${i}: agencies { code }`).join(' ')} }`
    for (const b of await both(doc(15))) expect(b.errors).toBeUndefined()
    for (const b of await both(doc(16))) expect(limit(b)).toBe('aliases')
  })

  it('tokens 2,000: accepted at 2,000, refused at 2,001', async () => {
    for (const b of await both(tokensDoc(2000))) expect(b.errors, JSON.stringify(b.errors?.[0])).toBeUndefined()
    for (const b of await both(tokensDoc(2001))) {
      expect(code(b)).toBe('GRAPHQL_PARSE_FAILED')
      expect(limit(b)).toBe('tokens')
    }
  })

  it('directives 20: accepted at 20, refused at 21', async () => {
    const doc = (n: number) => `{ agencies { ${'code @include(if: true) '.repeat(n)}} }`
    for (const b of await both(doc(20))) expect(b.errors).toBeUndefined()
    for (const b of await both(doc(21))) expect(limit(b)).toBe('directives')
  })

  it('cost 5,000 (Armor’s static measure): accepted at the limit, refused past it', async () => {
    const c = costDocs()
    console.log(`[limits] cost at the limit ${c.atCost}, one field more ${c.pastCost}`)
    expect(c.atCost).toBeLessThanOrEqual(5000)
    expect(c.pastCost).toBeGreaterThan(5000)
    for (const b of await both(c.at)) expect(b.errors, JSON.stringify(b.errors?.[0])).toBeUndefined()
    for (const b of await both(c.past)) expect(limit(b)).toBe('cost')
  })

  it('one operation per request', async () => {
    const res = await fetch(`${h.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${viewer}` },
      body: JSON.stringify({
        query: 'query A { agencies { code } } mutation B { registerAgency(input: { code: "ZZ", name: "z" }) { id } }',
        operationName: 'B',
      }),
    })
    const b = (await res.json()) as Body
    expect(limit(b)).toBe('operations')
  })

  it('answers the depth-52 and 1,000-alias attacks with an error in well under a second; memory stays flat; the server stays up', async () => {
    const deep = depthDoc(52)
    const aliases = `{ ${Array.from({ length: 1000 }, (_, i) => `a${i}: agencies { programs { agencies { code } } }`).join(' ')} }`
    global.gc?.()
    const rss0 = process.memoryUsage().rss
    const times: Record<string, number[]> = { depth: [], aliases: [] }
    for (let i = 0; i < 25; i++) {
      for (const [name, doc] of [
        ['depth', deep],
        ['aliases', aliases],
      ] as const) {
        const t = performance.now()
        const [viaGateway, direct] = await both(doc)
        times[name]?.push(performance.now() - t)
        for (const b of [viaGateway, direct]) {
          expect(b.data ?? null).toBeNull()
          expect(['GRAPHQL_VALIDATION_FAILED', 'GRAPHQL_PARSE_FAILED']).toContain(code(b))
        }
      }
    }
    const grownMb = (process.memoryUsage().rss - rss0) / 1024 / 1024
    const max = (xs: number[] = []) => Math.max(...xs)
    console.log(
      `[limits] attacks (gateway + subgraph, 25 each): depth-52 max ${max(times.depth).toFixed(0)} ms, 1,000 aliases max ${max(times.aliases).toFixed(0)} ms; RSS grew ${grownMb.toFixed(1)} MB`,
    )
    expect(max(times.depth)).toBeLessThan(1000)
    expect(max(times.aliases)).toBeLessThan(1000)
    expect(grownMb).toBeLessThan(100)
    const still = (await h.gql(`query($k: String) { program(key: $k) { key } }`, { k: DEMO_PROGRAM_KEY }, viewer)) as Body
    expect(still.data).toEqual({ program: { key: DEMO_PROGRAM_KEY } })
  })

  describe('inputs', () => {
    const post = async (query: string, variables: Record<string, unknown>) => {
      const res = await fetch(`${h.url}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${admin}` },
        body: JSON.stringify({ query, variables }),
      })
      const text = await res.text()
      return { text, body: JSON.parse(text) as Body }
    }
    const agencyCount = async () => ((await h.gql('{ agencies { code } }', {}, admin)) as { data: { agencies: unknown[] } }).data.agencies.length

    it('refuses NUL bytes, lone surrogates and over-long strings as BAD_USER_INPUT; nothing is written', async () => {
      const before = await agencyCount()
      const register = 'mutation($input: RegisterAgencyInput!) { registerAgency(input: $input) { id } }'
      for (const name of ['Nul\u0000Agency', 'Lone \ud800 surrogate', 'x'.repeat(10_001)]) {
        const [viaGateway, direct] = await both(register, { input: { code: 'NEWAG', name } }, admin)
        for (const b of [viaGateway, direct]) {
          expect(code(b), JSON.stringify(b)).toBe('BAD_USER_INPUT')
          expect(b.errors?.[0]?.extensions?.fieldErrors).toEqual([expect.objectContaining({ path: ['input', 'name'] })])
        }
      }
      const literal = (await h.gql('mutation { registerAgency(input: { code: "NEWAG", name: "a\\u0000b" }) { id } }', {}, admin)) as Body
      expect(code(literal)).toBe('BAD_USER_INPUT')
      expect(await agencyCount()).toBe(before)
    })

    it('answers invalid Date, DateTime and ID values with BAD_USER_INPUT (never INTERNAL_SERVER_ERROR or an internal URL)', async () => {
      const cases: [string, Record<string, unknown>][] = [
        ['query($k: String, $d: Date!) { program(key: $k) { cycles(from: $d, to: $d) { id } } }', { k: DEMO_PROGRAM_KEY, d: '2027-02-30' }],
        ['query($k: String, $f: DateTime) { program(key: $k) { environments { bookings(from: $f) { id } } } }', { k: DEMO_PROGRAM_KEY, f: 'next tuesday' }],
        [
          'mutation($r: ID!, $at: DateTime!) { recordRollbackRehearsal(releaseId: $r, rehearsedAt: $at) { id } }',
          { r: '00000000-0000-0000-0000-000000000000', at: '2027-01-01' },
        ],
        ['query($id: ID!) { agencyPlan(id: $id) { id } }', { id: { $ne: null } }],
        ['query($id: ID!) { release(id: $id) { id } }', { id: 4.5 }],
        ['mutation($id: ID!) { submitAgencyPlan(id: $id, expectedRevision: 1) { id } }', { id: ['a', 'b'] }],
      ]
      for (const [query, variables] of cases) {
        const { text, body } = await post(query, variables)
        expect(code(body), `${query} ${JSON.stringify(variables)}: ${text}`).toBe('BAD_USER_INPUT')
        expect(text).not.toMatch(/127\.0\.0\.1|localhost|http:\/\//)
      }
      // Straight at the subgraphs that own those fields.
      const plans = (await h.direct('agency-plans', 'query($id: ID!) { agencyPlan(id: $id) { id } }', { id: { x: 1 } }, admin)) as Body
      expect(code(plans)).toBe('BAD_USER_INPUT')
      const inv = (await h.direct(
        'environment-inventory',
        'query($f: DateTime) { environment(key: "doh-dev") { bookings(from: $f) { id } } }',
        { f: 'soon' },
        admin,
      )) as Body
      expect(code(inv)).toBe('BAD_USER_INPUT')
    })

    it('treats ids that are not UUIDs as naming nothing: null from queries, NOT_FOUND from mutations (never a database error)', async () => {
      for (const [query, variables, root] of [
        ['query($id: ID!) { agencyPlan(id: $id) { id } }', { id: 'not-a-uuid' }, 'agencyPlan'],
        ['query($id: ID!) { release(id: $id) { id } }', { id: "1' or '1'='1" }, 'release'],
        ['query($id: ID!) { environment(id: $id) { id } }', { id: 'x'.repeat(50) }, 'environment'],
        ['query($id: ID!) { program(id: $id) { id } }', { id: '42' }, 'program'],
      ] as const) {
        const { body } = await post(query, variables)
        expect(body, query).toEqual({ data: { [root]: null } })
      }
      for (const [query, variables] of [
        ['mutation($id: ID!) { submitAgencyPlan(id: $id, expectedRevision: 1) { id } }', { id: 'nope' }],
        ['mutation($id: ID!) { setEnvironmentStatus(id: $id, status: OFFLINE) { id } }', { id: 'nope' }],
        [
          'mutation($p: ID!) { registerSharedComponent(programId: $p, input: { key: "k", name: "n", ownerAgencyCode: "DOH", currentVersion: "1.0.0" }) { id } }',
          { p: 'nope' },
        ],
      ] as const) {
        const { text, body } = await post(query, variables)
        expect(code(body), `${query}: ${text}`).toBe('NOT_FOUND')
      }
    })
  })
})
