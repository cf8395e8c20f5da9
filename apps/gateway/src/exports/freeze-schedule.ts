import { DateTime } from 'luxon'
import { freezeAppliesToTier, freezeOccurrences, isValidTimeZone, parseRRule } from '@railyard/release-rules'
import type { FreezeWindowData } from './export-data.ts'
import { type CronSpec, cronFires, formatCron, pinnedCron, ruleCron, shiftEarlier, uniqueLocalTime } from './freeze-cron.ts'

/**
 * Plans the GitLab freeze periods and Argo CD sync windows of a program's freezes so that they mean,
 * by their tools' own rules, what `freezeOccurrences` returns — for the next 12 months, or up to a
 * stated date when a cron cannot say more:
 *
 * - GitLab: a period is active while its last `freeze_start` fired after its last `freeze_end`
 *   (crons read in `cron_timezone`).
 * - Argo CD: a `deny` window is active from each `schedule` fire for `duration` of absolute time
 *   (cron read in `timeZone`).
 *
 * For each window several forms are tried — the rule as cron schedules (for Argo CD with a second,
 * end-anchored window where daylight-saving changes make occurrences longer or shorter), and one
 * dated entry per occurrence (a cron pinned to minute, hour, day and month fires once a year, so
 * within a year it is exactly that occurrence) — and each is SIMULATED under the tool's rule against
 * the window's occurrences over the horizon. The form that stays right longest wins (then the one
 * freezing least outside a freeze, then the shortest). What no form gets right for the whole
 * horizon is listed as unsupported with the instant until which the export is valid.
 */

type FreezeTarget = 'gitlab' | 'argocd'

interface GitlabPeriod {
  start: CronSpec
  end: CronSpec
  timeZone: string
}

interface ArgoWindow {
  schedule: CronSpec
  durationMinutes: number
  timeZone: string
}

type EntryOf<T extends FreezeTarget> = T extends 'gitlab' ? GitlabPeriod : ArgoWindow

type EntryRole = 'rule' | 'tail' | 'dated' | 'gap'

export interface PlannedEntry<T extends FreezeTarget> {
  entry: EntryOf<T>
  windowId: string
  /** rule: the window's rule as cron; tail: Argo CD's end-anchored companion; dated: one occurrence; gap: the part of one occurrence a daylight-saving change adds */
  role: EntryRole
  /** For dated and gap entries: the occurrence (instants). */
  occurrence?: { start: string; end: string }
}

type WindowForm = 'cron' | 'cron+dated' | 'dated' | 'none'

export interface WindowPlan {
  id: string
  name: string
  form: WindowForm
  /** Entries written for this window. */
  entries: number
  /** Until when this window's entries mean exactly its occurrences (instant). */
  validUntil: string
  /** What a cron cannot say about this window and how the export deals with it (plain sentences). */
  notes: string[]
}

export interface UnsupportedWindow {
  id: string
  name: string
  reason: string
  /** The export is valid for this window until this instant. */
  validUntil: string
}

export interface FreezeExportPlan<T extends FreezeTarget> {
  target: T
  /** The tier whose freezes are exported (null: no strategy, every-tier windows only). */
  tier: string | null
  /** The instant the export was made for (the request's now, to the minute). */
  validFrom: string
  /** The export means exactly the freezes from validFrom until this instant (at most 12 months). */
  validUntil: string
  /** validFrom + 12 months: the horizon the export aims at. */
  horizonEnd: string
  entries: PlannedEntry<T>[]
  windows: WindowPlan[]
  /** Windows the export does not get right for the whole horizon, and until when it does. */
  unsupported: UnsupportedWindow[]
  /** Minutes the export freezes outside any freeze before validUntil (at most 60). */
  overFreezeMinutes: number
}

interface PlanOptions {
  /** The request's instant (ISO). */
  now: string
  /** Tier whose freezes to export; default the last tier of the promotion path (production). */
  tier?: string | null
}

const MINUTE = 60_000
const HOUR = 60 * MINUTE
const DAY = 24 * HOUR
/** "Never freeze more than 1 hour a year outside one." */
const OVER_FREEZE_BUDGET_MS = HOUR
/** At most this many dated entries per window (a weekly window needs 53 for a year). */
const MAX_DATED_ENTRIES = 60
/**
 * How far back GitLab's state is rebuilt: a little over a year for schedules that fire at least
 * yearly, four years for one pinned to 29 February.
 */
