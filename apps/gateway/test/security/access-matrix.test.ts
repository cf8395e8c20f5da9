import { randomUUID } from 'node:crypto'
import { getNamedType } from 'graphql'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type TokenClaims, createTokenSigner, generateDevKeys } from '@railyard/auth'
import { TEST_AUDIENCE, TEST_ISSUER, testDbKind } from '@railyard/test-kit'
import { demoPersonas } from '../../src/seed/demo-personas.ts'
import { type GatewayHarness, startGatewayHarness } from '../harness.ts'
import { type DocTemplate, entityTemplates, rootTemplates } from './matrix-docs.ts'
import { type Finding, GroundTruth, type PersonaModel, canRead, findLeaks, normalized } from './matrix-model.ts'
import { type SubgraphName, type ValueContext, apiSchema, deepestWithinLimits, selection, subgraphSchemas } from './schema-ops.ts'
import { dbFingerprint, pool, rowSnapshot, rowsNotOwnedBy } from './security-kit.ts'

/**
 * The cross-agency access matrix (issue 9), generated from the composed schema: every root
 * query field, every mutation, every nested field (in groups that fit the limits) and
 * `_entities` of every entity type, for every persona — each agency role of DOH and DOT, the
 * program roles, integrations with and without each scope, and bad tokens — through the gateway
 * and straight at each subgraph, against the demo data (plans in every state, restricted
 * fields, approved plans). It counts leaks (an object the persona may not see, a non-roadmap
 * field of another agency's plan), foreign writes (any mutation that succeeds; every table
 * compared before and after) and oracles (a refusal that differs between an existing hidden
 * id and one that does not exist).
 */

interface Persona {
  name: string
  model: PersonaModel
  token: string | null
  /** The token's subject (null for bad tokens): the owner of what a self-service mutation writes. */
  sub: string | null
  /** A bad token: every answer must be UNAUTHENTICATED and carry no data. */
  bad?: boolean
  /** May write something somewhere (its own agency's targets are left out of the mutations). */
  writer: boolean
}

type Kind = 'own' | 'foreign' | 'hidden' | 'missing'
const KINDS: Kind[] = ['own', 'foreign', 'hidden', 'missing']

const b64 = (o: unknown) => Buffer.from(JSON.stringify(o)).toString('base64url')

async function personas(h: GatewayHarness): Promise<Persona[]> {
  const claims: [string, TokenClaims, boolean][] = []
  for (const code of ['DOH', 'DOT'] as const) {
    claims.push([`${code} manager`, demoPersonas.manager(code), true])
    claims.push([`${code} member`, demoPersonas.member(code), true])
    claims.push([`${code} viewer`, { sub: `viewer.${code.toLowerCase()}`, name: `${code} viewer`, roles: ['AGENCY_VIEWER'], agency: code }, false])
  }
  claims.push(['program admin', demoPersonas.admin, true], ['program viewer', demoPersonas.viewer, false])
  const integration = (sub: string, scopes: string[], agency?: string): TokenClaims => ({
    sub,
    name: sub,
    roles: ['INTEGRATION'],
    scopes,
    ...(agency ? { agency } : {}),
  })
  claims.push(
    ['integration graph:read (program-wide)', integration('ci-read', ['graph:read']), false],
    ['DOH integration graph:read', integration('doh-read', ['graph:read'], 'DOH'), false],
    ['DOH integration inventory:report', integration('doh-report', ['inventory:report'], 'DOH'), true],
    ['DOH integration deployments:write', integration('doh-deploy', ['deployments:write'], 'DOH'), true],
    ['DOH integration without scopes', integration('doh-none', [], 'DOH'), false],
  )
  const out: Persona[] = []
  for (const [name, c, writer] of claims)
    out.push({ name, model: { roles: c.roles, agency: c.agency ?? undefined, scopes: c.scopes }, token: await h.auth.token(c), sub: c.sub, writer })
  const admin = demoPersonas.admin as TokenClaims
  const valid = await h.auth.token(admin)
  const [head, payload] = valid.split('.')
  const foreignSigner = await createTokenSigner(await generateDevKeys(), TEST_ISSUER, TEST_AUDIENCE)
  const bad: [string, string | null][] = [
    ['no token', null],
    ['expired token', await h.auth.signer.sign(admin, { expiresIn: '-1h' })],
    ['token signed by a foreign key', await foreignSigner.sign(admin)],
    ['alg: none token', `${b64({ alg: 'none', typ: 'JWT' })}.${payload}.`],
    [
      'tampered token',
      `${head}.${b64({ ...JSON.parse(Buffer.from(payload ?? '', 'base64url').toString()), sub: 'mallory', agency: 'DOT' })}.${valid.split('.')[2]}`,
    ],
  ]
  for (const [name, token] of bad) out.push({ name, model: { roles: [] }, token, sub: null, bad: true, writer: false })
  return out
}

