/**
 * Pure view logic of the roadmap: URL view state, filters, time scale and ticks, the flat list
 * of rows (lane headers and releases) with their bars, and dependency links. No React here, so
 * it is unit-tested and memoised as one computation per (data, view).
 *
 * Domain rules (rollup, conflicts, last-tier window, local days) come from @railyard/release-rules.
 */
import { addDays, lastTierWindow, localDayInterval } from '@railyard/release-rules'
import type { RoadmapConflict, RoadmapResult, StageWindowSpec } from '@railyard/release-rules'

export const DAY_MS = 86_400_000

// ------------------------------------------------------------------ view state (URL)

export type Zoom = 'quarter' | 'month' | 'week'
export const ZOOMS: readonly Zoom[] = ['quarter', 'month', 'week']
/** Pixels per day at each zoom. */
const PX_PER_DAY: Record<Zoom, number> = { quarter: 3, month: 9, week: 32 }

export interface ViewState {
  zoom: Zoom
  /** 'YYYY-MM-DD' or null (fit to the data) */
  from: string | null
  to: string | null
  agencies: string[]
  tiers: string[]
  statuses: string[]
  cycle: string | null
  q: string
  /** selected release (details panel) */
  release: string | null
  /** draw dependency arrows */
  deps: boolean
  /** highlight the selected release's critical path */
  critical: boolean
}

const DEFAULT_VIEW: ViewState = {
  zoom: 'month',
  from: null,
  to: null,
  agencies: [],
  tiers: [],
  statuses: [],
  cycle: null,
  q: '',
  release: null,
  deps: true,
  critical: false,
}

const DATE_RE = /^\d{4}-\d{2}-\d{2}$/
const list = (v: string | null): string[] =>
  v
    ? v
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean)
    : []

export function parseViewState(search: string | URLSearchParams): ViewState {
  const p = typeof search === 'string' ? new URLSearchParams(search) : search
  const zoom = p.get('zoom')
  const from = p.get('from')
  const to = p.get('to')
  return {
    zoom: ZOOMS.includes(zoom as Zoom) ? (zoom as Zoom) : DEFAULT_VIEW.zoom,
    from: from && DATE_RE.test(from) ? from : null,
    to: to && DATE_RE.test(to) ? to : null,
    agencies: list(p.get('agency')),
    tiers: list(p.get('tier')),
    statuses: list(p.get('status')),
    cycle: p.get('cycle') || null,
    q: p.get('q') ?? '',
    release: p.get('release') || null,
    deps: p.get('deps') !== '0',
    critical: p.get('critical') === '1',
  }
}

/** The view as a query string (defaults omitted), e.g. 'zoom=week&agency=DOH,DOL'. */
export function serializeViewState(v: ViewState, base?: URLSearchParams): URLSearchParams {
  const p = new URLSearchParams(base)
  const set = (k: string, value: string | null) => (value ? p.set(k, value) : p.delete(k))
  set('zoom', v.zoom !== DEFAULT_VIEW.zoom ? v.zoom : null)
  set('from', v.from)
  set('to', v.to)
  set('agency', v.agencies.join(',') || null)
  set('tier', v.tiers.join(',') || null)
  set('status', v.statuses.join(',') || null)
  set('cycle', v.cycle)
  set('q', v.q.trim() || null)
  set('release', v.release)
  set('deps', v.deps ? null : '0')
  set('critical', v.critical ? '1' : null)
  return p
}

// ------------------------------------------------------------------ model

export interface BarWindow {
  tier: string
  start: string
  end: string
  startMs: number
  endMs: number
  environmentKey: string | null
  environmentName: string | null
}

export interface RoadmapRelease {
  id: string
  planId: string
  planTitle: string
  planStatus: string
  agencyCode: string
  name: string
  version: string
  type: string
  status: string
  currentTier: string | null
  cycleId: string | null
  cycleName: string | null
  windows: BarWindow[]
  dependsOn: string[]
  sharedComponentIds: string[]
}

