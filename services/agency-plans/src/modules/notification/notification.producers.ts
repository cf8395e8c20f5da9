import type { Kysely } from 'kysely'
import type { OutboxEventTable } from '@railyard/graphql-kit'
import type { Selectable } from 'kysely'
import { lastTierWindow } from '@railyard/release-rules'
import type { NotificationKind } from '../../__generated__/resolvers-types.ts'
import type { Database } from '../../database.ts'
import { findPlanById, findPlansByIds } from '../plan/plan.repository.ts'
import type { PinnedApprovalStep, PlanRow } from '../plan/plan.table.ts'
import { findDependenciesByReleaseIds, findDependentLinks, findReleaseById, findReleasesByIds, findReleasesByPlanIds } from '../release/release.repository.ts'
import type { ReleaseRow } from '../release/release.table.ts'

/** A window as releases and approval snapshots store it. */
type StoredWindow = { tier: string; start: string; end: string; environmentId?: string | null }
import type { Audience } from './notification.table.ts'

/**
 * Producers (DESIGN "Communication"): what each outbox event means to whom. An event becomes
 * messages; a message has one kind, words that say what changed, a link into the web client and
 * its audiences. Audiences are chosen so that nobody hears of what they may not see: another
 * agency hears of a plan's changes only when the plan is approved with them (compared with its
 * previous approval), never while it is a draft; its own agency hears of its own plan's events.
 */

export type OutboxEventRow = Selectable<OutboxEventTable>

export interface AudienceSpec {
  audience: Audience
  subject?: string
  agencyCode?: string
  /** Roles that hear it (empty: every role of the agency, or PROGRAM_ADMIN and PROGRAM_VIEWER). */
  roles?: string[]
}

export interface Message {
  kind: NotificationKind
  title: string
  body: string
  link: string | null
  releaseId?: string | null
  planId?: string | null
  agencyId?: string | null
  audiences: AudienceSpec[]
  data?: Record<string, unknown>
}

const AGENCY_ROLES = ['AGENCY_MANAGER', 'AGENCY_MEMBER', 'AGENCY_VIEWER']
const agency = (agencyCode: string, roles: string[] = []): AudienceSpec => ({ audience: 'AGENCY', agencyCode, roles })
const program = (roles: string[] = []): AudienceSpec => ({ audience: 'PROGRAM', roles })

/** "Mar 9, 2027, 10:00 AM PST" in the program's time zone. */
function formatInstant(instant: string, timeZone: string): string {
  try {
    return new Intl.DateTimeFormat('en-US', {
      year: 'numeric',
      month: 'short',
      day: 'numeric',
      hour: 'numeric',
      minute: '2-digit',
      timeZone,
      timeZoneName: 'short',
    }).format(new Date(instant))
  } catch {
    return instant
  }
}

const tzOf = (plan: PlanRow) => plan.strategy.cadence.timeZone
const releaseLabel = (r: Pick<ReleaseRow, 'agencyCode' | 'name' | 'version'>) => `${r.agencyCode} ${r.name} ${r.version}`
const windowText = (w: StoredWindow | undefined | null, tz: string) => (w ? `${formatInstant(w.start, tz)} – ${formatInstant(w.end, tz)}` : 'unscheduled')
const DONE = new Set(['RELEASED', 'CANCELLED', 'ROLLED_BACK'])

