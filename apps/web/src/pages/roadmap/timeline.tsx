/**
 * The roadmap timeline: one scroll container, a sticky time axis and a sticky label column,
 * lanes per agency with one row per release (bars per tier window), month gridlines, cycles,
 * code freezes, freeze windows, today, and dependency arrows.
 *
 * Rows are virtualised (@tanstack/react-virtual): only the rows in view (plus overscan) are in
 * the DOM, grouped into their lane element; bars are plain elements inside a memoised row.
 */
import { useVirtualizer } from '@tanstack/react-virtual'
import { memo, useEffect, useEffectEvent, useLayoutEffect, useMemo, useRef } from 'react'
import { Link as RouterLink } from '../../router.tsx'
import { formatDay, formatInstant } from '../../lib/time.ts'
import type { AlignmentIssueView, PlanAlignmentView } from './roadmap-data.ts'
import { linkPath, msAt, visibleLinks, xOf } from './layout.ts'
import type { Layout, Link, Row, Scale, Ticks, Lane } from './layout.ts'

const LABEL_WIDTH = 280
const AXIS_HEIGHT = 52
/** Below this many rows everything is rendered (small programs: every lane and release is in the DOM). */
const RENDER_ALL_BELOW = 400

export interface CycleMarker {
  id: string
  name: string
  releaseDate: string
  codeFreeze: string
  /** local day of the release date */
  x: number
  w: number
  /** local start of the code-freeze date */
  freezeX: number
}

export interface FreezeBand {
  key: string
  name: string
  x: number
  w: number
  title: string
}

export interface PlanSpan {
  planId: string
  x: number
  w: number
  title: string
  status: string
}

export interface ScrollRequest {
  nonce: number
  ms?: number
  releaseId?: string
}

export interface TimelineProps {
  layout: Layout
  scale: Scale
  ticks: Ticks
  links: Link[]
  showLinks: boolean
  cycles: CycleMarker[]
  freezes: FreezeBand[]
  planSpans: ReadonlyMap<string, PlanSpan[]>
  todayX: number | null
  timeZone: string
  selectedId: string | null
  highlighted: ReadonlySet<string>
  conflicted: ReadonlySet<string>
  issuesByRelease: ReadonlyMap<string, AlignmentIssueView[]>
  planAlignment: ReadonlyMap<string, PlanAlignmentView>
  promotionPath: readonly string[]
  onSelect: (id: string) => void
  onToggleLane: (code: string) => void
  canCreatePlan: (code: string) => boolean
  initialMs: number
  scrollRequest: ScrollRequest | null
  /** display name of a release id (link titles) */
  nameOf: (id: string) => string
}

