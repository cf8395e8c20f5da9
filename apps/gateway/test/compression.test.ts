// Compression on the wire: GraphQL responses, exports and the web client's files go out gzip- or
// brotli-compressed by Accept-Encoding; content-hashed assets are cached for a year, the HTML
// pages revalidated. Bytes are counted on the raw socket (fetch would decompress them).
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { request } from 'node:http'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { brotliDecompressSync, gunzipSync } from 'node:zlib'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { mountExports } from '../src/exports/routes.ts'
import { seedScale } from '../src/seed/scale-seed.ts'
import { type GatewayHarness, startGatewayHarness } from './harness.ts'

const ROADMAP = `query Roadmap($key: String!) {
  program(key: $key) { id key agencies { id code name plans { id title status periodStart periodEnd
    releases { id name version type status currentTier schedule { tier start end } } } } } }`

interface Raw {
  status: number
  headers: Record<string, string | string[] | undefined>
  /** the body as it came over the socket */
  wire: Buffer
  /** the body decoded by its Content-Encoding */
  text: string
}

function raw(url: string, o: { method?: string; headers?: Record<string, string>; body?: string } = {}): Promise<Raw> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method: o.method ?? 'GET', headers: o.headers }, (res) => {
      const chunks: Buffer[] = []
      res.on('data', (c: Buffer) => chunks.push(c))
      res.on('error', reject)
      res.on('end', () => {
        const wire = Buffer.concat(chunks)
        const enc = res.headers['content-encoding']
        const plain = enc === 'br' ? brotliDecompressSync(wire) : enc === 'gzip' ? gunzipSync(wire) : wire
        resolve({ status: res.statusCode ?? 0, headers: res.headers, wire, text: plain.toString('utf8') })
      })
    })
    req.on('error', reject)
    req.end(o.body)
  })
}

let h: GatewayHarness
let token: string
let dist: string
const HASHED = 'assets/main-Ab3dE_f9.js'

beforeAll(async () => {
  dist = mkdtempSync(join(tmpdir(), 'railyard-dist-'))
  mkdirSync(join(dist, 'assets'))
  writeFileSync(join(dist, 'index.html'), `<!doctype html><title>app</title><script type="module" src="/${HASHED}"></script>`)
  writeFileSync(join(dist, 'silent-renew.html'), '<!doctype html><title>renew</title>')
  writeFileSync(join(dist, HASHED), Array.from({ length: 400 }, (_, i) => `export const value${i} = ${i} * 2;`).join('\n'))
  h = await startGatewayHarness({ webDist: dist, routes: mountExports })
  await seedScale({ graphql: h.stack.gateway.graphql, signer: h.auth.signer, agencies: 4, releasesPerPlan: 25 })
  token = await h.auth.signer.sign({ sub: 'viewer', roles: ['PROGRAM_VIEWER'] })
}, 180_000)

afterAll(async () => {
  await h?.close()
  rmSync(dist, { recursive: true, force: true })
})

describe('compression', () => {
  const roadmap = (acceptEncoding?: string) =>
    raw(`${h.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}`, ...(acceptEncoding ? { 'accept-encoding': acceptEncoding } : {}) },
      body: JSON.stringify({ query: ROADMAP, variables: { key: 'SCALE' } }),
    })

  it('sends the full-year roadmap in at most 20 % of its JSON size, brotli or gzip by Accept-Encoding', async () => {
    const plain = await roadmap()
    expect(plain.status).toBe(200)
    expect(plain.headers['content-encoding']).toBeUndefined()
    const json = JSON.parse(plain.text) as { data: { program: { agencies: { plans: { releases: unknown[] }[] }[] } }; errors?: unknown }
    expect(json.errors).toBeUndefined()
    expect(json.data.program.agencies.flatMap((a) => a.plans.flatMap((p) => p.releases))).toHaveLength(100)

    const br = await roadmap('gzip, deflate, br')
    expect(br.headers['content-encoding']).toBe('br')
    expect(br.headers.vary).toMatch(/accept-encoding/i)
    expect(br.text).toBe(plain.text)
    expect(br.wire.length).toBeLessThanOrEqual(0.2 * plain.wire.length)

    const gzip = await roadmap('gzip')
    expect(gzip.headers['content-encoding']).toBe('gzip')
    expect(gzip.text).toBe(plain.text)
    expect(gzip.wire.length).toBeLessThanOrEqual(0.2 * plain.wire.length)
    console.log(`[compression] roadmap 4×25 full year: JSON ${plain.wire.length} B, brotli ${br.wire.length} B, gzip ${gzip.wire.length} B`)

    // errors are compressed the same way, and keep their status
    const refused = await raw(`${h.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'accept-encoding': 'br' },
      body: JSON.stringify({ query: `{ ${'__typename '.repeat(200)}}` }),
    })
    expect(refused.status).toBe(401)
    expect(JSON.parse(refused.text)).toMatchObject({ errors: [{ extensions: { code: 'UNAUTHENTICATED' } }] })
  })

  it('compresses exports', async () => {
    const plain = await raw(`${h.url}/exports/SCALE/roadmap.csv`, { headers: { authorization: `Bearer ${token}` } })
    expect(plain.status).toBe(200)
    expect(plain.wire.length).toBeGreaterThan(1024)
    const gz = await raw(`${h.url}/exports/SCALE/roadmap.csv`, { headers: { authorization: `Bearer ${token}`, 'accept-encoding': 'gzip' } })
    expect(gz.headers['content-encoding']).toBe('gzip')
    expect(gz.text).toBe(plain.text)
    expect(gz.wire.length).toBeLessThan(plain.wire.length / 2)
  })

  it('caches content-hashed assets immutably and compresses them; the HTML pages are revalidated', async () => {
    const asset = await raw(`${h.url}/${HASHED}`, { headers: { 'accept-encoding': 'br' } })
    expect(asset.status).toBe(200)
    expect(asset.headers['cache-control']).toBe('public, max-age=31536000, immutable')
    expect(asset.headers['content-encoding']).toBe('br')
    expect(asset.text).toContain('export const value399')
    for (const path of ['/', '/plans', '/index.html', '/silent-renew.html']) {
      const page = await raw(`${h.url}${path}`, { headers: { accept: 'text/html' } })
      expect(page.status, path).toBe(200)
      expect(page.headers['cache-control'], path).toBe('no-cache')
    }
    // small bodies are not worth compressing
    const health = await raw(`${h.url}/healthz`, { headers: { 'accept-encoding': 'br, gzip' } })
    expect(health.headers['content-encoding']).toBeUndefined()
  })
})
