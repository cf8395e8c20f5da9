import type { TokenClaims } from '@railyard/auth'
import { loadConfig } from '@railyard/config'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { SUBGRAPHS, type ScaleStack, startScaleStack } from '../../../../deploy/scale-stack.ts'
import { seedScale } from '../../src/seed/scale-seed.ts'

/**
 * `pnpm test:scale`: deploy/'s topology on the machine's PostgreSQL (a fresh railyard_scale_…
 * database, dropped afterwards) — migration job once, two replicas of each subgraph behind
 * HAProxy, the gateway — on loopback, bounded in time:
 *  1. steady load (readers across all three subgraphs, writers with Idempotency-Key), one replica
 *     of each subgraph SIGKILLed: 0 failed client requests; every killed replica restarted and back
 *     in HAProxy's rotation;
 *  2. throughput of the roadmap query with one and with two replicas per subgraph (printed).
 */

type Body = { data?: Record<string, unknown> | null; errors?: { message: string; extensions?: Record<string, unknown> }[] }
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))
// the roadmap (program-strategy, agency-plans) and the program's environments (environment-inventory)
const ROADMAP = `query Roadmap($key: String!, $from: DateTime, $to: DateTime) {
  program(key: $key) { id key environments { key } agencies { id code name plans { id title status periodStart periodEnd
    releases(from: $from, to: $to) { id name version type status currentTier schedule { tier start end } } } } } }`
const YEAR = { from: '2026-12-01T00:00:00Z', to: '2028-01-01T00:00:00Z' }

