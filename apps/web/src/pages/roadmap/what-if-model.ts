/**
 * What-if on the roadmap, the pure part: editing a scenario (the edits of
 * @railyard/release-rules/what-if, kept in the URL as `?whatif=w1~…`), the rules' input built from
 * the roadmap's model and the what-if documents (what-if-data.ts), the roadmap model with the
 * scenario's schedules in place (what the bars show while a scenario is open), and the preview in
 * plain language. The rules compute everything; this file only shapes and words it.
 */
import { MAX_SCENARIO_EDITS, MAX_SCENARIO_SHIFT_DAYS } from '@railyard/release-rules/scenario'
import type { Scenario, ScenarioEdit, ScheduleShift } from '@railyard/release-rules/scenario'
import type { ScenarioPreview, WhatIfInput, WhatIfPlan, WhatIfRelease } from '@railyard/release-rules/what-if'
import type { FreezeWindowSpec, ReleaseNode, StageWindowSpec, StrategySnapshot } from '@railyard/release-rules/types'
import { formatInstant } from '../../lib/time.ts'
import type { RoadmapModel } from './roadmap-data.ts'
import type { RoadmapRelease } from './layout.ts'

export const EMPTY_SCENARIO: Scenario = { edits: [] }

// ------------------------------------------------------------------ editing a scenario

/** Whole days of a pointer drag of `dx` pixels at `pxPerDay` (snapped to days; −0 is 0). */
export function dragDays(dx: number, pxPerDay: number): number {
  if (!(pxPerDay > 0) || !Number.isFinite(dx)) return 0
  const days = Math.round(dx / pxPerDay)
  return days === 0 ? 0 : Math.max(-MAX_SCENARIO_SHIFT_DAYS, Math.min(MAX_SCENARIO_SHIFT_DAYS, days))
}

const editTarget = (e: ScenarioEdit) => (e.kind === 'SHIFT_PLAN' ? `p:${e.planId}` : `r:${e.releaseId}`)

/**
 * The scenario with one more shift of a release (MOVE_RELEASE, every window) or of a plan
 * (SHIFT_PLAN). A shift directly following a whole-release (or plan) shift of the same target is
 * merged into it (dragging a bar twice is one edit), and an edit that then moves nothing is
 * dropped. Returns null when the scenario already has MAX_SCENARIO_EDITS edits or the shift
 * would leave the limits.
 */
export function addShift(scenario: Scenario, target: { releaseId: string } | { planId: string }, days: number): Scenario | null {
  if (!Number.isInteger(days) || days === 0) return scenario
  const edit: ScenarioEdit =
    'releaseId' in target
      ? { kind: 'MOVE_RELEASE', releaseId: target.releaseId, shift: { days } }
      : { kind: 'SHIFT_PLAN', planId: target.planId, shift: { days } }
  const last = scenario.edits.at(-1)
  if (last && editTarget(last) === editTarget(edit) && last.kind !== 'SET_WINDOWS' && !(last.kind === 'MOVE_RELEASE' && last.tiers)) {
    const total = (last.shift.days ?? 0) + days
    if (Math.abs(total) > MAX_SCENARIO_SHIFT_DAYS) return null
    const merged: ScheduleShift = { days: total, minutes: last.shift.minutes ?? 0 }
    const rest = scenario.edits.slice(0, -1)
    const next = merged.days === 0 && merged.minutes === 0 ? rest : [...rest, { ...last, shift: merged }]
    return { ...scenario, edits: next }
  }
  if (scenario.edits.length >= MAX_SCENARIO_EDITS || Math.abs(days) > MAX_SCENARIO_SHIFT_DAYS) return null
  return { ...scenario, edits: [...scenario.edits, edit] }
}

export function removeEdit(scenario: Scenario, index: number): Scenario {
  return { ...scenario, edits: scenario.edits.filter((_, i) => i !== index) }
}

const signedDays = (n: number) => `${n > 0 ? 'later' : 'earlier'} by ${Math.abs(n)} day${Math.abs(n) === 1 ? '' : 's'}`

