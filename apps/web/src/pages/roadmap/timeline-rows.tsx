/** The timeline's rows: a lane header per agency (plan spans, alignment flag, "+ Plan"), a row per release (its tier bars), or an empty row. */
import { memo, useRef, useState } from 'react'
import type { PointerEvent as ReactPointerEvent } from 'react'
import { enumText } from '../../lib/format.ts'
import { formatDay, formatInstant } from '../../lib/time.ts'
import { Link as RouterLink } from '../../router.tsx'
import type { Lane, Row } from './layout.ts'
import type { AlignmentIssueView, PlanAlignmentView } from './roadmap-data.ts'
import type { PlanSpan, TimelineProps, WhatIfBars } from './timeline.tsx'
import { dragDays } from './what-if-model.ts'

interface RowViewProps extends TimelineProps {
  row: Row
  lane: Lane
  index: number
}

export function RowView(p: RowViewProps) {
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
      pxPerDay={p.scale.pxPerDay}
      draggable={p.whatIf?.movable.has(r.id) ?? false}
      moved={p.whatIf?.moved.has(r.id) ?? false}
      onShift={p.whatIf?.onShift}
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
  pxPerDay,
  draggable,
  moved,
  onShift,
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
  pxPerDay: number
  /** what-if: the bars can be dragged sideways to move the release by whole days */
  draggable: boolean
  /** what-if: the scenario moved this release (the bars show its new windows) */
  moved: boolean
  onShift: WhatIfBars['onShift'] | undefined
}) {
  const r = row.release
  const drag = useBarDrag(draggable && onShift ? (days) => onShift(r.id, days) : null, pxPerDay)
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
    moved ? 'is-moved' : '',
    draggable ? 'is-draggable' : '',
  ].join(' ')
  return (
    <div
      className={cls}
      style={{ top, height: row.height }}
      role="row"
      aria-rowindex={index + 2}
      data-testid={`release-${r.id}`}
      data-status={r.status}
      data-moved={moved || undefined}
    >
      <div className="ry-row__label" role="rowheader">
        <button
          type="button"
          id={`relbtn-${r.id}`}
          className="ry-release-name"
          onClick={() => onSelect(r.id)}
          aria-pressed={selected}
          aria-describedby={`relsched-${r.id}`}
          title={`${r.name} ${r.version} (${enumText(r.status)}) — show details`}
        >
          {r.name} <span className="ry-version">{r.version}</span>
        </button>
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
          {enumText(r.status)}. {schedule || 'not scheduled'}
        </span>
      </div>
      <div className="ry-row__track" role="cell" onClick={() => onSelect(r.id)}>
        {row.bars.map((b, i) => (
          <button
            type="button"
            key={i}
            className={`ry-bar ry-tier-${b.tierIndex < 0 ? 'x' : b.tierIndex % 6} ${b.tierIndex >= 0 && b.tierIndex <= currentTierIndex ? 'is-reached' : ''}`}
            style={{ left: b.x + drag.offset, width: b.w }}
            title={`${r.name} ${r.version} · ${b.tier}${b.window.environmentName ? ` · ${b.window.environmentName}` : ''}\n${formatInstant(b.window.startMs, timeZone)} → ${formatInstant(b.window.endMs, timeZone)}`}
            aria-label={`${b.tier} window of ${r.name} ${r.version}${b.window.environmentName ? ` on ${b.window.environmentName}` : ''}, ${formatDay(b.window.startMs, timeZone)} to ${formatDay(b.window.endMs, timeZone)} — show details`}
            aria-pressed={selected}
            data-testid={`bar-${r.id}-${i}`}
            {...drag.handlers}
            onClick={(e) => {
              e.stopPropagation()
              if (drag.consumeClick()) return
              onSelect(r.id)
            }}
          >
            {b.w > 40 ? b.tier : ''}
          </button>
        ))}
      </div>
    </div>
  )
})

/**
 * Pointer drag of a release's bars (what-if): the bars follow the pointer snapped to whole days;
 * on release the release moves by that many days. A press without movement stays a click. The
 * keyboard alternative is the what-if panel's form (WCAG 2.5.7).
 */
function useBarDrag(onDrop: ((days: number) => void) | null, pxPerDay: number) {
  const start = useRef<{ x: number; pointer: number; moved: boolean } | null>(null)
  const suppress = useRef(false)
  const [offset, setOffset] = useState(0)
  const end = (e: ReactPointerEvent<HTMLElement>, commit: boolean) => {
    const s = start.current
    if (!s || s.pointer !== e.pointerId) return
    start.current = null
    setOffset(0)
    if (!s.moved) return
    suppress.current = true
    const days = dragDays(e.clientX - s.x, pxPerDay)
    if (commit && days !== 0) onDrop?.(days)
  }
  const handlers = onDrop
    ? {
        onPointerDown: (e: ReactPointerEvent<HTMLElement>) => {
          if (e.button !== 0) return
          e.currentTarget.setPointerCapture(e.pointerId)
          start.current = { x: e.clientX, pointer: e.pointerId, moved: false }
        },
        onPointerMove: (e: ReactPointerEvent<HTMLElement>) => {
          const s = start.current
          if (!s || s.pointer !== e.pointerId) return
          const dx = e.clientX - s.x
          if (Math.abs(dx) > 3) s.moved = true
          if (s.moved) setOffset(dragDays(dx, pxPerDay) * pxPerDay)
        },
        onPointerUp: (e: ReactPointerEvent<HTMLElement>) => end(e, true),
        onPointerCancel: (e: ReactPointerEvent<HTMLElement>) => end(e, false),
      }
    : {}
  /** true once after a drag: the click that ends it does not select */
  const consumeClick = () => {
    const was = suppress.current
    suppress.current = false
    return was
  }
  return { offset, handlers, consumeClick }
}
