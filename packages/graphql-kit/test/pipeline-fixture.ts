import { type Actor, type TokenClaims, createTokenSigner, createTokenVerifier, generateDevKeys } from '@railyard/auth'
import { parse } from 'graphql'
import {
  DateTimeScalar,
  DateScalar,
  type RequestContextBase,
  type SubgraphRuntimeOptions,
  type SubgraphServer,
  createSubgraphServer,
  requestContextBase,
} from '../src/index.ts'

/**
 * A small subgraph on the real pipeline (real ES256 tokens, real HTTP on loopback) for the
 * pipeline's own tests: a recursive Node type for depth/cost, inputs of every kind, resolvers
 * that are slow on purpose, that fail like a database, and that record cancellation.
 */
const WIDE_FIELDS = 2000
const typeDefs = parse(/* GraphQL */ `
  "Many distinct fields: documents of any token count or cost without repeating a field."
  type Wide {
    ${Array.from({ length: WIDE_FIELDS }, (_, i) => `f${i}: Int`).join('\n    ')}
    child: Wide
  }

  scalar Date
  scalar DateTime

  type Query {
    node(id: ID!): Node
    nodes: [Node!]!
    wide: Wide
    echo(s: String, list: [String!], at: DateTime, day: Date, input: EchoInput): String
    "Waits ms milliseconds (or until the request is cancelled); then its items resolve."
    slow(ms: Int!): [Slow!]!
    failRaw: String
    failDb(code: String!): String
  }

  input EchoInput {
    name: String
    tags: [String!]
    nested: EchoInput
  }

  type Mutation {
    write(value: String!): Int!
  }

  type Node {
    id: ID!
    name: String
    child: Node
  }

  type Slow {
    n: Int
  }
`)

export interface Recorder {
  slowAborted: (string | null)[]
  slowItemsResolved: number
  writes: string[]
}

export async function startToyServer(runtime: SubgraphRuntimeOptions = {}) {
  const keys = await generateDevKeys()
  const signer = await createTokenSigner(keys, 'toy', 'railyard')
  const verifier = createTokenVerifier({ kind: 'local', publicJwk: keys.publicJwk }, 'toy', 'railyard')
  const rec: Recorder = { slowAborted: [], slowItemsResolved: 0, writes: [] }
  type Ctx = RequestContextBase
  const node = (id: string) => ({ id, name: `node ${id}`, child: null as unknown })
  const server: SubgraphServer<Ctx> = await createSubgraphServer<Ctx>({
    name: 'toy',
    verifier,
    buildContext: (actor: Actor, request) => requestContextBase(actor, request),
    runtime,
    modules: [
      {
        typeDefs,
        resolvers: {
          Date: DateScalar,
          DateTime: DateTimeScalar,
          Query: {
            node: (_: unknown, a: { id: string }) => node(a.id),
            nodes: () => [node('1'), node('2')],
            wide: () => ({}),
            echo: (_: unknown, a: Record<string, unknown>) => JSON.stringify(a),
            slow: async (_: unknown, a: { ms: number }, ctx: Ctx) => {
              await new Promise<void>((resolve) => {
                const t = setTimeout(resolve, a.ms)
                ctx.signal.addEventListener('abort', () => {
                  clearTimeout(t)
                  resolve()
                })
              })
              rec.slowAborted.push(ctx.signal.aborted ? String((ctx.signal.reason as Error | undefined)?.message ?? 'aborted') : null)
              return Array.from({ length: 20 }, (_x, i) => ({ i }))
            },
            failRaw: () => {
              throw new Error('ENOENT: no such file /work/secret/path.ts at http://10.0.0.7:5432/internal')
            },
            failDb: (_: unknown, a: { code: string }) => {
              throw Object.assign(new Error(`syntax at or near "select * from agency_plans.plan" ${a.code}`), { code: a.code, severity: 'ERROR' })
            },
          },
          Mutation: {
            write: (_: unknown, a: { value: string }) => {
              rec.writes.push(a.value)
              return rec.writes.length
            },
          },
          Wide: {
            child: () => ({}),
          },
          Node: {
            child: (n: { id: string }) => node(`${n.id}.c`),
          },
          Slow: {
            n: (s: { i: number }) => {
              rec.slowItemsResolved++
              return s.i
            },
          },
        },
      },
    ],
    logError: () => {},
  })
  const listening = await server.listen(0, '127.0.0.1')
  const token = (claims: Partial<TokenClaims> = {}) => signer.sign({ sub: 'tess.tester', roles: ['PROGRAM_VIEWER'], ...claims })
  return { server, url: listening.url, base: listening.url.replace(/\/graphql$/, ''), token, rec, stop: () => server.stop() }
}

type Body = { data?: Record<string, unknown> | null; errors?: { message: string; extensions?: Record<string, unknown> }[] }

/** POST /graphql with JSON; returns status, headers and the parsed body (or the raw text when it is not JSON). */
export async function post(url: string, body: unknown, init: { token?: string | null; headers?: Record<string, string> } = {}) {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(init.token ? { authorization: `Bearer ${init.token}` } : {}), ...(init.headers ?? {}) },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  })
  const text = await res.text()
  let json: Body | null
  try {
    json = JSON.parse(text) as Body
  } catch {
    json = null
  }
  return { status: res.status, headers: res.headers, text, json }
}

/** The first error's code. */
export const codeOf = (r: { json: { errors?: { extensions?: Record<string, unknown> }[] } | null }) => r.json?.errors?.[0]?.extensions?.code

/** What no response body may contain: stacks, file paths, SQL, internal URLs, HTML. */
export const LEAKS = [/\bat [\w.<>]+ \(/, /\/work\//, /node_modules/, /\.ts:\d+/, /select \*/i, /http:\/\/(10|127|192\.168)\./, /<html|<!DOCTYPE|<pre>/i]
