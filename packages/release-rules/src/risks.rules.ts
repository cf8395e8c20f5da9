import { DateTime } from 'luxon'
import { expandFreezeWindow, freezeAppliesToTier } from './freezes.rules.ts'
import { evaluateGate } from './gates.rules.ts'
import type { DeploymentOutcome } from './metrics.rules.ts'
import { formatWindow } from './plan-diff.rules.ts'
import { lastTierWindow } from './roadmap.rules.ts'
import { instantToMillis, isInstantString, millisToInstant, overlapsMillis, spansCover } from './time.rules.ts'
import type { BookingSpec, CheckpointRecord, FreezeWindowSpec, QualityGateSpec, ReleaseStatus, ReleaseType, Severity, StageWindowSpec } from './types.ts'

/**
 * Releases at risk (`Program.risks(asOf, horizonDays)`), as pure rules. See DESIGN.md "Program
 * health" and the contract's `RiskReason` descriptions, which these rules follow:
 *
 * - a release's **remaining windows** are its windows of tiers it has not been promoted into
 *   (promotion runs along the plan's promotion path, so being in tier T means having been
 *   promoted into every tier up to T); its **next window** is the first of them in
 *   promotion-path order (tiers not on the path last, then by start);
 * - the **horizon** is [asOf, asOf + horizonDays × 24 h); a window is "within the horizon" when
 *   it overlaps it; a window "starts within the horizon" when it starts before the horizon ends
 *   (a window already open counts);
 * - terminal releases (RELEASED, CANCELLED) are never at risk; releases without any reason are
 *   not listed.
 *
 * | reason | when |
 * |---|---|
 * | SLIPPED | the next window ended at or before asOf, and no SUCCEEDED deployment of the release into its tier started before the window's end |
 * | DEPENDENCY_ORDER | a dependency (not cancelled, not yet released) starts its last-tier window after this release starts its own |
 * | GATE_UNMET | a quality gate of the next window's tier is not passed (latest checkpoints) and that window starts within the horizon |
 * | FROZEN | a freeze occurrence that applies to its tier overlaps a remaining window within the horizon |
 * | MISALIGNED | the plan's alignment has an ERROR issue |
 * | ENVIRONMENT_NOT_READY | the readiness of the next window's environment lists a blocker |
 * | NOT_BOOKED | a remaining window within the horizon has an environment, and the release's bookings of it do not cover the window |
 * | APPROVAL_WAITING | the plan is SUBMITTED and has waited for approval more than 7 × 24 h at asOf |
 *
 * Ordering, worst first: by score (the sum of the reasons' weights, see RISK_REASON_WEIGHT — each
 * reason outweighs all less severe ones together, so this is "the worst reason first, then the
 * next worst…"), then the soonest next window (none: last), then release id (code-unit order).
 */

// ------------------------------------------------------------------ reasons

export type RiskReason = 'GATE_UNMET' | 'ENVIRONMENT_NOT_READY' | 'MISALIGNED' | 'DEPENDENCY_ORDER' | 'NOT_BOOKED' | 'APPROVAL_WAITING' | 'SLIPPED' | 'FROZEN'

/** Every reason, most severe first; a risk's reasons are listed in this order. */
export const RISK_REASONS_WORST_FIRST: readonly RiskReason[] = [
  'SLIPPED',
  'DEPENDENCY_ORDER',
  'GATE_UNMET',
  'FROZEN',
  'MISALIGNED',
  'ENVIRONMENT_NOT_READY',
  'NOT_BOOKED',
  'APPROVAL_WAITING',
]

/**
 * Severity weight of each reason: powers of two, so one reason outweighs every less severe
 * reason together. SLIPPED — a date is already missed; DEPENDENCY_ORDER — the release cannot
 * ship as planned; GATE_UNMET — it cannot enter its next tier soon; FROZEN — part of a window
 * soon cannot be used; MISALIGNED — the plan breaks program rules; ENVIRONMENT_NOT_READY,
 * NOT_BOOKED — the environment needs work; APPROVAL_WAITING — the approvers need a nudge.
 */