export function Timeline(props: TimelineProps) {
  const { layout, scale, ticks } = props
  const scrollRef = useRef<HTMLDivElement>(null)
  const rows = layout.rows
  const renderAll = rows.length <= RENDER_ALL_BELOW
  const virtualizer = useVirtualizer({
    count: rows.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: (i) => rows[i]?.height ?? 30,
    paddingStart: AXIS_HEIGHT,
    overscan: renderAll ? rows.length : 12,
    initialRect: { width: 1200, height: 800 },
  })
  // row sizes are exact and fixed: re-measure when the rows change
  useLayoutEffect(() => {
    virtualizer.measure()
  }, [rows, virtualizer])

  // --- horizontal position: initial, keep the centre across zooms, and requests
  const centerMs = useRef<number | null>(null)
  const lastScale = useRef<Scale | null>(null)
  useLayoutEffect(() => {
    const el = scrollRef.current
    if (!el) return
    const trackWidth = Math.max(0, el.clientWidth - LABEL_WIDTH)
    if (lastScale.current === null) {
      el.scrollLeft = Math.max(0, xOf(scale, props.initialMs) - trackWidth / 4)
    } else if (lastScale.current.pxPerDay !== scale.pxPerDay || lastScale.current.startMs !== scale.startMs) {
      const c = centerMs.current ?? msAt(lastScale.current, el.scrollLeft + trackWidth / 2)
      el.scrollLeft = Math.max(0, xOf(scale, c) - trackWidth / 2)
    }
    lastScale.current = scale
  }, [scale, props.initialMs])

  // A scroll request is applied once, when it is made (against the layout shown then).
  const applyScrollRequest = useEffectEvent((req: ScrollRequest) => {
    const el = scrollRef.current
    if (!el) return
    const trackWidth = Math.max(0, el.clientWidth - LABEL_WIDTH)
    if (req.ms !== undefined) el.scrollLeft = Math.max(0, xOf(scale, req.ms) - trackWidth / 3)
    if (req.releaseId) {
      const idx = layout.rowOf.get(req.releaseId)
      if (idx !== undefined) virtualizer.scrollToIndex(idx, { align: 'center' })
    }
  })
  useEffect(() => {
    if (props.scrollRequest) applyScrollRequest(props.scrollRequest)
  }, [props.scrollRequest])

  const onScroll = () => {
    const el = scrollRef.current
    if (!el || !lastScale.current) return
    centerMs.current = msAt(lastScale.current, el.scrollLeft + Math.max(0, el.clientWidth - LABEL_WIDTH) / 2)
  }

  const items = virtualizer.getVirtualItems()
  const firstRow = items[0]?.index ?? 0
  const lastRow = items[items.length - 1]?.index ?? -1

  // group the rendered rows by lane
  const groups = useMemo(() => {
    const out: { lane: Lane; rows: number[] }[] = []
    for (const it of items) {
      const row = rows[it.index]
      if (!row) continue
      const lane = layout.lanes[row.laneIndex]
      if (!lane) continue
      const last = out[out.length - 1]
      if (last && last.lane === lane) last.rows.push(it.index)
      else out.push({ lane, rows: [it.index] })
    }
    return out
  }, [items, rows, layout.lanes])

  const shownLinks = useMemo(
    () => (props.showLinks && lastRow >= firstRow ? visibleLinks(props.links, firstRow, lastRow) : []),
    [props.showLinks, props.links, firstRow, lastRow],
  )
  const canvasWidth = LABEL_WIDTH + scale.width
  const canvasHeight = AXIS_HEIGHT + layout.height

  return (
    <div
      className="ry-timeline"
      ref={scrollRef}
      onScroll={onScroll}
      tabIndex={0}
      role="region"
      aria-label="Release timeline. Scroll with the arrow keys; Tab moves between releases."
      data-testid="timeline"
    >
      <div
        className="ry-canvas"
        style={{ width: canvasWidth, height: canvasHeight }}
        role="table"
        aria-label="Releases by agency over time"
        aria-rowcount={rows.length + 1}
      >
        <Axis ticks={ticks} scale={scale} cycles={props.cycles} freezes={props.freezes} todayX={props.todayX} />
        <Background ticks={ticks} scale={scale} height={layout.height} cycles={props.cycles} freezes={props.freezes} todayX={props.todayX} />
        {groups.map(({ lane, rows: idx }) => (
          <div
            key={lane.agency.code}
            className={`ry-lane ${lane.firstRow % 2 ? '' : ''}`}
            data-testid={`lane-${lane.agency.code}`}
            role="rowgroup"
            aria-label={`${lane.agency.code} ${lane.agency.name}`}
            style={{ top: AXIS_HEIGHT + lane.top, height: lane.height, width: canvasWidth }}
          >
            {idx.map((i) => {
              const row = rows[i]
              return row ? <RowView key={rowKey(row, lane)} row={row} lane={lane} index={i} {...props} /> : null
            })}
          </div>
        ))}
        {shownLinks.length > 0 ? (
          <Links links={shownLinks} highlighted={props.highlighted} selectedId={props.selectedId} firstRow={firstRow} lastRow={lastRow} byId={props.nameOf} />
        ) : null}
      </div>
    </div>
  )
}

function rowKey(row: Row, lane: Lane): string {
  return row.kind === 'release' ? row.release.id : `${lane.agency.code}:${row.kind}`
}

interface LayerProps {
  ticks: Ticks
  scale: Scale
  cycles: CycleMarker[]
  freezes: FreezeBand[]
  todayX: number | null
}