function shiftText(s: ScheduleShift): string {
  const parts: string[] = []
  if (s.days) parts.push(signedDays(s.days))
  if (s.minutes) parts.push(`${s.minutes > 0 ? 'later' : 'earlier'} by ${Math.abs(s.minutes)} minute${Math.abs(s.minutes) === 1 ? '' : 's'}`)
  return parts.join(', then ') || 'not moved'
}

/** One edit in words, e.g. "DOH Vital records 2.2.0: every window later by 7 days". */
export function editText(e: ScenarioEdit, names: { release: (id: string) => string; plan: (id: string) => string }): string {
  switch (e.kind) {
    case 'MOVE_RELEASE':
      return `${names.release(e.releaseId)}: ${e.tiers ? `the ${e.tiers.join(', ')} window${e.tiers.length === 1 ? '' : 's'}` : 'every window'} ${shiftText(e.shift)}`
    case 'SHIFT_PLAN':
      return `Plan ${names.plan(e.planId)}: every open release ${shiftText(e.shift)}`
    case 'SET_WINDOWS':
      return `${names.release(e.releaseId)}: new times for ${e.windows.map((w) => w.tier).join(', ')}`
  }
}

// ------------------------------------------------------------------ the rules' input

/** A strategy version as the what-if documents read it (what checkAlignment and the freezes need). */
export interface StrategyVersionView {
  version: number
  promotionPath: string[]
  cadence: { rule: string; timeZone: string; startsOn: string; codeFreezeDaysBefore: number }
  freezeWindows: FreezeWindowSpec[]
}

/** What the viewer reads in full of one plan and its releases in the shown range (what-if-data.ts). */
export interface WhatIfPlanView {
  id: string
  status: string
  revision: number
  strategyVersion: number
  canEdit: boolean
  releases: { id: string; revision: number; hasRollback: boolean; roles: { responsibility: string }[]; validations: { tier: string }[]; canEdit: boolean }[]
}

export interface WhatIfDataView {
  strategies: StrategyVersionView[]
  /** owner agency code of each shared component */
  sharedComponentOwners: Record<string, string | null>
  bookings: { id: string; environmentId: string; releaseId: string; start: string; end: string }[]
  /** plans the viewer reads in full (their releases carry what the alignment check needs) */
  plans: WhatIfPlanView[]
}

function snapshot(s: StrategyVersionView): StrategySnapshot {
  return { version: s.version, cadence: s.cadence, promotionPath: s.promotionPath, freezeWindows: s.freezeWindows, qualityGates: [], readinessCriteria: [] }
}

/**
 * The input of previewScenario: every loaded release (roadmap fields), with revisions and the
 * alignment fields where the viewer reads the plan in full; every plan with its pinned strategy
 * (the latest one where the pinned version is not readable). Alignment is computed by the rules
 * both before and after, over the same data, so what changes is only what the scenario changes.
 */
export function whatIfInput(model: RoadmapModel, data: WhatIfDataView | null): WhatIfInput {
  const byVersion = new Map((data?.strategies ?? []).map((s) => [s.version, s]))
  const latest = model.strategyVersion !== null ? byVersion.get(model.strategyVersion) : undefined
  const fallback: StrategyVersionView = latest ?? {
    version: model.strategyVersion ?? 0,
    promotionPath: model.promotionPath,
    cadence: { rule: 'FREQ=MONTHLY', timeZone: model.timeZone, startsOn: '1970-01-01', codeFreezeDaysBefore: 0 },
    freezeWindows: model.freezeWindows,
  }
  const full = new Map((data?.plans ?? []).map((p) => [p.id, p]))
  const content = new Map((data?.plans ?? []).flatMap((p) => p.releases.map((r) => [r.id, r] as const)))
  const plans: WhatIfPlan[] = []
  for (const a of model.agencies) {
    for (const pl of a.plans) {
      const f = full.get(pl.id)
      const strategy = (f && byVersion.get(f.strategyVersion)) ?? fallback
      plans.push({
        id: pl.id,
        agencyId: a.code,
        status: f?.status ?? pl.status,
        revision: f?.revision ?? null,
        periodStart: pl.periodStart,
        periodEnd: pl.periodEnd,
        strategy: snapshot(strategy),
      })
    }
  }
  const releases: WhatIfRelease[] = model.nodes.map((n) => {
    const c = content.get(n.id)
    const r = model.byId.get(n.id)
    return {
      ...n,
      revision: c?.revision ?? null,
      cycleId: r?.cycleId ?? null,
      content: c && full.has(n.planId) ? { hasRollback: c.hasRollback, roles: c.roles, validations: c.validations } : null,
    }
  })
  return {
    programKey: model.programKey,
    latestStrategyVersion: model.strategyVersion ?? 0,
    timeZone: model.timeZone,
    plans,
    releases,
    bookings: data?.bookings ?? [],
    sharedComponentOwners: data?.sharedComponentOwners ?? {},
  }
}

