import { checkAlignment } from './alignment.rules.ts'
import { expandFreezeWindow, freezeAppliesToTier } from './freezes.rules.ts'
import { criticalPath, impactedAgencyIds, lastTierWindow, roadmapConflicts } from './roadmap.rules.ts'
import { type Scenario, type ScenarioEdit, type ScenarioProblem, type ScheduleShift, isZeroShift, scenarioProblems, shiftInstant } from './scenario.rules.ts'
import { instantToMillis, millisToInstant, overlapsMillis, spansCover } from './time.rules.ts'
import type {
  AlignmentIssue,
  AlignmentResult,
  BookingSpec,
  CriticalPathResult,
  ReleaseForAlignment,
  ReleaseNode,
  RoadmapConflict,
  StageWindowSpec,
  StrategySnapshot,
} from './types.ts'

export * from './scenario.rules.ts'

/**
 * What-if planning: what a scenario of schedule edits (scenario.rules.ts) would break or change,
 * computed before anything is saved, and the concrete mutations that would make it real.
 *
 * `previewScenario(input, scenario)` reports:
 * - `mutations`: per changed release, its whole new schedule (and the revision it was read at);
 *   `plansReturningToDraft`: the APPROVED plans among them (editing an approved plan returns it
 *   to DRAFT);
 * - `alignment`: per affected plan (a plan with a changed release, or with a release depending
 *   on one) whose releases carry what checkAlignment needs, the report before (the plan's
 *   `alignment` when given, else computed) and after (its touched releases — changed or
 *   depending on a changed one — checked again), with the issues added and resolved (issues
 *   compared exactly: code, severity, release, message);
 * - `dependencyOrder`: the roadmap's DEPENDENCY_ORDER conflicts (roadmapConflicts) that involve
 *   a changed release — the only ones a schedule edit can change —, before and after, added and
 *   resolved, by the pair of releases;
 * - `freezeHits`, `bookingConflicts` (another release's booking of a window's environment
 *   overlaps it), `unbookedWindows` (the release's own bookings no longer cover a window): for
 *   the changed releases, before and after, added and resolved;
 * - `criticalPaths`: before and after, for the chosen targets (default: every changed release
 *   and every release depending on one, directly or not);
 * - `impactedAgencies`: per changed release, the agencies other than its own affected by it —
 *   through dependencies and shared components (DESIGN "Impact") and through bookings of the
 *   same environments that its windows overlap —, before and after.
 * Edits that cannot be applied (unknown release or plan, a RELEASED or CANCELLED release, a tier
 * the release has no window for, malformed) are reported in `problems` and skipped whole.
 */

// ------------------------------------------------------------------ inputs

/** What checkAlignment needs of a release beyond its schedule (absent: the plan is not re-checked). */
export interface WhatIfReleaseContent {
  hasRollback: boolean
  roles: { responsibility: string }[]
  validations: { tier: string }[]
}

export interface WhatIfRelease extends ReleaseNode {
  /** Release revision as read (for expectedRevision). */
  revision?: number | null
  cycleId?: string | null
  content?: WhatIfReleaseContent | null
}

export interface WhatIfPlan {
  id: string
  agencyId: string
  /** PlanStatus */
  status: string
  revision?: number | null
  /** 'YYYY-MM-DD' */
  periodStart: string
  /** 'YYYY-MM-DD' */
  periodEnd: string
  /** The pinned strategy version. */
  strategy: StrategySnapshot
  /**
   * The plan's alignment now, when the caller already has it (e.g. from the API); otherwise it
   * is computed (`planAlignment`). The preview re-checks only the releases a scenario touches.
   */
  alignment?: AlignmentResult | null
}

