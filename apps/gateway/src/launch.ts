// The main job (`pnpm start`): the three subgraphs and the gateway, each in its own OS process,
// supervised here (restarted with backoff, logs prefixed by service, graceful shutdown on
// SIGINT/SIGTERM). Each subgraph migrates its database on start; the gateway seeds the demo data
// on a first start. "Railyard ready" is printed once the gateway's /readyz answers 200.
import { existsSync, mkdirSync, rmSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { discoverJwksUri, loadOrCreateDevKeys, loadOrCreateInternalKeys } from '@railyard/auth'
import { ConfigError, type RailyardConfig, loadConfig } from '@railyard/config'
import { copyPgliteTemplate, createPgliteTemplate, pgliteDataDir } from '@railyard/db/pglite-template'
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
  // So is the internal token key (the gateway acting for a calendar feed's creator), in every mode.
  await loadOrCreateInternalKeys(config.dataDir)
  if (!config.databaseUrl) await layDownPgliteClusters(config, log)

  const supervisor = new Supervisor({
    log,
    children: [
      ...SUBGRAPHS.map((name) => ({ name, entry: builtEntry(name) ?? import.meta.resolve(`@railyard/${name}`) })),
      { name: 'gateway', entry: builtEntry('gateway') ?? new URL('./index.ts', import.meta.url).href },
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

/**
 * Run from the production build (`pnpm build` → dist/server/launch.js), each child is the bundle
 * next to it, run with plain node; from the sources (`pnpm dev`), the TypeScript entry.
 */
function builtEntry(name: string): string | undefined {
  const file = builtFile(`${name}.js`)
  return file && existsSync(file) ? pathToFileURL(file).href : undefined
}

/** A path next to the built launcher (dist/server/…); undefined when run from the sources. */
function builtFile(relative: string): string | undefined {
  const main = process.argv[1] ?? ''
  return main.endsWith('.js') ? join(dirname(main), relative) : undefined
}

/**
 * A first start on PGlite: every process's database (the subgraphs' and the gateway's) begins as
 * a copy of one empty, initdb'd cluster instead of four initdbs competing for the cores — the
 * build's (`dist/pglite-template`, made by `pnpm build`) or, from the sources, one made here.
 * Each service still migrates its copy on start. Existing databases are never touched.
 */
async function layDownPgliteClusters(config: RailyardConfig, log: (m: string) => void) {
  const missing = [...SUBGRAPHS, 'gateway'].map((name) => pgliteDataDir(config.dataDir, name)).filter((dir) => !existsSync(dir))
  if (missing.length === 0) return
  const t = Date.now()
  const built = builtFile('../pglite-template')
  const template = built && existsSync(join(built, 'PG_VERSION')) ? built : pgliteDataDir(config.dataDir, `.template-${process.pid}`)
  try {
    if (template !== built) await createPgliteTemplate(template)
    for (const dir of missing) copyPgliteTemplate(template, dir)
    log(`[railyard] ${missing.length} empty PGlite databases laid down in ${Date.now() - t} ms`)
  } catch (err) {
    // not fatal: each service then makes its own cluster
    log(`[railyard] warning: PGlite template not used (${err instanceof Error ? err.message : String(err)})`)
  } finally {
    if (template !== built) rmSync(template, { recursive: true, force: true })
  }
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
