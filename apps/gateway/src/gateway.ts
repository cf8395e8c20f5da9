import { existsSync, readFileSync } from 'node:fs'
import { type Server, createServer as createHttpServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { join, resolve } from 'node:path'
import { ApolloGateway, RemoteGraphQLDataSource } from '@apollo/gateway'
import { ApolloServer } from '@apollo/server'
import { expressMiddleware } from '@as-integrations/express5'
import express, { type Request, type Response } from 'express'
import type { GraphQLFormattedError } from 'graphql'
import { type Actor, type Role, type TokenSigner, type TokenVerifier, isRole } from '@railyard/auth'
import { type PublicAuthSettings, disableLibraryTelemetry } from '@railyard/config'
import { actorFromHeader } from '@railyard/graphql-kit'
import { mountAuthConfig } from './auth/auth-config.route.ts'

export interface GatewayOptions {
  supergraphSdl: string
  /** Subgraph URLs by name (override the ones in the supergraph). */
  subgraphUrls: Record<string, string>
  verifier: TokenVerifier
  /** Present in AUTH_MODE=dev: signs /auth/dev-token tokens. */
  devSigner?: TokenSigner
  /** What GET /auth/config tells the web client (default: dev mode when there is a dev signer). */
  signIn?: PublicAuthSettings
  /** Built web client to serve at / (apps/web/dist). */
  webDist?: string
  /** Extra routes (calendar feed, exports), mounted before the web client. */
  routes?: (app: express.Express, deps: { verifier: TokenVerifier; graphql: GatewayGraphQL }) => void
}

export interface GatewayContext {
  actor: Actor
  authorization: string
}

/** Executes an operation through the supergraph (used by exports and the calendar feed). */
export type GatewayGraphQL = <T = unknown>(query: string, variables: Record<string, unknown>, token: string) => Promise<GatewayResult<T>>

export interface GatewayResult<T> {
  data?: T
  errors?: readonly GraphQLFormattedError[]
}

class AuthForwardingDataSource extends RemoteGraphQLDataSource<GatewayContext> {
  override willSendRequest({ request, context }: Parameters<NonNullable<RemoteGraphQLDataSource<GatewayContext>['willSendRequest']>>[0]) {
    const authorization: unknown = context?.authorization
    if (typeof authorization === 'string' && authorization) request.http?.headers.set('authorization', authorization)
  }
}

export interface RunningGateway {
  url: string
  port: number
  app: express.Express
  graphql: GatewayGraphQL
  stop(): Promise<void>
}

/** The gateway: supergraph over the three subgraphs, dev tokens, health, the web client. */
export async function startGateway(opts: GatewayOptions, port: number, host = '0.0.0.0'): Promise<RunningGateway> {
  disableLibraryTelemetry()
  const gateway = new ApolloGateway({
    supergraphSdl: opts.supergraphSdl,
    buildService: ({ name, url }) => new AuthForwardingDataSource({ url: opts.subgraphUrls[name] ?? url }),
  })
  const apollo = new ApolloServer<GatewayContext>({
    gateway: gateway,
    includeStacktraceInErrorResponses: false,
  })
  await apollo.start()

  const app = express()
  app.disable('x-powered-by')

  app.get('/healthz', async (_req, res) => {
    const checks = await Promise.all(
      Object.entries(opts.subgraphUrls).map(async ([name, url]) => {
        const health = url.replace(/\/graphql$/, '/healthz')
        try {
          const r = await fetch(health, { signal: AbortSignal.timeout(2000) })
          return [name, r.ok ? 'up' : `HTTP ${r.status}`] as const
        } catch (err) {
          return [name, `down (${(err as Error).message})`] as const
        }
      }),
    )
    const subgraphs = Object.fromEntries(checks)
    const ok = checks.every(([, s]) => s === 'up')
    res.status(ok ? 200 : 503).json({ ok, gateway: 'up', subgraphs })
  })

  mountAuthConfig(app, opts.signIn ?? (opts.devSigner ? { mode: 'dev' } : null))

  app.post('/auth/dev-token', express.json(), async (req: Request, res: Response) => {
    if (!opts.devSigner) {
      res.status(404).json({ error: 'not found' })
      return
    }
    const b = (req.body ?? {}) as Record<string, unknown>
    const problems: string[] = []
    if (typeof b.sub !== 'string' || !b.sub.trim()) problems.push('sub: a non-empty string is required')
    if (!Array.isArray(b.roles) || b.roles.length === 0 || !b.roles.every(isRole)) problems.push('roles: a non-empty array of Role names is required')
    if (b.agency !== undefined && b.agency !== null && (typeof b.agency !== 'string' || !/^[A-Z][A-Z0-9]{1,11}$/.test(b.agency)))
      problems.push('agency: an agency code such as DOH')
    if (b.scopes !== undefined && (!Array.isArray(b.scopes) || !b.scopes.every((s) => typeof s === 'string'))) problems.push('scopes: an array of strings')
    const email = b.email === undefined || b.email === null ? undefined : b.email
    if (email !== undefined && (typeof email !== 'string' || email.length > 254 || !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email)))
      problems.push('email: an e-mail address such as hana@doh.example.gov')
    if (problems.length) {
      res.status(400).json({ error: 'invalid token request', problems })
      return
    }
    const token = await opts.devSigner.sign({
      sub: b.sub as string,
      name: typeof b.name === 'string' ? b.name : undefined,
      roles: b.roles as Role[],
      agency: (b.agency as string | undefined) ?? null,
      scopes: (b.scopes as string[] | undefined) ?? [],
      ...(typeof email === 'string' ? { email } : {}),
    })
    res.json({ token })
  })

  app.use(
    '/graphql',
    express.json({ limit: '2mb' }),
    expressMiddleware(apollo, {
      context: async ({ req }) => ({
        actor: await actorFromHeader(opts.verifier, req.headers.authorization),
        authorization: req.headers.authorization ?? '',
      }),
    }),
  )

  const graphql: GatewayGraphQL = async <T>(query: string, variables: Record<string, unknown>, token: string) => {
    const actor = await actorFromHeader(opts.verifier, `Bearer ${token}`)
    const r = await apollo.executeOperation({ query, variables }, { contextValue: { actor, authorization: `Bearer ${token}` } })
    if (r.body.kind !== 'single') throw new Error('unexpected incremental response')
    return r.body.singleResult as GatewayResult<T>
  }

  opts.routes?.(app, { verifier: opts.verifier, graphql })

  if (opts.webDist && existsSync(join(opts.webDist, 'index.html'))) {
    const dist = resolve(opts.webDist)
    const index = readFileSync(join(dist, 'index.html'), 'utf8')
    app.use(express.static(dist, { index: false, maxAge: '1h' }))
    // Client-side routes: any other GET that accepts HTML gets the app shell.
    app.get(/^\/(?!graphql|auth|healthz|calendar|exports).*/, (req, res, next) => {
      if (!req.accepts('html')) return next()
      res.type('html').send(index)
    })
  } else {
    app.get('/', (_req, res) => {
      res.type('text').send('Railyard gateway: the web client is not built (pnpm --filter @railyard/web build). GraphQL is at /graphql.')
    })
  }

  const server: Server = createHttpServer(app)
  await new Promise<void>((r, j) => {
    server.once('error', j)
    server.listen(port, host, () => r())
  })
  const actual = (server.address() as AddressInfo).port
  return {
    url: `http://localhost:${actual}`,
    port: actual,
    app,
    graphql,
    async stop() {
      server.closeAllConnections()
      await new Promise<void>((r) => server.close(() => r()))
      await apollo.stop()
    },
  }
}