function lookback(c: CronSpec): number {
  const leapDayOnly = c.month?.length === 1 && c.month[0] === 2 && c.dayOfMonth?.every((d) => d === 29) === true && c.dayOfWeek === null
  return (leapDayOnly ? 4 * 366 : 368) * DAY
}

interface Span {
  start: number
  end: number
}

function merge(spans: Span[]): Span[] {
  const sorted = spans.filter((s) => s.end > s.start).sort((a, b) => a.start - b.start)
  const out: Span[] = []
  for (const s of sorted) {
    const last = out.at(-1)
    if (last && s.start <= last.end) last.end = Math.max(last.end, s.end)
    else out.push({ ...s })
  }
  return out
}

function clip(spans: Span[], from: number, to: number): Span[] {
  return spans.map((s) => ({ start: Math.max(s.start, from), end: Math.min(s.end, to) })).filter((s) => s.end > s.start)
}

/** a \ b for merged span lists. */
function subtract(a: Span[], b: Span[]): Span[] {
  const out: Span[] = []
  let j = 0
  for (const s of a) {
    let cur = s.start
    while (j < b.length && (b[j]?.end ?? 0) <= cur) j++
    let k = j
    while (k < b.length && cur < s.end) {
      const x = b[k]
      if (!x || x.start >= s.end) break
      if (x.start > cur) out.push({ start: cur, end: x.start })
      cur = Math.max(cur, x.end)
      k++
    }
    if (cur < s.end) out.push({ start: cur, end: s.end })
  }
  return out
}

/** When the tool would have the entry active in [from, to), and the first fire it may read differently (null: none). */
function activeSpans<T extends FreezeTarget>(target: T, entry: EntryOf<T>, from: number, to: number): { spans: Span[]; uncertainAt: number | null } {
  let uncertainAt: number | null = null
  const flag = (t: number) => {
    if (t >= from && t < to && (uncertainAt === null || t < uncertainAt)) uncertainAt = t
  }
  if (target === 'argocd') {
    const w = entry as ArgoWindow
    const d = w.durationMinutes * MINUTE
    const spans = cronFires(w.schedule, w.timeZone, from - d - DAY, to).map((f) => {
      if (f.uncertain) flag(Math.max(f.at, from))
      return { start: f.at, end: f.at + d }
    })
    return { spans: clip(merge(spans), from, to), uncertainAt }
  }
  const p = entry as GitlabPeriod
  const events = [
    ...cronFires(p.start, p.timeZone, from - lookback(p.start), to).map((f) => ({ ...f, kind: 'start' as const })),
    // an end at a local time that happens twice may be read as its second occurrence: assume the
    // later one (an hour more of freeze at worst, counted against the budget), not a doubt
    ...cronFires(p.end, p.timeZone, from - Math.max(lookback(p.start), lookback(p.end)), to).map((f) =>
      f.repeatedAt === undefined ? { ...f, kind: 'end' as const } : { at: f.repeatedAt, uncertain: false, kind: 'end' as const },
    ),
  ].sort((a, b) => a.at - b.at || (a.kind === b.kind ? 0 : a.kind === 'end' ? -1 : 1))
  const spans: Span[] = []
  let activeSince: number | null = null
  for (let i = 0; i < events.length; i++) {
    const e = events[i]
    if (!e) continue
    if (e.uncertain) flag(e.at)
    const next = events[i + 1]
    if (next && next.at === e.at && next.kind !== e.kind) flag(e.at) // start and end fire together: "after" is undecided
    if (e.kind === 'start') activeSince ??= e.at
    else if (activeSince !== null) {
      spans.push({ start: activeSince, end: e.at })
      activeSince = null
    }
  }
  if (activeSince !== null) spans.push({ start: activeSince, end: to })
  return { spans: clip(merge(spans), from, to), uncertainAt }
}

interface Verdict {
  validUntil: number
  /** first instant frozen by the freezes but open in the export (null: none before the horizon) */
  gapAt: number | null
  /** first instant at which the over-freeze exceeds the budget */
  overAt: number | null
  uncertainAt: number | null
  /** over-freeze before validUntil (ms) */
  overMs: number
  /** first instant of any over-freeze (even within the budget) */
  firstOverAt: number | null
}

