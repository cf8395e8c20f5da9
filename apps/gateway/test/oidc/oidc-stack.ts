import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { type RailyardConfig, loadConfig, publicAuthSettings } from '@railyard/config'
import { verifierFromConfig } from '@railyard/graphql-kit/start'
import { openTestDb } from '@railyard/test-kit'
import { mountExports } from '../../src/exports/routes.ts'
import { seedDemoData } from '../../src/seed/demo-seed.ts'
import { type RunningStack, startStack } from '../../src/stack.ts'
import type { TestProvider } from './test-provider.ts'

export interface OidcStack {
  stack: RunningStack
  config: RailyardConfig
  /** The gateway's origin, e.g. http://127.0.0.1:41234 (the web client's origin too). */
  url: string
  gql(query: string, variables?: Record<string, unknown>, token?: string | null): Promise<GraphQLBody>
  close(): Promise<void>
}

export interface GraphQLBody {
  data?: Record<string, unknown> | null
  errors?: { message: string; extensions?: { code?: string } }[]
}

/**
 * The real stack in AUTH_MODE=oidc against the test provider: configuration parsed by
 * loadConfig from AUTH_* variables (no AUTH_JWKS_URL: keys discovered from the issuer), the
 * verifier every subgraph and the gateway use built from it, fresh test databases, and the
 * demo data set up through the API with tokens signed by the provider's second published key.
 */
export async function startOidcStack(
  op: TestProvider,
  o: { groupMap: string; seed?: boolean; releasesPerPlan?: number; webDist?: string; env?: Record<string, string> },
): Promise<OidcStack> {
  const dataDir = mkdtempSync(join(tmpdir(), 'railyard-oidc-'))
  const config = loadConfig({
    AUTH_MODE: 'oidc',
    AUTH_ISSUER: op.issuer,
    AUTH_AUDIENCE: op.audience,
    AUTH_CLIENT_ID: op.clientId,
    AUTH_GROUP_MAP: o.groupMap,
    AUTH_SCOPES: 'openid profile email groups railyard',
    RAILYARD_DATA_DIR: dataDir,
    ...o.env,
  })
  const stack = await startStack({
    openDb: (_name, schema, migrations) => openTestDb(schema, migrations),
    verifier: await verifierFromConfig(config),
    signIn: publicAuthSettings(config.auth),
    host: '127.0.0.1',
    ports: { gateway: 0, programStrategy: 0, agencyPlans: 0, environmentInventory: 0 },
    webDist: o.webDist,
    routes: mountExports,
  })
  const url = stack.gateway.url.replace('localhost', '127.0.0.1')
  op.registerApp(url)
  if (o.seed) await seedDemoData({ graphql: stack.gateway.graphql, signer: await op.seedSigner(), releasesPerPlan: o.releasesPerPlan ?? 2 })
  return {
    stack,
    config,
    url,
    async gql(query, variables = {}, token) {
      const res = await fetch(`${url}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
        body: JSON.stringify({ query, variables }),
      })
      return (await res.json()) as GraphQLBody
    },
    async close() {
      await stack.stop()
      rmSync(dataDir, { recursive: true, force: true })
    },
  }
}
