import { type IncomingMessage, type Server, type ServerResponse, createServer as createHttpServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { ApolloServer, type BaseContext, HeaderMap, type HTTPGraphQLRequest } from '@apollo/server'
import { ApolloServerPluginInlineTraceDisabled } from '@apollo/server/plugin/disabled'
import { buildSubgraphSchema } from '@apollo/subgraph'
import type { GraphQLResolverMap } from '@apollo/subgraph'
import type { DocumentNode } from 'graphql'
import { type Actor, AuthError, type TokenVerifier, bearerToken } from '@railyard/auth'
import { unauthenticated } from './errors.ts'

export interface SubgraphServerOptions<Ctx extends BaseContext> {
  name: string
  /** One module per entity folder: its SDL and its resolvers. */
  modules: { typeDefs: DocumentNode; resolvers?: GraphQLResolverMap<Ctx> }[]
  verifier: TokenVerifier
  /** Builds the per-request context (db, loaders…) for a verified actor. */
  buildContext: (actor: Actor) => Ctx | Promise<Ctx>
  /** Log unexpected errors (default console.error). */
  logError?: (err: unknown) => void
}

export interface GraphQLResponseBody<T = unknown> {
  data?: T | null
  errors?: { message: string; path?: (string | number)[]; extensions?: Record<string, unknown> }[]
}

export interface SubgraphServer<Ctx extends BaseContext> {
  name: string
  apollo: ApolloServer<Ctx>
  /** Runs an operation through the same HTTP path as a real request (token verified). */
  execute<T = unknown>(op: { query: string; variables?: Record<string, unknown>; token?: string | null }): Promise<GraphQLResponseBody<T>>
  /** Listens on a port (0 = any); returns the URL of /graphql. */
  listen(port: number, host?: string): Promise<{ url: string; port: number; stop(): Promise<void> }>
  stop(): Promise<void>
}

/** Reads the actor from `Authorization`; every subgraph verifies the token itself. */
export async function actorFromHeader(verifier: TokenVerifier, header: string | null | undefined): Promise<Actor> {
  const token = bearerToken(header)
  if (!token) throw unauthenticated()
  try {
    return await verifier.verify(token)
  } catch (err) {
    if (err instanceof AuthError) throw unauthenticated(`Invalid credentials: ${err.message}`)
    throw err
  }
}

/** The shared subgraph bootstrap: Federation 2 schema, auth on every request, no inline tracing. */
export async function createSubgraphServer<Ctx extends BaseContext>(opts: SubgraphServerOptions<Ctx>): Promise<SubgraphServer<Ctx>> {
  const schema = buildSubgraphSchema(opts.modules)
  const logError = opts.logError ?? ((err: unknown) => console.error(`[${opts.name}]`, err))
  const apollo = new ApolloServer<Ctx>({
    schema,
    plugins: [
      ApolloServerPluginInlineTraceDisabled(),
      {
        async requestDidStart() {
          return {
            async didEncounterErrors({ errors }) {
              for (const e of errors) {
                const code = e.extensions?.code
                if (!code || code === 'INTERNAL_SERVER_ERROR') logError(e.originalError ?? e)
              }
            },
          }
        },
      },
    ],
    includeStacktraceInErrorResponses: false,
  })
  await apollo.start()

  const contextFor = (authorization: string | undefined) => async () => opts.buildContext(await actorFromHeader(opts.verifier, authorization))

  async function handle(req: HTTPGraphQLRequest, authorization: string | undefined) {
    return apollo.executeHTTPGraphQLRequest({ httpGraphQLRequest: req, context: contextFor(authorization) })
  }

  async function bodyText(result: Awaited<ReturnType<typeof handle>>): Promise<string> {
    if (result.body.kind === 'complete') return result.body.string
    let s = ''
    for await (const chunk of result.body.asyncIterator) s += chunk
    return s
  }

  let server: Server | null = null

  const self: SubgraphServer<Ctx> = {
    name: opts.name,
    apollo,
    async execute({ query, variables, token }) {
      const headers = new HeaderMap([['content-type', 'application/json']])
      const result = await handle({ method: 'POST', headers, search: '', body: { query, variables: variables ?? {} } }, token ? `Bearer ${token}` : undefined)
      return JSON.parse(await bodyText(result)) as GraphQLResponseBody<never>
    },
    async listen(port, host = '127.0.0.1') {
      server = createHttpServer((req, res) => void serveHttp(req, res))
      await new Promise<void>((resolve, reject) => {
        server!.once('error', reject)
        server!.listen(port, host, () => resolve())
      })
      const actual = (server.address() as AddressInfo).port
      return { url: `http://${host === '0.0.0.0' ? '127.0.0.1' : host}:${actual}/graphql`, port: actual, stop: () => self.stop() }
    },
    async stop() {
      if (server) {
        const s = server
        server = null
        s.closeAllConnections?.()
        await new Promise<void>((r) => s.close(() => r()))
      }
      await apollo.stop()
    },
  }

  async function serveHttp(req: IncomingMessage, res: ServerResponse) {
    try {
      const url = new URL(req.url ?? '/', 'http://localhost')
      if (url.pathname === '/healthz') {
        res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ ok: true, service: opts.name }))
        return
      }
      if (url.pathname !== '/graphql' && url.pathname !== '/') {
        res.writeHead(404).end('not found')
        return
      }
      const chunks: Buffer[] = []
      for await (const c of req) chunks.push(c as Buffer)
      const raw = Buffer.concat(chunks).toString('utf8')
      const headers = new HeaderMap()
      for (const [k, v] of Object.entries(req.headers)) if (v !== undefined) headers.set(k, Array.isArray(v) ? v.join(', ') : v)
      let body: unknown = raw
      if ((headers.get('content-type') ?? '').includes('application/json') && raw) {
        try {
          body = JSON.parse(raw)
        } catch {
          res
            .writeHead(400, { 'content-type': 'application/json' })
            .end(JSON.stringify({ errors: [{ message: 'Body is not valid JSON', extensions: { code: 'BAD_REQUEST' } }] }))
          return
        }
      }
      const result = await handle({ method: req.method ?? 'GET', headers, search: url.search, body }, req.headers.authorization)
      const out: Record<string, string> = {}
      for (const [k, v] of result.headers) out[k] = v
      res.writeHead(result.status ?? 200, out)
      res.end(await bodyText(result))
    } catch (err) {
      logError(err)
      if (!res.headersSent) res.writeHead(500, { 'content-type': 'application/json' })
      res.end(JSON.stringify({ errors: [{ message: 'Internal server error', extensions: { code: 'INTERNAL_SERVER_ERROR' } }] }))
    }
  }

  return self
}