export const RISK_REASON_WEIGHT: Readonly<Record<RiskReason, number>> = {
  SLIPPED: 128,
  DEPENDENCY_ORDER: 64,
  GATE_UNMET: 32,
  FROZEN: 16,
  MISALIGNED: 8,
  ENVIRONMENT_NOT_READY: 4,
  NOT_BOOKED: 2,
  APPROVAL_WAITING: 1,
}

/** Short plain-language label of each reason, for lists and filters. */
export const RISK_REASON_LABELS: Readonly<Record<RiskReason, string>> = {
  SLIPPED: 'Window missed',
  DEPENDENCY_ORDER: 'Dependency arrives later',
  GATE_UNMET: 'Gate not passed',
  FROZEN: 'Window in a freeze',
  MISALIGNED: 'Plan not aligned',
  ENVIRONMENT_NOT_READY: 'Environment not ready',
  NOT_BOOKED: 'Environment not booked',
  APPROVAL_WAITING: 'Waiting for approval',
}

/** What to do about each reason, in plain language (the general advice; details carry the specific one). */
export const RISK_REASON_ACTIONS: Readonly<Record<RiskReason, string>> = {
  SLIPPED: 'Promote the release into the tier if it is ready, or move the missed window and the later ones to new dates in the plan.',
  DEPENDENCY_ORDER: 'Move this release’s last window after the one of the release it depends on, or agree with its owner to bring that release forward.',
  GATE_UNMET: 'Record the missing checkpoints of the gate (with evidence where required) before the window opens, or move the window.',
  FROZEN: 'Move the window out of the freeze, or request a deployment exception if the change cannot wait.',
  MISALIGNED: 'Open the plan’s alignment report, fix every error, and submit the plan again.',
  ENVIRONMENT_NOT_READY:
    'Fix what the environment’s readiness lists: resolve or accept the drift, meet the release’s configuration requirements, book it, bring it back online.',
  NOT_BOOKED: 'Book the environment for the whole window.',
  APPROVAL_WAITING: 'Remind the approvers of the current step, or escalate along the program’s escalation path.',
}

export const DEFAULT_RISK_HORIZON_DAYS = 30
/** Longest horizon accepted (5 years, the freeze expansion limit). */
export const MAX_RISK_HORIZON_DAYS = 1826
/** A submitted plan waiting longer than this (days) is at risk. */
export const APPROVAL_WAITING_DAYS = 7

const DAY_MS = 86_400_000

// ------------------------------------------------------------------ inputs

/** What the risk rules need of a plan's pinned strategy version. */
export interface RiskStrategy {
  promotionPath: string[]
  qualityGates: QualityGateSpec[]
  freezeWindows: FreezeWindowSpec[]
}

export interface RiskPlan {
  id: string
  /** PlanStatus: DRAFT, SUBMITTED, APPROVED, REJECTED, CLOSED */
  status: string
  /** When the pending approval request was opened (instant); null unless waiting for approval. */
  submittedAt?: string | null
  /** The plan's alignment (checkAlignment); null/absent = unknown, never MISALIGNED. */
  alignment?: { issues: readonly { severity: Severity }[] } | null
  /** The strategy version the plan is aligned to. */
  strategy: RiskStrategy
}

/** Readiness of one scheduled window's environment (Release.environmentReadiness). */
export interface RiskReadiness {
  tier: string
  environmentId?: string | null
  blockers: readonly { code: string; message: string }[]
}

export interface RiskRelease {
  id: string
  planId: string
  agencyId: string
  name: string
  version: string
  status: ReleaseStatus
  type: ReleaseType
  /** The last tier the release was promoted into; null before the first. */
  currentTier: string | null
  schedule: StageWindowSpec[]
  /** ids of releases it depends on */
  dependsOn: string[]
  checkpoints: CheckpointRecord[]
  /** Readiness per scheduled window; absent = unknown (never ENVIRONMENT_NOT_READY). */
  readiness?: readonly RiskReadiness[] | null
}

