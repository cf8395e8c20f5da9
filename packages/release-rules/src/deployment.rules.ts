import { DateTime } from 'luxon'
import { effectiveEnforcement, exceptionWaives } from './enforcement.rules.ts'
import { freezeOccurrences, freezesCovering, maxFreezeRangeEnd } from './freezes.rules.ts'
import { criterionMet, latestCheckpoints, nextTier } from './gates.rules.ts'
import { instantToMillis, millisToInstant } from './time.rules.ts'
import type {
  DeploymentBlocker,
  DeploymentBlockerCode,
  DeploymentCheckInput,
  DeploymentCheckResult,
  DeploymentExceptionSpec,
  PromotionInput,
  PromotionResult,
  StageWindowSpec,
  WindowOccurrence,
} from './types.ts'

const DAY_MS = 86_400_000
/** nextAllowedAt looks this far ahead first, then (only when nothing is found) up to 5 years. */
const FIRST_LOOK_MS = 42 * DAY_MS

function localText(ms: number, zone: string): string {
  const dt = DateTime.fromMillis(ms, { zone })
  return dt.isValid ? dt.toFormat('ccc yyyy-MM-dd HH:mm ZZZZ') : millisToInstant(ms)
}

function planAdvice(status: string): string {
  switch (status) {
    case 'DRAFT':
    case 'REJECTED':
      return ' Submit the plan and get it approved first.'
    case 'SUBMITTED':
      return ' Wait for the plan to be approved.'
    case 'CLOSED':
      return ' A closed plan takes no more deployments.'
    default:
      return ''
  }
}

/** The release's windows for a tier, as epoch-ms intervals sorted by start. */
function tierWindows(schedule: readonly StageWindowSpec[], tier: string): { start: number; end: number }[] {
  return schedule
    .filter((w) => w.tier === tier)
    .map((w) => ({ start: instantToMillis(w.start), end: instantToMillis(w.end) }))
    .filter((w) => w.end > w.start)
    .sort((a, b) => a.start - b.start)
}

function windowAdvice(windows: { start: number; end: number }[], tier: string, atMs: number, zone: string): string {
  if (windows.length === 0) {
    return `The release has no scheduled ${tier} window, and deployments to ${tier} must fall inside one. Add a ${tier} window to the release's schedule, or ask for an exception.`
  }
  const next = windows.find((w) => w.start > atMs)
  const span = (w: { start: number; end: number }) =>
    `${millisToInstant(w.start)} – ${millisToInstant(w.end)}, ${localText(w.start, zone)} – ${localText(w.end, zone)}`
  if (next) return `The release's ${tier} window has not opened yet (${span(next)}). Deploy inside it, or ask for an exception.`
  const last = windows.at(-1)
  const lastText = last ? ` (${span(last)})` : ''
  return `The release's ${tier} window is over${lastText}. Reschedule the ${tier} window, or ask for an exception.`
}

/**
 * THE deploy-time decision (DESIGN "Deploy-time enforcement"): may this release be deployed to
 * `tier` at instant `at`? The same function decides for the web client, promoteRelease, the REST
 * endpoint and the CLI. Blockers, in this order:
 *
 * - PLAN_NOT_APPROVED — the plan is not APPROVED;
 * - RELEASE_CANCELLED — the release is CANCELLED;
 * - NOT_NEXT_TIER — the tier is neither the next tier of the promotion path (the first when the
 *   release has none yet) nor the release's current tier; a RELEASED release has no next tier;
 * - GATE_UNMET — one per quality gate guarding the tier that its latest checkpoints do not pass;
 * - FROZEN — one per freeze occurrence applying to the tier that covers `at` (EMERGENCY releases too);
 * - ENTERPRISE_CRITERIA_UNMET — the tier is the last of the path and an enterprise readiness
 *   criterion is unmet;
 * - OUTSIDE_WINDOW — the tier is one of the strategy's enforcement `windowTiers` (default: the
 *   last tier) and no scheduled window of the release for the tier covers `at`;
 * - ENVIRONMENT_NOT_READY — the tier is one of the enforcement `readinessTiers` (default: the last
 *   tier) and the environment's readiness blockers (given by the caller) are not empty.
 *
 * An APPROVED exception of the release for the tier whose [start, end) covers `at` waives the
 * blockers it names among FROZEN, OUTSIDE_WINDOW and ENVIRONMENT_NOT_READY (`waivedBy` = its id;
 * when several apply, the one lasting longest, then the smallest id). `allowed`: no blocker is
 * left unwaived. `nextAllowedAt`: see DeploymentCheckResult.
 *
 * Pure: no clock, no I/O. Throws RangeError on an invalid instant or freeze window.
 */
