import { DateTime } from 'luxon'
import { expandCycles, releaseDateOfCycleId } from './cycles.rules.ts'
import { freezeAppliesToTier, expandFreezeWindow } from './freezes.rules.ts'
import { lastTierWindow } from './roadmap.rules.ts'
import { addDays, instantToMillis, localDateOf, localDayInterval, millisToInstant, overlapsMillis, periodInterval } from './time.rules.ts'
import type {
  AlignmentCode,
  AlignmentInput,
  AlignmentIssue,
  AlignmentResult,
  FreezeOccurrence,
  ReleaseForAlignment,
  Severity,
  StageWindowSpec,
  StrategySnapshot,
} from './types.ts'

/** Order of issue codes within one release (STALE_STRATEGY, plan-wide, comes first of all). */
export const ALIGNMENT_CODE_ORDER: readonly AlignmentCode[] = [
  'STALE_STRATEGY',
  'OUTSIDE_PLAN_PERIOD',
  'TIER_SKIPPED',
  'TIER_OUT_OF_ORDER',
  'FREEZE_WINDOW',
  'OFF_CYCLE',
  'MISSING_ROLLBACK',
  'MISSING_ROLE',
  'MISSING_VALIDATION',
  'DEPENDENCY_ORDER',
]

/** Responsibilities every release must have assigned. */
export const REQUIRED_RESPONSIBILITIES = ['RELEASE_MANAGER', 'DEPLOYER'] as const

interface Ctx {
  input: AlignmentInput
  strategy: StrategySnapshot
  zone: string
  period: { start: number; end: number }
  lastTier: string | null
  /** every freeze occurrence overlapping the plan's windows, per freeze window id */
  freezes: Map<string, FreezeOccurrence[]>
}

function fmt(ms: number, zone: string): string {
  const dt = DateTime.fromMillis(ms, { zone })
  return dt.isValid ? dt.toFormat('yyyy-MM-dd HH:mm ZZZZ') : millisToInstant(ms)
}

function windowText(w: StageWindowSpec, zone: string): string {
  return `${w.tier} window ${fmt(instantToMillis(w.start), zone)} – ${fmt(instantToMillis(w.end), zone)}`
}

function releaseText(r: ReleaseForAlignment): string {
  return `Release '${r.name}' ${r.version}`
}

/** The first window of each tier, by tier. */
function windowsByTier(schedule: StageWindowSpec[]): Map<string, StageWindowSpec> {
  const m = new Map<string, StageWindowSpec>()
  for (const w of schedule) if (!m.has(w.tier)) m.set(w.tier, w)
  return m
}