/** A recorded deployment, as far as SLIPPED needs it. */
export interface RiskDeployment {
  releaseId: string
  environmentId: string
  outcome: DeploymentOutcome
  /** instant */
  startedAt: string
}

export interface RiskInput {
  /** instant; default: now (`now` of the options) */
  asOf?: string | null
  /** default 30 */
  horizonDays?: number | null
  /** IANA zone the messages show times in (the program's); default UTC. */
  timeZone?: string
  /** Plans of the releases (a release whose plan is missing is not evaluated). */
  plans: readonly RiskPlan[]
  /** The releases the viewer may see. */
  releases: readonly RiskRelease[]
  /** Bookings of the windows' environments (any release's; only the release's own count). */
  bookings?: readonly BookingSpec[]
  /** Deployments of the releases. */
  deployments?: readonly RiskDeployment[]
  /** Environments of the deployments, for their tier. */
  environments?: readonly { id: string; tier: string }[]
  /**
   * Last-tier window start of dependencies that are not among `releases`, by id (null:
   * unscheduled, cancelled or released). Unknown dependencies are ignored.
   */
  dependencyLastTierStart?: Readonly<Record<string, string | null>>
}

// ------------------------------------------------------------------ outputs

/** One reason of one release, with what is wrong and what to do, in plain language. */
export interface RiskDetail {
  reason: RiskReason
  /** The tier it is about, when any. */
  tier: string | null
  message: string
  action: string
}

/** One `ReleaseRisk`. */
export interface ReleaseRiskResult {
  releaseId: string
  planId: string
  agencyId: string
  /** most severe first (RISK_REASONS_WORST_FIRST) */
  reasons: RiskReason[]
  /** start of the next window (the first of a tier not promoted into); null when none */
  nextWindowStart: string | null
  nextWindowTier: string | null
  /** sum of RISK_REASON_WEIGHT over the reasons */
  score: number
  /** one or more per reason, in reason order */
  details: RiskDetail[]
}

// ------------------------------------------------------------------ rules

/** Problems with the arguments of Program.risks, as field errors. */
export function riskArgumentErrors(args: { asOf?: string | null; horizonDays?: number | null }): { path: string[]; message: string }[] {
  const errors: { path: string[]; message: string }[] = []
  if (args.asOf !== undefined && args.asOf !== null && !isInstantString(args.asOf)) {
    errors.push({ path: ['asOf'], message: 'The date and time must carry a time zone offset, e.g. 2027-03-01T09:00:00Z.' })
  }
  const h = args.horizonDays
  if (h !== undefined && h !== null && (!Number.isInteger(h) || h < 0 || h > MAX_RISK_HORIZON_DAYS)) {
    errors.push({ path: ['horizonDays'], message: `The horizon must be a whole number of days from 0 to ${MAX_RISK_HORIZON_DAYS}.` })
  }
  return errors
}

/** Tiers a release has been promoted into: the path up to its current tier. */
export function promotedTiers(promotionPath: readonly string[], currentTier: string | null): Set<string> {
  if (currentTier === null) return new Set()
  const i = promotionPath.indexOf(currentTier)
  return new Set(i < 0 ? [currentTier] : promotionPath.slice(0, i + 1))
}

/** Windows of tiers not promoted into, in promotion-path order (tiers off the path last), then by start. */
export function remainingWindows(schedule: readonly StageWindowSpec[], promotionPath: readonly string[], currentTier: string | null): StageWindowSpec[] {
  const done = promotedTiers(promotionPath, currentTier)
  const rank = (tier: string) => {
    const i = promotionPath.indexOf(tier)
    return i < 0 ? promotionPath.length : i
  }
  return schedule
    .filter((w) => !done.has(w.tier))
    .map((w, i) => ({ w, i, rank: rank(w.tier), start: instantToMillis(w.start) }))
    .sort((a, b) => a.rank - b.rank || a.start - b.start || a.i - b.i)
    .map((x) => x.w)
}