/** Month gridlines, freeze windows, cycles, code freezes and today, the full height of the rows. */
const Background = memo(function Background({ ticks, scale, height, cycles, freezes, todayX }: LayerProps & { height: number }) {
  return (
    <div className="ry-bg" style={{ top: AXIS_HEIGHT, left: LABEL_WIDTH, width: scale.width, height }} aria-hidden="true">
      {ticks.months.map((t) => (
        <div key={t.date} className="ry-gridline" style={{ left: t.x }} />
      ))}
      {freezes.map((f) => (
        <div key={f.key} className="ry-freeze" style={{ left: f.x, width: f.w }} title={f.title} />
      ))}
      {cycles.map((c) => (
        <div key={c.id} className="ry-cycle" style={{ left: c.x, width: Math.max(2, c.w) }} />
      ))}
      {cycles.map((c) => (
        <div key={`${c.id}-cf`} className="ry-codefreeze" style={{ left: c.freezeX }} />
      ))}
      {todayX !== null ? <div className="ry-today" style={{ left: todayX }} /> : null}
    </div>
  )
})

const Axis = memo(function Axis({ ticks, scale, cycles, freezes, todayX }: LayerProps) {
  return (
    <div className="ry-axis" style={{ width: LABEL_WIDTH + scale.width, height: AXIS_HEIGHT }} role="row" aria-rowindex={1}>
      <div className="ry-axis__corner" role="columnheader">
        Agency · release
      </div>
      <div className="ry-axis__track" style={{ left: LABEL_WIDTH, width: scale.width }} role="columnheader" aria-label="Time">
        {freezes.map((f) => (
          <div key={f.key} className="ry-axis__freeze" style={{ left: f.x, width: f.w }} title={f.title} aria-hidden="true" />
        ))}
        {ticks.major.map((t) => (
          <div key={`M${t.date}`} className="ry-tick ry-tick--major" style={{ left: t.x }}>
            <span>{t.label}</span>
          </div>
        ))}
        {ticks.minor.map((t) => (
          <div key={`m${t.date}`} className="ry-tick ry-tick--minor" style={{ left: t.x }} aria-hidden="true">
            <span>{t.label}</span>
          </div>
        ))}
        {cycles.map((c) => (
          <div
            key={c.id}
            className="ry-axis__cycle"
            style={{ left: c.x + c.w / 2 }}
            title={`${c.name}: release ${c.releaseDate}, code freeze ${c.codeFreeze}`}
            data-testid={`cycle-${c.releaseDate}`}
          >
            <span aria-hidden="true">▼</span>
            <span className="usa-sr-only">
              {c.name}: release {c.releaseDate}, code freeze {c.codeFreeze}
            </span>
          </div>
        ))}
        {todayX !== null ? <div className="ry-axis__today" style={{ left: todayX }} title="Today" aria-hidden="true" /> : null}
      </div>
    </div>
  )
})

const Links = memo(function Links({
  links,
  highlighted,
  selectedId,
  firstRow,
  lastRow,
  byId,
}: {
  links: Link[]
  highlighted: ReadonlySet<string>
  selectedId: string | null
  firstRow: number
  lastRow: number
  byId: (id: string) => string
}) {
  let minY = Infinity
  let maxY = -Infinity
  for (const l of links) {
    const inFrom = l.fromRow >= firstRow && l.fromRow <= lastRow
    const inTo = l.toRow >= firstRow && l.toRow <= lastRow
    if (inFrom) minY = Math.min(minY, l.y1)
    if (inFrom) maxY = Math.max(maxY, l.y1)
    if (inTo) minY = Math.min(minY, l.y2)
    if (inTo) maxY = Math.max(maxY, l.y2)
  }
  minY -= 40
  maxY += 40
  const top = Math.max(0, minY)
  return (
    <svg
      className="ry-links"
      style={{ top: AXIS_HEIGHT + top, left: LABEL_WIDTH }}
      width={1}
      height={Math.max(1, maxY - top)}
      aria-hidden="true"
      data-testid="dependency-links"
    >
      <defs>
        <marker id="ry-arrow" viewBox="0 0 8 8" refX="7" refY="4" markerWidth="7" markerHeight="7" orient="auto-start-reverse">
          <path d="M0,0 L8,4 L0,8 z" className="ry-arrowhead" />
        </marker>
        <marker id="ry-arrow-bad" viewBox="0 0 8 8" refX="7" refY="4" markerWidth="7" markerHeight="7" orient="auto-start-reverse">
          <path d="M0,0 L8,4 L0,8 z" className="ry-arrowhead ry-arrowhead--bad" />
        </marker>
      </defs>
      <g transform={`translate(0,${-top})`}>
        {links.map((l) => {
          const hot = (highlighted.has(l.fromId) && highlighted.has(l.toId)) || l.fromId === selectedId || l.toId === selectedId
          return (
            <path
              key={`${l.fromId}>${l.toId}`}
              d={linkPath(l, firstRow, lastRow)}
              className={`ry-link ${l.conflict ? 'ry-link--bad' : ''} ${hot ? 'ry-link--hot' : ''}`}
              markerEnd={`url(#${l.conflict ? 'ry-arrow-bad' : 'ry-arrow'})`}
              data-testid={`link-${l.fromId}-${l.toId}`}
            >
              <title>
                {byId(l.toId)} depends on {byId(l.fromId)}
                {l.conflict ? ' (out of order)' : ''}
              </title>
            </path>
          )
        })}
      </g>
    </svg>
  )
})