/** The messages an outbox event produces (none for events nobody needs to hear of). */
export async function messagesFor(db: Kysely<Database>, event: OutboxEventRow): Promise<Message[]> {
  const data = (event.data ?? {}) as Record<string, unknown>
  switch (event.type) {
    case 'submitAgencyPlan': {
      const plan = await findPlanById(db, String(data.planId))
      if (!plan) return []
      const out: Message[] = []
      if (data.step) out.push(approvalRequested(plan, data.step as PinnedApprovalStep))
      if (data.status === 'APPROVED') out.push(planDecided(plan, 'APPROVED', null), ...(await approvalImpact(db, plan, (data.requestId as string) ?? null)))
      return out
    }
    case 'decideApproval': {
      const plan = await findPlanById(db, String(data.planId))
      if (!plan) return []
      const out: Message[] = []
      const status = data.planStatus as 'APPROVED' | 'REJECTED' | null
      if (status) out.push(planDecided(plan, status, (data.comment as string) ?? null))
      if (status === 'APPROVED') out.push(...(await approvalImpact(db, plan, (data.requestId as string) ?? null)))
      if (data.step) out.push(approvalRequested(plan, data.step as PinnedApprovalStep))
      return out
    }
    case 'updateRelease':
      return ownOrderBroken(db, String(data.releaseId), (data.before as StoredWindow[]) ?? [])
    case 'promoteRelease':
      return releasePromoted(db, String(data.releaseId), String(data.tier), data.fromTier as string | null)
    case 'requestDeploymentException':
    case 'decideDeploymentException':
      return exceptionMessages(db, event.type, String(data.exceptionId))
    case 'freeze.starting':
      return freezeStarting(db, data)
    case 'gate.atRisk':
      return gateAtRisk(db, data)
    // relayed from environment-inventory's outbox (notification.relay.ts)
    case 'inventory.environment.drifted':
      return driftDetected(db, data)
    case 'inventory.booking.created':
      return bookingConflict(db, data)
    default:
      return []
  }
}

// ------------------------------------------------------------------ approvals

function approvalRequested(plan: PlanRow, step: PinnedApprovalStep): Message {
  const role = step.approverRole
  const audiences = AGENCY_ROLES.includes(role) ? [agency(plan.agencyCode, [role])] : [program([role])]
  return {
    kind: 'APPROVAL_REQUESTED',
    title: `${plan.agencyCode} plan “${plan.title}” waits for your approval`,
    body: `Step ${step.order} (${step.name}) of the plan's approval needs ${step.minApprovals} ${role} approval(s).`,
    link: `/approvals`,
    planId: plan.id,
    agencyId: plan.agencyId,
    audiences,
    data: { step: step.order, approverRole: role },
  }
}

function planDecided(plan: PlanRow, status: 'APPROVED' | 'REJECTED', comment: string | null): Message {
  return {
    kind: 'PLAN_DECIDED',
    title: `Plan “${plan.title}” was ${status === 'APPROVED' ? 'approved' : 'rejected'}`,
    body: `${plan.agencyCode}'s plan “${plan.title}” is now ${status}.${comment ? ` Comment: ${comment}` : ''}`,
    link: `/plans/${plan.id}`,
    planId: plan.id,
    agencyId: plan.agencyId,
    audiences: [agency(plan.agencyCode)],
    data: { status },
  }
}

interface Pair {
  /** The release of the approved plan. */
  release: ReleaseRow
  /** A release of another agency it depends on or that depends on it. */
  other: ReleaseRow
  /** true: `other` depends on `release`. */
  otherDependsOn: boolean
}

const lastStart = (schedule: StoredWindow[], path: string[]) => {
  const w = lastTierWindow(schedule, path)
  return w ? Date.parse(w.start) : null
}

/**
 * What an approval made visible to other agencies, compared with the plan's previous approval:
 * DEPENDENCY_RESCHEDULED to the agencies whose releases depend on (or are depended on by) a
 * release whose schedule changed, and DEPENDENCY_ORDER_BROKEN when the change makes a release
 * start its last tier before one it depends on.
 */