/** Judges exported spans against the true freeze spans over [from, to). */
function judge(exported: Span[], truth: Span[], from: number, to: number, uncertainAt: number | null): Verdict {
  const e = merge(clip(exported, from, to))
  const f = merge(clip(truth, from, to))
  const gaps = subtract(f, e)
  const over = subtract(e, f)
  const gapAt = gaps[0]?.start ?? null
  let overAt: number | null = null
  let sum = 0
  for (const o of over) {
    const len = o.end - o.start
    if (sum + len > OVER_FREEZE_BUDGET_MS) {
      overAt = o.start + (OVER_FREEZE_BUDGET_MS - sum)
      break
    }
    sum += len
  }
  const validUntil = Math.min(to, gapAt ?? to, overAt ?? to, uncertainAt ?? to)
  const overMs = over.reduce((acc, o) => acc + Math.max(0, Math.min(o.end, validUntil) - o.start), 0)
  return { validUntil, gapAt, overAt, uncertainAt, overMs, firstOverAt: over[0]?.start ?? null }
}

function simulate<T extends FreezeTarget>(target: T, entries: EntryOf<T>[], truth: Span[], from: number, to: number): Verdict {
  const spans: Span[] = []
  let uncertainAt: number | null = null
  for (const entry of entries) {
    const a = activeSpans(target, entry, from, to)
    spans.push(...a.spans)
    if (a.uncertainAt !== null && (uncertainAt === null || a.uncertainAt < uncertainAt)) uncertainAt = a.uncertainAt
  }
  return judge(spans, truth, from, to, uncertainAt)
}

interface Candidate<T extends FreezeTarget> {
  form: WindowForm
  entries: PlannedEntry<T>[]
  notes: string[]
}

function localText(ms: number, zone: string): string {
  const dt = DateTime.fromMillis(ms, { zone })
  return dt.isValid ? dt.toFormat('ccc yyyy-MM-dd HH:mm ZZZZ') : new Date(ms).toISOString()
}

function iso(ms: number): string {
  return new Date(ms).toISOString()
}

/**
 * One span of an occurrence as a dated entry (pinned crons fire once a year), in the window's zone
 * unless a boundary's local time is ambiguous there or the span is cut at either end of the horizon
 * (then UTC, so that its fires a year before and after fall exactly outside the horizon, whatever
 * daylight-saving time does to the local clock).
 */
function datedEntry<T extends FreezeTarget>(target: T, w: FreezeWindowData, start: number, end: number, cut: boolean): PlannedEntry<T> {
  const s = Math.floor(start / MINUTE) * MINUTE
  const e = Math.ceil(end / MINUTE) * MINUTE
  const zone = !cut && uniqueLocalTime(s, w.timeZone) && uniqueLocalTime(e, w.timeZone) ? w.timeZone : 'UTC'
  const ls = DateTime.fromMillis(s, { zone })
  const le = DateTime.fromMillis(e, { zone })
  const entry =
    target === 'gitlab'
      ? ({ start: pinnedCron(ls), end: pinnedCron(le), timeZone: zone } satisfies GitlabPeriod)
      : ({ schedule: pinnedCron(ls), durationMinutes: Math.round((e - s) / MINUTE), timeZone: zone } satisfies ArgoWindow)
  return { entry: entry as EntryOf<T>, windowId: w.id, role: 'dated', occurrence: { start: iso(start), end: iso(end) } }
}

interface Base<T extends FreezeTarget> {
  entries: PlannedEntry<T>[]
  notes: string[]
  /** month restriction applied to the rule (for the notes) */
  months?: number[]
}

/** Local (year, month) steps from `from` (inclusive) to `to` (exclusive), as month numbers. */
function monthsBetween(from: DateTime, to: DateTime): number[] {
  const out: number[] = []
  for (let m = from.startOf('month'); m < to.startOf('month'); m = m.plus({ months: 1 })) out.push(m.month)
  return out
}

function restrictMonths(c: CronSpec, months: number[]): CronSpec | null {
  const list = c.month ? c.month.filter((m) => months.includes(m)) : months
  return list.length === 0 ? null : { ...c, month: list }
}