interface RowViewProps extends TimelineProps {
  row: Row
  lane: Lane
  index: number
}

function RowView(p: RowViewProps) {
  const top = p.row.top - p.lane.top
  if (p.row.kind === 'lane') {
    return (
      <LaneHeader
        lane={p.lane}
        top={top}
        height={p.row.height}
        index={p.index}
        spans={p.planSpans.get(p.lane.agency.code)}
        planAlignment={p.planAlignment}
        onToggle={p.onToggleLane}
        canCreate={p.canCreatePlan(p.lane.agency.code)}
      />
    )
  }
  if (p.row.kind === 'empty') {
    return (
      <div className="ry-row ry-row--empty" style={{ top, height: p.row.height }} role="row" aria-rowindex={p.index + 2}>
        <div className="ry-row__label" role="cell">
          {p.lane.agency.plans.length === 0 ? 'No plans you can see' : p.lane.totalCount === 0 ? 'No releases in these dates' : 'No releases match the filters'}
        </div>
      </div>
    )
  }
  const r = p.row.release
  return (
    <ReleaseRow
      row={p.row}
      top={top}
      index={p.index}
      selected={p.selectedId === r.id}
      highlighted={p.highlighted.has(r.id)}
      conflicted={p.conflicted.has(r.id)}
      issues={p.issuesByRelease.get(r.id)}
      timeZone={p.timeZone}
      currentTierIndex={r.currentTier ? p.promotionPath.indexOf(r.currentTier) : -1}
      onSelect={p.onSelect}
    />
  )
}

const LaneHeader = memo(function LaneHeader({
  lane,
  top,
  height,
  index,
  spans,
  planAlignment,
  onToggle,
  canCreate,
}: {
  lane: Lane
  top: number
  height: number
  index: number
  spans: PlanSpan[] | undefined
  planAlignment: ReadonlyMap<string, PlanAlignmentView>
  onToggle: (code: string) => void
  canCreate: boolean
}) {
  const a = lane.agency
  const notAligned = a.plans.filter((pl) => planAlignment.get(pl.id)?.aligned === false)
  return (
    <div className="ry-row ry-row--lane" style={{ top, height }} role="row" aria-rowindex={index + 2} data-testid={`lane-header-${a.code}`}>
      <div className="ry-row__label" role="rowheader">
        <button
          type="button"
          className="ry-lane-toggle"
          aria-expanded={!lane.collapsed}
          onClick={() => onToggle(a.code)}
          data-testid={`lane-toggle-${a.code}`}
          title={lane.collapsed ? 'Expand lane' : 'Collapse lane'}
        >
          <span aria-hidden="true">{lane.collapsed ? '▸' : '▾'}</span>
          <span className="ry-lane-code">{a.code}</span>
          <span className="usa-sr-only">{lane.collapsed ? 'expand' : 'collapse'}</span>
        </button>
        <span className="ry-lane-name" title={a.name}>
          {a.name}
        </span>
        <span className="ry-lane-count" title={`${lane.releaseCount} of ${lane.totalCount} releases shown`}>
          {lane.releaseCount}
          {lane.releaseCount !== lane.totalCount ? `/${lane.totalCount}` : ''}
        </span>
        {notAligned.length > 0 ? (
          <span className="ry-flag ry-flag--error" title={`${notAligned.length} plan(s) not aligned: ${notAligned.map((p) => p.title).join(', ')}`}>
            !<span className="usa-sr-only">{notAligned.length} plans not aligned</span>
          </span>
        ) : null}
        {canCreate ? (
          <RouterLink to={`/plans/new?agency=${encodeURIComponent(a.code)}`} className="ry-lane-new" data-testid={`new-plan-${a.code}`}>
            + Plan
          </RouterLink>
        ) : null}
      </div>
      <div className="ry-row__track" role="cell">
        {(spans ?? []).map((s) => (
          <RouterLink
            key={s.planId}
            to={`/plans/${s.planId}`}
            className={`ry-plan-span ry-plan-span--${s.status.toLowerCase()}`}
            style={{ left: s.x, width: s.w }}
            title={`Plan “${s.title}” (${s.status}) — open`}
            data-testid={`plan-span-${s.planId}`}
          >
            <span>
              {s.title} · {s.status.toLowerCase()}
            </span>
          </RouterLink>
        ))}
      </div>
    </div>
  )
})