// ------------------------------------------------------------------ the roadmap with the scenario in place

/**
 * The roadmap model with the given schedules (release id → the scenario's schedule): the bars,
 * the rollup and its conflicts then show the scenario. Windows keep their environment names.
 */
export function modelWithSchedules(model: RoadmapModel, schedules: ReadonlyMap<string, StageWindowSpec[]>): RoadmapModel {
  if (schedules.size === 0) return model
  const releases: RoadmapRelease[] = model.releases.map((r) => {
    const s = schedules.get(r.id)
    if (!s) return r
    return {
      ...r,
      windows: s.map((w, i) => {
        const old = r.windows[i]
        return {
          tier: w.tier,
          start: w.start,
          end: w.end,
          startMs: Date.parse(w.start),
          endMs: Date.parse(w.end),
          environmentKey: old?.tier === w.tier ? old.environmentKey : null,
          environmentName: old?.tier === w.tier ? old.environmentName : null,
        }
      }),
    }
  })
  const nodeOf = new Map<string, ReleaseNode>()
  const nodes = model.nodes.map((n) => {
    const s = schedules.get(n.id)
    const next = s ? { ...n, schedule: s } : n
    nodeOf.set(n.id, next)
    return next
  })
  return {
    ...model,
    releases,
    byId: new Map(releases.map((r) => [r.id, r])),
    nodes,
    plans: model.plans.map((p) => ({ ...p, releases: p.releases.map((n) => nodeOf.get(n.id) ?? n) })),
  }
}

// ------------------------------------------------------------------ the preview in words

