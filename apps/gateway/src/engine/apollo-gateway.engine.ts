import { Supergraph } from '@apollo/federation-internals'
import { ApolloGateway, RemoteGraphQLDataSource } from '@apollo/gateway'
import { ApolloServer } from '@apollo/server'
import { GraphQLError, type GraphQLSchema, isScalarType } from 'graphql'
import type { Actor } from '@railyard/auth'
import { DateScalar, DateTimeScalar, type GraphQLEngine, apolloEngine, apolloServerOptions, currentRequestScope } from '@railyard/graphql-kit'

/**
 * The GraphQL engine behind the gateway's own HTTP layer: Apollo Gateway plans and executes
 * operations the pipeline has already authenticated, limited and validated. Swapping in another
 * Federation 2 router means writing another function with this signature.
 */
export interface GatewayContext {
  actor: Actor
  /** The caller's `Authorization` header, forwarded to every subgraph (each verifies it again). */
  authorization: string
  requestId: string
  signal: AbortSignal
  /**
   * The gateway's public origin as the caller reached it (`http(s)://host[:port]`), forwarded as
   * `x-railyard-origin` so that a subgraph can write absolute addresses (calendar feed URLs).
   */
  origin?: string
}

export interface GatewayEngine extends GraphQLEngine<GatewayContext> {
  stop(): Promise<void>
}

export interface GatewayEngineOptions {
  supergraphSdl: string
  /** Subgraph URLs by name (override the ones in the supergraph). */
  subgraphUrls: Record<string, string>
  logError: (line: string, err: unknown) => void
}

/**
 * The API schema of a supergraph (what clients may query), with Railyard's scalars parsing
 * input so an invalid Date or DateTime variable is refused as BAD_USER_INPUT at the gateway.
 */
export function apiSchemaOf(supergraphSdl: string): GraphQLSchema {
  const schema = Supergraph.build(supergraphSdl).apiSchema().toGraphQLJSSchema()
  for (const scalar of [DateScalar, DateTimeScalar]) {
    const t = schema.getType(scalar.name)
    if (t && isScalarType(t)) {
      // The composed schema's scalars are opaque; validation here uses the subgraphs' own parsers.
      t.parseValue = scalar.parseValue
      t.parseLiteral = scalar.parseLiteral
    }
  }
  return schema
}

const unavailable = (service: string) =>
  new GraphQLError(`The ${service} service is unavailable right now; its fields are missing from this answer.`, {
    extensions: { code: 'SERVICE_UNAVAILABLE', serviceName: service },
  })

/**
 * Calls one subgraph: forwards the token and the request id, aborts with the request, and
 * turns what can go wrong on the way into coded errors without URLs:
 * - a 4xx/5xx answer that is a GraphQL response (e.g. BAD_USER_INPUT for a variable) is passed on
 *   as one, so its errors keep their codes;
 * - no answer, or one that is not GraphQL, is SERVICE_UNAVAILABLE (TIMEOUT once cancelled).
 */
type Fetcher = NonNullable<NonNullable<ConstructorParameters<typeof RemoteGraphQLDataSource>[0]>['fetcher']>

class SubgraphDataSource extends RemoteGraphQLDataSource<GatewayContext> {
  constructor(
    private readonly service: string,
    url: string,
  ) {
    super({
      url,
      fetcher: (async (target: string, init?: Parameters<Fetcher>[1]) => {
        const scope = currentRequestScope()
        let res: Response
        try {
          const body = init?.body === undefined || typeof init.body === 'string' ? init?.body : new Uint8Array(init.body)
          res = await fetch(target, { method: init?.method ?? 'POST', headers: init?.headers ?? {}, body, ...(scope ? { signal: scope.signal } : {}) })
        } catch {
          if (scope?.signal.aborted)
            throw new GraphQLError(`The request to ${service} was cancelled.`, { extensions: { code: 'TIMEOUT', serviceName: service } })
          throw unavailable(service)
        }
        if (res.ok) return res
        const text = await res.text()
        if (!isGraphQLErrorBody(text)) throw unavailable(service)
        return new Response(text, { status: 200, headers: { 'content-type': 'application/json' } })
      }) satisfies Fetcher,
    })
  }

  override willSendRequest({ request, context }: Parameters<NonNullable<RemoteGraphQLDataSource<GatewayContext>['willSendRequest']>>[0]) {
    // `context` is ours for operations, Apollo's own record for its health checks: narrow each value.
    const { authorization, requestId, origin } = context as Partial<Record<keyof GatewayContext, unknown>>
    if (typeof authorization === 'string' && authorization) request.http?.headers.set('authorization', authorization)
    if (typeof requestId === 'string' && requestId) request.http?.headers.set('x-request-id', requestId)
    if (typeof origin === 'string' && origin) request.http?.headers.set('x-railyard-origin', origin)
  }

  override async errorFromResponse(): Promise<GraphQLError> {
    return unavailable(this.service)
  }
}

/** A subgraph's 4xx answer that is a GraphQL response (its errors are passed on); anything else means the subgraph is unavailable. */
function isGraphQLErrorBody(text: string): boolean {
  try {
    const parsed = JSON.parse(text) as unknown
    return typeof parsed === 'object' && parsed !== null && Array.isArray((parsed as { errors?: unknown }).errors)
  } catch {
    return false
  }
}

/** Apollo Gateway (over the committed supergraph) as the engine. */
export async function createApolloGatewayEngine(o: GatewayEngineOptions): Promise<GatewayEngine> {
  const gateway = new ApolloGateway({
    supergraphSdl: o.supergraphSdl,
    buildService: ({ name, url }) => new SubgraphDataSource(name, o.subgraphUrls[name] ?? url ?? ''),
  })
  const apollo = new ApolloServer<GatewayContext>({ gateway, ...apolloServerOptions('gateway', o.logError) })
  await apollo.start()
  const schema = apiSchemaOf(o.supergraphSdl)
  return { ...apolloEngine(apollo, schema), stop: () => apollo.stop() }
}