async function approvalImpact(db: Kysely<Database>, plan: PlanRow, requestId: string | null): Promise<Message[]> {
  const snapshots = await db
    .selectFrom('planApprovalSnapshot')
    .select(['requestId', 'approvedRevision', 'content'])
    .where('planId', '=', plan.id)
    .orderBy('approvedRevision', 'desc')
    .limit(10)
    .execute()
  const currentIdx = snapshots.findIndex((s) => s.requestId === requestId)
  const previous = currentIdx >= 0 ? snapshots[currentIdx + 1] : snapshots[1]
  if (!previous) return [] // a first approval reschedules nothing
  const before = new Map(previous.content.releases.map((r) => [r.id, r.schedule]))
  const releases = (await findReleasesByPlanIds(db, [plan.id])).filter((r) => r.status !== 'CANCELLED')
  const tz = tzOf(plan)
  const path = plan.strategy.promotionPath
  const changed = releases.filter((r) => {
    const old = before.get(r.id)
    return old && JSON.stringify(old.map((w) => [w.tier, w.start, w.end])) !== JSON.stringify(r.schedule.map((w) => [w.tier, w.start, w.end]))
  })
  if (changed.length === 0) return []
  const pairs = await relatedAcrossAgencies(db, changed)
  const out: Message[] = []
  for (const { release, other, otherDependsOn } of pairs) {
    const old = before.get(release.id) ?? []
    const moves = release.schedule
      .map((w) => ({ w, o: old.find((x) => x.tier === w.tier) }))
      .filter(({ w, o }) => !o || o.start !== w.start || o.end !== w.end)
      .map(({ w, o }) => `${w.tier} ${windowText(o, tz)} → ${windowText(w, tz)}`)
    const relation = otherDependsOn ? `your ${other.name} ${other.version} depends on it` : `it depends on your ${other.name} ${other.version}`
    out.push({
      kind: 'DEPENDENCY_RESCHEDULED',
      title: `${releaseLabel(release)} was rescheduled`,
      body: `${releaseLabel(release)} moved: ${moves.join('; ')}. ${relation.charAt(0).toUpperCase()}${relation.slice(1)}.`,
      link: `/releases/${release.id}`,
      releaseId: release.id,
      planId: plan.id,
      agencyId: other.agencyId,
      audiences: [agency(other.agencyCode)],
      data: { dependentReleaseId: other.id, before: old, after: release.schedule },
    })
    // the dependent now starts its last tier first
    const dependent = otherDependsOn ? other : release
    const dependency = otherDependsOn ? release : other
    const otherPlan = otherDependsOn ? await findPlanById(db, other.planId) : plan
    const dPath = otherPlan?.strategy.promotionPath ?? path
    const dStart = lastStart(dependent.schedule, dPath)
    const nowDep = lastStart(dependency.schedule, path)
    const oldRel = otherDependsOn ? { dep: lastStart(old, path), dnt: dStart } : { dep: nowDep, dnt: lastStart(old, path) }
    const brokenNow = dStart !== null && nowDep !== null && dStart < nowDep
    const brokenBefore = oldRel.dep !== null && oldRel.dnt !== null && oldRel.dnt < oldRel.dep
    if (brokenNow && !brokenBefore) {
      out.push({
        kind: 'DEPENDENCY_ORDER_BROKEN',
        title: `${releaseLabel(dependent)} now reaches ${dPath.at(-1) ?? 'its last tier'} before ${releaseLabel(dependency)}`,
        body: `After the change to ${releaseLabel(release)}, ${releaseLabel(dependent)} starts its last tier on ${formatInstant(new Date(dStart).toISOString(), tz)}, before ${releaseLabel(dependency)} (${formatInstant(new Date(nowDep).toISOString(), tz)}), which it depends on.`,
        link: `/releases/${dependent.id}`,
        releaseId: dependent.id,
        planId: dependent.planId,
        agencyId: other.agencyId,
        audiences: [agency(other.agencyCode)],
        data: { dependentReleaseId: dependent.id, dependencyReleaseId: dependency.id },
      })
    }
  }
  return out
}

/** Releases of other agencies linked to each of `releases` by a dependency (either way), not cancelled. */
async function relatedAcrossAgencies(db: Kysely<Database>, releases: ReleaseRow[]): Promise<Pair[]> {
  const ids = releases.map((r) => r.id)
  const [deps, dependents] = await Promise.all([findDependenciesByReleaseIds(db, ids), findDependentLinks(db, ids)])
  const otherIds = [...new Set([...deps.map((d) => d.dependsOnReleaseId).filter((x): x is string => !!x), ...dependents.map((d) => d.releaseId)])]
  const others = new Map((await findReleasesByIds(db, otherIds)).map((r) => [r.id, r]))
  const pairs: Pair[] = []
  for (const release of releases) {
    for (const d of deps) {
      if (d.releaseId !== release.id || !d.dependsOnReleaseId) continue
      const other = others.get(d.dependsOnReleaseId)
      if (other && other.agencyCode !== release.agencyCode && other.status !== 'CANCELLED') pairs.push({ release, other, otherDependsOn: false })
    }
    for (const d of dependents.filter((x) => x.dependsOnReleaseId === release.id)) {
      const other = others.get(d.releaseId)
      if (other && other.agencyCode !== release.agencyCode && other.status !== 'CANCELLED') pairs.push({ release, other, otherDependsOn: true })
    }
  }
  return pairs
}

