/** The timeline's layers behind and around the rows: the time axis, the background (gridlines, freezes, cycles, code freezes, today) and the dependency arrows. */
import { memo } from 'react'
import { linkPath } from './layout.ts'
import type { Link, Scale, Ticks } from './layout.ts'
import type { CycleMarker, FreezeBand } from './timeline.tsx'
import { AXIS_HEIGHT, LABEL_WIDTH } from './timeline-size.ts'

interface LayerProps {
  ticks: Ticks
  scale: Scale
  cycles: CycleMarker[]
  freezes: FreezeBand[]
  todayX: number | null
}

/** Month gridlines, freeze windows, cycles, code freezes and today, the full height of the rows. */
export const Background = memo(function Background({ ticks, scale, height, cycles, freezes, todayX }: LayerProps & { height: number }) {
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

export const Axis = memo(function Axis({ ticks, scale, cycles, freezes, todayX }: LayerProps) {
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

export const Links = memo(function Links({
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
