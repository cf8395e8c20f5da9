import { DateTime } from 'luxon'
import { instantToMillis } from './time.rules.ts'

/**
 * "Changes since the last approval" of an agency plan: the content of the plan as it was
 * approved compared with its content now. Pure: the caller supplies both contents (and, for
 * readable labels, the names of releases outside the plan).
 */

// ------------------------------------------------------------------ content

/** One release of a plan's content (what its editors write: ReleaseInput plus its status). */
export interface PlanContentRelease {
  id: string
  name: string
  version: string
  type: string
  summary?: string | null
  cycleId?: string | null
  status: string
  scope: { key: string; title: string; kind: string }[]
  artifacts: { name: string; version: string; digest: string; uri?: string | null }[]
  /** One window per tier; instants. */
  schedule: { tier: string; start: string; end: string; environmentId?: string | null }[]
  /** In their order (`order` 1, 2, 3…; the position when absent). */
  steps: { order?: number | null; title: string; owner: string; durationMinutes: number; tier?: string | null }[]
  validations: { tier: string; description: string; owner: string }[]
  roles: { responsibility: string; person: string; contact?: string | null }[]
  requirements: { key: string; expected: string }[]
  dependencies: { releaseId?: string | null; sharedComponentId?: string | null; versionRange?: string | null; note?: string | null }[]
  /** Rehearsals are execution, not content: only these fields are compared. */
  rollback: { strategy: string; triggers: string[]; steps: string[]; maxMinutes: number } | null
  /** The release's own escalation path; null = the strategy's. */
  escalation: { level: number; title: string; contact: string; responseMinutes: number }[] | null
}

/** A plan's content: its header and every release (cancelled ones included), in plan order. */
export interface PlanContent {
  title: string
  /** 'YYYY-MM-DD' */
  periodStart: string
  /** 'YYYY-MM-DD' */
  periodEnd: string
  strategyVersion?: number | null
  releases: PlanContentRelease[]
}

export type PlanChangeKind = 'ADDED' | 'REMOVED' | 'CHANGED'

/**
 * One difference. `releaseId`/`releaseName` are null for the plan header. `field` names what
 * changed: a header field (title, periodStart, periodEnd, strategyVersion), 'release' for an
 * added or removed release, a release field (name, version, type, summary, cycle, status, scope,
 * artifacts, steps, validations, roles, requirements, dependencies, escalation), `schedule.<tier>`
 * for one tier's window, or `rollback` / `rollback.<strategy|maxMinutes|triggers|steps>`.
 * `before`/`after` are short human-readable strings (null = nothing). For lists they name the
 * items only in the approved version (before) and only in the current one (after).
 */
export interface PlanChange {
  kind: PlanChangeKind
  releaseId: string | null
  releaseName: string | null
  field: string
  before: string | null
  after: string | null
}

export interface PlanDiffOptions {
  /** IANA time zone windows are written in (default UTC). */
  timeZone?: string
  /** Labels ("Name 1.2.0") of releases outside the plan that dependencies name, by id. */
  releaseLabels?: Readonly<Record<string, string>>
}

// ------------------------------------------------------------------ formatting

/** Labels listed per list change before "+N more". */
const MAX_ITEMS = 4
/** Longest label of one item. */
const MAX_LABEL = 80

const clip = (s: string, max = MAX_LABEL): string => (s.length > max ? `${s.slice(0, max - 1)}…` : s)
const shortId = (id: string): string => id.slice(0, 8)
const blankToNull = (s: string | null | undefined): string | null => (s === undefined || s === null || s.trim() === '' ? null : s)

function summarize(labels: string[]): string | null {
  if (labels.length === 0) return null
  const shown = labels.slice(0, MAX_ITEMS).map((l) => clip(l))
  const more = labels.length - shown.length
  return more > 0 ? `${shown.join('; ')}; +${more} more` : shown.join('; ')
}