/**
 * An edit within one agency's plan (a draft: only its own agency may see it) that makes one of its
 * releases start its last tier before a release it depends on: DEPENDENCY_ORDER_BROKEN to that agency.
 */
async function ownOrderBroken(db: Kysely<Database>, releaseId: string, before: StoredWindow[]): Promise<Message[]> {
  const release = await findReleaseById(db, releaseId)
  const plan = release ? await findPlanById(db, release.planId) : null
  if (!release || !plan || release.status === 'CANCELLED') return []
  const path = plan.strategy.promotionPath
  const tz = tzOf(plan)
  const deps = await findDependenciesByReleaseIds(db, [release.id])
  const dependencies = await findReleasesByIds(
    db,
    deps.map((d) => d.dependsOnReleaseId).filter((x): x is string => !!x),
  )
  const dependentLinks = await findDependentLinks(db, [release.id])
  const dependents = (
    await findReleasesByIds(
      db,
      dependentLinks.map((l) => l.releaseId),
    )
  ).filter((d) => d.agencyCode === release.agencyCode)
  const out: Message[] = []
  const now = lastStart(release.schedule, path)
  const was = lastStart(before, path)
  const emit = (dependent: ReleaseRow, dependency: ReleaseRow, dStart: number, depStart: number) =>
    out.push({
      kind: 'DEPENDENCY_ORDER_BROKEN',
      title: `${releaseLabel(dependent)} now reaches ${path.at(-1) ?? 'its last tier'} before ${releaseLabel(dependency)}`,
      body: `After the change to ${releaseLabel(release)}, ${releaseLabel(dependent)} starts its last tier on ${formatInstant(new Date(dStart).toISOString(), tz)}, before ${releaseLabel(dependency)} (${formatInstant(new Date(depStart).toISOString(), tz)}), which it depends on.`,
      link: `/releases/${dependent.id}`,
      releaseId: dependent.id,
      planId: dependent.planId,
      agencyId: release.agencyId,
      audiences: [agency(release.agencyCode)],
      data: { dependentReleaseId: dependent.id, dependencyReleaseId: dependency.id },
    })
  if (now === null) return []
  for (const dep of dependencies) {
    if (dep.status === 'CANCELLED') continue
    const s = lastStart(dep.schedule, path)
    if (s !== null && now < s && !(was !== null && was < s)) emit(release, dep, now, s)
  }
  for (const d of dependents) {
    if (d.status === 'CANCELLED') continue
    const s = lastStart(d.schedule, path)
    if (s !== null && s < now && !(was !== null && s < was)) emit(d, release, s, now)
  }
  return out
}

// ------------------------------------------------------------------ execution

/** Agencies a release impacts (owners of releases it depends on or that depend on it, of shared components it uses), other than its own. */
async function impactedAgencies(db: Kysely<Database>, release: ReleaseRow): Promise<{ code: string; id: string }[]> {
  const deps = await findDependenciesByReleaseIds(db, [release.id])
  const links = await findDependentLinks(db, [release.id])
  const related = await findReleasesByIds(db, [...deps.map((d) => d.dependsOnReleaseId).filter((x): x is string => !!x), ...links.map((l) => l.releaseId)])
  const out = new Map<string, string>()
  for (const r of related) if (r.agencyCode !== release.agencyCode && r.status !== 'CANCELLED') out.set(r.agencyCode, r.agencyId)
  const ownerIds = deps.map((d) => d.sharedComponentOwnerId).filter((x): x is string => !!x && x !== release.agencyId)
  if (ownerIds.length > 0) {
    const owners = await db.selectFrom('plan').select(['agencyId', 'agencyCode']).distinct().where('agencyId', 'in', ownerIds).execute()
    for (const o of owners) out.set(o.agencyCode, o.agencyId)
  }
  return [...out].map(([code, id]) => ({ code, id }))
}

async function releasePromoted(db: Kysely<Database>, releaseId: string, tier: string, fromTier: string | null): Promise<Message[]> {
  const release = await findReleaseById(db, releaseId)
  const plan = release ? await findPlanById(db, release.planId) : null
  if (!release || !plan || plan.status !== 'APPROVED') return []
  const agencies = await impactedAgencies(db, release)
  if (agencies.length === 0) return []
  const released = release.status === 'RELEASED'
  return agencies.map((a) => ({
    kind: 'RELEASE_PROMOTED' as const,
    title: released ? `${releaseLabel(release)} was released` : `${releaseLabel(release)} was promoted to ${tier}`,
    body: `${releaseLabel(release)} moved ${fromTier ? `from ${fromTier} ` : ''}into ${tier}${released ? ' and is RELEASED' : ''}; it impacts ${a.code} through a dependency.`,
    link: `/releases/${release.id}`,
    releaseId: release.id,
    planId: plan.id,
    agencyId: a.id,
    audiences: [agency(a.code)],
    data: { tier, fromTier, status: release.status },
  }))
}

