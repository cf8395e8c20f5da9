/**
 * The roadmap timeline: one scroll container, a sticky time axis and a sticky label column,
 * lanes per agency with one row per release (bars per tier window), month gridlines, cycles,
 * code freezes, freeze windows, today, and dependency arrows.
 *
 * Rows are virtualised (@tanstack/react-virtual): only the rows in view (plus overscan) are in
 * the DOM, grouped into their lane element; bars are plain elements inside a memoised row
 * (timeline-rows.tsx). The axis, background and arrows are timeline-layers.tsx.
 */
import { useVirtualizer } from '@tanstack/react-virtual'
import { useEffect, useEffectEvent, useLayoutEffect, useMemo, useRef } from 'react'
import type { AlignmentIssueView, PlanAlignmentView } from './roadmap-data.ts'
import { msAt, visibleLinks, xOf } from './layout.ts'
import type { Layout, Link, Row, Scale, Ticks, Lane } from './layout.ts'
import { Axis, Background, Links } from './timeline-layers.tsx'
import { RowView } from './timeline-rows.tsx'
import { AXIS_HEIGHT, LABEL_WIDTH } from './timeline-size.ts'

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

/** What-if on the bars: which releases may be dragged (by whole days), which the scenario moved. */
export interface WhatIfBars {
  movable: ReadonlySet<string>
  moved: ReadonlySet<string>
  onShift: (releaseId: string, days: number) => void
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
  /** while a what-if scenario is open */
  whatIf?: WhatIfBars | null
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
      data-px-per-day={scale.pxPerDay}
      data-whatif={props.whatIf ? 'on' : undefined}
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
