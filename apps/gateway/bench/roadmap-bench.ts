// Roadmap at program scale: seeds 40 agencies × 50 releases × 3 windows through the API on a
// fresh embedded PGlite (or DATABASE_URL), then prints latency and size figures for the
// roadmap query through the gateway and straight to the agency-plans subgraph, and the
// client's render time in headless Chromium. Figures, not assertions: compare ratios in one run.
//
//   pnpm bench:roadmap [--agencies 40] [--releases 50] [--runs 10] [--no-browser]
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createTokenSigner, createTokenVerifier, generateDevKeys } from '@railyard/auth'
import { loadConfig } from '@railyard/config'
import { openServiceDb } from '@railyard/graphql-kit/start'
import { seedScale } from '../src/seed/scale-seed.ts'
import { WEB_DIST, startStack } from '../src/stack.ts'

const arg = (name: string, def: number) => {
  const i = process.argv.indexOf(`--${name}`)
  return i > 0 ? Number(process.argv[i + 1]) : def
}
const AGENCIES = arg('agencies', 40)
const RELEASES = arg('releases', 50)
const RUNS = arg('runs', 10)
const BROWSER = !process.argv.includes('--no-browser')

const ROADMAP = `query Roadmap($key: String!, $from: DateTime, $to: DateTime) {
  program(key: $key) { id key agencies { id code name plans { id title status periodStart periodEnd
    releases(from: $from, to: $to) { id name version type status currentTier schedule { tier start end } } } } } }`
const SUBGRAPH_PLANS = `query($r: [_Any!]!, $from: DateTime, $to: DateTime) { _entities(representations: $r) { ... on Program {
  plans { id title status periodStart periodEnd agency { id } releases(from: $from, to: $to) { id name version type status currentTier schedule { tier start end } } } } } }`

function stats(ms: number[]) {
  const s = [...ms].sort((a, b) => a - b)
  const q = (p: number) => s[Math.min(s.length - 1, Math.floor(p * s.length))] ?? Number.NaN
  return { p50: q(0.5), p95: q(0.95), min: s[0] ?? Number.NaN }
}

async function time(fn: () => Promise<number>) {
  const ms: number[] = []
  let bytes = 0
  await fn() // warm-up (query plans, caches)
  for (let i = 0; i < RUNS; i++) {
    const t = performance.now()
    bytes = await fn()
    ms.push(performance.now() - t)
  }
  return { ...stats(ms), bytes }
}

async function main() {
  const config = loadConfig()
  const dataDir = mkdtempSync(join(tmpdir(), 'railyard-bench-'))
  const keys = await generateDevKeys()
  const signer = await createTokenSigner(keys, 'bench', 'railyard')
  const verifier = createTokenVerifier({ kind: 'local', publicJwk: keys.publicJwk }, 'bench', 'railyard')
  console.log(`bench: ${AGENCIES} agencies × ${RELEASES} releases × 3 windows on ${config.databaseUrl ? 'PostgreSQL' : 'embedded PGlite'}`)
  const stack = await startStack({
    openDb: (name, schema, migrations) => openServiceDb({ ...config, dataDir }, name, schema, migrations),
    verifier,
    devSigner: signer,
    host: '127.0.0.1',
    ports: { gateway: 0, programStrategy: 0, agencyPlans: 0, environmentInventory: 0 },
    webDist: WEB_DIST,
  })
  try {
    const seeded = await seedScale({ graphql: stack.gateway.graphql, signer, agencies: AGENCIES, releasesPerPlan: RELEASES, log: (m) => console.log(m) })
    console.log(
      `seeded ${AGENCIES * RELEASES} releases in ${seeded.seconds.toFixed(1)} s (${((seeded.seconds * 1000) / (AGENCIES * RELEASES)).toFixed(1)} ms per release incl. plans and approvals)`,
    )
    const token = await signer.sign({ sub: 'bench.viewer', roles: ['PROGRAM_VIEWER'] })
    const post = async (url: string, query: string, variables: Record<string, unknown>) => {
      const res = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
        body: JSON.stringify({ query, variables }),
      })
      const text = await res.text()
      if (!res.ok || text.includes('"errors"')) throw new Error(`query failed: ${text.slice(0, 300)}`)
      return text.length
    }
    const gw = `${stack.gateway.url.replace('localhost', '127.0.0.1')}/graphql`
    const year = { key: seeded.programKey, from: '2026-12-01T00:00:00Z', to: '2028-01-01T00:00:00Z' }
    const quarter = { key: seeded.programKey, from: '2027-04-01T00:00:00Z', to: '2027-07-01T00:00:00Z' }
    const rep = [{ __typename: 'Program', id: seeded.programId }]
    const rows = [
      ['gateway, full year', await time(() => post(gw, ROADMAP, year))],
      ['gateway, one quarter (from/to)', await time(() => post(gw, ROADMAP, quarter))],
      ['agency-plans subgraph alone, full year', await time(() => post(stack.urls.agencyPlans, SUBGRAPH_PLANS, { r: rep, from: year.from, to: year.to }))],
      [
        'agency-plans subgraph alone, one quarter',
        await time(() => post(stack.urls.agencyPlans, SUBGRAPH_PLANS, { r: rep, from: quarter.from, to: quarter.to })),
      ],
    ] as const
    console.log(`\nroadmap query (${RUNS} runs after a warm-up; ms)`)
    console.log('what'.padEnd(44), 'p50'.padStart(8), 'p95'.padStart(8), 'min'.padStart(8), 'KB'.padStart(8))
    for (const [what, r] of rows) {
      console.log(
        what.padEnd(44),
        r.p50.toFixed(0).padStart(8),
        r.p95.toFixed(0).padStart(8),
        r.min.toFixed(0).padStart(8),
        (r.bytes / 1024).toFixed(0).padStart(8),
      )
    }
    if (BROWSER) await browserRender(stack.gateway.url, signer, seeded.programKey)
  } finally {
    await stack.stop()
    rmSync(dataDir, { recursive: true, force: true })
  }
}

async function browserRender(url: string, signer: Awaited<ReturnType<typeof createTokenSigner>>, programKey: string) {
  const { renderRoadmap } = await import('./roadmap-render.ts')
  type RenderRun = Awaited<ReturnType<typeof renderRoadmap>>['runs'][number]
  const token = await signer.sign({ sub: 'bench.viewer', name: 'Bench viewer', roles: ['PROGRAM_VIEWER'] })
  const r = await renderRoadmap({ url, token, programKey, runs: Math.min(RUNS, 5) })
  console.log(`\nroadmap render in headless Chromium (${r.runs.length} page loads; ms from navigation)`)
  const p50 = (k: keyof RenderRun) => stats(r.runs.map((x) => x[k])).p50.toFixed(0)
  console.log(
    `releases ${r.releaseCount}: data received p50 ${p50('data')}, first bars painted p50 ${p50('rendered')} (budget 1500), whole range painted p50 ${p50('complete')}, render after data p50 ${p50('render')}`,
  )
  console.log(
    `lanes ${r.lanes}, release rows in the DOM ${r.rows} (virtualised); scrolling 2 s: ${r.scroll.frames} frames, longest ${r.scroll.longestFrame.toFixed(0)} ms, ${r.scroll.jank} over 50 ms`,
  )
}

main().catch((err) => {
  console.error(err)
  process.exit(1)
})