export interface WhatIfInput {
  programKey: string
  latestStrategyVersion: number
  /** Zone of day shifts for releases whose plan is not given (default UTC); otherwise the plan's cadence zone. */
  timeZone?: string
  plans: WhatIfPlan[]
  /** Every release the viewer may see on the roadmap (the edited ones, their dependencies and dependents). */
  releases: WhatIfRelease[]
  /** Bookings of the environments the windows use. */
  bookings?: BookingSpec[]
  /** Owner agency of each shared component, by id. */
  sharedComponentOwners?: Record<string, string | null>
  /** Releases whose critical path to report (default: the changed releases and everything depending on them). */
  criticalPathTargets?: string[]
}

// ------------------------------------------------------------------ outputs

export interface ScheduleMutation {
  releaseId: string
  planId: string
  /** The release revision the scenario was computed from (null when unknown). */
  expectedRevision: number | null
  /** The whole new schedule (canonical instants), in the release's schedule order. */
  schedule: StageWindowSpec[]
}

export interface EditProblem extends ScenarioProblem {
  editIndex: number
}

export interface ReleaseScheduleChange {
  releaseId: string
  planId: string
  agencyId: string
  before: StageWindowSpec[]
  after: StageWindowSpec[]
}

export interface Changes<T> {
  before: T[]
  after: T[]
  added: T[]
  resolved: T[]
}

export interface PlanAlignmentChange {
  planId: string
  before: AlignmentResult
  after: AlignmentResult
  added: AlignmentIssue[]
  resolved: AlignmentIssue[]
}

export interface FreezeHit {
  releaseId: string
  tier: string
  windowStart: string
  windowEnd: string
  freezeWindowId: string
  freezeName: string
  /** the freeze occurrence */
  start: string
  end: string
}

export interface BookingClash {
  releaseId: string
  tier: string
  environmentId: string
  bookingId: string
  bookingReleaseId: string
  /** agency of the booking's release, when known */
  bookingAgencyId: string | null
  start: string
  end: string
}

export interface UnbookedWindow {
  releaseId: string
  tier: string
  environmentId: string
  start: string
  end: string
}

export interface CriticalPathChange {
  targetId: string
  before: CriticalPathResult
  after: CriticalPathResult
  changed: boolean
}

export interface ImpactChange {
  releaseId: string
  before: string[]
  after: string[]
  added: string[]
  removed: string[]
}

export interface ScenarioPreview {
  /** true when every edit could be applied */
  ok: boolean
  problems: EditProblem[]
  changes: ReleaseScheduleChange[]
  mutations: ScheduleMutation[]
  plansReturningToDraft: string[]
  alignment: PlanAlignmentChange[]
  /** affected plans that could not be re-checked (their releases lack alignment fields) */
  uncheckedPlanIds: string[]
  dependencyOrder: Changes<RoadmapConflict>
  freezeHits: Changes<FreezeHit>
  bookingConflicts: Changes<BookingClash>
  unbookedWindows: Changes<UnbookedWindow>
  criticalPaths: CriticalPathChange[]
  impactedAgencies: ImpactChange[]
  /** every agency in some `impactedAgencies[].after`, sorted */
  impactedAgencyIds: string[]
}

// ------------------------------------------------------------------ helpers

const TERMINAL = new Set(['RELEASED', 'CANCELLED'])

function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0
}

function canonicalWindow(w: StageWindowSpec): StageWindowSpec {
  return {
    tier: w.tier,
    start: millisToInstant(instantToMillis(w.start)),
    end: millisToInstant(instantToMillis(w.end)),
    environmentId: w.environmentId ?? null,
  }
}

function sameSchedule(a: readonly StageWindowSpec[], b: readonly StageWindowSpec[]): boolean {
  return (
    a.length === b.length &&
    a.every((w, i) => {
      const v = b[i]
      return (
        v !== undefined &&
        v.tier === w.tier &&
        (v.environmentId ?? null) === (w.environmentId ?? null) &&
        instantToMillis(v.start) === instantToMillis(w.start) &&
        instantToMillis(v.end) === instantToMillis(w.end)
      )
    })
  )
}

