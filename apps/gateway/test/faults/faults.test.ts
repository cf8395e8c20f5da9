import pg from 'pg'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { DEMO_PROGRAM_KEY } from '../../src/seed/demo-seed.ts'
import { type PrivateCluster, freePort, startPrivateCluster } from './private-postgres.ts'
import { type StackProcess, startStackProcess } from './stack-process.ts'

/**
 * `pnpm test:faults`: the real multi-process stack (`pnpm start`'s supervisor and its four
 * processes) on a private PostgreSQL cluster, on loopback, bounded in time:
 *  1. PostgreSQL restarted under write load: 0 acknowledged writes lost, 0 process exits, writes
 *     succeed again within 10 s;
 *  2. one subgraph SIGKILLed under load: the gateway keeps answering (the others' data, coded
 *     errors for the dead one's fields), /readyz names it, the supervisor restarts it, ready
 *     again within 10 s;
 *  3. 20 clients × 50 conflicting updates of one plan: the final state is exactly the
 *     acknowledged successes.
 * Each prints its figures.
 */

type Body = { data?: Record<string, unknown> | null; errors?: { message: string; extensions?: Record<string, unknown> }[] }
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))

describe('faults: the real multi-process stack on a private PostgreSQL', () => {
  let cluster: PrivateCluster
  let stack: StackProcess
  let admin: string
  const figures: string[] = []

  beforeAll(async () => {
    cluster = await startPrivateCluster()
    stack = await startStackProcess({ databaseUrl: cluster.url, port: await freePort(), seed: 'demo' })
    await stack.waitFor(/^Railyard ready at /, 150_000)
    admin = await stack.token({ sub: 'pat.admin', name: 'Pat', roles: ['PROGRAM_ADMIN'] })
  }, 200_000)

  afterAll(async () => {
    for (const f of figures) console.log(f)
    const code = await stack?.stop()
    await cluster?.stop()
    // Graceful: every process drained and exited by itself (none had to be killed), then the supervisor.
    expect(stack.lines.filter((l) => /did not stop in/.test(l))).toEqual([])
    expect(stack.lines.filter((l) => /^\[supervisor\] \S+ stopped \(exit 0\)$/.test(l))).toHaveLength(4)
    expect(code).toBe(0)
  }, 60_000)

  const gql = async (query: string, variables: Record<string, unknown>, token: string) => {
    const res = await fetch(`${stack.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ query, variables }),
      signal: AbortSignal.timeout(15_000),
    })
    return { status: res.status, body: (await res.json()) as Body }
  }

  it('restarting PostgreSQL under write load loses no acknowledged write and ends no process', async () => {
    const exitsBefore = stack.exits()
    const acknowledged: string[] = []
    const failures = new Map<string, number>()
    let n = 0
    let restartedAt = 0
    let firstSuccessAfterRestart = 0
    let stop = false
    const writer = async (w: number) => {
      while (!stop) {
        const codeOf = `F${w}X${(n++).toString(36).toUpperCase()}`
        const sentAt = Date.now()
        try {
          const r = await gql(
            'mutation($i: RegisterAgencyInput!) { registerAgency(input: $i) { id code } }',
            { i: { code: codeOf, name: `Fault ${codeOf}` } },
            admin,
          )
          const got = r.body.data?.registerAgency as { code?: string } | null | undefined
          if (got?.code === codeOf) {
            acknowledged.push(codeOf)
            if (restartedAt && sentAt >= restartedAt && !firstSuccessAfterRestart) firstSuccessAfterRestart = Date.now()
          } else {
            const code = r.body.errors?.[0]?.extensions?.code
            const c = typeof code === 'string' ? code : `HTTP ${r.status}`
            failures.set(c, (failures.get(c) ?? 0) + 1)
          }
        } catch (e) {
          failures.set(`client: ${(e as Error).name}`, (failures.get(`client: ${(e as Error).name}`) ?? 0) + 1)
          await sleep(50)
        }
      }
    }
    const writers = [0, 1, 2, 3].map((w) => writer(w))
    await sleep(2000)
    const beforeRestart = acknowledged.length
    const restartAt = Date.now()
    await cluster.restart()
    restartedAt = Date.now()
    // Keep writing until writes succeed again (bounded), and a little longer.
    for (let i = 0; i < 150 && !firstSuccessAfterRestart; i++) await sleep(100)
    await sleep(2000)
    stop = true
    await Promise.all(writers)

    const list = await gql('{ agencies { code } }', {}, admin)
    const present = new Set(((list.body.data?.agencies ?? []) as { code: string }[]).map((a) => a.code))
    const lost = acknowledged.filter((c) => !present.has(c))
    const recovery = firstSuccessAfterRestart ? (firstSuccessAfterRestart - restartAt) / 1000 : Infinity
    const exits = stack.exits() - exitsBefore
    figures.push(
      `[faults] PostgreSQL restart under write load: ${acknowledged.length} writes acknowledged (${beforeRestart} before the restart), ${lost.length} lost, ` +
        `${exits} process exits; restart took ${((restartedAt - restartAt) / 1000).toFixed(1)} s, a write sent after it succeeded ${recovery.toFixed(1)} s after the restart began; ` +
        `refused meanwhile: ${[...failures].map(([c, k]) => `${k} ${c}`).join(', ') || 'none'}`,
    )
    expect(beforeRestart).toBeGreaterThan(0)
    expect(lost).toEqual([])
    expect(exits).toBe(0)
    expect(recovery).toBeLessThanOrEqual(10)
    expect([...failures.keys()].filter((c) => !['SERVICE_UNAVAILABLE', 'TIMEOUT'].includes(c))).toEqual([])
  }, 90_000)

  it('SIGKILL of a subgraph under load: the gateway keeps answering, /readyz names it, the supervisor brings it back', async () => {
    const victim = 'environment-inventory'
    const pid = stack.pid(victim)
    expect(pid).toBeTypeOf('number')
    if (!pid) return
    const exitsBefore = stack.exits(victim)
    const fromLine = stack.lines.length
    let stop = false
    let answered = 0
    let partial = 0
    let badAnswers = 0
    const reader = async () => {
      while (!stop) {
        try {
          const r = await gql(`query($k: String) { program(key: $k) { key name } environment(key: "doh-dev") { key } }`, { k: DEMO_PROGRAM_KEY }, admin)
          const program = r.body.data?.program as { key?: string } | null | undefined
          if (r.status === 200 && program?.key === DEMO_PROGRAM_KEY) {
            answered++
            if (r.body.errors?.some((e) => e.extensions?.code === 'SERVICE_UNAVAILABLE' && e.extensions.serviceName === victim)) partial++
          } else badAnswers++
        } catch {
          badAnswers++
        }
        await sleep(20)
      }
    }
    const readers = [reader(), reader(), reader()]
    await sleep(500)
    const killedAt = Date.now()
    process.kill(pid, 'SIGKILL')
    let namedInReadyz = false
    let readyAgainAt = 0
    for (let i = 0; i < 300; i++) {
      const r = await fetch(`${stack.url}/readyz`).catch(() => null)
      if (r && r.status === 503) {
        const b = (await r.json()) as { notReady?: string[] }
        if (b.notReady?.includes(victim)) namedInReadyz = true
      } else if (r && r.status === 200 && namedInReadyz) {
        readyAgainAt = Date.now()
        break
      }
      await sleep(50)
    }
    await sleep(500)
    stop = true
    await Promise.all(readers)
    const restartedPid = stack.pid(victim)
    const recovery = readyAgainAt ? (readyAgainAt - killedAt) / 1000 : Infinity
    figures.push(
      `[faults] SIGKILL ${victim} under load: ${answered} answers with the other subgraphs' data (${partial} of them with SERVICE_UNAVAILABLE for its fields), ` +
        `${badAnswers} without; /readyz named it: ${namedInReadyz}; restarted as pid ${restartedPid ?? '?'} (was ${pid}); ready again ${recovery.toFixed(1)} s after the kill`,
    )
    expect(await stack.waitFor(new RegExp(`^\\[supervisor\\] ${victim} exited \\(SIGKILL\\)`), 5000, fromLine)).toBeTruthy()
    expect(stack.exits(victim) - exitsBefore).toBe(1)
    expect(namedInReadyz).toBe(true)
    expect(restartedPid).not.toBe(pid)
    expect(recovery).toBeLessThanOrEqual(10)
    expect(partial).toBeGreaterThan(0)
    expect(badAnswers).toBe(0)
    expect(stack.exits() - stack.exits(victim)).toBe(0) // nothing else went down
  }, 90_000)

  it('20 clients × 50 conflicting updates: the final state is exactly the acknowledged successes', async () => {
    const manager = await stack.token({ sub: 'tara.dot', roles: ['AGENCY_MANAGER'], agency: 'DOT' })
    const plans = await gql(`{ agency(code: "DOT") { plans { id status revision agency { code } } } }`, {}, manager)
    expect(plans.body.errors, JSON.stringify(plans.body.errors)).toBeUndefined()
    const plan = ((plans.body.data?.agency as { plans: { id: string; status: string; revision: number; agency: { code: string } }[] }).plans ?? []).find(
      (p) => p.agency.code === 'DOT' && p.status === 'DRAFT',
    )
    expect(plan).toBeTruthy()
    if (!plan) return
    const db = new pg.Client({ connectionString: cluster.url })
    await db.connect()
    const auditCount = async () => Number((await db.query('select count(*)::int as n from agency_plans.audit_log where entity_id = $1', [plan.id])).rows[0].n)
    const auditBefore = await auditCount()
    const initial = plan.revision
    const acks: { revision: number; title: string }[] = []
    let conflicts = 0
    const other: string[] = []
    const client = async (c: number) => {
      const token = await stack.token({ sub: `client${c}.dot`, roles: ['AGENCY_MANAGER'], agency: 'DOT' })
      for (let j = 0; j < 50; j++) {
        const cur = await gql('query($id: ID!) { agencyPlan(id: $id) { revision } }', { id: plan.id }, token)
        const rev = (cur.body.data?.agencyPlan as { revision: number }).revision
        const title = `Plan edited by client ${c}, round ${j}`
        const r = await gql(
          'mutation($id: ID!, $rev: Int!, $t: String!) { updateAgencyPlan(id: $id, expectedRevision: $rev, input: { title: $t }) { revision title } }',
          { id: plan.id, rev, t: title },
          token,
        )
        const done = r.body.data?.updateAgencyPlan as { revision: number; title: string } | null | undefined
        if (done) acks.push(done)
        else if (r.body.errors?.[0]?.extensions?.code === 'CONFLICT') conflicts++
        else other.push(JSON.stringify(r.body.errors?.[0] ?? r.status))
      }
    }
    await Promise.all(Array.from({ length: 20 }, (_, c) => client(c)))
    const final = (await gql('query($id: ID!) { agencyPlan(id: $id) { revision title } }', { id: plan.id }, manager)).body.data?.agencyPlan as {
      revision: number
      title: string
    }
    const auditAfter = await auditCount()
    await db.end()
    const revisions = acks.map((a) => a.revision).sort((a, b) => a - b)
    const last = acks.reduce((m, a) => (a.revision > m.revision ? a : m), { revision: -1, title: '' })
    figures.push(
      `[faults] 20 clients × 50 conflicting updates: ${acks.length} acknowledged, ${conflicts} CONFLICT, ${other.length} other; ` +
        `revision ${initial} → ${final.revision}; audit rows +${auditAfter - auditBefore}`,
    )
    expect(other).toEqual([])
    expect(acks.length + conflicts).toBe(1000)
    expect(final.revision).toBe(initial + acks.length)
    expect(revisions).toEqual(Array.from({ length: acks.length }, (_, i) => initial + 1 + i))
    expect(final.title).toBe(last.title)
    expect(auditAfter - auditBefore).toBe(acks.length)
  }, 180_000)
})
