// The main job (`pnpm start`): migrations, demo data on first run, the three subgraphs, the
// gateway and the built web client — on embedded PGlite unless DATABASE_URL is set.
import { createTokenSigner, discoverJwksUri, loadOrCreateDevKeys } from '@railyard/auth'
import { ConfigError, loadConfig, publicAuthSettings } from '@railyard/config'
import { openServiceDb, verifierFromConfig } from '@railyard/graphql-kit/start'
import { seedDemoData } from './seed/demo-seed.ts'
import { WEB_DIST, startStack } from './stack.ts'
import { mountExports } from './exports/routes.ts'

async function main() {
  const started = Date.now()
  const config = loadConfig()
  const log = (m: string) => console.log(`[railyard] ${m}`)
  if (config.auth.mode === 'oidc') {
    const { issuer, clientId, jwksUrl } = config.auth
    log(`sign-in: OpenID Connect at ${issuer}${clientId ? ` (client ${clientId})` : ' (no AUTH_CLIENT_ID: API tokens only)'}`)
    // Discovery problems (a wrong issuer, a provider down) are said once here, not per refused token.
    if (!jwksUrl)
      await discoverJwksUri(issuer).then(
        (uri) => log(`sign-in: signing keys from ${uri}`),
        (err: unknown) => log(`warning: ${err instanceof Error ? err.message : String(err)}; tokens are refused until discovery succeeds`),
      )
  }
  log(config.databaseUrl ? `PostgreSQL at ${redact(config.databaseUrl)}` : `embedded PGlite under ${config.dataDir}/pglite`)
  const verifier = await verifierFromConfig(config)
  const devSigner =
    config.auth.mode === 'dev' ? await createTokenSigner(await loadOrCreateDevKeys(config.dataDir), config.auth.issuer, config.auth.audience) : undefined
  const stack = await startStack({
    openDb: (name, schema, migrations) => openServiceDb(config, name, schema, migrations),
    verifier,
    devSigner,
    signIn: publicAuthSettings(config.auth),
    host: config.host,
    ports: { gateway: config.port, ...config.ports },
    webDist: WEB_DIST,
    routes: mountExports,
    log,
  })
  if (config.seed === 'demo') {
    if (!devSigner) log('demo data: skipped (AUTH_MODE=oidc has no dev signer)')
    else await seedDemoData({ graphql: stack.gateway.graphql, signer: devSigner, log })
  }
  const stop = async (sig: string) => {
    log(`${sig}: stopping`)
    await stack.stop()
    process.exit(0)
  }
  process.once('SIGINT', () => void stop('SIGINT'))
  process.once('SIGTERM', () => void stop('SIGTERM'))
  log(`started in ${((Date.now() - started) / 1000).toFixed(1)} s`)
  console.log(`Railyard ready at http://localhost:${stack.gateway.port}`)
}

function redact(url: string) {
  const u = new URL(url)
  if (u.password) u.password = '***'
  return u.toString()
}

main().catch((err) => {
  if (err instanceof ConfigError) console.error(err.message)
  else console.error('Railyard failed to start:', err)
  process.exit(1)
})