/** Multiset difference by key: what only `after` has (added) and only `before` has (resolved). */
function diffBy<T>(before: T[], after: T[], key: (t: T) => string): Changes<T> {
  const count = new Map<string, number>()
  for (const t of before) count.set(key(t), (count.get(key(t)) ?? 0) + 1)
  const added: T[] = []
  for (const t of after) {
    const k = key(t)
    const n = count.get(k) ?? 0
    if (n > 0) count.set(k, n - 1)
    else added.push(t)
  }
  const left = new Map<string, number>()
  for (const t of after) left.set(key(t), (left.get(key(t)) ?? 0) + 1)
  const resolved: T[] = []
  for (const t of before) {
    const k = key(t)
    const n = left.get(k) ?? 0
    if (n > 0) left.set(k, n - 1)
    else resolved.push(t)
  }
  return { before, after, added, resolved }
}

function zoneFor(input: WhatIfInput, planId: string): string {
  return input.plans.find((p) => p.id === planId)?.strategy.cadence.timeZone ?? input.timeZone ?? 'UTC'
}

function shiftWindows(schedule: StageWindowSpec[], shift: ScheduleShift, zone: string, tiers?: readonly string[]): StageWindowSpec[] {
  if (isZeroShift(shift)) return schedule
  return schedule.map((w) =>
    tiers === undefined || tiers.includes(w.tier) ? { ...w, start: shiftInstant(w.start, shift, zone), end: shiftInstant(w.end, shift, zone) } : w,
  )
}

// ------------------------------------------------------------------ applying

export interface AppliedScenario {
  /** the releases with the scenario's schedules (unchanged ones are the same objects) */
  releases: WhatIfRelease[]
  changes: ReleaseScheduleChange[]
  mutations: ScheduleMutation[]
  problems: EditProblem[]
}

function applyEdit(input: WhatIfInput, schedules: Map<string, StageWindowSpec[]>, edit: ScenarioEdit, i: number): EditProblem[] {
  const problem = (path: (string | number)[], message: string): EditProblem[] => [{ editIndex: i, path: ['edits', i, ...path], message }]
  const releaseById = (id: string) => input.releases.find((r) => r.id === id)
  if (edit.kind === 'SHIFT_PLAN') {
    const plan = input.plans.find((p) => p.id === edit.planId)
    if (!plan) return problem(['planId'], 'This plan is not on the roadmap.')
    for (const r of input.releases) {
      if (r.planId !== plan.id || TERMINAL.has(r.status)) continue
      schedules.set(r.id, shiftWindows(schedules.get(r.id) ?? r.schedule, edit.shift, plan.strategy.cadence.timeZone))
    }
    return []
  }
  const r = releaseById(edit.releaseId)
  if (!r) return problem(['releaseId'], 'This release is not on the roadmap.')
  if (TERMINAL.has(r.status)) return problem(['releaseId'], `Release ${r.name} ${r.version} is ${r.status.toLowerCase()}; its schedule cannot change.`)
  const current = schedules.get(r.id) ?? r.schedule
  const scheduled = new Set(current.map((w) => w.tier))
  if (edit.kind === 'MOVE_RELEASE') {
    const missing = (edit.tiers ?? []).findIndex((t) => !scheduled.has(t))
    if (missing >= 0) return problem(['tiers', missing], `Release ${r.name} ${r.version} has no ${edit.tiers?.[missing] ?? ''} window.`)
    schedules.set(r.id, shiftWindows(current, edit.shift, zoneFor(input, r.planId), edit.tiers))
    return []
  }
  const missing = edit.windows.findIndex((w) => !scheduled.has(w.tier))
  if (missing >= 0) return problem(['windows', missing, 'tier'], `Release ${r.name} ${r.version} has no ${edit.windows[missing]?.tier ?? ''} window.`)
  const byTier = new Map(edit.windows.map((w) => [w.tier, w]))
  const done = new Set<string>()
  schedules.set(
    r.id,
    current.map((w) => {
      const next = byTier.get(w.tier)
      // one window per tier: the first window of the tier takes the new times
      if (!next || done.has(w.tier)) return w
      done.add(w.tier)
      return { ...w, start: millisToInstant(instantToMillis(next.start)), end: millisToInstant(instantToMillis(next.end)) }
    }),
  )
  return []
}