async function exceptionMessages(db: Kysely<Database>, type: string, exceptionId: string): Promise<Message[]> {
  const e = await db.selectFrom('deploymentException').selectAll().where('id', '=', exceptionId).executeTakeFirst()
  const release = e ? await findReleaseById(db, e.releaseId) : null
  const plan = release ? await findPlanById(db, release.planId) : null
  if (!e || !release || !plan) return []
  const tz = tzOf(plan)
  const period = `${formatInstant(e.startAt, tz)} – ${formatInstant(e.endAt, tz)}`
  if (type === 'requestDeploymentException')
    return [
      {
        kind: 'EXCEPTION_REQUESTED',
        title: `${release.agencyCode} requests an exception for ${release.name} ${release.version}`,
        body: `Waive ${e.waives.join(', ')} in ${e.tier} during ${period}. Justification: ${e.justification}`,
        link: `/exceptions`,
        releaseId: release.id,
        planId: plan.id,
        agencyId: release.agencyId,
        audiences: [program(['PROGRAM_ADMIN'])],
        data: { exceptionId: e.id, tier: e.tier, waives: e.waives },
      },
    ]
  return [
    {
      kind: 'EXCEPTION_DECIDED',
      title: `Exception for ${release.name} ${release.version} was ${e.status === 'APPROVED' ? 'approved' : 'rejected'}`,
      body: `The exception waiving ${e.waives.join(', ')} in ${e.tier} during ${period} is ${e.status}.${e.comment ? ` Comment: ${e.comment}` : ''}`,
      link: `/releases/${release.id}`,
      releaseId: release.id,
      planId: plan.id,
      agencyId: release.agencyId,
      audiences: [agency(release.agencyCode)],
      data: { exceptionId: e.id, status: e.status },
    },
  ]
}

// ------------------------------------------------------------------ time-driven (scheduler)

/** How far around a freeze occurrence an agency's window makes the freeze its business. */
const FREEZE_NEIGHBOURHOOD_MS = 7 * 24 * 3600_000

/** FREEZE_STARTING: to agencies with a live release window of an applying tier near the occurrence. */
async function freezeStarting(db: Kysely<Database>, data: Record<string, unknown>): Promise<Message[]> {
  const programId = String(data.programId)
  const tiers = (data.tiers as string[]) ?? []
  const start = Date.parse(String(data.start))
  const end = Date.parse(String(data.end))
  const timeZone = typeof data.timeZone === 'string' ? data.timeZone : 'UTC'
  const plans = (await db.selectFrom('plan').selectAll().where('programId', '=', programId).where('status', '!=', 'CLOSED').execute()) as PlanRow[]
  const releases = await findReleasesByPlanIds(
    db,
    plans.map((p) => p.id),
  )
  const byAgency = new Map<string, { id: string; windows: string[] }>()
  for (const r of releases) {
    if (DONE.has(r.status)) continue
    for (const w of r.schedule) {
      if (tiers.length > 0 && !tiers.includes(w.tier)) continue
      if (Date.parse(w.end) <= start - FREEZE_NEIGHBOURHOOD_MS || Date.parse(w.start) >= end + FREEZE_NEIGHBOURHOOD_MS) continue
      const entry = byAgency.get(r.agencyCode) ?? { id: r.agencyId, windows: [] }
      entry.windows.push(`${r.name} ${r.version} ${w.tier} ${formatInstant(w.start, timeZone)}`)
      byAgency.set(r.agencyCode, entry)
    }
  }
  const period = `${formatInstant(String(data.start), timeZone)} – ${formatInstant(String(data.end), timeZone)}`
  return [...byAgency].map(([code, { id, windows }]) => ({
    kind: 'FREEZE_STARTING' as const,
    title: `Freeze “${String(data.name)}” starts ${formatInstant(String(data.start), timeZone)}`,
    body: `The freeze “${String(data.name)}” (${tiers.length ? tiers.join(', ') : 'every tier'}) runs ${period}. Your windows near it: ${windows.join('; ')}.`,
    link: `/roadmap`,
    agencyId: id,
    audiences: [agency(code)],
    data: { windowId: data.windowId, start: data.start, end: data.end },
  }))
}