function checkRelease(ctx: Ctx, r: ReleaseForAlignment): AlignmentIssue[] {
  const { strategy, zone, input } = ctx
  const issues: AlignmentIssue[] = []
  const add = (code: AlignmentCode, severity: Severity, message: string) => issues.push({ code, severity, message, releaseId: r.id })
  const path = strategy.promotionPath
  const rel = releaseText(r)
  const byTier = windowsByTier(r.schedule)

  // OUTSIDE_PLAN_PERIOD
  for (const w of r.schedule) {
    if (instantToMillis(w.start) < ctx.period.start || instantToMillis(w.end) > ctx.period.end) {
      add('OUTSIDE_PLAN_PERIOD', 'ERROR', `${rel}: the ${windowText(w, zone)} is outside the plan period ${input.periodStart} – ${input.periodEnd}`)
    }
  }

  // TIER_SKIPPED
  for (const tier of path) {
    if (!byTier.has(tier)) add('TIER_SKIPPED', 'ERROR', `${rel}: the schedule has no window for tier ${tier} of the promotion path ${path.join(' → ')}`)
  }

  // TIER_OUT_OF_ORDER: compare each scheduled tier with the closest earlier scheduled tier of the path
  let previous: StageWindowSpec | null = null
  for (const tier of path) {
    const w = byTier.get(tier)
    if (!w) continue
    if (previous && instantToMillis(w.start) < instantToMillis(previous.end)) {
      add(
        'TIER_OUT_OF_ORDER',
        'ERROR',
        `${rel}: the ${tier} window starts (${fmt(instantToMillis(w.start), zone)}) before the ${previous.tier} window ends (${fmt(instantToMillis(previous.end), zone)})`,
      )
    }
    previous = w
  }

  // FREEZE_WINDOW: one issue per (window, freeze window)
  const freezeSeverity: Severity = r.type === 'EMERGENCY' ? 'WARNING' : 'ERROR'
  for (const w of r.schedule) {
    const ws = instantToMillis(w.start)
    const we = instantToMillis(w.end)
    for (const fw of strategy.freezeWindows) {
      if (!freezeAppliesToTier(fw, w.tier)) continue
      const hit = (ctx.freezes.get(fw.id) ?? []).find((o) => overlapsMillis(ws, we, instantToMillis(o.start), instantToMillis(o.end)))
      if (hit) {
        add(
          'FREEZE_WINDOW',
          freezeSeverity,
          `${rel}: the ${windowText(w, zone)} overlaps the freeze '${fw.name}' (${fmt(instantToMillis(hit.start), zone)} – ${fmt(instantToMillis(hit.end), zone)})` +
            (r.type === 'EMERGENCY' ? ' (allowed with a warning for an emergency release)' : ''),
        )
      }
    }
  }

  // OFF_CYCLE
  const last = lastTierWindow(r.schedule, path)
  if (r.type !== 'EMERGENCY' && last) {
    const ls = instantToMillis(last.start)
    const le = instantToMillis(last.end)
    const from = addDays(localDateOf(last.start, zone), -1)
    const to = addDays(localDateOf(millisToInstant(Math.max(ls, le - 1)), zone), 1)
    const cycles = expandCycles(input.programKey, strategy.cadence, from, to)
    const onCycle = (releaseDate: string) => {
      const day = localDayInterval(releaseDate, zone)
      return overlapsMillis(ls, le, instantToMillis(day.start), instantToMillis(day.end))
    }
    if (r.cycleId) {
      const named = cycles.find((c) => c.id === r.cycleId)
      if (!named || !onCycle(named.releaseDate)) {
        const date = releaseDateOfCycleId(r.cycleId)
        add(
          'OFF_CYCLE',
          'WARNING',
          `${rel}: the last-tier ${windowText(last, zone)} is not on its cycle ${r.cycleId}` + (date ? ` (release date ${date}, ${zone})` : ''),
        )
      }
    } else if (!cycles.some((c) => onCycle(c.releaseDate))) {
      add(
        'OFF_CYCLE',
        'WARNING',
        `${rel}: the last-tier ${windowText(last, zone)} is not on any cycle's release date (cadence ${strategy.cadence.rule}, ${zone})`,
      )
    }
  }

  // MISSING_ROLLBACK
  if (!r.hasRollback) add('MISSING_ROLLBACK', 'ERROR', `${rel} has no rollback plan`)

  // MISSING_ROLE
  for (const role of REQUIRED_RESPONSIBILITIES) {
    if (!r.roles.some((x) => x.responsibility === role)) add('MISSING_ROLE', 'ERROR', `${rel} has no ${role} assigned`)
  }

  // MISSING_VALIDATION
  if (ctx.lastTier !== null && !r.validations.some((v) => v.tier === ctx.lastTier)) {
    add('MISSING_VALIDATION', 'ERROR', `${rel} has no validation requirement for the last tier ${ctx.lastTier}`)
  }

  // DEPENDENCY_ORDER
  if (last) {
    const own = instantToMillis(last.start)
    for (const depId of new Set(r.dependencyReleaseIds)) {
      const depStart = input.dependencyLastTierStart[depId]
      if (depStart === null || depStart === undefined) continue
      const ds = instantToMillis(depStart)
      if (ds > own) {
        add(
          'DEPENDENCY_ORDER',
          'ERROR',
          `${rel} starts its last tier ${last.tier} at ${fmt(own, zone)}, before its dependency ${depId} does (${fmt(ds, zone)})`,
        )
      }
    }
  }

  return issues
}

/**
 * Check a plan's releases against the strategy version it is aligned to (see DESIGN.md,
 * "Alignment"). Cancelled releases are not checked. `aligned` = no ERROR issue.
 * Issues come in release order (input order), within a release in ALIGNMENT_CODE_ORDER, within
 * a code in schedule/path order; STALE_STRATEGY (releaseId null) comes first.
 */
export function checkAlignment(input: AlignmentInput): AlignmentResult {
  const strategy = input.strategy
  const zone = strategy.cadence.timeZone
  const p = periodInterval(input.periodStart, input.periodEnd, zone)
  const path = strategy.promotionPath
  const checked = input.releases.filter((r) => r.status !== 'CANCELLED')

  // expand every freeze once over the span of all checked windows
  const freezes = new Map<string, FreezeOccurrence[]>()
  let spanStart = Infinity
  let spanEnd = -Infinity
  for (const r of checked) {
    for (const w of r.schedule) {
      spanStart = Math.min(spanStart, instantToMillis(w.start))
      spanEnd = Math.max(spanEnd, instantToMillis(w.end))
    }
  }
  if (Number.isFinite(spanStart)) {
    const span = { start: millisToInstant(spanStart), end: millisToInstant(spanEnd) }
    for (const fw of strategy.freezeWindows) freezes.set(fw.id, expandFreezeWindow(fw, span))
  }

  const ctx: Ctx = {
    input,
    strategy,
    zone,
    period: { start: instantToMillis(p.start), end: instantToMillis(p.end) },
    lastTier: path.at(-1) ?? null,
    freezes,
  }

  const issues: AlignmentIssue[] = []
  const stale = input.latestStrategyVersion > strategy.version
  if (stale) {
    issues.push({
      code: 'STALE_STRATEGY',
      severity: 'WARNING',
      message: `The plan is aligned to strategy version ${strategy.version}; the program has published version ${input.latestStrategyVersion}`,
      releaseId: null,
    })
  }
  const rank = new Map(ALIGNMENT_CODE_ORDER.map((c, i) => [c, i]))
  for (const r of checked) {
    const own = checkRelease(ctx, r)
    // stable sort keeps schedule/path order within a code
    own.sort((a, b) => (rank.get(a.code) ?? rank.size) - (rank.get(b.code) ?? rank.size))
    issues.push(...own)
  }
  return {
    aligned: !issues.some((i) => i.severity === 'ERROR'),
    stale,
    strategyVersion: strategy.version,
    issues,
  }
}