/**
 * Apply a scenario's edits to the schedules (nothing else changes). Edits with problems are
 * skipped whole. A release is changed when its schedule differs in any instant; `mutations`
 * lists those, in input order.
 */
export function applyScenario(input: WhatIfInput, scenario: Scenario): AppliedScenario {
  const problems: EditProblem[] = []
  const structural = scenarioProblems(scenario)
  const badEdits = new Set<number>()
  for (const p of structural) {
    const index = p.path[0] === 'edits' && typeof p.path[1] === 'number' ? p.path[1] : -1
    problems.push({ ...p, editIndex: index })
    if (index >= 0) badEdits.add(index)
  }
  const schedules = new Map<string, StageWindowSpec[]>()
  if (Array.isArray(scenario.edits)) {
    scenario.edits.forEach((edit, i) => {
      if (!badEdits.has(i)) problems.push(...applyEdit(input, schedules, edit, i))
    })
  }
  // stable: within an edit, problems keep their order
  problems.sort((a, b) => a.editIndex - b.editIndex)
  const changes: ReleaseScheduleChange[] = []
  const mutations: ScheduleMutation[] = []
  const releases = input.releases.map((r) => {
    const after = schedules.get(r.id)
    if (!after || sameSchedule(r.schedule, after)) return r
    const schedule = after.map(canonicalWindow)
    changes.push({ releaseId: r.id, planId: r.planId, agencyId: r.agencyId, before: r.schedule.map(canonicalWindow), after: schedule })
    mutations.push({ releaseId: r.id, planId: r.planId, expectedRevision: r.revision ?? null, schedule })
    return { ...r, schedule }
  })
  return { releases, changes, mutations, problems }
}

/** The input with the mutations' schedules in place (what the data looks like once they are saved). */
export function applyMutations(input: WhatIfInput, mutations: readonly ScheduleMutation[]): WhatIfInput {
  const byId = new Map(mutations.map((m) => [m.releaseId, m]))
  return { ...input, releases: input.releases.map((r) => (byId.has(r.id) ? { ...r, schedule: byId.get(r.id)?.schedule ?? r.schedule } : r)) }
}

// ------------------------------------------------------------------ checks

/**
 * A plan's alignment as agency-plans computes it (checkAlignment against the pinned strategy,
 * dependencies' last-tier starts from their own plans' paths, cancelled dependencies ignored);
 * null when the plan is unknown or a release of it lacks `content`.
 */
export function planAlignment(input: WhatIfInput, planId: string): AlignmentResult | null {
  return checkPlanReleases(input, planId, null)
}

/** checkAlignment of a plan, over all its releases or only those in `only` (the rest left out); null when not checkable. */
function checkPlanReleases(input: WhatIfInput, planId: string, only: ReadonlySet<string> | null): AlignmentResult | null {
  const plan = input.plans.find((p) => p.id === planId)
  if (!plan) return null
  const releases: ReleaseForAlignment[] = []
  for (const r of input.releases) {
    if (r.planId !== planId) continue
    if (!r.content) return null
    if (only !== null && !only.has(r.id)) continue
    releases.push({
      id: r.id,
      name: r.name,
      version: r.version,
      type: r.type,
      status: r.status,
      cycleId: r.cycleId ?? null,
      schedule: r.schedule,
      hasRollback: r.content.hasRollback,
      roles: r.content.roles,
      validations: r.content.validations,
      dependencyReleaseIds: r.dependsOn,
    })
  }
  const byId = new Map(input.releases.map((r) => [r.id, r]))
  const paths = new Map(input.plans.map((p) => [p.id, p.strategy.promotionPath]))
  const dependencyLastTierStart: Record<string, string | null> = {}
  for (const r of releases) {
    for (const id of r.dependencyReleaseIds) {
      const dep = byId.get(id)
      if (!dep) continue
      dependencyLastTierStart[id] = dep.status === 'CANCELLED' ? null : (lastTierWindow(dep.schedule, paths.get(dep.planId))?.start ?? null)
    }
  }
  return checkAlignment({
    programKey: input.programKey,
    periodStart: plan.periodStart,
    periodEnd: plan.periodEnd,
    strategy: plan.strategy,
    latestStrategyVersion: input.latestStrategyVersion,
    releases,
    dependencyLastTierStart,
  })
}

