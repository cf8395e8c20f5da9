// The main job (`pnpm start`): the three subgraphs and the gateway, each in its own OS process,
// supervised here (restarted with backoff, logs prefixed by service, graceful shutdown on
// SIGINT/SIGTERM). Each subgraph migrates its database on start; the gateway seeds the demo data
// on a first start. "Railyard ready" is printed once the gateway's /readyz answers 200.
import { mkdirSync } from 'node:fs'
import { discoverJwksUri, loadOrCreateDevKeys } from '@railyard/auth'
import { ConfigError, loadConfig } from '@railyard/config'
import { Supervisor } from './supervisor.ts'

const SUBGRAPHS = ['program-strategy', 'agency-plans', 'environment-inventory'] as const

async function main() {
  const started = Date.now()
  const config = loadConfig()
  const log = (m: string) => console.log(m)
  if (config.auth.mode === 'oidc') {
    const { issuer, clientId, jwksUrl } = config.auth
    log(`[railyard] sign-in: OpenID Connect at ${issuer}${clientId ? ` (client ${clientId})` : ' (no AUTH_CLIENT_ID: API tokens only)'}`)
    // Discovery problems (a wrong issuer, a provider down) are said once here, not per refused token.
    if (!jwksUrl)
      await discoverJwksUri(issuer).then(
        (uri) => log(`[railyard] sign-in: signing keys from ${uri}`),
        (err: unknown) => log(`[railyard] warning: ${err instanceof Error ? err.message : String(err)}; tokens are refused until discovery succeeds`),
      )
  }
  log(`[railyard] ${config.databaseUrl ? `PostgreSQL at ${redact(config.databaseUrl)}` : `embedded PGlite under ${config.dataDir}/pglite`}`)
  mkdirSync(config.dataDir, { recursive: true })
  // The dev signing key is made once, here, before any process reads it.
  if (config.auth.mode === 'dev') await loadOrCreateDevKeys(config.dataDir)

  const supervisor = new Supervisor({
    log,
    children: [
      ...SUBGRAPHS.map((name) => ({ name, entry: import.meta.resolve(`@railyard/${name}`) })),
      { name: 'gateway', entry: new URL('./index.ts', import.meta.url).href },
    ],
  })
  supervisor.start()

  let stopping = false
  const stop = async (sig: string) => {
    if (stopping) return
    stopping = true
    log(`[railyard] ${sig}: stopping (the gateway drains first, then the subgraphs)`)
    await supervisor.stop(['gateway', ...SUBGRAPHS])
    process.exit(0)
  }
  process.on('SIGINT', () => void stop('SIGINT'))
  process.on('SIGTERM', () => void stop('SIGTERM'))

  // Ready when the gateway says so: every subgraph migrated and answering, demo data in place.
  const readyz = `http://${config.host === '0.0.0.0' || config.host === '::' ? '127.0.0.1' : config.host}:${config.port}/readyz`
  let lastReport = Date.now()
  while (!stopping) {
    const r = await probe(readyz)
    if (r.ready) break
    if (Date.now() - lastReport > 15_000) {
      lastReport = Date.now()
      log(`[railyard] not ready yet: ${r.notReady}`)
    }
    await new Promise((res) => setTimeout(res, 250))
  }
  if (stopping) return
  log(`[railyard] ready in ${((Date.now() - started) / 1000).toFixed(1)} s`)
  console.log(`Railyard ready at http://localhost:${config.port}`)
}

async function probe(url: string): Promise<{ ready: boolean; notReady: string }> {
  try {
    const res = await fetch(url, { signal: AbortSignal.timeout(3000) })
    if (res.ok) return { ready: true, notReady: '' }
    const body = (await res.json().catch(() => ({}))) as { notReady?: unknown }
    return { ready: false, notReady: Array.isArray(body.notReady) ? body.notReady.join(', ') : `HTTP ${res.status}` }
  } catch {
    return { ready: false, notReady: 'gateway not answering' }
  }
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
