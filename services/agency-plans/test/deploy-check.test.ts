import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { TokenClaims } from '@railyard/auth'
import { type ServiceModule, type TestStack, errorWith, fieldErrorPaths, ok, testDbKind } from '@railyard/test-kit'
import {
  ADD_RELEASE,
  DECIDE,
  SUBMIT,
  type Seeded,
  createPlan,
  plansDb,
  releaseInput,
  seedProgram,
  singleAdminApproval,
  startStack,
  strategyInput,
} from './fixtures.ts'

const CHECK = `query($r: ID!, $t: String!, $e: ID, $at: DateTime) {
  deploymentCheck(releaseId: $r, tier: $t, environmentId: $e, at: $at) {
    allowed tier at nextAllowedAt release { id } environment { id }
    blockers { code message waivedBy { id status } }
    freezes { start end window { name tiers } }
  }
}`
const REQUEST = `mutation($input: DeploymentExceptionInput!) {
  requestDeploymentException(input: $input) { id status tier waives start end justification requestedBy release { id } }
}`
const DECIDE_EXC = `mutation($id: ID!, $d: Decision!, $c: String!) { decideDeploymentException(id: $id, decision: $d, comment: $c) { id status decidedBy decidedAt comment } }`
const PROMOTE = `mutation($id: ID!, $tier: String!, $rev: Int!) { promoteRelease(releaseId: $id, tier: $tier, expectedRevision: $rev) { status currentTier revision } }`
const REV = `query($id: ID!) { release(id: $id) { revision currentTier exceptions { id status tier } } }`

const hour = 3_600_000
const iso = (ms: number) => new Date(ms).toISOString()
/** Inside the fixture's spring freeze on PROD (2027-04-12 → 17 Los Angeles). */
const IN_SPRING_FREEZE = '2027-04-13T12:00:00.000Z'