/**
 * The plan's alignment after a change that touched only the releases in `touched`: those are
 * checked again and their issues take the place of their old ones (checkAlignment judges each
 * release by itself; plan-wide issues come first, then each release's in plan order).
 */
function recheckPlan(before: AlignmentResult, after: WhatIfInput, planId: string, touched: ReadonlySet<string>): AlignmentResult | null {
  const partial = checkPlanReleases(after, planId, touched)
  if (!partial) return null
  const issuesOf = (issues: AlignmentIssue[]) => {
    const m = new Map<string | null, AlignmentIssue[]>()
    for (const i of issues) m.set(i.releaseId, [...(m.get(i.releaseId) ?? []), i])
    return m
  }
  const old = issuesOf(before.issues)
  const fresh = issuesOf(partial.issues)
  const issues = [...(fresh.get(null) ?? [])]
  for (const r of after.releases) {
    if (r.planId === planId) issues.push(...((touched.has(r.id) ? fresh : old).get(r.id) ?? []))
  }
  return { ...partial, aligned: !issues.some((i) => i.severity === 'ERROR'), issues }
}

function freezeHitsOf(input: WhatIfInput, r: WhatIfRelease): FreezeHit[] {
  const plan = input.plans.find((p) => p.id === r.planId)
  if (!plan || r.status === 'CANCELLED') return []
  const out: FreezeHit[] = []
  for (const w of r.schedule) {
    for (const fw of plan.strategy.freezeWindows) {
      if (!freezeAppliesToTier(fw, w.tier)) continue
      for (const o of expandFreezeWindow(fw, { start: w.start, end: w.end })) {
        out.push({
          releaseId: r.id,
          tier: w.tier,
          windowStart: millisToInstant(instantToMillis(w.start)),
          windowEnd: millisToInstant(instantToMillis(w.end)),
          freezeWindowId: fw.id,
          freezeName: fw.name,
          start: o.start,
          end: o.end,
        })
      }
    }
  }
  return out
}

/** Bookings by environment, their instants parsed once. */
type BookingIndex = Map<string, { booking: BookingSpec; start: number; end: number }[]>

function indexBookings(bookings: readonly BookingSpec[]): BookingIndex {
  const index: BookingIndex = new Map()
  for (const booking of bookings) {
    const list = index.get(booking.environmentId) ?? []
    index.set(booking.environmentId, list)
    list.push({ booking, start: instantToMillis(booking.start), end: instantToMillis(booking.end) })
  }
  return index
}

function bookingClashesOf(r: WhatIfRelease, bookings: BookingIndex, agencyOf: Map<string, string>): BookingClash[] {
  const out: BookingClash[] = []
  for (const w of r.schedule) {
    const env = w.environmentId
    if (env === undefined || env === null) continue
    const ws = instantToMillis(w.start)
    const we = instantToMillis(w.end)
    for (const { booking: b, start, end } of bookings.get(env) ?? []) {
      if (b.releaseId === r.id || !overlapsMillis(ws, we, start, end)) continue
      out.push({
        releaseId: r.id,
        tier: w.tier,
        environmentId: env,
        bookingId: b.id,
        bookingReleaseId: b.releaseId,
        bookingAgencyId: agencyOf.get(b.releaseId) ?? null,
        start: millisToInstant(start),
        end: millisToInstant(end),
      })
    }
  }
  return out
}