/** Picks targets of one kind for one persona; records what it sent. */
class Targets implements ValueContext {
  readonly sent: string[] = []
  usedHidden = false
  unsatisfied = false
  private lastRevision = 1
  constructor(
    private truth: GroundTruth,
    private p: Persona,
    private kind: Kind,
    private salt: number,
  ) {}

  ref(typeName: string, want: 'id' | 'key' | 'code'): string | undefined {
    const home = this.p.model.agency ?? 'DOH'
    const all = [...this.truth.objects.values()].filter((o) => o.typename === typeName && (want === 'id' || o[want])).sort((a, b) => a.id.localeCompare(b.id))
    if (all.length === 0) return undefined
    if (this.kind === 'missing') {
      const v = want === 'id' ? randomUUID() : `no-such-${randomUUID().slice(0, 8)}`
      this.sent.push(v)
      return v
    }
    const ownable = typeName === 'Agency' || all.some((o) => [...o.owners].some((w) => w !== 'public'))
    const isOwn = (o: (typeof all)[number]) =>
      typeName === 'Agency' ? o.code === home : [...o.owners].some((w) => w !== 'public' && this.truth.agencyOf(w) === home)
    const visible = (o: (typeof all)[number]) => this.truth.visibleTo(this.p.model, o)
    const pick = ownable
      ? all.filter((o) =>
          this.kind === 'own' ? isOwn(o) : this.kind === 'foreign' ? !isOwn(o) && visible(o) : !isOwn(o) && (typeName === 'Agency' || !visible(o)),
        )
      : all
    const o = pick[this.salt % Math.max(pick.length, 1)]
    if (!o) {
      this.unsatisfied = true
      return undefined
    }
    if (ownable && typeName !== 'Agency' && !visible(o)) this.usedHidden = true
    if (o.revision !== undefined) this.lastRevision = o.revision
    const v = want === 'id' ? o.id : (o[want] ?? o.id)
    this.sent.push(v)
    return v
  }

  revision(): number {
    return this.lastRevision
  }
}

interface Attempt {
  persona: Persona
  route: 'gateway' | SubgraphName
  template: DocTemplate
  kind: Kind
  /** A self-service mutation: it may succeed, but only on rows of the actor's own (checked row by row). */
  selfService?: boolean
}