export interface LaneAgency {
  id: string
  code: string
  name: string
  plans: { id: string; title: string; status: string; periodStart: string; periodEnd: string }[]
}

export interface Filters {
  agencies: readonly string[]
  tiers: readonly string[]
  statuses: readonly string[]
  cycle: string | null
  q: string
}

/** Does the release pass the filters (agency, status, cycle, text, and having a window of a chosen tier)? */
export function releaseMatches(r: RoadmapRelease, f: Filters): boolean {
  if (f.agencies.length > 0 && !f.agencies.includes(r.agencyCode)) return false
  if (f.statuses.length > 0 && !f.statuses.includes(r.status)) return false
  if (f.cycle && r.cycleId !== f.cycle) return false
  if (f.tiers.length > 0 && !r.windows.some((w) => f.tiers.includes(w.tier))) return false
  const q = f.q.trim().toLowerCase()
  if (q && !`${r.name} ${r.version} ${r.agencyCode}`.toLowerCase().includes(q)) return false
  return true
}

// ------------------------------------------------------------------ time scale and ticks

export interface Scale {
  startMs: number
  endMs: number
  pxPerDay: number
  width: number
}

export function makeScale(startMs: number, endMs: number, zoom: Zoom): Scale {
  const pxPerDay = PX_PER_DAY[zoom]
  return { startMs, endMs, pxPerDay, width: Math.max(1, Math.round(((endMs - startMs) / DAY_MS) * pxPerDay)) }
}

export function xOf(scale: Scale, ms: number): number {
  return ((ms - scale.startMs) / DAY_MS) * scale.pxPerDay
}