const UUID_RE = /\b[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\b/gi

export interface PreviewLine {
  key: string
  text: string
}

export interface PreviewSection {
  id: 'dependencies' | 'alignment' | 'freezes' | 'bookings' | 'critical' | 'impact'
  title: string
  /** what the scenario breaks or adds */
  added: PreviewLine[]
  /** what it fixes or removes */
  resolved: PreviewLine[]
}

export interface PreviewNames {
  release: (id: string) => string
  plan: (id: string) => string
  environment: (id: string) => string
}

/**
 * The preview as sections of plain sentences, times in `timeZone` with its abbreviation (the
 * app's one time rule). Only what changes is listed; a section with nothing is still returned
 * (the panel says "no change").
 */
export function describePreview(p: ScenarioPreview, names: PreviewNames, timeZone: string): PreviewSection[] {
  const t = (iso: string) => formatInstant(iso, timeZone)
  const dep = (ids: string[]) => {
    const [r = '', d = ''] = ids
    return `${names.release(r)} would reach its last tier before ${names.release(d)}, which it depends on`
  }
  const orderLines = (xs: typeof p.dependencyOrder.added) => xs.map((c) => ({ key: c.releaseIds.join('>'), text: dep(c.releaseIds) }))
  const issueLines = (planId: string, xs: { code: string; severity: string; message: string; releaseId: string | null }[]) =>
    xs.map((i, k) => ({
      key: `${planId}:${i.code}:${i.releaseId ?? ''}:${k}`,
      // the rules name a dependency by its id: say its name
      text: `${i.severity === 'ERROR' ? 'Error' : 'Warning'} in ${names.plan(planId)}: ${i.message.replace(UUID_RE, (id) => names.release(id))}`,
    }))
  const freezeLine = (h: (typeof p.freezeHits.added)[number]) => ({
    key: `${h.releaseId}:${h.tier}:${h.freezeWindowId}:${h.start}`,
    text: `${names.release(h.releaseId)}: the ${h.tier} window (${t(h.windowStart)} – ${t(h.windowEnd)}) overlaps the freeze “${h.freezeName}” (${t(h.start)} – ${t(h.end)})`,
  })
  const clashLine = (c: (typeof p.bookingConflicts.added)[number]) => ({
    key: `${c.releaseId}:${c.tier}:${c.bookingId}`,
    text: `${names.release(c.releaseId)}: the ${c.tier} window overlaps ${names.release(c.bookingReleaseId)}'s booking of ${names.environment(c.environmentId)} (${t(c.start)} – ${t(c.end)})`,
  })
  const unbookedLine = (u: (typeof p.unbookedWindows.added)[number]) => ({
    key: `${u.releaseId}:${u.tier}:${u.environmentId}`,
    text: `${names.release(u.releaseId)}: the ${u.tier} window (${t(u.start)} – ${t(u.end)}) is not covered by its own booking of ${names.environment(u.environmentId)}`,
  })
  const critical = p.criticalPaths
    .filter((c) => c.changed)
    .map((c) => ({
      key: c.targetId,
      text: `Critical path to ${names.release(c.targetId)}: ${c.after.path.map(names.release).join(' → ') || 'none'}, finishing ${c.after.finish ? t(c.after.finish) : 'unscheduled'} (was ${c.before.finish ? t(c.before.finish) : 'unscheduled'}${c.before.path.join() !== c.after.path.join() ? `, through ${c.before.path.map(names.release).join(' → ')}` : ''})`,
    }))
  const impactAdded = p.impactedAgencies
    .filter((x) => x.added.length > 0)
    .map((x) => ({ key: x.releaseId, text: `${names.release(x.releaseId)} would now affect ${x.added.join(', ')}` }))
  const impactRemoved = p.impactedAgencies
    .filter((x) => x.removed.length > 0)
    .map((x) => ({ key: x.releaseId, text: `${names.release(x.releaseId)} would no longer affect ${x.removed.join(', ')}` }))
  return [
    { id: 'dependencies', title: 'Dependency order', added: orderLines(p.dependencyOrder.added), resolved: orderLines(p.dependencyOrder.resolved) },
    {
      id: 'alignment',
      title: 'Alignment with the release framework',
      added: p.alignment.flatMap((a) => issueLines(a.planId, a.added)),
      resolved: p.alignment.flatMap((a) => issueLines(a.planId, a.resolved)),
    },
    { id: 'freezes', title: 'Freeze windows', added: p.freezeHits.added.map(freezeLine), resolved: p.freezeHits.resolved.map(freezeLine) },
    {
      id: 'bookings',
      title: 'Environment bookings',
      added: [...p.bookingConflicts.added.map(clashLine), ...p.unbookedWindows.added.map(unbookedLine)],
      resolved: [...p.bookingConflicts.resolved.map(clashLine), ...p.unbookedWindows.resolved.map(unbookedLine)],
    },
    { id: 'critical', title: 'Critical path', added: critical, resolved: [] },
    { id: 'impact', title: 'Impacted agencies', added: impactAdded, resolved: impactRemoved },
  ]
}

/** "N problems added, M resolved" over the sections that count as problems (not critical path or impact). */
export function previewCounts(sections: readonly PreviewSection[]): { added: number; resolved: number } {
  const problems = sections.filter((s) => s.id !== 'critical' && s.id !== 'impact')
  return { added: problems.reduce((n, s) => n + s.added.length, 0), resolved: problems.reduce((n, s) => n + s.resolved.length, 0) }
}