const ReleaseRow = memo(function ReleaseRow({
  row,
  top,
  index,
  selected,
  highlighted,
  conflicted,
  issues,
  timeZone,
  currentTierIndex,
  onSelect,
}: {
  row: Extract<Row, { kind: 'release' }>
  top: number
  index: number
  selected: boolean
  highlighted: boolean
  conflicted: boolean
  issues: AlignmentIssueView[] | undefined
  timeZone: string
  currentTierIndex: number
  onSelect: (id: string) => void
}) {
  const r = row.release
  const errors = issues?.filter((i) => i.severity === 'ERROR').length ?? 0
  const warnings = (issues?.length ?? 0) - errors
  const schedule = r.windows.map((w) => `${w.tier} ${formatDay(w.startMs, timeZone)} to ${formatDay(w.endMs, timeZone)}`).join('; ')
  const cls = [
    'ry-row',
    'ry-row--release',
    `ry-status--${r.status.toLowerCase()}`,
    selected ? 'is-selected' : '',
    highlighted ? 'is-critical' : '',
    conflicted ? 'is-conflict' : '',
  ].join(' ')
  return (
    <div className={cls} style={{ top, height: row.height }} role="row" aria-rowindex={index + 2} data-testid={`release-${r.id}`} data-status={r.status}>
      <div className="ry-row__label" role="rowheader">
        <button
          type="button"
          id={`relbtn-${r.id}`}
          className="ry-release-name"
          onClick={() => onSelect(r.id)}
          aria-pressed={selected}
          aria-describedby={`relsched-${r.id}`}
          title={`${r.name} ${r.version} (${r.status.toLowerCase().replace('_', ' ')}) — show details`}
        >
          {r.name}
        </button>
        <span className="ry-version">{r.version}</span>
        {issues && errors + warnings > 0 ? (
          <span
            className={`ry-flag ${errors ? 'ry-flag--error' : 'ry-flag--warning'}`}
            title={issues.map((i) => `${i.severity} ${i.code}: ${i.message}`).join('\n')}
            data-testid={`release-flag-${r.id}`}
          >
            {errors ? '!' : '⚠'}
            <span className="usa-sr-only">
              {errors} alignment errors, {warnings} warnings
            </span>
          </span>
        ) : null}
        {conflicted ? (
          <span className="ry-flag ry-flag--conflict" title="Dependency conflict">
            ⇄<span className="usa-sr-only">dependency conflict</span>
          </span>
        ) : null}
        <span id={`relsched-${r.id}`} className="usa-sr-only">
          {r.status.toLowerCase().replace('_', ' ')}. {schedule || 'not scheduled'}
        </span>
      </div>
      <div className="ry-row__track" role="cell" onClick={() => onSelect(r.id)}>
        {row.bars.map((b, i) => (
          <div
            key={i}
            className={`ry-bar ry-tier-${b.tierIndex < 0 ? 'x' : b.tierIndex % 6} ${b.tierIndex >= 0 && b.tierIndex <= currentTierIndex ? 'is-reached' : ''}`}
            style={{ left: b.x, width: b.w }}
            title={`${r.name} ${r.version} · ${b.tier}${b.window.environmentName ? ` · ${b.window.environmentName}` : ''}\n${formatInstant(b.window.startMs, timeZone)} → ${formatInstant(b.window.endMs, timeZone)}`}
          >
            {b.w > 40 ? b.tier : ''}
          </div>
        ))}
      </div>
    </div>
  )
})