/** The next window: the first window of a tier the release has not been promoted into, or null. */
export function nextWindow(schedule: readonly StageWindowSpec[], promotionPath: readonly string[], currentTier: string | null): StageWindowSpec | null {
  return remainingWindows(schedule, promotionPath, currentTier)[0] ?? null
}

/** Compare two risks: worst first (score, then soonest next window — none last —, then release id). */
export function compareRisks(a: ReleaseRiskResult, b: ReleaseRiskResult): number {
  if (a.score !== b.score) return b.score - a.score
  const an = a.nextWindowStart === null ? Infinity : instantToMillis(a.nextWindowStart)
  const bn = b.nextWindowStart === null ? Infinity : instantToMillis(b.nextWindowStart)
  if (an !== bn) return an < bn ? -1 : 1
  return a.releaseId < b.releaseId ? -1 : a.releaseId > b.releaseId ? 1 : 0
}

interface Ctx {
  asOf: number
  horizonEnd: number
  zone: string
  plans: Map<string, RiskPlan>
  releases: Map<string, RiskRelease>
  bookings: readonly BookingSpec[]
  deploymentsByRelease: Map<string, RiskDeployment[]>
  tierOf: Map<string, string>
  externalLastTier: Readonly<Record<string, string | null>>
}

function when(ms: number, zone: string): string {
  const dt = DateTime.fromMillis(ms, { zone, locale: 'en-US' })
  return dt.isValid ? dt.toFormat('yyyy-MM-dd HH:mm ZZZZ') : millisToInstant(ms)
}

function days(ms: number): string {
  const n = Math.max(0, Math.floor(ms / DAY_MS))
  return n === 1 ? '1 day' : `${n} days`
}

function releaseLabel(r: RiskRelease): string {
  return `${r.name} ${r.version}`
}

/** Last-tier window start of a dependency (null: ignore it). */
function dependencyStart(ctx: Ctx, id: string): number | null {
  const dep = ctx.releases.get(id)
  if (!dep) {
    const external = ctx.externalLastTier[id]
    return external === undefined || external === null ? null : instantToMillis(external)
  }
  if (dep.status === 'CANCELLED' || dep.status === 'RELEASED') return null
  const path = ctx.plans.get(dep.planId)?.strategy.promotionPath
  const w = lastTierWindow(dep.schedule, path)
  return w ? instantToMillis(w.start) : null
}