function localTime(instant: string, zone: string): DateTime {
  return DateTime.fromMillis(instantToMillis(instant), { zone, locale: 'en-US' })
}

/** '2027-03-09 10:00–12:00 PST', '2027-02-15 09:00 – 2027-02-18 17:00 PST', across DST '… PST – … PDT'. */
export function formatWindow(w: { start: string; end: string }, timeZone = 'UTC'): string {
  const s = localTime(w.start, timeZone)
  const e = localTime(w.end, timeZone)
  if (!s.isValid || !e.isValid) return `${w.start} – ${w.end}`
  const sz = s.toFormat('ZZZZ')
  const ez = e.toFormat('ZZZZ')
  if (sz !== ez) return `${s.toFormat('yyyy-MM-dd HH:mm')} ${sz} – ${e.toFormat('yyyy-MM-dd HH:mm')} ${ez}`
  if (s.toISODate() === e.toISODate()) return `${s.toFormat('yyyy-MM-dd HH:mm')}–${e.toFormat('HH:mm')} ${ez}`
  return `${s.toFormat('yyyy-MM-dd HH:mm')} – ${e.toFormat('yyyy-MM-dd HH:mm')} ${ez}`
}

const releaseLabel = (r: Pick<PlanContentRelease, 'name' | 'version' | 'type'>) => `${r.name} ${r.version} (${r.type})`

// ------------------------------------------------------------------ comparison

/** Canonical form of a value for equality: undefined = null, instants by their instant. */
function canon(value: unknown): string {
  return JSON.stringify(value, (_k, v: unknown) => (v === undefined ? null : v))
}

const canonInstant = (s: string): string => {
  try {
    return new Date(instantToMillis(s)).toISOString()
  } catch {
    return s
  }
}

interface Item {
  key: string
  label: string
}

/** Multiset difference of two lists of items: labels only in `a` (by key), in `a`'s order. */
function only(a: Item[], b: Item[]): string[] {
  const counts = new Map<string, number>()
  for (const i of b) counts.set(i.key, (counts.get(i.key) ?? 0) + 1)
  const out: string[] = []
  for (const i of a) {
    const n = counts.get(i.key) ?? 0
    if (n > 0) counts.set(i.key, n - 1)
    else out.push(i.label)
  }
  return out
}

/** A change of a list field (order does not matter), or null when both hold the same items. */
function listChange(field: string, before: Item[], after: Item[]): { field: string; before: string | null; after: string | null } | null {
  const removed = only(before, after)
  const added = only(after, before)
  if (removed.length === 0 && added.length === 0) return null
  return { field, before: summarize(removed), after: summarize(added) }
}

type Ctx = { timeZone: string; labelOf: (releaseId: string) => string }

