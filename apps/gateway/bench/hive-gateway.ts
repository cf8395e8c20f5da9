// Hive Gateway on the committed supergraph, for the side-by-side rows of `pnpm bench` (issue 13,
// row 4): the same subgraphs, the caller's token passed on, request deduplication off (inbound
// deduplication is off by default; the upstream one is turned off here), with its default query
// planner (the Rust one, `@graphql-hive/router-runtime`, is not a dependency: its row says so). Only the engine: no limits,
// masking or auth of our own in front of it.
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { createGatewayRuntime } from '@graphql-hive/gateway-runtime'
import httpTransport from '@graphql-mesh/transport-http'

export interface RunningHiveGateway {
  /** The GraphQL endpoint. */
  url: string
  stop(): Promise<void>
}

/** The supergraph with each subgraph's `@join__graph` URL replaced by the given one (by subgraph name). */
export function withSubgraphUrls(supergraphSdl: string, urls: Record<string, string>): string {
  let sdl = supergraphSdl
  for (const [name, url] of Object.entries(urls)) {
    const re = new RegExp(`(@join__graph\\(name: "${name}", url: ")[^"]*(")`)
    if (!re.test(sdl)) throw new Error(`subgraph ${name} is not in the supergraph`)
    sdl = sdl.replace(re, `$1${url}$2`)
  }
  return sdl
}

export async function startHiveGateway(o: { supergraphSdl: string; subgraphUrls: Record<string, string>; rustPlanner: boolean }): Promise<RunningHiveGateway> {
  // reported in the Rust planner's target row, not a failure of the run
  if (o.rustPlanner) throw new Error('not measured: @graphql-hive/router-runtime (the Rust planner) is not installed')
  const runtime = createGatewayRuntime({
    supergraph: withSubgraphUrls(o.supergraphSdl, o.subgraphUrls),
    propagateHeaders: {
      fromClientToSubgraphs: ({ request }) => {
        const authorization = request.headers.get('authorization')
        return authorization ? { authorization } : {}
      },
    },
    // the HTTP transport, named (the runtime would otherwise look it up by package name)
    transports: { http: httpTransport },
    transportEntries: { '*.http': { options: { deduplicateInflightRequests: false } } },
    logging: false,
    landingPage: false,
  })
  // the runtime is itself a Node request listener (its handleNodeRequestAndResponse never answered here)
  const server = createServer((req, res) => void runtime(req, res))
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/graphql`,
    async stop() {
      server.closeAllConnections()
      await new Promise<void>((resolve) => server.close(() => resolve()))
      await runtime.dispose()
    },
  }
}