function assess(ctx: Ctx, r: RiskRelease, plan: RiskPlan): ReleaseRiskResult | null {
  const { zone } = ctx
  const path = plan.strategy.promotionPath
  const remaining = remainingWindows(r.schedule, path, r.currentTier)
  const next = remaining[0] ?? null
  const details: RiskDetail[] = []
  const add = (reason: RiskReason, tier: string | null, message: string, action: string = RISK_REASON_ACTIONS[reason]) =>
    details.push({ reason, tier, message, action })
  const inHorizon = (w: StageWindowSpec) => overlapsMillis(instantToMillis(w.start), instantToMillis(w.end), ctx.asOf, ctx.horizonEnd)

  if (next) {
    const ns = instantToMillis(next.start)
    const ne = instantToMillis(next.end)

    // SLIPPED
    if (ne <= ctx.asOf) {
      const deployed = (ctx.deploymentsByRelease.get(r.id) ?? []).some(
        (d) => d.outcome === 'SUCCEEDED' && ctx.tierOf.get(d.environmentId) === next.tier && instantToMillis(d.startedAt) < ne,
      )
      if (!deployed) {
        add(
          'SLIPPED',
          next.tier,
          `The ${next.tier} window (${formatWindow(next, zone)}) ended ${days(ctx.asOf - ne)} ago without a promotion into ${next.tier}.`,
          `Promote the release into ${next.tier} if it is ready, or move the ${next.tier} window and the later ones to new dates in the plan.`,
        )
      }
    }

    // GATE_UNMET
    if (ns < ctx.horizonEnd) {
      for (const gate of plan.strategy.qualityGates) {
        if (gate.tier !== next.tier) continue
        const evaluation = evaluateGate(gate, r.checkpoints)
        if (evaluation.passed) continue
        const timing = ns >= ctx.asOf ? `opens in ${days(ns - ctx.asOf)} (${when(ns, zone)})` : `opened ${when(ns, zone)}`
        add(
          'GATE_UNMET',
          next.tier,
          `The gate '${gate.name}' into ${next.tier} is not passed (unmet: ${evaluation.unmetCriteria.join(', ')}); the ${next.tier} window ${timing}.`,
          `Record the checkpoints ${evaluation.unmetCriteria.join(', ')} (with evidence where required) before the ${next.tier} window opens, or move the window.`,
        )
      }
    }

    // ENVIRONMENT_NOT_READY
    const ofTier = (r.readiness ?? []).filter((x) => x.tier === next.tier)
    const readiness = ofTier.find((x) => (x.environmentId ?? null) === (next.environmentId ?? null)) ?? ofTier[0]
    if (readiness && readiness.blockers.length > 0) {
      const shown = readiness.blockers.slice(0, 3).map((b) => b.message)
      const more = readiness.blockers.length > shown.length ? ` (and ${readiness.blockers.length - shown.length} more)` : ''
      add('ENVIRONMENT_NOT_READY', next.tier, `The ${next.tier} environment is not ready: ${shown.join('; ')}${more}.`)
    }
  }

  // MISALIGNED
  const errors = (plan.alignment?.issues ?? []).filter((i) => i.severity === 'ERROR').length
  if (errors > 0) add('MISALIGNED', null, `The plan’s alignment has ${errors === 1 ? '1 error' : `${errors} errors`}.`)

  // DEPENDENCY_ORDER
  const own = lastTierWindow(r.schedule, path)
  if (own) {
    const ownStart = instantToMillis(own.start)
    for (const depId of new Set(r.dependsOn)) {
      if (depId === r.id) continue
      const depStart = dependencyStart(ctx, depId)
      if (depStart === null || depStart <= ownStart) continue
      const dep = ctx.releases.get(depId)
      const depText = dep ? `${releaseLabel(dep)}` : `release ${depId}`
      add(
        'DEPENDENCY_ORDER',
        own.tier,
        `It depends on ${depText}, which reaches its last tier at ${when(depStart, zone)}, after this release reaches ${own.tier} (${when(ownStart, zone)}).`,
        `Move this release’s ${own.tier} window after ${when(depStart, zone)}, or agree with the owner of ${depText} to bring it forward.`,
      )
    }
  }

  // NOT_BOOKED and FROZEN: remaining windows within the horizon
  for (const w of remaining) {
    if (!inHorizon(w)) continue
    const ws = instantToMillis(w.start)
    const we = instantToMillis(w.end)
    const env = w.environmentId
    if (env !== undefined && env !== null) {
      const own = ctx.bookings
        .filter((b) => b.releaseId === r.id && b.environmentId === env)
        .map((b) => ({ start: instantToMillis(b.start), end: instantToMillis(b.end) }))
      if (!spansCover(own, ws, we)) {
        add(
          'NOT_BOOKED',
          w.tier,
          own.length === 0
            ? `The ${w.tier} environment is not booked for the ${w.tier} window (${formatWindow(w, zone)}).`
            : `The release’s bookings of the ${w.tier} environment do not cover the whole ${w.tier} window (${formatWindow(w, zone)}).`,
          `Book the ${w.tier} environment for the whole ${w.tier} window (${formatWindow(w, zone)}).`,
        )
      }
    }
    for (const fw of plan.strategy.freezeWindows) {
      if (!freezeAppliesToTier(fw, w.tier)) continue
      const hit = expandFreezeWindow(fw, { start: w.start, end: w.end })[0]
      if (!hit) continue
      add(
        'FROZEN',
        w.tier,
        `The ${w.tier} window (${formatWindow(w, zone)}) overlaps the freeze '${fw.name}' (${formatWindow(hit, zone)}).`,
        `Move the ${w.tier} window out of the freeze '${fw.name}', or request a deployment exception if the change cannot wait.`,
      )
    }
  }

  // APPROVAL_WAITING
  if (plan.status === 'SUBMITTED' && plan.submittedAt !== undefined && plan.submittedAt !== null) {
    const waited = ctx.asOf - instantToMillis(plan.submittedAt)
    if (waited > APPROVAL_WAITING_DAYS * DAY_MS) {
      add('APPROVAL_WAITING', null, `The plan has waited ${days(waited)} for approval (submitted ${when(instantToMillis(plan.submittedAt), zone)}).`)
    }
  }

  if (details.length === 0) return null
  const rank = new Map(RISK_REASONS_WORST_FIRST.map((reason, i) => [reason, i]))
  const order = (reason: RiskReason) => rank.get(reason) ?? RISK_REASONS_WORST_FIRST.length
  // stable sort: within a reason, details keep the order they were found in
  details.sort((a, b) => order(a.reason) - order(b.reason))
  const reasons = [...new Set(details.map((d) => d.reason))]
  return {
    releaseId: r.id,
    planId: r.planId,
    agencyId: r.agencyId,
    reasons,
    nextWindowStart: next ? millisToInstant(instantToMillis(next.start)) : null,
    nextWindowTier: next ? next.tier : null,
    score: reasons.reduce((sum, reason) => sum + RISK_REASON_WEIGHT[reason], 0),
    details,
  }
}