/** GATE_AT_RISK: the release's agency, and the program office when the plan is approved. */
async function gateAtRisk(db: Kysely<Database>, data: Record<string, unknown>): Promise<Message[]> {
  const release = await findReleaseById(db, String(data.releaseId))
  const [plan] = release ? await findPlansByIds(db, [release.planId]) : []
  if (!release || !plan) return []
  const tz = tzOf(plan)
  const audiences = [agency(release.agencyCode), ...(plan.status === 'APPROVED' ? [program()] : [])]
  return [
    {
      kind: 'GATE_AT_RISK',
      title: `${releaseLabel(release)}: ${String(data.tier)} gate not passed, window starts ${formatInstant(String(data.windowStart), tz)}`,
      body: `The ${String(data.gateName)} gate into ${String(data.tier)} is not passed (unmet: ${((data.unmet as string[]) ?? []).join(', ')}) and the ${String(data.tier)} window starts ${formatInstant(String(data.windowStart), tz)}.`,
      link: `/releases/${release.id}`,
      releaseId: release.id,
      planId: plan.id,
      agencyId: release.agencyId,
      audiences,
      data: { tier: data.tier, windowStart: data.windowStart },
    },
  ]
}

// ------------------------------------------------------------------ environment-inventory (relayed)

type DriftItem = { key: string; kind: 'MISSING' | 'UNEXPECTED' | 'CHANGED'; expected: string | null; actual: string | null }

/** At most this many drifted keys are spelled out in a notification. */
const DRIFT_ITEMS_SHOWN = 10

const driftItemText = (i: DriftItem) =>
  i.kind === 'CHANGED'
    ? `${i.key} ${i.expected ?? '∅'} → ${i.actual ?? '∅'}`
    : i.kind === 'MISSING'
      ? `${i.key} missing (baseline ${i.expected ?? '∅'})`
      : `${i.key} not in the baseline (${i.actual ?? '∅'})`

/** Windows (not yet over) of live releases of open plans of a program on one environment. */
async function windowsOnEnvironment(
  db: Kysely<Database>,
  programId: string,
  environmentId: string,
  now: number,
): Promise<{ release: ReleaseRow; plan: PlanRow; window: StoredWindow }[]> {
  const plans = (await db.selectFrom('plan').selectAll().where('programId', '=', programId).where('status', '!=', 'CLOSED').execute()) as PlanRow[]
  const planById = new Map(plans.map((p) => [p.id, p]))
  const releases = await findReleasesByPlanIds(
    db,
    plans.map((p) => p.id),
  )
  const out: { release: ReleaseRow; plan: PlanRow; window: StoredWindow }[] = []
  for (const r of releases) {
    const plan = planById.get(r.planId)
    if (!plan || DONE.has(r.status)) continue
    for (const w of r.schedule as StoredWindow[]) if (w.environmentId === environmentId && Date.parse(w.end) > now) out.push({ release: r, plan, window: w })
  }
  return out
}

/**
 * DRIFT_DETECTED: a report made an environment drift from its baseline (or changed its drift).
 * To the agency owning it; for a shared environment, to the agencies with windows on it (windows
 * not yet over, of live releases). The program office is not told (its dashboards show drift).
 */
