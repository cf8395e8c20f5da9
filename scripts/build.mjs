// `pnpm build`: the production build, done in place.
//  - the server: one esbuild bundle per process entry (the launcher, the gateway, the three
//    subgraphs, and the migration job of deploy/) in dist/server/, run with plain `node` (no tsx). The workspace's TypeScript is
//    bundled; every npm dependency stays an import of the file pnpm installed (resolved here, so
//    the bundles run from any directory of this checkout). `import.meta.url` in the sources keeps
//    meaning the source file's URL, so files read next to a module (SDL, the supergraph, the web
//    client's dist) are found where they are.
//  - the web client (vite build), only when its sources changed: a hash of them is kept in
//    apps/web/dist/.source-hash.
//  - dist/pglite-template: an empty PGlite cluster (initdb done once, here), which the launcher
//    copies as each process's database on a first start; remade when the PGlite version changes.
// Each step is skipped when the hash of their inputs is the one recorded; `--force` rebuilds.
import { createHash } from 'node:crypto'
import { execFileSync } from 'node:child_process'
import { existsSync, mkdirSync, readFileSync, readdirSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { builtinModules, createRequire } from 'node:module'
import { dirname, join, relative } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import * as esbuild from 'esbuild'

const ROOT = fileURLToPath(new URL('..', import.meta.url))
const force = process.argv.includes('--force')
const quiet = process.argv.includes('--quiet')
const say = (m) => quiet || console.log(`[build] ${m}`)

/** sha256 over every file (path and content) under the given paths, skipping dependencies and outputs. */
function hashOf(paths) {
  // the checkout's own path too: the server bundles import dependencies by absolute path
  const h = createHash('sha256').update(ROOT).update('\0')
  const walk = (p) => {
    if (!existsSync(p)) return
    const s = statSync(p)
    if (s.isDirectory()) {
      for (const e of readdirSync(p).sort()) {
        if (e === 'node_modules' || e === 'dist' || e === '.turbo' || e === 'test') continue
        walk(join(p, e))
      }
    } else {
      h.update(relative(ROOT, p)).update('\0').update(readFileSync(p)).update('\0')
    }
  }
  for (const p of paths) walk(join(ROOT, p))
  return h.digest('hex')
}

const stamp = (file) => (existsSync(file) ? readFileSync(file, 'utf8').trim() : '')

// ---- the server bundles
const SERVER_OUT = join(ROOT, 'dist/server')
const ENTRIES = {
  launch: 'apps/gateway/src/launch.ts',
  gateway: 'apps/gateway/src/index.ts',
  'program-strategy': 'services/program-strategy/src/index.ts',
  'agency-plans': 'services/agency-plans/src/index.ts',
  'environment-inventory': 'services/environment-inventory/src/index.ts',
  migrate: 'apps/gateway/src/migrate.ts',
}
const builtins = new Set([...builtinModules, ...builtinModules.map((m) => `node:${m}`)])

/** npm dependencies stay imports (of the resolved file); @railyard/* workspace sources are bundled. */
const externalDependencies = {
  name: 'external-dependencies',
  setup(build) {
    build.onResolve({ filter: /^[^./]/ }, async (args) => {
      if (args.pluginData === 'inner' || builtins.has(args.path) || args.path.startsWith('@railyard/')) return undefined
      const r = await build.resolve(args.path, { kind: args.kind, resolveDir: args.resolveDir, importer: args.importer, pluginData: 'inner' })
      if (r.errors.length) return { errors: r.errors }
      return { path: pathToFileURL(r.path).href, external: true }
    })
    // each source's import.meta.url stays its own file's URL (it reads files next to it)
    build.onLoad({ filter: /\.ts$/ }, async (args) => {
      const source = readFileSync(args.path, 'utf8')
      const contents = source.includes('import.meta.url') ? source.replaceAll('import.meta.url', JSON.stringify(pathToFileURL(args.path).href)) : source
      return { contents, loader: 'ts' }
    })
  },
}

const serverInputs = ['apps/gateway/src', 'services', 'packages', 'supergraph.graphql', 'pnpm-lock.yaml', 'scripts/build.mjs']
const serverHash = hashOf(serverInputs)
const serverStamp = join(SERVER_OUT, '.source-hash')
if (!force && stamp(serverStamp) === serverHash && Object.keys(ENTRIES).every((n) => existsSync(join(SERVER_OUT, `${n}.js`)))) {
  say('server: up to date')
} else {
  const t = Date.now()
  await esbuild.build({
    absWorkingDir: ROOT,
    entryPoints: Object.fromEntries(Object.entries(ENTRIES).map(([n, p]) => [n, join(ROOT, p)])),
    outdir: SERVER_OUT,
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    sourcemap: 'linked',
    conditions: ['node', 'import'],
    logLevel: 'warning',
    plugins: [externalDependencies],
  })
  mkdirSync(SERVER_OUT, { recursive: true })
  writeFileSync(serverStamp, `${serverHash}\n`)
  say(`server: bundled ${Object.keys(ENTRIES).length} entries into dist/server in ${Date.now() - t} ms`)
}

// ---- the web client
const WEB_DIST = join(ROOT, 'apps/web/dist')
const webInputs = [
  'apps/web/src',
  'apps/web/build',
  'apps/web/index.html',
  'apps/web/silent-renew.html',
  'apps/web/vite.config.ts',
  'apps/web/package.json',
  'packages/release-rules/src',
  'pnpm-lock.yaml',
]
const webHash = hashOf(webInputs)
const webStamp = join(WEB_DIST, '.source-hash')
if (!force && stamp(webStamp) === webHash && existsSync(join(WEB_DIST, 'index.html'))) {
  say('web client: up to date')
} else {
  const t = Date.now()
  execFileSync('pnpm', ['-s', '--filter', '@railyard/web', 'build'], { cwd: ROOT, stdio: quiet ? 'ignore' : ['ignore', 'ignore', 'inherit'] })
  writeFileSync(webStamp, `${webHash}\n`)
  say(`web client: built into apps/web/dist in ${Date.now() - t} ms`)
}

// ---- the empty PGlite cluster every first start copies (initdb costs seconds of CPU per instance)
const TEMPLATE = join(ROOT, 'dist/pglite-template')
const requireFromDb = createRequire(join(ROOT, 'packages/db/package.json'))
const pgliteEntry = requireFromDb.resolve('@electric-sql/pglite')
let pgliteDir = dirname(pgliteEntry)
while (!existsSync(join(pgliteDir, 'package.json'))) pgliteDir = dirname(pgliteDir)
const templateHash = createHash('sha256')
  .update(pgliteDir)
  .update(readFileSync(join(pgliteDir, 'package.json')))
  .digest('hex')
const templateStamp = join(ROOT, 'dist/pglite-template.source-hash')
if (!force && stamp(templateStamp) === templateHash && existsSync(join(TEMPLATE, 'PG_VERSION'))) {
  say('PGlite template: up to date')
} else {
  const t = Date.now()
  const { PGlite } = await import(pathToFileURL(pgliteEntry).href)
  const tmp = `${TEMPLATE}.tmp-${process.pid}`
  rmSync(tmp, { recursive: true, force: true })
  const pglite = await PGlite.create(tmp)
  await pglite.close()
  rmSync(TEMPLATE, { recursive: true, force: true })
  renameSync(tmp, TEMPLATE)
  writeFileSync(templateStamp, `${templateHash}\n`)
  say(`PGlite template: initdb into dist/pglite-template in ${Date.now() - t} ms`)
}