export function msAt(scale: Scale, x: number): number {
  return scale.startMs + (x / scale.pxPerDay) * DAY_MS
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec']

function ymd(y: number, m: number, d: number): string {
  return `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`
}

function parseYmd(date: string): [number, number, number] {
  return [Number(date.slice(0, 4)), Number(date.slice(5, 7)), Number(date.slice(8, 10))]
}

/** First day of the month of `date`. */
function startOfMonth(date: string): string {
  const [y, m] = parseYmd(date)
  return ymd(y, m, 1)
}

/** `date` plus `n` months, clamped to the month's last day. */
export function addMonths(date: string, n: number): string {
  const [y, m, d] = parseYmd(date)
  const idx = y * 12 + (m - 1) + n
  const ny = Math.floor(idx / 12)
  const nm = (idx % 12) + 1
  const last = new Date(Date.UTC(ny, nm, 0)).getUTCDate()
  return ymd(ny, nm, Math.min(d, last))
}

/** Last day of the month of `date`. */
export function endOfMonth(date: string): string {
  return addDays(addMonths(startOfMonth(date), 1), -1)
}

/** ISO weekday, 1 = Monday … 7 = Sunday. */
export function weekday(date: string): number {
  const [y, m, d] = parseYmd(date)
  const wd = new Date(Date.UTC(y, m - 1, d)).getUTCDay()
  return wd === 0 ? 7 : wd
}

export interface Tick {
  date: string
  x: number
  label: string
}

export interface Ticks {
  major: Tick[]
  minor: Tick[]
  /** month starts, always (the gridlines) */
  months: Tick[]
}

/**
 * Axis ticks in the program's time zone between the local dates `from` and `to` (inclusive).
 * quarter: quarters / months; month: months / weeks (Mondays); week: weeks / days.
 */
export function computeTicks(from: string, to: string, timeZone: string, scale: Scale, zoom: Zoom): Ticks {
  const at = (date: string) => xOf(scale, Date.parse(localDayInterval(date, timeZone).start))
  const months: Tick[] = []
  for (let d = startOfMonth(from); d <= to; d = addMonths(d, 1)) {
    if (d < from) continue
    const [y, m] = parseYmd(d)
    months.push({ date: d, x: at(d), label: m === 1 ? `${MONTHS[m - 1]} ${y}` : (MONTHS[m - 1] ?? '') })
  }
  const major: Tick[] = []
  const minor: Tick[] = []
  if (zoom === 'quarter') {
    for (const t of months) {
      const [y, m] = parseYmd(t.date)
      if ((m - 1) % 3 === 0) major.push({ ...t, label: `Q${(m - 1) / 3 + 1} ${y}` })
      minor.push({ ...t, label: MONTHS[m - 1] ?? '' })
    }
  } else if (zoom === 'month') {
    for (const t of months) {
      const [y, m] = parseYmd(t.date)
      major.push({ ...t, label: `${MONTHS[m - 1]} ${y}` })
    }
    let d = addDays(from, (8 - weekday(from)) % 7)
    for (; d <= to; d = addDays(d, 7)) minor.push({ date: d, x: at(d), label: String(parseYmd(d)[2]) })
  } else {
    let d = addDays(from, (8 - weekday(from)) % 7)
    for (; d <= to; d = addDays(d, 7)) {
      const [, m, day] = parseYmd(d)
      major.push({ date: d, x: at(d), label: `${MONTHS[m - 1]} ${day}` })
    }
    for (let day = from; day <= to; day = addDays(day, 1)) {
      minor.push({ date: day, x: at(day), label: String(parseYmd(day)[2]) })
    }
  }
  return { major, minor, months }
}

// ------------------------------------------------------------------ rows

export const LANE_HEADER_HEIGHT = 40
export const ROW_HEIGHT = 30
const EMPTY_ROW_HEIGHT = 30

export interface Bar {
  tier: string
  /** index of the tier in the promotion path (colour); -1 when not on it */
  tierIndex: number
  x: number
  w: number
  window: BarWindow
}

export type Row =
  | { kind: 'lane'; laneIndex: number; top: number; height: number }
  | { kind: 'release'; laneIndex: number; top: number; height: number; release: RoadmapRelease; bars: Bar[] }
  | { kind: 'empty'; laneIndex: number; top: number; height: number }

export interface Lane {
  agency: LaneAgency
  /** index of the header row */
  firstRow: number
  /** index of the last row of the lane */
  lastRow: number
  top: number
  height: number
  releaseCount: number
  /** releases of the agency before filtering (for the header) */
  totalCount: number
  collapsed: boolean
}

export interface Layout {
  rows: Row[]
  lanes: Lane[]
  height: number
  /** row index of each shown release */
  rowOf: Map<string, number>
  releaseCount: number
  windowCount: number
}

export interface LayoutInput {
  /** every agency of the program (lanes for agencies without plans too), any order */
  agencies: LaneAgency[]
  /** the domain rollup (lanes by agency code, releases in rollup order) */
  rollup: RoadmapResult
  byId: ReadonlyMap<string, RoadmapRelease>
  filters: Filters
  promotionPath: readonly string[]
  scale: Scale
  collapsed: ReadonlySet<string>
}

/**
 * The rows of the roadmap: per agency (by code) a header row, then its shown releases in the
 * rollup's order (bars: one per window, of the chosen tiers), or an "empty" row.
 */
export function layoutRows(input: LayoutInput): Layout {
  const { scale, filters, promotionPath } = input
  const tierIndex = new Map(promotionPath.map((t, i) => [t, i]))
  const laneReleases = new Map(input.rollup.lanes.map((l) => [l.agencyId, l.releases]))
  const agencies = [...input.agencies].sort((a, b) => (a.code < b.code ? -1 : a.code > b.code ? 1 : 0))
  const rows: Row[] = []
  const lanes: Lane[] = []
  const rowOf = new Map<string, number>()
  let top = 0
  let releaseCount = 0
  let windowCount = 0
  for (const agency of agencies) {
    if (filters.agencies.length > 0 && !filters.agencies.includes(agency.code)) continue
    const laneIndex = lanes.length
    const nodes = laneReleases.get(agency.code) ?? []
    const collapsed = input.collapsed.has(agency.code)
    const firstRow = rows.length
    const laneTop = top
    rows.push({ kind: 'lane', laneIndex, top, height: LANE_HEADER_HEIGHT })
    top += LANE_HEADER_HEIGHT
    let shown = 0
    for (const node of nodes) {
      const r = input.byId.get(node.id)
      if (!r || !releaseMatches(r, filters)) continue
      shown++
      if (collapsed) continue
      const bars: Bar[] = []
      for (const w of r.windows) {
        if (filters.tiers.length > 0 && !filters.tiers.includes(w.tier)) continue
        const x = xOf(scale, w.startMs)
        const x2 = xOf(scale, w.endMs)
        if (x2 < 0 || x > scale.width) continue
        const cx = Math.max(0, x)
        bars.push({ tier: w.tier, tierIndex: tierIndex.get(w.tier) ?? -1, x: cx, w: Math.max(2, Math.min(scale.width, x2) - cx), window: w })
      }
      windowCount += bars.length
      rowOf.set(r.id, rows.length)
      rows.push({ kind: 'release', laneIndex, top, height: ROW_HEIGHT, release: r, bars })
      top += ROW_HEIGHT
    }
    releaseCount += shown
    if (shown === 0 && !collapsed) {
      rows.push({ kind: 'empty', laneIndex, top, height: EMPTY_ROW_HEIGHT })
      top += EMPTY_ROW_HEIGHT
    }
    lanes.push({
      agency,
      firstRow,
      lastRow: rows.length - 1,
      top: laneTop,
      height: top - laneTop,
      releaseCount: shown,
      totalCount: nodes.length,
      collapsed,
    })
  }
  return { rows, lanes, height: top, rowOf, releaseCount, windowCount }
}

// ------------------------------------------------------------------ dependency links

export interface Link {
  fromId: string
  toId: string
  fromRow: number
  toRow: number
  x1: number
  y1: number
  x2: number
  y2: number
  conflict: boolean
}

function anchorWindow(r: RoadmapRelease, promotionPath: readonly string[]): StageWindowSpec | null {
  const spec = r.windows.map((w) => ({ tier: w.tier, start: w.start, end: w.end }))
  return lastTierWindow(spec, promotionPath.length ? [...promotionPath] : undefined) ?? lastTierWindow(spec)
}

/**
 * Arrows from each dependency (end of its last-tier window) to the dependent release (start of
 * its last-tier window), for pairs that are both shown. `conflict` marks DEPENDENCY_ORDER pairs.
 */
export function dependencyLinks(layout: Layout, promotionPath: readonly string[], conflicts: readonly RoadmapConflict[], scale: Scale): Link[] {
  const order = new Set(conflicts.filter((c) => c.kind === 'DEPENDENCY_ORDER').map((c) => `${c.releaseIds[0]}>${c.releaseIds[1]}`))
  const links: Link[] = []
  const anchors = new Map<string, StageWindowSpec | null>()
  const anchor = (r: RoadmapRelease) => {
    if (!anchors.has(r.id)) anchors.set(r.id, anchorWindow(r, promotionPath))
    return anchors.get(r.id) ?? null
  }
  for (const [id, toRow] of layout.rowOf) {
    const row = layout.rows[toRow]
    if (!row || row.kind !== 'release') continue
    for (const depId of row.release.dependsOn) {
      const fromRow = layout.rowOf.get(depId)
      if (fromRow === undefined || depId === id) continue
      const depRowData = layout.rows[fromRow]
      if (!depRowData || depRowData.kind !== 'release') continue
      const a = anchor(depRowData.release)
      const b = anchor(row.release)
      if (!a || !b) continue
      links.push({
        fromId: depId,
        toId: id,
        fromRow,
        toRow,
        x1: xOf(scale, Date.parse(a.end)),
        y1: depRowData.top + depRowData.height / 2,
        x2: xOf(scale, Date.parse(b.start)),
        y2: row.top + row.height / 2,
        conflict: order.has(`${id}>${depId}`),
      })
    }
  }
  return links
}

/** Links with an end among the rows [firstRow, lastRow] (what is worth drawing now); links merely passing through are left out. */
export function visibleLinks(links: readonly Link[], firstRow: number, lastRow: number): Link[] {
  return links.filter((l) => (l.fromRow >= firstRow && l.fromRow <= lastRow) || (l.toRow >= firstRow && l.toRow <= lastRow))
}

/** Rows further apart than this are drawn as a stub at the visible end (no line across the screen). */
const STUB_AFTER_ROWS = 12
const STUB = 28

/**
 * An SVG path for a link: a horizontal S-curve between both ends; when the other end is far
 * (more than STUB_AFTER_ROWS rows away) or not rendered, a short stub at the visible end that
 * points towards it.
 */
export function linkPath(l: Pick<Link, 'x1' | 'y1' | 'x2' | 'y2' | 'fromRow' | 'toRow'>, firstRow: number, lastRow: number): string {
  const fromIn = l.fromRow >= firstRow && l.fromRow <= lastRow
  const toIn = l.toRow >= firstRow && l.toRow <= lastRow
  const far = Math.abs(l.toRow - l.fromRow) > STUB_AFTER_ROWS
  const f = (n: number) => n.toFixed(1)
  if (fromIn && toIn && !far) {
    const dx = Math.max(24, Math.abs(l.x2 - l.x1) / 2)
    return `M${f(l.x1)},${f(l.y1)} C${f(l.x1 + dx)},${f(l.y1)} ${f(l.x2 - dx)},${f(l.y2)} ${f(l.x2)},${f(l.y2)}`
  }
  const dir = Math.sign(l.y2 - l.y1) || 1
  if (toIn) {
    // arriving stub: comes in from the direction of the dependency
    return `M${f(l.x2 - STUB)},${f(l.y2 - dir * STUB)} Q${f(l.x2 - STUB)},${f(l.y2)} ${f(l.x2)},${f(l.y2)}`
  }
  // leaving stub: heads towards the dependent
  return `M${f(l.x1)},${f(l.y1)} Q${f(l.x1 + STUB)},${f(l.y1)} ${f(l.x1 + STUB)},${f(l.y1 + dir * STUB)}`
}

// ------------------------------------------------------------------ range

/**
 * The shown date range: the URL's from/to, else the data's span widened to whole months (a
 * month either side), else the six months around today.
 */
export function viewRange(view: Pick<ViewState, 'from' | 'to'>, dataStart: string | null, dataEnd: string | null, today: string): { from: string; to: string } {
  let from = view.from
  let to = view.to
  if (!from) from = dataStart ? addMonths(startOfMonth(dataStart), -1) : addMonths(startOfMonth(today), -1)
  if (!to) to = dataEnd ? endOfMonth(addMonths(dataEnd, 1)) : endOfMonth(addMonths(today, 4))
  if (to < from) to = endOfMonth(addMonths(from, 3))
  return { from, to }
}

/**
 * The part of the shown range to fetch first (DESIGN: ask for what is visible): a month before
 * to three months after today (today clamped into the range). Null when that is most of the range
 * anyway, so one query is enough.
 */
export function nearRange(range: { from: string; to: string }, today: string): { from: string; to: string } | null {
  const anchor = today < range.from ? range.from : today > range.to ? range.to : today
  const from = addMonths(startOfMonth(anchor), -1) < range.from ? range.from : addMonths(startOfMonth(anchor), -1)
  const end = endOfMonth(addMonths(anchor, 3))
  const to = end > range.to ? range.to : end
  const days = (a: string, b: string) => (Date.parse(`${b}T00:00:00Z`) - Date.parse(`${a}T00:00:00Z`)) / 86_400_000
  if (days(from, to) >= 0.6 * days(range.from, range.to)) return null
  return { from, to }
}