const MONTH_NAMES = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec']

/** The rule-based forms worth trying for a window (before dated entries fill what they miss). */
function bases<T extends FreezeTarget>(
  target: T,
  w: FreezeWindowData,
  occ: Span[],
  from: number,
  horizonEnd: number,
): { bases: Base<T>[]; ruleProblem: string | null } {
  const out: Base<T>[] = [{ entries: [], notes: [] }]
  const rc = ruleCron(w)
  if (!rc.ok) return { bases: out, ruleProblem: w.recurrence?.trim() ? rc.reason : null }
  const zone = w.timeZone
  const rule = (start: CronSpec, end: CronSpec, notes: string[], months?: number[]): Base<T>[] => {
    if (target === 'gitlab')
      return [{ entries: [{ entry: { start, end, timeZone: zone } as EntryOf<T>, windowId: w.id, role: 'rule' }], notes, ...(months ? { months } : {}) }]
    const wall = rc.wallMinutes * MINUTE
    const lengths = occ.filter((o) => o.start < horizonEnd).map((o) => o.end - o.start)
    const minLen = Math.min(wall, ...lengths)
    const maxLen = Math.max(wall, ...lengths)
    const main = (durationMs: number): PlannedEntry<T> => ({
      entry: { schedule: start, durationMinutes: Math.round(durationMs / MINUTE), timeZone: zone } as EntryOf<T>,
      windowId: w.id,
      role: 'rule',
    })
    const forms: Base<T>[] = [{ entries: [main(wall)], notes, ...(months ? { months } : {}) }]
    if (maxLen > minLen) {
      const delta = maxLen - minLen
      const shifted = shiftEarlier(end, Math.round(delta / MINUTE))
      const tail = shifted && months ? restrictMonths(shifted, months) : shifted
      if (tail && delta < minLen) {
        forms.push({
          entries: [
            main(minLen),
            { entry: { schedule: tail, durationMinutes: Math.round(delta / MINUTE), timeZone: zone } as EntryOf<T>, windowId: w.id, role: 'tail' },
          ],
          notes: [
            ...notes,
            `Argo CD adds the duration in absolute time, and daylight-saving changes make this freeze ${Math.round(minLen / HOUR)}–${Math.round(maxLen / HOUR)} hours long: it is written as a deny window from its start for its shortest length plus one of ${Math.round(delta / MINUTE)} minutes before its end (${formatCron(tail)}).`,
          ],
          ...(months ? { months } : {}),
        })
      }
    }
    return forms
  }
  out.push(...rule(rc.start, rc.end, []))

  // A rule that has not started yet, or that ends within the horizon: the rule's crons restricted
  // to the whole months in between (a cron has no year); dated entries fill the months at the ends.
  const first = Date.parse(w.start)
  const startsLater = first > from
  const after = freezeOccurrences([w], iso(horizonEnd), iso(horizonEnd + 400 * DAY))
  const lastStart = occ.filter((o) => o.start < horizonEnd).at(-1)?.start
  const ends = after.length === 0 && lastStart !== undefined
  if (startsLater || ends) {
    const fromMonth = startsLater ? DateTime.fromMillis(first, { zone }).plus({ months: 1 }) : DateTime.fromMillis(from, { zone })
    const toMonth = DateTime.fromMillis(ends && lastStart !== undefined ? lastStart : horizonEnd, { zone })
    const months = [...new Set(monthsBetween(fromMonth, toMonth))]
    const start = months.length > 0 && months.length < 12 ? restrictMonths(rc.start, months) : null
    if (start) {
      const why = startsLater ? `it starts on ${localText(first, zone)}` : `it ends on ${localText(occ.at(-1)?.end ?? horizonEnd, zone)}`
      out.push(
        ...rule(
          start,
          { ...rc.end, month: null },
          [`A cron has no year and ${why}: the rule's schedule is limited to ${months.map((m) => MONTH_NAMES[m - 1]).join(', ')}.`],
          months,
        ),
      )
    }
  }
  return { bases: out, ruleProblem: null }
}