const items = {
  scope: (r: PlanContentRelease): Item[] => r.scope.map((s) => ({ key: canon([s.key, s.title, s.kind]), label: `${s.key} ${s.title} (${s.kind})` })),
  artifacts: (r: PlanContentRelease): Item[] =>
    r.artifacts.map((a) => ({
      key: canon([a.name, a.version, a.digest, blankToNull(a.uri)]),
      label: `${a.name} ${a.version} ${a.digest}${blankToNull(a.uri) ? ` ${a.uri}` : ''}`,
    })),
  steps: (r: PlanContentRelease): Item[] =>
    r.steps.map((s, i) => {
      const order = s.order ?? i + 1
      const tier = blankToNull(s.tier)
      return {
        key: canon([order, s.title, s.owner, s.durationMinutes, tier]),
        label: `${order}. ${s.title} (${s.owner}, ${s.durationMinutes} min${tier ? `, ${tier}` : ''})`,
      }
    }),
  validations: (r: PlanContentRelease): Item[] =>
    r.validations.map((v) => ({ key: canon([v.tier, v.description, v.owner]), label: `${v.tier}: ${v.description} (${v.owner})` })),
  roles: (r: PlanContentRelease): Item[] =>
    r.roles.map((x) => {
      const contact = blankToNull(x.contact)
      return { key: canon([x.responsibility, x.person, contact]), label: `${x.responsibility}: ${x.person}${contact ? ` <${contact}>` : ''}` }
    }),
  requirements: (r: PlanContentRelease): Item[] => r.requirements.map((q) => ({ key: canon([q.key, q.expected]), label: `${q.key} ${q.expected}` })),
  dependencies: (r: PlanContentRelease, ctx: Ctx): Item[] =>
    r.dependencies.map((d) => {
      const range = blankToNull(d.versionRange)
      const note = blankToNull(d.note)
      const target = d.releaseId ? ctx.labelOf(d.releaseId) : d.sharedComponentId ? `shared component ${shortId(d.sharedComponentId)}` : 'nothing'
      return {
        key: canon([d.releaseId ?? null, d.sharedComponentId ?? null, range, note]),
        label: `${target}${range ? ` ${range}` : ''}${note ? ` — ${note}` : ''}`,
      }
    }),
  escalation: (levels: NonNullable<PlanContentRelease['escalation']>): Item[] =>
    levels.map((l) => ({
      key: canon([l.level, l.title, l.contact, l.responseMinutes]),
      label: `${l.level}. ${l.title} (${l.contact}, ${l.responseMinutes} min)`,
    })),
  text: (list: string[]): Item[] => list.map((t) => ({ key: t, label: t })),
  numbered: (list: string[]): Item[] => list.map((t, i) => ({ key: canon([i, t]), label: `${i + 1}. ${t}` })),
}

function windowLabel(w: PlanContentRelease['schedule'][number], ctx: Ctx): string {
  const env = blankToNull(w.environmentId)
  return `${formatWindow(w, ctx.timeZone)}${env ? ` (environment ${shortId(env)})` : ''}`
}

const windowKey = (w: PlanContentRelease['schedule'][number]) => canon([canonInstant(w.start), canonInstant(w.end), blankToNull(w.environmentId)])

const rollbackLabel = (r: NonNullable<PlanContentRelease['rollback']>) =>
  `${r.strategy} within ${r.maxMinutes} min (${r.triggers.length} trigger${r.triggers.length === 1 ? '' : 's'}, ${r.steps.length} step${r.steps.length === 1 ? '' : 's'})`

type FieldChange = { field: string; before: string | null; after: string | null }

function scalar(field: string, before: string | null | undefined, after: string | null | undefined): FieldChange | null {
  const b = blankToNull(before)
  const a = blankToNull(after)
  return b === a ? null : { field, before: b, after: a }
}