describe('scale-out: two replicas per subgraph behind HAProxy on PostgreSQL', () => {
  let stack: ScaleStack
  const figures: string[] = []
  const tokens = new Map<string, string>()
  const token = async (claims: TokenClaims) => {
    let t = tokens.get(claims.sub)
    if (!t) {
      const r = await fetch(`${stack.url}/auth/dev-token`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(claims) })
      if (!r.ok) throw new Error(`dev token: HTTP ${r.status}`)
      t = ((await r.json()) as { token: string }).token
      tokens.set(claims.sub, t)
    }
    return t
  }
  const gql = async (query: string, variables: Record<string, unknown>, bearer: string, headers: Record<string, string> = {}) => {
    const res = await fetch(`${stack.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${bearer}`, ...headers },
      body: JSON.stringify({ query, variables }),
      signal: AbortSignal.timeout(20_000),
    })
    return { status: res.status, body: (await res.json()) as Body }
  }
  let programKey = ''
  const environmentIds: string[] = []
  const integration: TokenClaims = { sub: 'ag01-cmdb', name: 'AG01 CMDB', roles: ['INTEGRATION'], agency: 'AG01', scopes: ['graph:read', 'inventory:report'] }
  const admin: TokenClaims = { sub: 'scale.admin', roles: ['PROGRAM_ADMIN'] }

  beforeAll(async () => {
    const postgresUrl = loadConfig().testDatabaseUrl ?? 'postgres://postgres@127.0.0.1:5432/postgres'
    stack = await startScaleStack({ postgresUrl, replicas: 2 })
    for (const l of stack.lines.filter((x) => /^\[(migrate|scale)\]/.test(x))) figures.push(l)
    // A small program through the public API: 4 agencies × 10 releases × 3 tier windows.
    const seeded = await seedScale({
      graphql: async (query, variables, bearer) => (await gql(query, variables, bearer)).body as never,
      signer: { sign: (claims) => token(claims) },
      agencies: 4,
      releasesPerPlan: 10,
    })
    programKey = seeded.programKey
    const p = await gql(`query($key: String) { program(key: $key) { id agencies { id code } } }`, { key: programKey }, await token(admin))
    const program = p.body.data?.program as { id: string; agencies: { id: string; code: string }[] }
    const ag01 = program.agencies.find((a) => a.code === 'AG01')
    const manager: TokenClaims = { sub: 'ag01.manager', roles: ['AGENCY_MANAGER'], agency: 'AG01' }
    for (const tier of ['DEV', 'TEST', 'PROD']) {
      const r = await gql(
        `mutation($input: RegisterEnvironmentInput!) { registerEnvironment(input: $input) { id } }`,
        {
          input: {
            key: `ag01-${tier.toLowerCase()}`,
            name: `AG01 ${tier}`,
            tier,
            programId: program.id,
            agencyId: ag01?.id,
            url: `https://ag01-${tier.toLowerCase()}.example.gov`,
          },
        },
        await token(manager),
      )
      expect(r.body.errors).toBeUndefined()
      environmentIds.push((r.body.data?.registerEnvironment as { id: string }).id)
    }
  }, 240_000)

  afterAll(async () => {
    for (const f of figures) console.log(`[scale] ${f}`)
    await stack?.stop()
  }, 60_000)

  /** `clients` loops until `until()` says stop; each request is one read (or every 4th, a write with an Idempotency-Key). */
  async function load(o: { clients: number; until: () => boolean; writes: boolean }) {
    const failures: string[] = []
    let reads = 0
    let writes = 0
    const adminToken = await token(admin)
    const integToken = await token(integration)
    let n = 0
    const client = async (c: number) => {
      while (!o.until()) {
        const i = n++
        const write = o.writes && i % 4 === 3
        try {
          const r = write
            ? await gql(
                `mutation($e: ID!, $items: [ConfigItemInput!]!) { reportEnvironmentState(environmentId: $e, items: $items) { inSync } }`,
                { e: environmentIds[i % environmentIds.length], items: [{ key: 'load.counter', value: String(i) }] },
                integToken,
                { 'idempotency-key': `scale-${c}-${i}` },
              )
            : await gql(ROADMAP, { key: programKey, ...YEAR }, adminToken)
          if (r.status !== 200 || r.body.errors?.length) failures.push(`HTTP ${r.status} ${JSON.stringify(r.body.errors?.[0] ?? {}).slice(0, 200)}`)
          else if (write) writes++
          else reads++
        } catch (err) {
          failures.push(`${write ? 'write' : 'read'}: ${(err as Error).message}`)
        }
      }
    }
    const t0 = performance.now()
    await Promise.all(Array.from({ length: o.clients }, (_, c) => client(c)))
    return { reads, writes, failures, seconds: (performance.now() - t0) / 1000 }
  }

  it('a SIGKILLed replica of each subgraph costs no client request, and is restarted', async () => {
    const before = await stack.haproxyStats()
    const victims = SUBGRAPHS.map((s) => `${s.name}-1`)
    const pids = new Map(victims.map((v) => [v, stack.pid(v)]))
    let stop = false
    const running = load({ clients: 4, until: () => stop, writes: true })
    await sleep(3000)
    const killedAt = performance.now()
    for (const v of victims) stack.kill(v)
    const back = await Promise.all(
      victims.map(async (v) => {
        // restarted by the supervisor (a new process), then ready and back in HAProxy's rotation
        while (stack.pid(v) === undefined || stack.pid(v) === pids.get(v)) await sleep(50)
        await stack.waitUp(v, 60_000)
        return (performance.now() - killedAt) / 1000
      }),
    )
    await sleep(3000) // and traffic on the restarted replicas
    stop = true
    const r = await running
    const after = await stack.haproxyStats()
    const sum = (rows: typeof after, k: 'retries' | 'redispatches') =>
      rows.filter((x) => x.server !== 'FRONTEND' && x.server !== 'BACKEND').reduce((a, x) => a + x[k], 0)
    figures.push(
      `kill test: ${r.reads} reads + ${r.writes} writes (Idempotency-Key) in ${r.seconds.toFixed(1)} s by 4 clients; ${r.failures.length} failed; ` +
        `killed ${victims.join(', ')}; back in rotation after ${back.map((s) => s.toFixed(1)).join(' / ')} s; ` +
        `HAProxy retried ${sum(after, 'retries') - sum(before, 'retries')} and redispatched ${sum(after, 'redispatches') - sum(before, 'redispatches')} requests`,
    )
    expect(r.failures.slice(0, 5)).toEqual([])
    expect(r.reads).toBeGreaterThan(0)
    expect(r.writes).toBeGreaterThan(0)
    for (const v of victims) {
      expect(stack.pid(v)).toBeDefined()
      expect(stack.pid(v)).not.toBe(pids.get(v))
    }
    expect(stack.lines.filter((l) => /^\[supervisor\] \S+-1 exited \(SIGKILL\); restarting/.test(l))).toHaveLength(victims.length)
  }, 120_000)

  it('measures the roadmap throughput with one and with two replicas per subgraph', async () => {
    const run = async () => {
      const until = performance.now() + 6000
      const r = await load({ clients: 8, until: () => performance.now() > until, writes: false })
      expect(r.failures).toEqual([])
      return r.reads / r.seconds
    }
    const second = SUBGRAPHS.map((s) => `${s.name}-2`)
    for (const s of second) await stack.setInRotation(s, false)
    await sleep(500)
    const one = await run()
    for (const s of second) await stack.setInRotation(s, true)
    await Promise.all(second.map((s) => stack.waitUp(s, 10_000)))
    const two = await run()
    figures.push(
      `roadmap (4 × 10, full year) at 8 clients: one replica per subgraph ${one.toFixed(1)} req/s, two ${two.toFixed(1)} req/s (× ${(two / one).toFixed(2)}; the gateway, HAProxy and the load share the same cores)`,
    )
    expect(one).toBeGreaterThan(0)
    expect(two).toBeGreaterThan(0)
  }, 60_000)
})