/** A base completed with dated entries for every part of an occurrence it leaves open (at most MAX_DATED_ENTRIES). */
function complete<T extends FreezeTarget>(
  target: T,
  w: FreezeWindowData,
  base: Base<T>,
  occ: Span[],
  from: number,
  horizonEnd: number,
): { c: Candidate<T>; verdict: Verdict } {
  const first = simulate(
    target,
    base.entries.map((e) => e.entry),
    occ,
    from,
    horizonEnd,
  )
  const spans: Span[] = []
  for (const e of base.entries) spans.push(...activeSpans(target, e.entry, from, horizonEnd).spans)
  const gaps = subtract(merge(clip(occ, from, horizonEnd)), merge(spans))
  const dated = gaps.slice(0, MAX_DATED_ENTRIES).map((g) => datedEntry(target, w, g.start, g.end, g.start <= from || g.end >= horizonEnd))
  const entries = [...base.entries, ...dated]
  const verdict = dated.length
    ? simulate(
        target,
        entries.map((e) => e.entry),
        occ,
        from,
        horizonEnd,
      )
    : first
  const notes = [...base.notes]
  if (dated.length) {
    const what = base.entries.length === 0 ? (w.recurrence?.trim() ? 'its occurrences' : 'the one-off window') : 'what the schedule above misses'
    notes.push(
      `${dated.length} dated entr${dated.length === 1 ? 'y' : 'ies'} (a cron pinned to minute, hour, day and month fires once a year) cover${dated.length === 1 ? 's' : ''} ${what} in the next 12 months` +
        (gaps.length > dated.length ? `; ${gaps.length - dated.length} more not written` : '') +
        '.',
    )
  }
  const form: WindowForm = base.entries.length === 0 ? (dated.length ? 'dated' : 'none') : dated.length ? 'cron+dated' : 'cron'
  return { c: { form, entries, notes }, verdict }
}

function rank<T extends FreezeTarget>(a: { verdict: Verdict; c: Candidate<T> }, b: { verdict: Verdict; c: Candidate<T> }): number {
  return b.verdict.validUntil - a.verdict.validUntil || a.verdict.overMs - b.verdict.overMs || a.c.entries.length - b.c.entries.length
}

function problemText(v: Verdict, w: FreezeWindowData, tier: string | null): string {
  const where = tier ?? 'the tiers'
  if (v.validUntil === v.gapAt) return `from ${localText(v.validUntil, w.timeZone)} the entries would leave ${where} open during this freeze`
  if (v.validUntil === v.uncertainAt)
    return `at ${localText(v.validUntil, w.timeZone)} a schedule fires at a local time that a daylight-saving change skips or repeats, which cron implementations read differently`
  return `from ${localText(v.validUntil, w.timeZone)} the entries would freeze ${where} outside this freeze (${localText(v.firstOverAt ?? v.validUntil, w.timeZone)} first)`
}

/** The windows that apply to `tier` (default: the last tier of the promotion path, i.e. production). */
function freezeWindowsForTier(
  strategy: { promotionPath: string[]; freezeWindows: FreezeWindowData[] } | null,
  tier?: string | null,
): { tier: string | null; windows: FreezeWindowData[] } {
  if (!strategy) return { tier: tier ?? null, windows: [] }
  const t = tier ?? strategy.promotionPath.at(-1) ?? null
  const windows = strategy.freezeWindows.filter((w) => (t === null ? w.tiers.length === 0 : freezeAppliesToTier(w, t)))
  return { tier: t, windows }
}