describe(`cross-agency access matrix on ${testDbKind()}`, () => {
  let h: GatewayHarness
  let people: Persona[]
  const truth = new GroundTruth()
  const findings: Finding[] = []
  const answers = new Map<string, { body: string; refs: string[]; usedHidden: boolean }>()
  let attempts = 0
  const seen = new Set<string>()
  const subgraphs = subgraphSchemas()
  const url = (route: Attempt['route']) =>
    route === 'gateway'
      ? `${h.url}/graphql`
      : h.stack.urls[
          ({ 'program-strategy': 'programStrategy', 'agency-plans': 'agencyPlans', 'environment-inventory': 'environmentInventory' } as const)[route]
        ]

  async function send(
    route: Attempt['route'],
    token: string | null,
    doc: { query: string; variables?: Record<string, unknown> },
    retry = true,
  ): Promise<{ status: number; body: string }> {
    try {
      const res = await fetch(url(route), {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
        body: JSON.stringify({ query: doc.query, variables: doc.variables ?? {} }),
      })
      return { status: res.status, body: await res.text() }
    } catch (e) {
      // a keep-alive socket the server closed just as it was reused: once more on a new connection
      if (retry) return send(route, token, doc, false)
      throw e
    }
  }

  async function run(a: Attempt, salt: number): Promise<void> {
    const t = new Targets(truth, a.persona, a.kind, salt)
    const doc = a.template.build(t)
    if (t.unsatisfied) return
    // the same document again for the same persona and route (a field without targets) is no new attempt
    const seenKey = `${a.route}|${a.persona.name}|${JSON.stringify(doc)}`
    if (a.kind !== 'missing' && seen.has(seenKey)) return
    seen.add(seenKey)
    attempts++
    const { status, body } = await send(a.route, a.persona.token, doc)
    const where = `${a.template.key} [${a.kind}]`
    const record = (kind: Finding['kind'], what: string) => findings.push({ kind, persona: a.persona.name, route: a.route, what: `${where}: ${what}` })
    if (status >= 500 || body.includes('INTERNAL_SERVER_ERROR')) record('server error', `HTTP ${status} ${body.slice(0, 300)}`)
    let parsed: { data?: Record<string, unknown> | null; errors?: { extensions?: { code?: string } }[] }
    try {
      parsed = JSON.parse(body) as typeof parsed
    } catch {
      record('server error', `not JSON: ${body.slice(0, 200)}`)
      return
    }
    if (a.persona.bad) {
      const data = parsed.data ? Object.values(parsed.data).filter((v) => v !== null) : []
      if (data.length > 0 || parsed.errors?.[0]?.extensions?.code !== 'UNAUTHENTICATED') record('leak', `answered a bad token: ${body.slice(0, 200)}`)
      return
    }
    for (const leak of findLeaks(truth, a.persona.model, hiddenOf(a.persona), body, t.sent)) record('leak', leak)
    if (a.template.operation === 'mutation' && !a.selfService && parsed.data && Object.values(parsed.data).some((v) => v !== null && v !== false)) {
      record('foreign write', body.slice(0, 300))
    }
    if (a.kind === 'hidden' || a.kind === 'missing') {
      answers.set(`${a.route}|${a.persona.name}|${a.template.key}|${a.kind}`, { body, refs: t.sent, usedHidden: t.usedHidden })
    }
  }

  const hidden = new Map<string, Set<string>>()
  const hiddenOf = (p: Persona) => {
    let s = hidden.get(p.name)
    if (!s) hidden.set(p.name, (s = truth.hiddenIds(p.model)))
    return s
  }

  /** Every template × persona × kind on one route (mutations leave out what a writer may legitimately write). */
  function attemptsFor(route: Attempt['route'], templates: DocTemplate[]): Attempt[] {
    const out: Attempt[] = []
    for (const template of templates) {
      for (const persona of people) {
        if (persona.bad) {
          out.push({ persona, route, template, kind: 'missing' })
          continue
        }
        if (template.operation === 'mutation' && persona.model.roles.includes('PROGRAM_ADMIN')) continue
        for (const kind of KINDS) {
          if (template.operation === 'mutation' && kind === 'own' && persona.writer) continue
          out.push({ persona, route, template, kind })
        }
      }
    }
    return out
  }

  beforeAll(async () => {
    const t0 = performance.now()
    h = await startGatewayHarness({ seed: true, releasesPerPlan: 1 })
    console.log(`[security] stack seeded in ${((performance.now() - t0) / 1000).toFixed(1)} s`)
    people = await personas(h)
    const admin = people.find((p) => p.name === 'program admin')?.token ?? null
    // Ground truth: everything the program office reaches from the directory, then each plan, release and environment.
    const crawlErrors = new Map<string, number>()
    const crawl = async (query: string) => {
      const { body } = await send('gateway', admin, { query })
      const parsed = JSON.parse(body) as { data?: never; errors?: { extensions?: { code?: string } }[] }
      for (const e of parsed.errors ?? []) crawlErrors.set(String(e.extensions?.code), (crawlErrors.get(String(e.extensions?.code)) ?? 0) + 1)
      truth.add(parsed.data)
    }
    // The skeleton of the data (ids, owners, statuses, the lists that hold them) as the program
    // office sees it, generated from the schema too: cheap, and independent of computed fields.
    const skeleton = new Set(['id', 'key', 'code', 'status', 'revision', 'agency', 'plan', 'program', 'environment', 'release', 'baseline', 'lastReport'])
    const skip = (_t: string, f: string) => (!skeleton.has(f) && !/s$/.test(f)) || f === 'risks' || f === 'cycles'
    const none: ValueContext = { ref: () => undefined, revision: () => 1 }
    for (const root of ['programs', 'agencies'] as const) {
      const type = apiSchema.getQueryType()?.getFields()[root]?.type
      const named = type ? getNamedType(type) : undefined
      const doc = named && deepestWithinLimits(apiSchema, (d) => `{ ${root} ${selection(apiSchema, named, d, none, skip)} }`, 5)
      if (doc) await crawl(doc)
    }
    for (const [root, typename] of [
      ['agencyPlan', 'AgencyReleasePlan'],
      ['environment', 'Environment'],
    ] as const) {
      const type = apiSchema.getType(typename)
      if (!type) continue
      for (const o of [...truth.objects.values()].filter((x) => x.typename === typename)) {
        const doc = deepestWithinLimits(apiSchema, (d) => `{ ${root}(id: "${o.id}") ${selection(apiSchema, type, d, none, skip)} }`, 4)
        if (doc) await crawl(doc)
      }
    }
    if (crawlErrors.size) console.log(`[security] ground-truth errors: ${JSON.stringify(Object.fromEntries(crawlErrors))}`)
    console.log(`[security] ground truth: ${truth.objects.size} objects in ${((performance.now() - t0) / 1000).toFixed(1)} s`)
  }, 600_000)
  afterAll(async () => h?.close())

  it('finds no leak, no foreign write and no oracle for any persona, field or route', async () => {
    const dohDraft = [...truth.plans.values()].filter((p) => p.status !== 'APPROVED')
    expect(truth.plans.size, 'the ground truth holds the seeded plans').toBeGreaterThanOrEqual(6)
    expect(dohDraft.some((p) => p.agency === 'DOT' && p.status === 'DRAFT')).toBe(true)
    expect(people.filter((p) => !p.bad && !canRead(p.model)).length).toBeGreaterThan(0)

    const queryAttempts = [
      ...attemptsFor('gateway', rootTemplates(apiSchema, 'query')),
      ...subgraphs.flatMap((s) => {
        const skip = (t: string, f: string) => s.notFromReference.has(`${t}.${f}`)
        return attemptsFor(s.name, [...rootTemplates(s.schema, 'query', skip), ...entityTemplates(s.schema, s.entities, skip)])
      }),
    ]
    const t0 = performance.now()
    await pool(queryAttempts, 6, (a, i) => run(a, i))
    console.log(`[security] ${queryAttempts.length} query attempts in ${((performance.now() - t0) / 1000).toFixed(1)} s`)

    const before = await dbFingerprint(h.stack.dbs)
    // Self-service mutations (read marks, preferences and settings, a calendar feed of what the actor may already
    // read, saved roadmap views) may succeed for every reader, on the actor's own rows only: each persona's attempts run
    // alone and every row they add, change or remove must carry the persona's subject (its
    // subject, creator, actor or audience column); a bad token may change nothing.
    const selfService = new Set([
      'markNotificationsRead',
      'setNotificationPreferences',
      'createCalendarFeed',
      'saveView',
      'updateView',
      'deleteView',
      'setNotificationSettings',
    ])
    const mutationFields = [
      ...rootTemplates(apiSchema, 'mutation').map((t) => ['gateway', t] as const),
      ...subgraphs.flatMap((s) => rootTemplates(s.schema, 'mutation').map((t) => [s.name, t] as const)),
    ]
    const byField = new Map<string, Attempt[]>()
    for (const [route, t] of mutationFields) {
      const list = byField.get(t.field) ?? []
      if (selfService.has(t.field)) {
        for (const persona of people)
          for (const kind of persona.bad ? (['missing'] as const) : KINDS) list.push({ persona, route, template: t, kind, selfService: true })
      } else list.push(...attemptsFor(route, [t]))
      byField.set(t.field, list)
    }
    let last = before
    let selfServiceAttempts = 0
    for (const [field, list] of byField) {
      if (selfService.has(field)) {
        let rows = await rowSnapshot(h.stack.dbs)
        for (const persona of people) {
          const mine = list.filter((a) => a.persona === persona)
          await pool(mine, 6, (a, i) => run(a, i))
          selfServiceAttempts += mine.length
          const now = await rowSnapshot(h.stack.dbs)
          for (const what of rowsNotOwnedBy(rows, now, persona.sub))
            findings.push({ kind: 'foreign write', persona: persona.name, route: '*', what: `${field}: ${what}` })
          rows = now
        }
        last = await dbFingerprint(h.stack.dbs)
        continue
      }
      await pool(list, 6, (a, i) => run(a, i))
      const now = await dbFingerprint(h.stack.dbs)
      for (const [table, hash] of Object.entries(now)) {
        if (last[table] !== hash) findings.push({ kind: 'foreign write', persona: '*', route: '*', what: `${field} changed ${table}` })
      }
      last = now
    }
    expect(selfServiceAttempts, 'the self-service mutations ran for every persona').toBeGreaterThan(3 * people.length)

    console.log(`[security] mutations done at ${((performance.now() - t0) / 1000).toFixed(1)} s`)
    // Oracles: a hidden target must be answered exactly like a missing one.
    let oracleChecks = 0
    for (const [key, hiddenAnswer] of answers) {
      if (!key.endsWith('|hidden') || !hiddenAnswer.usedHidden) continue
      const missing = answers.get(key.replace(/\|hidden$/, '|missing'))
      if (!missing) continue
      oracleChecks++
      const a = normalized(hiddenAnswer.body, hiddenAnswer.refs)
      const b = normalized(missing.body, missing.refs)
      if (a !== b) {
        const [route = '', persona = '', what = ''] = key.split('|')
        findings.push({ kind: 'oracle', persona, route, what: `${what}: hidden ${a.slice(0, 300)} ≠ missing ${b.slice(0, 300)}` })
      }
    }

    const count = (k: Finding['kind']) => findings.filter((f) => f.kind === k).length
    console.log(
      `[security] matrix: ${attempts} attempts, ${count('leak')} leaks, ${count('foreign write')} foreign writes, ${count('oracle')} oracles` +
        ` (${people.length} personas, gateway + 3 subgraphs, ${oracleChecks} hidden/missing pairs compared, ${count('server error')} server errors)`,
    )
    if (findings.length)
      console.log(
        findings
          .slice(0, 40)
          .map((f) => `  ${f.kind}: ${f.persona} @ ${f.route} ${f.what}`)
          .join('\n'),
      )
    expect(attempts).toBeGreaterThanOrEqual(3000)
    expect(oracleChecks).toBeGreaterThan(100)
    expect(findings).toEqual([])
  }, 600_000)
})