/** The changes of one release present in both contents, in field order. */
function releaseChanges(b: PlanContentRelease, a: PlanContentRelease, ctx: Ctx): FieldChange[] {
  const out: (FieldChange | null)[] = [
    scalar('name', b.name, a.name),
    scalar('version', b.version, a.version),
    scalar('type', b.type, a.type),
    scalar('summary', b.summary, a.summary),
    scalar('cycle', b.cycleId, a.cycleId),
    scalar('status', b.status, a.status),
    listChange('scope', items.scope(b), items.scope(a)),
    listChange('artifacts', items.artifacts(b), items.artifacts(a)),
  ]
  // schedule: one change per tier, in the current schedule's order, then tiers no longer scheduled
  const before = new Map(b.schedule.map((w) => [w.tier, w]))
  const after = new Map(a.schedule.map((w) => [w.tier, w]))
  for (const w of a.schedule) {
    const old = before.get(w.tier)
    if (!old) out.push({ field: `schedule.${w.tier}`, before: null, after: windowLabel(w, ctx) })
    else if (windowKey(old) !== windowKey(w)) out.push({ field: `schedule.${w.tier}`, before: windowLabel(old, ctx), after: windowLabel(w, ctx) })
  }
  for (const w of b.schedule) if (!after.has(w.tier)) out.push({ field: `schedule.${w.tier}`, before: windowLabel(w, ctx), after: null })
  out.push(
    listChange('steps', items.steps(b), items.steps(a)),
    listChange('validations', items.validations(b), items.validations(a)),
    listChange('roles', items.roles(b), items.roles(a)),
    listChange('requirements', items.requirements(b), items.requirements(a)),
    listChange('dependencies', items.dependencies(b, ctx), items.dependencies(a, ctx)),
  )
  // rollback: added / removed as a whole, else part by part
  if (b.rollback && a.rollback) {
    out.push(
      scalar('rollback.strategy', b.rollback.strategy, a.rollback.strategy),
      scalar('rollback.maxMinutes', `${b.rollback.maxMinutes} min`, `${a.rollback.maxMinutes} min`),
      listChange('rollback.triggers', items.text(b.rollback.triggers), items.text(a.rollback.triggers)),
      listChange('rollback.steps', items.numbered(b.rollback.steps), items.numbered(a.rollback.steps)),
    )
  } else if (b.rollback || a.rollback) {
    out.push({ field: 'rollback', before: b.rollback ? rollbackLabel(b.rollback) : null, after: a.rollback ? rollbackLabel(a.rollback) : null })
  }
  // escalation: null is the strategy's path
  if (b.escalation && a.escalation) out.push(listChange('escalation', items.escalation(b.escalation), items.escalation(a.escalation)))
  else if (b.escalation || a.escalation) {
    const describe = (e: PlanContentRelease['escalation']) => (e ? (summarize(items.escalation(e).map((i) => i.label)) ?? 'none') : "the strategy's path")
    out.push({ field: 'escalation', before: describe(b.escalation), after: describe(a.escalation) })
  }
  return out.filter((c): c is FieldChange => c !== null)
}

/**
 * What changed from `before` (the approved content) to `after` (the content now): header
 * fields first, then the releases in `after`'s order (ADDED, or one CHANGED per changed field),
 * then releases no longer present (REMOVED). Releases are matched by id. Identical contents → [].
 * Lists compare as multisets (reordering alone is no change), except deployment steps and
 * rollback steps, whose order is part of their meaning.
 */
export function diffPlanContent(before: PlanContent, after: PlanContent, options: PlanDiffOptions = {}): PlanChange[] {
  const names = new Map<string, string>()
  for (const r of [...before.releases, ...after.releases]) names.set(r.id, `${r.name} ${r.version}`)
  const ctx: Ctx = {
    timeZone: options.timeZone ?? 'UTC',
    labelOf: (id) => names.get(id) ?? options.releaseLabels?.[id] ?? `release ${shortId(id)}`,
  }
  const changes: PlanChange[] = []
  const header = (c: FieldChange | null) => {
    if (c) changes.push({ kind: 'CHANGED', releaseId: null, releaseName: null, ...c })
  }
  header(scalar('title', before.title, after.title))
  header(scalar('periodStart', before.periodStart, after.periodStart))
  header(scalar('periodEnd', before.periodEnd, after.periodEnd))
  const version = (v: number | null | undefined) => (v === null || v === undefined ? null : `v${v}`)
  header(scalar('strategyVersion', version(before.strategyVersion), version(after.strategyVersion)))

  const approved = new Map(before.releases.map((r) => [r.id, r]))
  const current = new Set(after.releases.map((r) => r.id))
  for (const r of after.releases) {
    const old = approved.get(r.id)
    if (!old) {
      changes.push({ kind: 'ADDED', releaseId: r.id, releaseName: r.name, field: 'release', before: null, after: releaseLabel(r) })
      continue
    }
    for (const c of releaseChanges(old, r, ctx)) changes.push({ kind: 'CHANGED', releaseId: r.id, releaseName: r.name, ...c })
  }
  for (const r of before.releases) {
    if (!current.has(r.id)) changes.push({ kind: 'REMOVED', releaseId: r.id, releaseName: r.name, field: 'release', before: releaseLabel(r), after: null })
  }
  return changes
}
