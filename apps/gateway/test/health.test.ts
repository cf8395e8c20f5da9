import { readFileSync } from 'node:fs'
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestAuth } from '@railyard/test-kit'
import { startGateway, type RunningGateway } from '../src/gateway.ts'
import { SUPERGRAPH_PATH } from '../src/stack.ts'

/** /healthz is 200 only when every subgraph answers; /auth/dev-token exists only in dev mode. */
describe('gateway health and auth modes', () => {
  let up: ReturnType<typeof createServer>
  let upUrl: string
  const gateways: RunningGateway[] = []
  beforeAll(async () => {
    up = createServer((req, res) => res.writeHead(req.url === '/healthz' ? 200 : 404).end('{}'))
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
      { supergraphSdl: readFileSync(SUPERGRAPH_PATH, 'utf8'), subgraphUrls: urls, verifier: auth.verifier, devSigner: dev ? auth.signer : undefined },
      0,
      '127.0.0.1',
    )
    gateways.push(g)
    return `http://127.0.0.1:${g.port}`
  }

  it('answers 503 naming the subgraph that is down', async () => {
    const url = await start({ 'program-strategy': upUrl, 'agency-plans': upUrl, 'environment-inventory': 'http://127.0.0.1:9/graphql' }, true)
    const res = await fetch(`${url}/healthz`)
    expect(res.status).toBe(503)
    const body = (await res.json()) as { ok: boolean; subgraphs: Record<string, string> }
    expect(body.ok).toBe(false)
    expect(body.subgraphs['program-strategy']).toBe('up')
    expect(body.subgraphs['environment-inventory']).toMatch(/^down/)
  })

  it('answers 200 when all answer', async () => {
    const url = await start({ 'program-strategy': upUrl, 'agency-plans': upUrl, 'environment-inventory': upUrl }, true)
    expect((await fetch(`${url}/healthz`)).status).toBe(200)
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