export function checkDeployment(i: DeploymentCheckInput): DeploymentCheckResult {
  const atMs = instantToMillis(i.at)
  const { strategy, release, tier } = i
  const path = strategy.promotionPath
  const pathText = path.join(' → ')
  const zone = strategy.cadence.timeZone
  const tierIndex = path.indexOf(tier)
  const lastTier = tierIndex >= 0 && tierIndex === path.length - 1
  const enforcement = effectiveEnforcement(strategy)
  const found: { code: DeploymentBlockerCode; message: string }[] = []
  const add = (code: DeploymentBlockerCode, message: string) => found.push({ code, message })

  if (i.planStatus !== 'APPROVED') {
    add('PLAN_NOT_APPROVED', `The release plan is ${i.planStatus}; only releases of an APPROVED plan can be promoted or deployed.${planAdvice(i.planStatus)}`)
  }
  if (release.status === 'CANCELLED') add('RELEASE_CANCELLED', 'The release is CANCELLED and cannot be promoted or deployed.')

  const notNext = notNextTierMessage(path, pathText, release.status, release.currentTier, tier)
  if (notNext) add('NOT_NEXT_TIER', notNext)

  const latest = latestCheckpoints(i.checkpoints)
  for (const gate of strategy.qualityGates) {
    if (gate.tier !== tier) continue
    const unmet = gate.criteria.filter((c) => !criterionMet(c, latest.get(c.key))).map((c) => c.key)
    if (unmet.length > 0) {
      add('GATE_UNMET', `Gate '${gate.name}' (${gate.key}) into ${tier} is not passed; unmet criteria: ${unmet.join(', ')}. Record checkpoints that meet them.`)
    }
  }

  const freezes = freezesCovering(strategy.freezeWindows, tier, millisToInstant(atMs))
  const emergency = release.type === 'EMERGENCY' ? ' EMERGENCY releases are frozen too.' : ''
  for (const f of freezes) {
    add(
      'FROZEN',
      `${tier} is frozen by '${f.name}' from ${f.start} until ${f.end} (${localText(instantToMillis(f.start), f.window.timeZone)} – ${localText(instantToMillis(f.end), f.window.timeZone)}).${emergency} Deploy after it ends, or ask for an exception.`,
    )
  }

  if (lastTier) {
    const unmet = strategy.readinessCriteria.filter((c) => !criterionMet(c, latest.get(c.key))).map((c) => c.key)
    if (unmet.length > 0) {
      add(
        'ENTERPRISE_CRITERIA_UNMET',
        `Enterprise readiness criteria required before ${tier} are not met: ${unmet.join(', ')}. Record checkpoints that meet them.`,
      )
    }
  }

  const windows = tierWindows(release.schedule, tier)
  const windowEnforced = enforcement.windowTiers.includes(tier)
  if (windowEnforced && !windows.some((w) => w.start <= atMs && atMs < w.end)) add('OUTSIDE_WINDOW', windowAdvice(windows, tier, atMs, zone))

  const envBlockers = i.environmentBlockers
  if (enforcement.readinessTiers.includes(tier) && envBlockers !== null && envBlockers.length > 0) {
    const env = i.environmentKey ? `Environment ${i.environmentKey}` : `The ${tier} environment`
    add(
      'ENVIRONMENT_NOT_READY',
      `${env} is not ready for this release: ${envBlockers.map((b) => `${b.code} (${b.message})`).join('; ')}. Resolve them, or ask for an exception.`,
    )
  }

  const mine = i.exceptions.filter((e) => e.status === 'APPROVED' && e.releaseId === release.id && e.tier === tier)
  const blockers: DeploymentBlocker[] = found.map((b) => ({ ...b, waivedBy: waiverFor(mine, release.id, tier, b.code, atMs) }))
  const allowed = blockers.every((b) => b.waivedBy !== null)
  const next = nextAllowed({ i, atMs, windowEnforced, windows, exceptions: mine })
  return { allowed, tier, at: millisToInstant(atMs), blockers, freezes, nextAllowedAt: next === null ? null : millisToInstant(next), lastTier }
}

