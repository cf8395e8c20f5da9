import { readFileSync } from 'node:fs'
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestAuth } from '@railyard/test-kit'
import { loadConfig } from '@railyard/config'
import { engineFor, startGateway, type RunningGateway } from '../src/gateway.ts'
import { SUPERGRAPH_PATH } from '../src/stack.ts'

/** /healthz: the process is alive; /readyz: 200 only when every subgraph is ready, else 503 naming what is not; /auth/dev-token exists only in dev mode. */
describe('gateway health and auth modes', () => {
  let up: ReturnType<typeof createServer>
  let upUrl: string
  const gateways: RunningGateway[] = []
  /** /readyz probes the upstream answered, and whether it answers them as ready. */
  let probes = 0
  let upReady = true
  beforeAll(async () => {
    up = createServer((req, res) => {
      if (req.url === '/readyz') probes++
      const ok = req.url === '/healthz' || (req.url === '/readyz' && upReady)
      res.writeHead(ok ? 200 : req.url === '/readyz' ? 503 : 404).end('{}')
    })
    await new Promise<void>((r) => up.listen(0, '127.0.0.1', r))
    upUrl = `http://127.0.0.1:${(up.address() as AddressInfo).port}/graphql`
  })
  afterAll(async () => {
    for (const g of gateways) await g.stop()
    up.close()
  })

  const start = async (urls: Record<string, string>, dev: boolean) => {
    const auth = await createTestAuth()
    const g = await startGateway(
      {
        supergraphSdl: readFileSync(SUPERGRAPH_PATH, 'utf8'),
        subgraphUrls: urls,
        verifier: auth.verifier,
        devSigner: dev ? auth.signer : undefined,
        engine: engineFor(loadConfig().gatewayEngine),
      },
      0,
      '127.0.0.1',
    )
    gateways.push(g)
    return `http://127.0.0.1:${g.port}`
  }

  it('answers /readyz 503 naming the subgraph that is down, while /healthz says the gateway is alive', async () => {
    const url = await start({ 'program-strategy': upUrl, 'agency-plans': upUrl, 'environment-inventory': 'http://127.0.0.1:9/graphql' }, true)
    const res = await fetch(`${url}/readyz`)
    expect(res.status).toBe(503)
    const body = (await res.json()) as { ready: boolean; notReady: string[]; checks: Record<string, string>; errors: { extensions: { code: string } }[] }
    expect(body.ready).toBe(false)
    expect(body.notReady).toEqual(['environment-inventory'])
    expect(body.checks['program-strategy']).toBe('ready')
    expect(body.checks['environment-inventory']).toBe('down')
    expect(body.errors[0]?.extensions.code).toBe('SERVICE_UNAVAILABLE')
    const alive = await fetch(`${url}/healthz`)
    expect(alive.status).toBe(200)
    expect(await alive.json()).toEqual({ ok: true, service: 'gateway' })
  })

  it('answers /readyz 200 when all are ready', async () => {
    const url = await start({ 'program-strategy': upUrl, 'agency-plans': upUrl, 'environment-inventory': upUrl }, true)
    const res = await fetch(`${url}/readyz`)
    expect(res.status).toBe(200)
    expect(await res.json()).toEqual({ ready: true, checks: { 'program-strategy': 'ready', 'agency-plans': 'ready', 'environment-inventory': 'ready' } })
  })

  it('probes the subgraphs once for concurrent /readyz requests, reuses an all-ready round briefly, and never a not-ready one', async () => {
    const url = await start({ 'program-strategy': upUrl, 'agency-plans': upUrl, 'environment-inventory': upUrl }, true)
    await new Promise((r) => setTimeout(r, 600)) // past any round made while starting
    const before = probes
    const answers = await Promise.all(Array.from({ length: 10 }, () => fetch(`${url}/readyz`)))
    expect(answers.map((r) => r.status)).toEqual(Array.from({ length: 10 }, () => 200))
    expect(probes - before).toBe(3) // one round: one probe per subgraph
    expect((await fetch(`${url}/readyz`)).status).toBe(200)
    expect(probes - before).toBe(3) // answered from that round
    upReady = false
    try {
      await new Promise((r) => setTimeout(r, 600)) // the round has expired
      const down = await fetch(`${url}/readyz`)
      expect(down.status).toBe(503)
      expect(((await down.json()) as { notReady: string[] }).notReady).toEqual(['agency-plans', 'environment-inventory', 'program-strategy'])
      const afterDown = probes
      upReady = true
      // a round that found a subgraph not ready is not reused: it is seen ready again at once
      expect((await fetch(`${url}/readyz`)).status).toBe(200)
      expect(probes - afterDown).toBe(3)
    } finally {
      upReady = true
    }
  })

  it('has no /auth/dev-token outside dev mode (OIDC)', async () => {
    const url = await start({ 'program-strategy': upUrl, 'agency-plans': upUrl, 'environment-inventory': upUrl }, false)
    const res = await fetch(`${url}/auth/dev-token`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ sub: 'x', roles: ['PROGRAM_ADMIN'] }),
    })
    expect(res.status).toBe(404)
    // and without sign-in settings it offers no way to sign in
    expect((await fetch(`${url}/auth/config`)).status).toBe(404)
  })
})