describe(`deploy check, promotion and break-glass exceptions on ${testDbKind()}`, () => {
  let stack: TestStack
  let seeded: Seeded
  let prodEnv: string
  let a: string // DOH release, plan APPROVED
  let cancelled: string
  let draftRelease: string // DOH release of a DRAFT plan
  const now = Date.now()
  const ap = (who: Parameters<TestStack['as']>[1]) => stack.as('agencyPlans', who)
  const asClaims = async (claims: TokenClaims, query: string, variables: Record<string, unknown>) => {
    const server = stack.servers.agencyPlans
    if (!server) throw new Error('agency-plans is not running')
    return server.execute({ query, variables, token: await stack.auth.token(claims) })
  }
  const check = async (who: Parameters<TestStack['as']>[1], r: string, t: string, at?: string, e?: string) =>
    ok(await ap(who)(CHECK, { r, t, at, e })).deploymentCheck
  const codes = (c: any) => c.blockers.map((b: any) => b.code)
  const rev = async (id: string) => ok(await ap('dohManager')(REV, { id })).release.revision as number

  beforeAll(async () => {
    stack = await startStack({ environmentInventory: (await import('@railyard/environment-inventory/server')) as unknown as ServiceModule })
    const emergency = { name: 'Emergency freeze', start: iso(now - hour), end: iso(now + 3 * hour), timeZone: 'UTC', tiers: ['DEV'] }
    seeded = await seedProgram(
      stack,
      strategyInput({
        planApproval: singleAdminApproval,
        freezeWindows: [...strategyInput().freezeWindows, emergency],
        enforcement: { windowTiers: ['DEV', 'PROD'], readinessTiers: ['PROD'] },
      }),
    )
    prodEnv = ok(
      await stack.as('environmentInventory', 'dohManager')(`mutation($input: RegisterEnvironmentInput!) { registerEnvironment(input: $input) { id } }`, {
        input: { key: 'doh-prod', name: 'DOH production', tier: 'PROD', programId: seeded.programId, agencyId: seeded.agencies.DOH },
      }),
    ).registerEnvironment.id
    const plan = await createPlan(stack, seeded, 'dohManager', 'DOH')
    const schedule = releaseInput().schedule.map((w: any) => (w.tier === 'PROD' ? { ...w, environmentId: prodEnv } : w))
    const added = ok(await ap('dohManager')(ADD_RELEASE, { planId: plan.id, rev: plan.revision, input: releaseInput({ schedule }) })).addRelease
    a = added.id
    const second = ok(await ap('dohManager')(ADD_RELEASE, { planId: plan.id, rev: added.plan.revision, input: releaseInput({ version: '2.5.0' }) })).addRelease
    cancelled = second.id
    const c = ok(
      await ap('dohManager')(`mutation($id: ID!, $rev: Int!) { cancelRelease(id: $id, expectedRevision: $rev, reason: "superseded") { plan { revision } } }`, {
        id: cancelled,
        rev: second.revision,
      }),
    ).cancelRelease
    // the plan is DRAFT here: one check before it is approved
    expect(codes(await check('dohManager', a, 'DEV', iso(now)))).toContain('PLAN_NOT_APPROVED')
    const sub = ok(await ap('dohManager')(SUBMIT, { id: plan.id, rev: c.plan.revision })).submitAgencyPlan
    ok(await ap('admin')(DECIDE, { id: sub.approvals[0].id, d: 'APPROVE' }))
    const draft = await createPlan(stack, seeded, 'dohManager', 'DOH', 'DOH draft')
    draftRelease = ok(await ap('dohManager')(ADD_RELEASE, { planId: draft.id, rev: draft.revision, input: releaseInput() })).addRelease.id
  })
  afterAll(async () => stack?.close())

  it('produces every blocker code, with a message saying what to do', async () => {
    const prod = await check('dohManager', a, 'PROD', IN_SPRING_FREEZE)
    expect(codes(prod)).toEqual(['NOT_NEXT_TIER', 'GATE_UNMET', 'FROZEN', 'ENTERPRISE_CRITERIA_UNMET', 'OUTSIDE_WINDOW', 'ENVIRONMENT_NOT_READY'])
    expect(prod).toMatchObject({ allowed: false, tier: 'PROD', at: IN_SPRING_FREEZE, release: { id: a }, environment: { id: prodEnv } })
    expect(prod.freezes.map((f: any) => f.window.name)).toEqual(['Spring freeze'])
    expect(prod.blockers.find((b: any) => b.code === 'ENVIRONMENT_NOT_READY').message).toMatch(/doh-prod.*NOT_BOOKED/)
    expect(prod.blockers.find((b: any) => b.code === 'GATE_UNMET').message).toMatch(/uat-signoff/)
    for (const b of prod.blockers) expect(b.waivedBy).toBeNull()
    // the window is over by then, and no freeze or window lifts OUTSIDE_WINDOW later
    expect(prod.nextAllowedAt).toBeNull()
    expect(codes(await check('dohManager', cancelled, 'DEV', iso(now)))).toEqual(['RELEASE_CANCELLED', 'FROZEN', 'OUTSIDE_WINDOW'])
    // the plan pinned no PLAN_NOT_APPROVED any more; DEV is frozen now and its window opens in 2027
    const dev = await check('dohManager', a, 'DEV')
    expect(codes(dev)).toEqual(['FROZEN', 'OUTSIDE_WINDOW'])
    expect(dev.nextAllowedAt).toBe('2027-02-15T17:00:00.000Z')
    const inWindow = await check('dohManager', a, 'DEV', '2027-02-16T00:00:00.000Z')
    expect(inWindow).toMatchObject({ allowed: true, blockers: [], freezes: [], nextAllowedAt: '2027-02-16T00:00:00.000Z' })
  })

  it('refuses promotion exactly when the check for now is not allowed, naming the codes', async () => {
    const err = errorWith(await ap('dohManager')(PROMOTE, { id: a, tier: 'DEV', rev: await rev(a) }), 'FAILED_PRECONDITION')
    expect(err.extensions).toMatchObject({ codes: ['FROZEN', 'OUTSIDE_WINDOW'], nextAllowedAt: '2027-02-15T17:00:00.000Z' })
    expect(err.message).toMatch(/Emergency freeze/)
    expect(ok(await ap('dohManager')(REV, { id: a })).release.currentTier).toBeNull()
  })

  it('checks the environment given: one the release has no window on is not ready', async () => {
    const other = ok(
      await stack.as('environmentInventory', 'dohManager')(`mutation($input: RegisterEnvironmentInput!) { registerEnvironment(input: $input) { id } }`, {
        input: { key: 'doh-prod-2', name: 'DOH production 2', tier: 'PROD', programId: seeded.programId, agencyId: seeded.agencies.DOH },
      }),
    ).registerEnvironment.id
    const c = await check('dohManager', a, 'PROD', '2027-03-09T19:00:00.000Z', other)
    expect(c.environment).toEqual({ id: other })
    expect(c.blockers.find((b: any) => b.code === 'ENVIRONMENT_NOT_READY').message).toMatch(/no PROD window on this environment/)
    expect(fieldErrorPaths(await ap('dohManager')(CHECK, { r: a, t: 'PROD', e: 'nope' }))).toEqual(['environmentId'])
    expect(fieldErrorPaths(await ap('dohManager')(CHECK, { r: a, t: '  ' }))).toEqual(['tier'])
  })

  it('applies the release visibility rules, with no oracle for invisible releases', async () => {
    const missing = errorWith(await ap('dolManager')(CHECK, { r: '00000000-0000-0000-0000-00000000abcd', t: 'DEV' }), 'NOT_FOUND')
    const invisible = errorWith(await ap('dolManager')(CHECK, { r: draftRelease, t: 'DEV' }), 'NOT_FOUND')
    expect(invisible.message.replace(draftRelease, 'X')).toBe(missing.message.replace('00000000-0000-0000-0000-00000000abcd', 'X'))
    errorWith(await ap('dolManager')(CHECK, { r: a, t: 'DEV' }), 'FORBIDDEN') // roadmap reader of an APPROVED plan
    errorWith(await ap(null)(CHECK, { r: a, t: 'DEV' }), 'UNAUTHENTICATED')
    for (const who of ['viewer', 'dohViewer', 'integration', 'dohIntegration'] as const)
      expect(codes(await check(who, a, 'DEV'))).toEqual(['FROZEN', 'OUTSIDE_WINDOW'])
    // integrations: deployments:write for its own agency suffices; no scope at all is FORBIDDEN before any lookup
    const writer = { sub: 'doh-deployer', roles: ['INTEGRATION'], agency: 'DOH', scopes: ['deployments:write'] } as TokenClaims
    const w = await asClaims(writer, CHECK, { r: a, t: 'DEV' })
    expect(w.errors, JSON.stringify(w.errors)).toBeUndefined()
    expect((w.data as any)?.deploymentCheck.allowed).toBe(false)
    // PROD's environment readiness is enforced: without graph:read it cannot be read, and the check fails closed
    const prodW = await asClaims(writer, CHECK, { r: a, t: 'PROD' })
    expect(prodW.errors?.[0]?.extensions).toMatchObject({ code: 'FAILED_PRECONDITION', reason: 'UPSTREAM_UNAVAILABLE' })
    const dolWriter = { sub: 'dol-deployer', roles: ['INTEGRATION'], agency: 'DOL', scopes: ['deployments:write'] } as TokenClaims
    errorWith(await asClaims(dolWriter, CHECK, { r: a, t: 'DEV' }), 'NOT_FOUND')
    const bare = { sub: 'bare-bot', roles: ['INTEGRATION'], scopes: ['inventory:report'] } as TokenClaims
    errorWith(await asClaims(bare, CHECK, { r: '00000000-0000-0000-0000-00000000abcd', t: 'DEV' }), 'FORBIDDEN')
  })

  const request = (who: Parameters<TestStack['as']>[1], over: Record<string, unknown> = {}) =>
    ap(who)(REQUEST, {
      input: {
        releaseId: a,
        tier: 'PROD',
        waives: ['FROZEN', 'OUTSIDE_WINDOW', 'ENVIRONMENT_NOT_READY'],
        start: '2027-04-13T00:00:00Z',
        end: '2027-04-14T00:00:00Z',
        justification: 'Security patch for an actively exploited CVE',
        ...over,
      },
    })
  const exceptionRows = async () =>
    (
      await plansDb(stack)
        .selectFrom('deploymentException' as never)
        .select('id' as never)
        .execute()
    ).length

  it('refuses bad requests with their field paths and writers other than the agency manager, writing nothing', async () => {
    const body = await request('dohManager', { tier: 'UAT', waives: ['GATE_UNMET', 'FROZEN', 'FROZEN'], end: '2027-04-12T00:00:00Z', justification: '  ' })
    expect(fieldErrorPaths(body).sort()).toEqual(['input.end', 'input.justification', 'input.tier', 'input.waives.0', 'input.waives.2'])
    expect(fieldErrorPaths(await request('dohManager', { waives: [] }))).toEqual(['input.waives'])
    errorWith(await request('dohMember'), 'FORBIDDEN')
    errorWith(await request('admin'), 'FORBIDDEN')
    errorWith(await request('dolManager'), 'FORBIDDEN')
    errorWith(await request('dolManager', { releaseId: draftRelease }), 'NOT_FOUND')
    errorWith(await request('dohManager', { releaseId: cancelled }), 'FAILED_PRECONDITION')
    expect(await exceptionRows()).toBe(0)
  })

  it('waives only through an APPROVED exception of the release and tier covering the instant', async () => {
    const pending = ok(await request('dohManager')).requestDeploymentException
    expect(pending).toMatchObject({ status: 'PENDING', tier: 'PROD', requestedBy: 'hana.doh', start: '2027-04-13T00:00:00.000Z', release: { id: a } })
    const rejected = ok(await request('dohManager2', { justification: 'second try' })).requestDeploymentException
    const otherTier = ok(await request('dohManager', { tier: 'TEST', start: '2027-04-01T00:00:00Z', end: '2027-05-01T00:00:00Z' })).requestDeploymentException
    const waivedAt = async (at: string) =>
      Object.fromEntries((await check('dohManager', a, 'PROD', at)).blockers.map((b: any) => [b.code, b.waivedBy?.id ?? null]))

    // pending: nothing is waived
    expect(Object.values(await waivedAt(IN_SPRING_FREEZE)).every((w) => w === null)).toBe(true)
    // the inbox of a program admin lists both, oldest first; nobody else has one
    expect(ok(await ap('admin')(`{ exceptionInbox { id } }`)).exceptionInbox.map((e: any) => e.id)).toEqual([pending.id, rejected.id, otherTier.id])
    expect(ok(await ap('dohManager')(`{ exceptionInbox { id } }`)).exceptionInbox).toEqual([])

    // deciding: program admins only, a comment required
    errorWith(await ap('dohManager2')(DECIDE_EXC, { id: pending.id, d: 'APPROVE', c: 'ok' }), 'FORBIDDEN')
    expect(fieldErrorPaths(await ap('admin')(DECIDE_EXC, { id: pending.id, d: 'APPROVE', c: ' ' }))).toEqual(['comment'])
    errorWith(await ap('admin')(DECIDE_EXC, { id: '00000000-0000-0000-0000-00000000abcd', d: 'APPROVE', c: 'ok' }), 'NOT_FOUND')
    ok(await ap('admin')(DECIDE_EXC, { id: rejected.id, d: 'REJECT', c: 'Use the first request' }))
    ok(await ap('admin')(DECIDE_EXC, { id: otherTier.id, d: 'APPROVE', c: 'TEST only' }))
    // rejected and other-tier: still nothing waived in PROD
    expect(Object.values(await waivedAt(IN_SPRING_FREEZE)).every((w) => w === null)).toBe(true)

    const approved = ok(await ap('admin2')(DECIDE_EXC, { id: pending.id, d: 'APPROVE', c: 'Approved by the CAB chair' })).decideDeploymentException
    expect(approved).toMatchObject({ status: 'APPROVED', decidedBy: 'alan.admin', comment: 'Approved by the CAB chair' })
    errorWith(await ap('admin')(DECIDE_EXC, { id: pending.id, d: 'REJECT', c: 'too late' }), 'FAILED_PRECONDITION')

    expect(await waivedAt(IN_SPRING_FREEZE)).toEqual({
      NOT_NEXT_TIER: null,
      GATE_UNMET: null,
      FROZEN: pending.id,
      ENTERPRISE_CRITERIA_UNMET: null,
      OUTSIDE_WINDOW: pending.id,
      ENVIRONMENT_NOT_READY: pending.id,
    })
    // expired (after its end, still in the freeze) and not yet started: nothing waived
    for (const at of ['2027-04-14T12:00:00.000Z', '2027-04-12T12:00:00.000Z']) {
      const w = await waivedAt(at)
      expect([w.FROZEN, w.OUTSIDE_WINDOW, w.ENVIRONMENT_NOT_READY]).toEqual([null, null, null])
    }
    const c = await check('dohManager', a, 'PROD', IN_SPRING_FREEZE)
    expect(c.allowed).toBe(false) // gates, criteria and the tier are never waived
    expect(c.blockers.find((b: any) => b.code === 'FROZEN').waivedBy).toEqual({ id: pending.id, status: 'APPROVED' })
    expect(
      ok(await ap('dohViewer')(REV, { id: a }))
        .release.exceptions.map((e: any) => [e.id, e.status])
        .sort(),
    ).toEqual(
      [
        [pending.id, 'APPROVED'],
        [rejected.id, 'REJECTED'],
        [otherTier.id, 'APPROVED'],
      ].sort(),
    )
    expect(ok(await ap('admin')(`{ exceptionInbox { id } }`)).exceptionInbox).toEqual([])
  })

  it('never lets the requester decide (separation of duties)', async () => {
    const both = { sub: 'hana.doh', name: 'Hana', roles: ['AGENCY_MANAGER', 'PROGRAM_ADMIN'], agency: 'DOH' } as TokenClaims
    const mine = (await asClaims(both, REQUEST, {
      input: { releaseId: a, tier: 'DEV', waives: ['FROZEN'], start: iso(now - hour), end: iso(now + hour), justification: 'self' },
    })) as any
    const id = mine.data.requestDeploymentException.id
    expect(((await asClaims(both, `{ exceptionInbox { id } }`, {})) as any).data.exceptionInbox.map((e: any) => e.id)).not.toContain(id)
    errorWith(await asClaims(both, DECIDE_EXC, { id, d: 'APPROVE', c: 'me' }), 'FORBIDDEN')
    ok(await ap('admin')(DECIDE_EXC, { id, d: 'REJECT', c: 'not like this' }))
  })

  it('promotes through a freeze with an approved exception, audited', async () => {
    const e = ok(
      await request('dohManager', {
        tier: 'DEV',
        waives: ['FROZEN', 'OUTSIDE_WINDOW'],
        start: iso(now - hour),
        end: iso(now + 2 * hour),
        justification: 'hotfix',
      }),
    ).requestDeploymentException
    errorWith(await ap('dohManager')(PROMOTE, { id: a, tier: 'DEV', rev: await rev(a) }), 'FAILED_PRECONDITION') // still pending
    ok(await ap('admin')(DECIDE_EXC, { id: e.id, d: 'APPROVE', c: 'go' }))
    const c = await check('dohManager', a, 'DEV')
    expect(c.allowed).toBe(true)
    expect(c.blockers.map((b: any) => [b.code, b.waivedBy.id])).toEqual([
      ['FROZEN', e.id],
      ['OUTSIDE_WINDOW', e.id],
    ])
    expect(ok(await ap('dohManager')(PROMOTE, { id: a, tier: 'DEV', rev: await rev(a) })).promoteRelease).toMatchObject({
      currentTier: 'DEV',
      status: 'IN_PROGRESS',
    })
    const audit = await plansDb(stack)
      .selectFrom('auditLog')
      .select(['action', 'entityId'])
      .where('entityType', '=', 'DeploymentException')
      .orderBy('at')
      .orderBy('action', 'desc')
      .execute()
    expect(audit.filter((r) => r.entityId === e.id).map((r) => r.action)).toEqual(['requestDeploymentException', 'decideDeploymentException'])
    expect(audit.filter((r) => r.action === 'decideDeploymentException')).toHaveLength(5)
  })
})
