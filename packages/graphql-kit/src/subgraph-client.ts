import { GraphQLError } from 'graphql'
import { currentRequestScope } from './request-scope.ts'
import type { GraphQLResponseBody } from './subgraph-server.ts'

/**
 * Service-to-service GraphQL calls (e.g. agency-plans fetching a strategy snapshot from
 * program-strategy). The caller's token is forwarded, so the callee applies its own access rules.
 */
export interface SubgraphClient {
  request<T>(query: string, variables: Record<string, unknown>, token: string): Promise<T>
}

export type Executor = (op: { query: string; variables?: Record<string, unknown>; token?: string | null }) => Promise<GraphQLResponseBody>

function unwrap<T>(body: GraphQLResponseBody, target: string): T {
  const first = body.errors?.[0]
  if (first) {
    throw new GraphQLError(`${target}: ${first.message}`, { extensions: { ...(first.extensions ?? {}), upstream: target } })
  }
  return body.data as T
}

/** Calls a subgraph over HTTP. */
export function httpSubgraphClient(url: string, name = url): SubgraphClient {
  return {
    async request<T>(query: string, variables: Record<string, unknown>, token: string) {
      // The caller's request id and cancellation travel with the call.
      const scope = currentRequestScope()
      let res: Response
      try {
        res = await fetch(url, {
          method: 'POST',
          headers: {
            'content-type': 'application/json',
            authorization: `Bearer ${token}`,
            ...(scope ? { 'x-request-id': scope.requestId } : {}),
          },
          body: JSON.stringify({ query, variables }),
          ...(scope ? { signal: scope.signal } : {}),
        })
      } catch {
        if (scope?.signal.aborted) throw new GraphQLError(`${name}: the request was cancelled`, { extensions: { code: 'TIMEOUT', upstream: name } })
        throw new GraphQLError(`${name} is unavailable right now; try again shortly.`, { extensions: { code: 'SERVICE_UNAVAILABLE', upstream: name } })
      }
      let body: GraphQLResponseBody
      try {
        body = (await res.json()) as GraphQLResponseBody
      } catch {
        throw new GraphQLError(`${name} answered HTTP ${res.status} without a GraphQL body`, { extensions: { code: 'SERVICE_UNAVAILABLE', upstream: name } })
      }
      return unwrap<T>(body, name)
    },
  }
}

/** Calls a subgraph in-process through its execute() (tests and the single-process launcher). */
export function inProcessSubgraphClient(execute: Executor, name: string): SubgraphClient {
  return {
    async request<T>(query: string, variables: Record<string, unknown>, token: string) {
      return unwrap<T>(await execute({ query, variables, token }), name)
    },
  }
}

/** Clients for the other subgraphs a service calls (each forwards the caller's token). */
export interface ServiceClients {
  programStrategy: SubgraphClient
  agencyPlans: SubgraphClient
  environmentInventory: SubgraphClient
}

/** A client resolved on first use (lets in-process services reference each other before all exist). */
export function lazyClient(get: () => SubgraphClient | undefined, name: string): SubgraphClient {
  return {
    request(query, variables, token) {
      const c = get()
      if (!c) throw new Error(`${name} client used before it was started`)
      return c.request(query, variables, token)
    },
  }
}
