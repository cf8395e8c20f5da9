// Starts the gateway as its own process (the launcher supervises it with the three subgraphs):
// the supergraph over the subgraphs' URLs, the web client, exports, and — on a first start in
// AUTH_MODE=dev — the demo data, once every subgraph is ready. /readyz is 200 only after that.
import { readFileSync } from 'node:fs'
import { createTokenSigner, loadOrCreateDevKeys } from '@railyard/auth'
import { ConfigError, loadConfig, publicAuthSettings } from '@railyard/config'
import { createIdempotencyStore, enableRequestLogs, idempotencyMigrations, registerDbPool } from '@railyard/graphql-kit'
import { internalAuthFromConfig, openServiceDb, verifierFromConfig } from '@railyard/graphql-kit/start'
import { mountDeploymentCheck } from './deploy/deployment-check.route.ts'
import { mountExports } from './exports/routes.ts'
import { engineFor, startGateway } from './gateway.ts'
import { seedDemoData } from './seed/demo-seed.ts'
import { SUPERGRAPH_PATH, WEB_DIST } from './paths.ts'

async function main() {
  const t0 = Date.now()
  const config = loadConfig()
  const log = (m: string) => console.log(m)
  enableRequestLogs('gateway', config.logLevel)
  const verifier = await verifierFromConfig(config)
  const devSigner =
    config.auth.mode === 'dev' ? await createTokenSigner(await loadOrCreateDevKeys(config.dataDir), config.auth.issuer, config.auth.audience) : undefined

  // The gateway's own schema (Idempotency-Key records): PostgreSQL, or PGlite under the data dir.
  const gatewayDb = await openServiceDb(config, 'gateway', 'gateway', idempotencyMigrations)
  registerDbPool('gateway', () => gatewayDb.poolStats?.())

  let demoData: true | string = config.seed === 'demo' && devSigner ? 'waiting for the subgraphs' : true
  const gateway = await startGateway(
    {
      supergraphSdl: readFileSync(SUPERGRAPH_PATH, 'utf8'),
      subgraphUrls: {
        'program-strategy': config.urls.programStrategy,
        'agency-plans': config.urls.agencyPlans,
        'environment-inventory': config.urls.environmentInventory,
      },
      verifier,
      devSigner,
      internalSigner: (await internalAuthFromConfig(config)).signer,
      webDist: WEB_DIST,
      routes: (app, deps) => {
        mountExports(app, deps)
        mountDeploymentCheck(app, deps)
      },
      introspection: config.auth.mode === 'dev' ? 'open' : 'restricted',
      rateLimitPerMinute: config.rateLimitPerMinute,
      signIn: publicAuthSettings(config.auth),
      readinessChecks: { 'demo data': () => demoData },
      idempotency: createIdempotencyStore(gatewayDb.db),
      engine: engineFor(config.gatewayEngine),
    },
    config.port,
    config.host,
  )
  log(`gateway at http://${config.host}:${gateway.port} (started in ${Date.now() - t0} ms)`)

  let stopping = false
  const stop = async (why: string) => {
    if (stopping) return
    stopping = true
    log(`gateway: ${why}: draining requests in flight`)
    await gateway.stop()
    await gatewayDb.close()
    process.exit(0)
  }
  process.on('unhandledRejection', (err) => console.error('gateway: unhandled rejection', err))
  process.on('SIGINT', () => void stop('SIGINT'))
  process.on('SIGTERM', () => void stop('SIGTERM'))
  if (process.send) process.once('disconnect', () => void stop('supervisor gone'))

  if (config.seed === 'demo' && !devSigner) log('demo data: skipped (AUTH_MODE=oidc has no dev signer)')
  if (demoData === true || !devSigner) return
  // The demo data goes in through the public API once every subgraph is ready; a failure (a
  // subgraph restarting meanwhile) is retried. The seed does nothing when the program exists.
  const signer = devSigner
  for (let attempt = 1; !stopping; attempt++) {
    const r = await gateway.readiness()
    const subgraphsDown = r.notReady.filter((n) => n !== 'demo data')
    if (subgraphsDown.length) {
      demoData = `waiting for ${subgraphsDown.join(', ')}`
      await sleep(100)
      continue
    }
    demoData = 'seeding'
    try {
      await seedDemoData({ graphql: gateway.graphql, signer, log: (m) => log(`demo data: ${m}`) })
      demoData = true
      return
    } catch (err) {
      demoData = 'seeding failed; retrying'
      console.error(`demo data: attempt ${attempt} failed: ${(err as Error).message}`)
      await sleep(Math.min(10_000, 500 * 2 ** attempt))
    }
  }
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))

main().catch((err) => {
  if (err instanceof ConfigError) console.error(err.message)
  else console.error('gateway failed to start:', err)
  process.exit(1)
})
