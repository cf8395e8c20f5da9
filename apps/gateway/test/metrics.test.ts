import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { testDbKind } from '@railyard/test-kit'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type GatewayHarness, startGatewayHarness } from './harness.ts'

/**
 * The Prometheus text format (0.0.4), strictly: `# HELP` / `# TYPE` lines, then samples
 * `name{label="value",…} number` of declared metrics (numbers as Go's ParseFloat reads them: NaN in
 * any case, ±Inf). Returns the samples.
 */
function parsePrometheus(text: string): { name: string; labels: Record<string, string>; value: number }[] {
  const types = new Map<string, string>()
  const samples: { name: string; labels: Record<string, string>; value: number }[] = []
  expect(text.endsWith('\n')).toBe(true)
  for (const line of text.split('\n')) {
    if (line === '') continue
    const meta = /^# (HELP|TYPE) ([a-zA-Z_:][a-zA-Z0-9_:]*) (.*)$/.exec(line)
    if (meta) {
      if (meta[1] === 'TYPE') {
        expect(['counter', 'gauge', 'histogram', 'summary', 'untyped']).toContain(meta[3])
        types.set(meta[2] ?? '', meta[3] ?? '')
      }
      continue
    }
    const m = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})? (-?(?:[0-9.]+(?:e[+-]?[0-9]+)?|[Nn][Aa][Nn]|[+-]?Inf))(?: -?[0-9]+)?$/.exec(line)
    if (!m) throw new Error(`not a Prometheus sample line: ${line}`)
    const name = m[1] ?? ''
    const base = name.replace(/_(bucket|sum|count|total|created)$/, '')
    expect(types.has(name) || types.has(base), `${name} has a # TYPE`).toBe(true)
    const labels: Record<string, string> = {}
    const body = m[2] ?? ''
    const re = /([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"(,|$)/g
    let consumed = 0
    for (let l = re.exec(body); l; l = re.exec(body)) {
      labels[l[1] ?? ''] = l[2] ?? ''
      consumed = re.lastIndex
    }
    expect(consumed, `labels of ${line}`).toBe(body.length)
    samples.push({ name, labels, value: Number(m[3]) })
  }
  return samples
}

describe(`/metrics on the gateway and every subgraph on ${testDbKind()}`, () => {
  let h: GatewayHarness
  let dist: string
  let admin: string
  beforeAll(async () => {
    dist = mkdtempSync(join(tmpdir(), 'railyard-dist-'))
    writeFileSync(join(dist, 'index.html'), '<!doctype html><title>app</title>')
    h = await startGatewayHarness({ webDist: dist })
    admin = await h.auth.token({ sub: 'pat.admin', roles: ['PROGRAM_ADMIN'] })
  })
  afterAll(async () => {
    await h?.close()
    rmSync(dist, { recursive: true, force: true })
  })

  const PROMETHEUS_ACCEPT = 'application/openmetrics-text;version=1.0.0,text/plain;version=0.0.4;q=0.5,*/*;q=0.1'

  it('counts operations by name and type, errors by code, and parses as Prometheus text', async () => {
    await h.gql('query MetricsProbe { programs { id } }', {}, admin)
    await h.gql('query MetricsProbe { programs { id } }', {}, admin)
    await h.gql('query NoToken { programs { id } }', {}, null) // UNAUTHENTICATED
    const res = await fetch(`${h.url}/metrics`, { headers: { accept: PROMETHEUS_ACCEPT } })
    expect(res.status).toBe(200)
    expect(res.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/)
    const samples = parsePrometheus(await res.text())
    const count = (name: string, labels: Record<string, string>) =>
      samples.filter((s) => s.name === name && Object.entries(labels).every(([k, v]) => s.labels[k] === v)).reduce((a, s) => a + s.value, 0)
    expect(count('railyard_graphql_requests_total', { service: 'gateway', operation: 'MetricsProbe', type: 'query', status: '200' })).toBe(2)
    expect(count('railyard_graphql_request_duration_seconds_count', { service: 'gateway', operation: 'MetricsProbe' })).toBe(2)
    expect(count('railyard_graphql_errors_total', { service: 'gateway', code: 'UNAUTHENTICATED' })).toBeGreaterThanOrEqual(1)
    // the subgraph behind it answered the gateway's fetch (its own pipeline, its own label)
    expect(count('railyard_graphql_requests_total', { service: 'program-strategy', type: 'query' })).toBeGreaterThanOrEqual(2)
    expect(count('railyard_http_requests_total', { service: 'gateway', method: 'POST', status: '200' })).toBeGreaterThanOrEqual(2)
    expect(samples.some((s) => s.name === 'railyard_process_cpu_seconds_total')).toBe(true)
  })

  it('answers on every subgraph port too', async () => {
    for (const url of Object.values(h.stack.urls)) {
      const res = await fetch(url.replace(/\/graphql$/, '/metrics'))
      expect(res.status).toBe(200)
      expect(parsePrometheus(await res.text()).length).toBeGreaterThan(0)
    }
  })

  it('leaves /metrics to the web client for a browser (Accept: text/html)', async () => {
    const page = await fetch(`${h.url}/metrics`, { headers: { accept: 'text/html,application/xhtml+xml,*/*;q=0.8' } })
    expect(page.status).toBe(200)
    expect(page.headers.get('content-type')).toMatch(/^text\/html/)
    expect(await page.text()).toContain('<title>app</title>')
  })
})