function unbookedOf(r: WhatIfRelease, bookings: BookingIndex): UnbookedWindow[] {
  const out: UnbookedWindow[] = []
  for (const w of r.schedule) {
    const env = w.environmentId
    if (env === undefined || env === null) continue
    const own = (bookings.get(env) ?? []).filter((b) => b.booking.releaseId === r.id)
    if (!spansCover(own, instantToMillis(w.start), instantToMillis(w.end))) {
      out.push({
        releaseId: r.id,
        tier: w.tier,
        environmentId: env,
        start: millisToInstant(instantToMillis(w.start)),
        end: millisToInstant(instantToMillis(w.end)),
      })
    }
  }
  return out
}

/** Releases depending on any of `ids`, directly or not (`ids` themselves left out), in input order. */
function dependentsClosure(releases: readonly ReleaseNode[], ids: ReadonlySet<string>): string[] {
  const dependents = new Map<string, string[]>()
  for (const r of releases) {
    for (const d of r.dependsOn) dependents.set(d, [...(dependents.get(d) ?? []), r.id])
  }
  const found = new Set<string>()
  const frontier = [...ids]
  for (let id = frontier.pop(); id !== undefined; id = frontier.pop()) {
    for (const dependent of dependents.get(id) ?? []) {
      if (found.has(dependent)) continue
      found.add(dependent)
      frontier.push(dependent)
    }
  }
  return releases.filter((r) => found.has(r.id) && !ids.has(r.id)).map((r) => r.id)
}

function agenciesAffectedBy(
  r: WhatIfRelease,
  all: WhatIfRelease[],
  owners: Record<string, string | null>,
  bookings: BookingIndex,
  agencyOf: Map<string, string>,
): string[] {
  const set = new Set(impactedAgencyIds(r, all, owners))
  for (const c of bookingClashesOf(r, bookings, agencyOf)) if (c.bookingAgencyId !== null && c.bookingAgencyId !== r.agencyId) set.add(c.bookingAgencyId)
  return [...set].sort(compareStrings)
}

const issueKey = (i: AlignmentIssue) => [i.code, i.severity, i.releaseId ?? '', i.message].join('\u0000')
const conflictKey = (c: RoadmapConflict) => [c.kind, ...c.releaseIds].join('\u0000')
const freezeKey = (h: FreezeHit) => [h.releaseId, h.tier, h.freezeWindowId, h.start].join('\u0000')
const clashKey = (c: BookingClash) => [c.releaseId, c.tier, c.bookingId].join('\u0000')
const unbookedKey = (u: UnbookedWindow) => [u.releaseId, u.tier, u.environmentId].join('\u0000')

function changesOver<T>(
  changed: readonly string[],
  before: Map<string, WhatIfRelease>,
  after: Map<string, WhatIfRelease>,
  of: (r: WhatIfRelease) => T[],
  key: (t: T) => string,
): Changes<T> {
  const collect = (m: Map<string, WhatIfRelease>) =>
    changed.flatMap((id) => {
      const r = m.get(id)
      return r ? of(r) : []
    })
  return diffBy(collect(before), collect(after), key)
}