async function driftDetected(db: Kysely<Database>, data: Record<string, unknown>): Promise<Message[]> {
  const environmentId = String(data.environmentId)
  const key = String(data.key)
  const items = ((data.drift as DriftItem[] | undefined) ?? []).filter((i) => i && typeof i.key === 'string')
  if (items.length === 0) return []
  const shown = items.slice(0, DRIFT_ITEMS_SHOWN).map(driftItemText)
  if (items.length > shown.length) shown.push(`and ${items.length - shown.length} more`)
  const baseline = typeof data.baselineVersion === 'number' ? `baseline v${data.baselineVersion}` : 'its baseline (none approved yet)'
  const what = `${String(data.name)} (${key}, ${String(data.tier)}) no longer matches ${baseline}: ${shown.join('; ')}.`
  const message = (agencyCode: string, agencyId: string | null, extra: string): Message => ({
    kind: 'DRIFT_DETECTED',
    title: `Environment ${key} drifted from its baseline`,
    body: `${what}${extra}`,
    link: `/environments`,
    agencyId,
    audiences: [agency(agencyCode)],
    data: { environmentId, environmentKey: key, reportId: data.reportId ?? null, wasInSync: data.wasInSync ?? null, drift: items },
  })
  if (typeof data.agencyCode === 'string' && data.agencyCode) return [message(data.agencyCode, (data.agencyId as string | null) ?? null, '')]
  // a shared environment: the agencies with windows on it, each told only of its own windows
  const byAgency = new Map<string, { id: string; windows: string[] }>()
  for (const { release, plan, window } of await windowsOnEnvironment(db, String(data.programId), environmentId, Date.now())) {
    const entry = byAgency.get(release.agencyCode) ?? { id: release.agencyId, windows: [] }
    entry.windows.push(`${release.name} ${release.version} ${window.tier} ${windowText(window, tzOf(plan))}`)
    byAgency.set(release.agencyCode, entry)
  }
  return [...byAgency].map(([code, { id, windows }]) => message(code, id, ` It is shared; your windows on it: ${windows.join('; ')}.`))
}

/**
 * BOOKING_CONFLICT: a new booking of an environment overlaps windows of other releases on it
 * (readiness shows those windows' BOOKING_CONFLICT blocker). To the agency of each such release,
 * one message per release. The booking's release is named only when the recipient may see it
 * (its own agency's, or an approved plan's); otherwise it is "another release", and neither its
 * id nor the booking's purpose is passed on.
 */
async function bookingConflict(db: Kysely<Database>, data: Record<string, unknown>): Promise<Message[]> {
  const environmentId = String(data.environmentId)
  const bookedReleaseId = String(data.releaseId)
  const start = String(data.start)
  const end = String(data.end)
  const s = Date.parse(start)
  const e = Date.parse(end)
  if (!Number.isFinite(s) || !Number.isFinite(e)) return []
  const overlapping = (await windowsOnEnvironment(db, String(data.programId), environmentId, s)).filter(
    ({ release, window }) => release.id !== bookedReleaseId && Date.parse(window.start) < e && s < Date.parse(window.end),
  )
  if (overlapping.length === 0) return []
  const booked = await findReleaseById(db, bookedReleaseId)
  const bookedPlan = booked ? await findPlanById(db, booked.planId) : null
  const byRelease = new Map<string, { release: ReleaseRow; plan: PlanRow; windows: StoredWindow[] }>()
  for (const o of overlapping) {
    const entry = byRelease.get(o.release.id) ?? { release: o.release, plan: o.plan, windows: [] }
    entry.windows.push(o.window)
    byRelease.set(o.release.id, entry)
  }
  const key = String(data.key)
  return [...byRelease.values()].map(({ release, plan, windows }) => {
    const tz = tzOf(plan)
    // what the recipient agency may see of the booked release (DESIGN "Access rules": another agency's plan only once approved)
    const named = !!booked && !!bookedPlan && (booked.agencyCode === release.agencyCode || bookedPlan.status === 'APPROVED')
    const who = named && booked ? releaseLabel(booked) : 'another release'
    const purpose = named && typeof data.purpose === 'string' && data.purpose ? ` (${data.purpose})` : ''
    const yours = windows.map((w) => `${w.tier} ${windowText(w, tz)}`).join('; ')
    return {
      kind: 'BOOKING_CONFLICT' as const,
      title: `${key} was booked for ${who} during your ${release.name} ${release.version} window`,
      body: `${key} (${String(data.name)}) is booked for ${who}${purpose} ${formatInstant(start, tz)} – ${formatInstant(end, tz)}, overlapping ${releaseLabel(release)}: ${yours}. That window's readiness now shows BOOKING_CONFLICT.`,
      link: `/releases/${release.id}`,
      releaseId: release.id,
      planId: release.planId,
      agencyId: release.agencyId,
      audiences: [agency(release.agencyCode)],
      data: { bookingId: data.bookingId ?? null, environmentId, environmentKey: key, start, end, bookedReleaseId: named ? bookedReleaseId : null },
    }
  })
}
