import { createGatewayRuntime, useCustomFetch } from '@graphql-hive/gateway-runtime'
import httpTransport from '@graphql-mesh/transport-http'
import { GraphQLError } from 'graphql'
import { currentRequestScope } from '@railyard/graphql-kit'
import type { GatewayEngine, GatewayEngineOptions } from './apollo-gateway.engine.ts'
import { apiSchemaOf } from './apollo-gateway.engine.ts'

/**
 * Hive Gateway (`@graphql-hive/gateway-runtime`, The Guild's Federation 2 gateway) over the same
 * committed supergraph, as the other engine behind the gateway's own HTTP layer
 * (`RAILYARD_GATEWAY_ENGINE=hive`). Auth, limits, validation, masking and the HTTP statuses stay
 * in that layer, so the contract's error behaviour is the same whichever engine runs: this engine
 * only plans and executes. Subgraph calls forward the token, the request id and the origin, are
 * cancelled with the request, and a subgraph that does not answer with GraphQL becomes
 * SERVICE_UNAVAILABLE for its fields (no URL in any message), as with Apollo Gateway.
 * Inbound request deduplication is not enabled (identical requests of a load tool are not real
 * traffic, and each carries its own actor).
 */

const unavailable = (service: string) => ({
  message: `The ${service} service is unavailable right now; its fields are missing from this answer.`,
  extensions: { code: 'SERVICE_UNAVAILABLE', serviceName: service },
})

/** The supergraph with each subgraph's URL replaced by the one given (join__Graph url arguments). */
function withSubgraphUrls(supergraphSdl: string, urls: Record<string, string>): string {
  return supergraphSdl.replace(/@join__graph\(name: "([^"]+)", url: "([^"]*)"\)/g, (whole, name: string) =>
    urls[name] ? `@join__graph(name: "${name}", url: "${urls[name]}")` : whole,
  )
}

/** The value at `path` in `data` (undefined when the path does not exist). */
function valueAt(data: unknown, path: readonly (string | number)[]): unknown {
  let v = data
  for (const k of path) {
    if (v === null || typeof v !== 'object') return undefined
    v = (v as Record<string | number, unknown>)[k]
  }
  return v
}

const NULL_COMPLETION = /^Cannot return null for non-nullable field [_A-Za-z][_0-9A-Za-z]*\.[_A-Za-z][_0-9A-Za-z]*\.$/

/**
 * An entity its subgraph resolved to null (e.g. an environment the caller may not see): the
 * supergraph's nullable field that holds it is null, and Apollo Gateway reports nothing more
 * (since federation 2.3 it moves this null completion out of `errors`, see
 * apollographql/federation#2374). Hive Gateway reports "Cannot return null for non-nullable field
 * T.key" for the key it merged; the data is the same, so that error is dropped when the value
 * it nulled is null in the answer.
 */
function isEntityNullCompletion(e: { message?: string; path?: readonly (string | number)[] }, data: unknown): boolean {
  return !!e.path && e.path.length > 1 && NULL_COMPLETION.test(e.message ?? '') && valueAt(data, e.path.slice(0, -1)) === null
}

const jsonResponse = (body: unknown) => new Response(JSON.stringify(body), { status: 200, headers: { 'content-type': 'application/json' } })

export async function createHiveGatewayEngine(o: GatewayEngineOptions): Promise<GatewayEngine> {
  const serviceByUrl = new Map(Object.entries(o.subgraphUrls).map(([name, url]) => [url, name]))
  const runtime = createGatewayRuntime({
    supergraph: withSubgraphUrls(o.supergraphSdl, o.subgraphUrls),
    // the subgraphs speak GraphQL over HTTP (imported here rather than resolved at run time)
    transports: { http: httpTransport },
    logging: false,
    // the gateway's own pipeline masks every error (and did all checks before this engine runs)
    maskedErrors: false,
    landingPage: false,
    graphiql: false,
    upstreamCancellation: true,
    propagateHeaders: {
      fromClientToSubgraphs: ({ request }) => {
        const out: Record<string, string> = {}
        for (const h of ['authorization', 'x-request-id', 'x-railyard-origin']) {
          const v = request.headers.get(h)
          if (v) out[h] = v
        }
        return out
      },
    },
    plugins: () => [
      useCustomFetch(async (url, init) => {
        const service = serviceByUrl.get(String(url)) ?? 'a'
        // cancelled with the request (time limit reached, client gone), like Apollo Gateway's data sources
        const scope = currentRequestScope()
        const own = (init as RequestInit | undefined)?.signal ?? undefined
        const signal = scope && own ? AbortSignal.any([scope.signal, own]) : (scope?.signal ?? own)
        let res: Response
        try {
          res = await fetch(String(url), { ...(init as RequestInit), ...(signal ? { signal } : {}) })
        } catch {
          if (scope?.signal.aborted)
            return jsonResponse({ errors: [{ message: `The request to ${service} was cancelled.`, extensions: { code: 'TIMEOUT', serviceName: service } }] })
          return jsonResponse({ errors: [unavailable(service)] })
        }
        if (res.ok) return res
        const text = await res.text()
        try {
          const parsed = JSON.parse(text) as { errors?: unknown }
          if (Array.isArray(parsed.errors)) return jsonResponse(parsed)
        } catch {
          // not GraphQL: unavailable below
        }
        return jsonResponse({ errors: [unavailable(service)] })
      }),
    ],
  })
  const schema = apiSchemaOf(o.supergraphSdl)
  return {
    schema,
    async execute(op) {
      const ctx = op.contextValue
      const headers: Record<string, string> = {
        'content-type': 'application/json',
        accept: 'application/graphql-response+json, application/json',
        'x-request-id': ctx.requestId,
      }
      if (ctx.authorization) headers.authorization = ctx.authorization
      if (ctx.origin) headers['x-railyard-origin'] = ctx.origin
      let res: Response
      try {
        res = await runtime.fetch('http://gateway.internal/graphql', {
          method: 'POST',
          headers,
          body: JSON.stringify({ query: op.source, variables: op.variables, operationName: op.operationName }),
          signal: ctx.signal,
        })
      } catch (err) {
        if (ctx.signal.aborted)
          throw new GraphQLError('The request was cancelled (time limit reached or the client went away).', { extensions: { code: 'TIMEOUT' } })
        throw err
      }
      const body = (await res.json()) as { data?: Record<string, unknown> | null; errors?: GraphQLError[] }
      const errors = body.errors?.filter((e) => !isEntityNullCompletion(e, body.data))
      return { data: body.data ?? null, ...(errors?.length ? { errors } : {}), ...(res.status !== 200 ? { status: res.status } : {}) }
    },
    stop: async () => {
      await runtime[Symbol.asyncDispose]()
    },
  }
}