/** Preview a scenario: everything it would break or change, and the mutations that would make it real (see the module comment). */
export function previewScenario(input: WhatIfInput, scenario: Scenario): ScenarioPreview {
  const applied = applyScenario(input, scenario)
  const afterInput: WhatIfInput = { ...input, releases: applied.releases }
  const changedIds = applied.changes.map((c) => c.releaseId)
  const changed = new Set(changedIds)
  const beforeById = new Map(input.releases.map((r) => [r.id, r]))
  const afterById = new Map(applied.releases.map((r) => [r.id, r]))
  const bookings = indexBookings(input.bookings ?? [])
  const owners = input.sharedComponentOwners ?? {}
  const agencyOf = new Map(input.releases.map((r) => [r.id, r.agencyId]))

  // alignment of affected plans
  const affectedPlans = new Set<string>()
  for (const r of input.releases) {
    if (changed.has(r.id) || r.dependsOn.some((d) => changed.has(d))) affectedPlans.add(r.planId)
  }
  const alignment: PlanAlignmentChange[] = []
  const uncheckedPlanIds: string[] = []
  for (const plan of input.plans) {
    if (!affectedPlans.has(plan.id)) continue
    const before = plan.alignment ?? planAlignment(input, plan.id)
    const touched = new Set(
      afterInput.releases.filter((r) => r.planId === plan.id && (changed.has(r.id) || r.dependsOn.some((d) => changed.has(d)))).map((r) => r.id),
    )
    const after = before && recheckPlan(before, afterInput, plan.id, touched)
    if (!before || !after) {
      uncheckedPlanIds.push(plan.id)
      continue
    }
    const d = diffBy(before.issues, after.issues, issueKey)
    alignment.push({ planId: plan.id, before, after, added: d.added, resolved: d.resolved })
  }
  for (const id of affectedPlans) if (!input.plans.some((p) => p.id === id)) uncheckedPlanIds.push(id)

  // only dependency edges with a changed release at one end can change: judge the changed
  // releases with their direct dependencies and dependents
  const neighbourhood = new Set(changedIds)
  for (const r of input.releases) {
    if (changed.has(r.id)) for (const d of r.dependsOn) neighbourhood.add(d)
    else if (r.dependsOn.some((d) => changed.has(d))) neighbourhood.add(r.id)
  }
  const orderConflicts = (releases: WhatIfRelease[]) =>
    roadmapConflicts(releases.filter((r) => neighbourhood.has(r.id))).filter((c) => c.kind === 'DEPENDENCY_ORDER' && c.releaseIds.some((id) => changed.has(id)))
  const dependencyOrder = diffBy(orderConflicts(input.releases), orderConflicts(applied.releases), conflictKey)

  const targets = input.criticalPathTargets ?? [...changedIds, ...dependentsClosure(input.releases, changed)]
  const criticalPaths = targets.map((targetId): CriticalPathChange => {
    const before = criticalPath(targetId, beforeById)
    const after = criticalPath(targetId, afterById)
    const changedPath = before.finish !== after.finish || before.path.join('\u0000') !== after.path.join('\u0000')
    return { targetId, before, after, changed: changedPath }
  })

  // impact goes through direct dependencies and dependents: the neighbourhood is enough
  const nearBefore = input.releases.filter((r) => neighbourhood.has(r.id))
  const nearAfter = applied.releases.filter((r) => neighbourhood.has(r.id))
  const impactedAgencies = changedIds.flatMap((id): ImpactChange[] => {
    const b = beforeById.get(id)
    const a = afterById.get(id)
    if (!b || !a) return []
    const before = agenciesAffectedBy(b, nearBefore, owners, bookings, agencyOf)
    const after = agenciesAffectedBy(a, nearAfter, owners, bookings, agencyOf)
    return [{ releaseId: id, before, after, added: after.filter((x) => !before.includes(x)), removed: before.filter((x) => !after.includes(x)) }]
  })

  const approved = new Set(input.plans.filter((p) => p.status === 'APPROVED').map((p) => p.id))
  return {
    ok: applied.problems.length === 0,
    problems: applied.problems,
    changes: applied.changes,
    mutations: applied.mutations,
    plansReturningToDraft: [...new Set(applied.mutations.map((m) => m.planId))].filter((id) => approved.has(id)),
    alignment,
    uncheckedPlanIds,
    dependencyOrder,
    freezeHits: changesOver(changedIds, beforeById, afterById, (r) => freezeHitsOf(input, r), freezeKey),
    bookingConflicts: changesOver(changedIds, beforeById, afterById, (r) => bookingClashesOf(r, bookings, agencyOf), clashKey),
    unbookedWindows: changesOver(changedIds, beforeById, afterById, (r) => unbookedOf(r, bookings), unbookedKey),
    criticalPaths,
    impactedAgencies,
    impactedAgencyIds: [...new Set(impactedAgencies.flatMap((x) => x.after))].sort(compareStrings),
  }
}