/** Plans the export of the freezes that apply to a tier (see the module comment). */
export function planFreezeExport<T extends FreezeTarget>(
  target: T,
  strategy: { promotionPath: string[]; freezeWindows: FreezeWindowData[] } | null,
  opts: PlanOptions,
): FreezeExportPlan<T> {
  const from = Math.floor(Date.parse(opts.now) / MINUTE) * MINUTE
  if (!Number.isFinite(from)) throw new RangeError(`now must be an ISO instant, got '${opts.now}'`)
  const horizonEnd = DateTime.fromMillis(from, { zone: 'utc' }).plus({ months: 12 }).toMillis()
  const { tier, windows } = freezeWindowsForTier(strategy, opts.tier)
  const plan: FreezeExportPlan<T> = {
    target,
    tier,
    validFrom: iso(from),
    validUntil: iso(horizonEnd),
    horizonEnd: iso(horizonEnd),
    entries: [],
    windows: [],
    unsupported: [],
    overFreezeMinutes: 0,
  }
  const truthAll: Span[] = []
  const chosen: { w: FreezeWindowData; occ: Span[]; c: Candidate<T>; ruleProblem: string | null; index: number }[] = []
  const rows: WindowPlan[] = []
  let invalidUntil = horizonEnd
  for (const [index, w] of windows.entries()) {
    const invalid = !isValidTimeZone(w.timeZone)
      ? `unknown time zone '${w.timeZone}'`
      : w.recurrence?.trim() && !parseRRule(w.recurrence).ok
        ? 'invalid recurrence rule'
        : Number.isNaN(Date.parse(w.start)) || Number.isNaN(Date.parse(w.end))
          ? 'invalid start or end'
          : null
    if (invalid) {
      plan.unsupported.push({ id: w.id, name: w.name, reason: `${invalid}: its occurrences cannot be computed`, validUntil: iso(from) })
      rows[index] = { id: w.id, name: w.name, form: 'none', entries: 0, validUntil: iso(from), notes: [invalid] }
      invalidUntil = from
      continue
    }
    const occ = freezeOccurrences([w], iso(from), iso(horizonEnd)).map((o) => ({ start: Date.parse(o.start), end: Date.parse(o.end) }))
    truthAll.push(...occ)
    const { bases: forms, ruleProblem } = bases(target, w, occ, from, horizonEnd)
    const best = forms.map((b) => complete(target, w, b, occ, from, horizonEnd)).sort(rank)[0]
    if (!best) continue
    plan.entries.push(...best.c.entries)
    chosen.push({ w, occ, c: best.c, ruleProblem, index })
  }

  // The whole export, judged together: a window's occurrence covered by another window's entries
  // is covered, and freezing inside another freeze is no over-freeze.
  const activity = chosen.map(({ c }) => {
    const spans: Span[] = []
    let uncertainAt: number | null = null
    for (const e of c.entries) {
      const a = activeSpans(target, e.entry, from, horizonEnd)
      spans.push(...a.spans)
      if (a.uncertainAt !== null && (uncertainAt === null || a.uncertainAt < uncertainAt)) uncertainAt = a.uncertainAt
    }
    return { spans: merge(spans), uncertainAt }
  })
  const union = merge(activity.flatMap((a) => a.spans))
  const firstUncertain = activity.reduce<number | null>((m, a) => (a.uncertainAt !== null && (m === null || a.uncertainAt < m) ? a.uncertainAt : m), null)
  const all = judge(union, truthAll, from, horizonEnd, firstUncertain)
  chosen.forEach(({ w, occ, c, ruleProblem, index }, i) => {
    const own = activity[i] ?? { spans: [], uncertainAt: null }
    const gapAt = subtract(merge(clip(occ, from, horizonEnd)), union)[0]?.start ?? null
    const overAt = all.overAt !== null && own.spans.some((s) => s.start <= (all.overAt ?? 0) && (all.overAt ?? 0) < s.end) ? all.overAt : null
    const v: Verdict = {
      ...all,
      gapAt,
      overAt,
      uncertainAt: own.uncertainAt,
      validUntil: Math.min(horizonEnd, gapAt ?? horizonEnd, overAt ?? horizonEnd, own.uncertainAt ?? horizonEnd),
    }
    const notes = [...(ruleProblem && c.entries.length ? [`The rule cannot be written as cron: ${ruleProblem}.`] : []), ...c.notes]
    if (v.validUntil < horizonEnd) {
      const reason = problemText(v, w, tier)
      notes.push(`Valid until ${localText(v.validUntil, w.timeZone)}: ${reason}; export again before then.`)
      plan.unsupported.push({ id: w.id, name: w.name, reason, validUntil: iso(v.validUntil) })
    }
    rows[index] = { id: w.id, name: w.name, form: c.form, entries: c.entries.length, validUntil: iso(v.validUntil), notes }
  })
  plan.windows = rows.filter((r): r is WindowPlan => r !== undefined)
  plan.validUntil = iso(Math.min(invalidUntil, all.validUntil))
  plan.overFreezeMinutes = Math.round(all.overMs / MINUTE)
  return plan
}