/**
 * `Program.risks(asOf, horizonDays)`: every non-terminal release given that has at least one
 * reason, worst first (see the module comment for every rule and the ordering). `now` is the
 * default `asOf` (the rules have no clock). Throws RangeError on invalid arguments (see
 * `riskArgumentErrors`) or invalid instants.
 */
export function releaseRisks(input: RiskInput, options: { now?: string } = {}): ReleaseRiskResult[] {
  const problems = riskArgumentErrors({ asOf: input.asOf ?? null, horizonDays: input.horizonDays ?? null })
  if (problems.length > 0) throw new RangeError(problems.map((p) => p.message).join(' '))
  const asOfText = input.asOf ?? options.now
  if (asOfText === undefined || asOfText === null) throw new RangeError('releaseRisks needs asOf or options.now')
  const asOf = instantToMillis(asOfText)
  const horizonDays = input.horizonDays ?? DEFAULT_RISK_HORIZON_DAYS
  const deploymentsByRelease = new Map<string, RiskDeployment[]>()
  for (const d of input.deployments ?? []) {
    const list = deploymentsByRelease.get(d.releaseId) ?? []
    deploymentsByRelease.set(d.releaseId, list)
    list.push(d)
  }
  const ctx: Ctx = {
    asOf,
    horizonEnd: asOf + horizonDays * DAY_MS,
    zone: input.timeZone ?? 'UTC',
    plans: new Map(input.plans.map((p) => [p.id, p])),
    releases: new Map(input.releases.map((r) => [r.id, r])),
    bookings: input.bookings ?? [],
    deploymentsByRelease,
    tierOf: new Map((input.environments ?? []).map((e) => [e.id, e.tier])),
    externalLastTier: input.dependencyLastTierStart ?? {},
  }
  const out: ReleaseRiskResult[] = []
  for (const r of input.releases) {
    if (r.status === 'RELEASED' || r.status === 'CANCELLED') continue
    const plan = ctx.plans.get(r.planId)
    if (!plan) continue
    const risk = assess(ctx, r, plan)
    if (risk) out.push(risk)
  }
  return out.sort(compareRisks)
}