function notNextTierMessage(path: readonly string[], pathText: string, status: string, currentTier: string | null, tier: string): string | null {
  if (!path.includes(tier)) return `${tier} is not a tier of the promotion path ${pathText}. Deploy to one of ${path.join(', ')}.`
  if (tier === currentTier) return null
  if (currentTier !== null && !path.includes(currentTier)) {
    return `The release's current tier ${currentTier} is not on the promotion path ${pathText}, so no tier of the path comes next.`
  }
  // a RELEASED release has gone through its path: nothing comes next
  const expected = status === 'RELEASED' ? null : nextTier([...path], currentTier)
  if (expected === null) {
    if (currentTier !== null && currentTier === path.at(-1)) {
      return `The release is already in the last tier ${currentTier} of the promotion path ${pathText}; it can only be deployed again to ${currentTier}.`
    }
    return `The release is ${status} and has no next tier${currentTier === null ? '' : `; it can only be deployed again to ${currentTier}`}.`
  }
  if (expected === tier) return null
  return (
    `The release can only be promoted into the next tier, ${expected}` +
    (currentTier === null ? ' (it has not been promoted yet)' : ` (it is in ${currentTier})`) +
    `, not ${tier}` +
    (currentTier === null ? '.' : `; or deployed again to ${currentTier}.`)
  )
}

function waiverFor(exceptions: DeploymentExceptionSpec[], releaseId: string, tier: string, code: DeploymentBlockerCode, atMs: number): string | null {
  let best: { id: string; end: number } | null = null
  for (const e of exceptions) {
    if (!exceptionWaives(e, releaseId, tier, code, atMs)) continue
    const end = instantToMillis(e.end)
    if (!best || end > best.end || (end === best.end && e.id < best.id)) best = { id: e.id, end }
  }
  return best?.id ?? null
}

/**
 * The earliest instant t ≥ at at which neither an unwaived FROZEN nor an unwaived OUTSIDE_WINDOW
 * blocker remains, before at + 5 years; null when there is none. The set of such instants is a union
 * of half-open intervals, so the earliest one is `at` itself or one of the instants where a
 * blocker lifts: a freeze occurrence ends, a window opens, an exception starts.
 */
function nextAllowed(o: {
  i: DeploymentCheckInput
  atMs: number
  windowEnforced: boolean
  windows: { start: number; end: number }[]
  exceptions: DeploymentExceptionSpec[]
}): number | null {
  const { i, atMs, windowEnforced, windows, exceptions } = o
  const limit = maxFreezeRangeEnd(atMs)
  const waived = (code: DeploymentBlockerCode, t: number) => exceptions.some((e) => exceptionWaives(e, i.release.id, i.tier, code, t))
  const search = (horizon: number): number | null => {
    // occurrences overlapping [at, horizon): exact for every candidate instant before the horizon
    const occ: WindowOccurrence[] = freezeOccurrences(i.strategy.freezeWindows, millisToInstant(atMs), millisToInstant(horizon), i.tier)
    const spans = occ.map((x) => ({ start: instantToMillis(x.start), end: instantToMillis(x.end) }))
    const blocked = (t: number) =>
      (spans.some((s) => s.start <= t && t < s.end) && !waived('FROZEN', t)) ||
      (windowEnforced && !windows.some((w) => w.start <= t && t < w.end) && !waived('OUTSIDE_WINDOW', t))
    const candidates = new Set<number>([atMs])
    for (const s of spans) candidates.add(s.end)
    if (windowEnforced) for (const w of windows) candidates.add(w.start)
    for (const e of exceptions) candidates.add(instantToMillis(e.start))
    for (const t of [...candidates].filter((t) => t >= atMs && t < horizon).sort((a, b) => a - b)) {
      if (!blocked(t)) return t
    }
    return null
  }
  const first = Math.min(atMs + FIRST_LOOK_MS, limit)
  return search(first) ?? (first < limit ? search(limit) : null)
}

/**
 * May a release be promoted into `tier` now? Exactly when the deploy check for that instant is
 * allowed (DESIGN: promoteRelease refuses exactly when deploymentCheck for now is not allowed).
 * `releasesNow`: the tier is the last of the promotion path. Reasons: the unwaived blockers'
 * messages, in the check's order (use checkDeployment for their codes).
 */
export function checkPromotion(p: PromotionInput): PromotionResult {
  return promotionFromCheck(checkDeployment(p))
}

/** The promotion verdict of a deploy check (see checkPromotion). */
export function promotionFromCheck(check: DeploymentCheckResult): PromotionResult {
  if (check.allowed) return { ok: true, releasesNow: check.lastTier }
  const open = check.blockers.filter((b) => b.waivedBy === null)
  return { ok: false, reasons: open.map((b) => b.message) }
}
