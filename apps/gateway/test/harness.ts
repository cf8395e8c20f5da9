import { createTestAuth, openTestDb, type TestAuth } from '@railyard/test-kit'
import { seedDemoData } from '../src/seed/demo-seed.ts'
import { type RunningStack, startStack } from '../src/stack.ts'
import { loadConfig } from '@railyard/config'
import { type GatewayOptions, engineFor } from '../src/gateway.ts'
import type { StackOptions } from '../src/stack.ts'

export interface GatewayHarness {
  stack: RunningStack
  auth: TestAuth
  url: string
  /** POST /graphql through the running gateway over HTTP. */
  gql(query: string, variables?: Record<string, unknown>, token?: string | null): Promise<any>
  /** The same straight at one subgraph (by supergraph name), bypassing the gateway. */
  direct(
    subgraph: 'program-strategy' | 'agency-plans' | 'environment-inventory',
    query: string,
    variables?: Record<string, unknown>,
    token?: string | null,
  ): Promise<any>
  close(): Promise<void>
}

/**
 * The whole system over real HTTP: three subgraphs on their own ports and the gateway, on
 * fresh test databases (PGlite or PostgreSQL), optionally seeded with the demo data.
 */
export async function startGatewayHarness(
  opts: {
    seed?: boolean
    releasesPerPlan?: number
    /** FY2026 delivery-history releases per agency (default 1: seeding stays quick). */
    historyReleasesPerAgency?: number
    webDist?: string
    routes?: GatewayOptions['routes']
    /** Request pipeline settings (default: restricted introspection, no rate limit). */
    runtime?: Pick<StackOptions, 'introspection' | 'rateLimitPerMinute' | 'limits'>
  } = {},
): Promise<GatewayHarness> {
  const auth = await createTestAuth()
  const stack = await startStack({
    openDb: (_name, schema, migrations) => openTestDb(schema, migrations),
    verifier: auth.verifier,
    devSigner: auth.signer,
    // the test key stands in for the internal one (the test verifier accepts it)
    internalSigner: auth.signer,
    host: '127.0.0.1',
    ports: { gateway: 0, programStrategy: 0, agencyPlans: 0, environmentInventory: 0 },
    webDist: opts.webDist,
    routes: opts.routes,
    // RAILYARD_GATEWAY_ENGINE=hive runs the same tests on Hive Gateway (.ci/run does, for the gateway suite)
    engine: engineFor(loadConfig().gatewayEngine),
    ...opts.runtime,
  })
  if (opts.seed)
    await seedDemoData({
      graphql: stack.gateway.graphql,
      signer: auth.signer,
      releasesPerPlan: opts.releasesPerPlan ?? 2,
      historyReleasesPerAgency: opts.historyReleasesPerAgency ?? 1,
    })
  const url = stack.gateway.url.replace('localhost', '127.0.0.1')
  return {
    stack,
    auth,
    url,
    async gql(query, variables = {}, token) {
      const res = await fetch(`${url}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
        body: JSON.stringify({ query, variables }),
      })
      return res.json()
    },
    async direct(subgraph, query, variables = {}, token) {
      const key = ({ 'program-strategy': 'programStrategy', 'agency-plans': 'agencyPlans', 'environment-inventory': 'environmentInventory' } as const)[subgraph]
      const res = await fetch(stack.urls[key], {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
        body: JSON.stringify({ query, variables }),
      })
      return res.json()
    },
    close: () => stack.stop(),
  }
}
