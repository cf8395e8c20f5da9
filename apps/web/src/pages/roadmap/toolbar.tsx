/** Roadmap controls: search, agency / tier / status / cycle filters, zoom, range, today, dependencies, exports. */
import { useEffect, useState } from 'react'
import { CheckboxMenu } from './checkbox-menu.tsx'
import type { ReactNode } from 'react'
import { enumText } from '../../lib/format.ts'
import { ZOOMS } from './layout.ts'
import type { ViewState, Zoom } from './layout.ts'

const STATUSES = ['PLANNED', 'IN_PROGRESS', 'RELEASED', 'ROLLED_BACK', 'CANCELLED']
const ZOOM_LABEL: Record<Zoom, string> = { quarter: 'Quarter', month: 'Month', week: 'Week' }

export interface ToolbarProps {
  view: ViewState
  update: (patch: Partial<ViewState>, push?: boolean) => void
  agencies: { code: string; name: string }[]
  tiers: string[]
  cycles: { value: string; label: string }[]
  range: { from: string; to: string }
  onToday: () => void
  /** Export links (iCal subscription, CSV of the range), shown as the toolbar's last group. */
  exports?: ReactNode
  /** The saved views menu (views-menu.tsx), shown before the exports. */
  views?: ReactNode
}

function Group({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div className="ry-toolbar__group" role="group" aria-label={label}>
      {children}
    </div>
  )
}

export function RoadmapToolbar({ view, update, agencies, tiers, cycles, range, onToday, exports, views }: ToolbarProps) {
  // the search box updates the URL after a short pause
  const [q, setQ] = useState(view.q)
  // a new q in the URL (back, a link) replaces what is typed (adjusted while rendering)
  const [urlQ, setUrlQ] = useState(view.q)
  if (urlQ !== view.q) {
    setUrlQ(view.q)
    setQ(view.q)
  }
  useEffect(() => {
    if (q === view.q) return
    const t = setTimeout(() => update({ q }), 200)
    return () => clearTimeout(t)
  }, [q, view.q, update])

  const filtered = view.agencies.length + view.tiers.length + view.statuses.length + (view.cycle ? 1 : 0) + (view.q ? 1 : 0) > 0

  return (
    <form className="ry-toolbar" role="search" aria-label="Roadmap filters" onSubmit={(e) => e.preventDefault()} data-testid="roadmap-toolbar">
      <Group label="Search">
        <label className="usa-sr-only" htmlFor="roadmap-search">
          Search releases
        </label>
        <input
          id="roadmap-search"
          className="usa-input ry-search"
          type="search"
          placeholder="Search releases"
          value={q}
          onChange={(e) => setQ(e.target.value)}
          data-testid="roadmap-search"
        />
      </Group>
      <Group label="Filters">
        <CheckboxMenu
          id="agency"
          label="Agencies"
          selected={view.agencies}
          options={agencies.map((a) => ({ value: a.code, label: `${a.code} — ${a.name}` }))}
          onChange={(agencies) => update({ agencies })}
        />
        <CheckboxMenu
          id="tier"
          label="Tiers"
          selected={view.tiers}
          options={tiers.map((t) => ({ value: t, label: t }))}
          onChange={(tiers) => update({ tiers })}
        />
        <CheckboxMenu
          id="status"
          label="Status"
          selected={view.statuses}
          options={STATUSES.map((s) => ({ value: s, label: enumText(s) }))}
          onChange={(statuses) => update({ statuses })}
        />
        <label className="usa-sr-only" htmlFor="filter-cycle">
          Release cycle
        </label>
        <select
          id="filter-cycle"
          className="usa-select ry-select-inline"
          value={view.cycle ?? ''}
          onChange={(e) => update({ cycle: e.target.value || null })}
          data-testid="filter-cycle"
        >
          <option value="">All cycles</option>
          {cycles.map((c) => (
            <option key={c.value} value={c.value}>
              {c.label}
            </option>
          ))}
        </select>
        {filtered ? (
          <button
            type="button"
            className="usa-button usa-button--unstyled"
            onClick={() => update({ agencies: [], tiers: [], statuses: [], cycle: null, q: '' })}
            data-testid="clear-filters"
          >
            Clear filters
          </button>
        ) : null}
      </Group>
      <Group label="Zoom">
        <div className="usa-button-group usa-button-group--segmented ry-segmented">
          {ZOOMS.map((z) => (
            <button
              key={z}
              type="button"
              className={`usa-button ${view.zoom === z ? '' : 'usa-button--outline'}`}
              aria-pressed={view.zoom === z}
              onClick={() => update({ zoom: z })}
              data-testid={`zoom-${z}`}
            >
              {ZOOM_LABEL[z]}
            </button>
          ))}
        </div>
      </Group>
      <DateRange view={view} update={update} range={range} onToday={onToday} />
      <Group label="Display">
        <div className="ry-check">
          <input
            id="toggle-deps"
            className="ry-check__input"
            type="checkbox"
            checked={view.deps}
            onChange={(e) => update({ deps: e.target.checked })}
            data-testid="toggle-deps"
          />
          <label className="ry-check__label" htmlFor="toggle-deps">
            Dependencies
          </label>
        </div>
      </Group>
      {views ? <Group label="Saved views">{views}</Group> : null}
      {exports ? <Group label="Export">{exports}</Group> : null}
    </form>
  )
}

/** The shown dates (the plans' periods unless chosen), back to fit, and scrolling to today. */
function DateRange({ view, update, range, onToday }: Pick<ToolbarProps, 'view' | 'update' | 'range' | 'onToday'>) {
  return (
    <Group label="Date range">
      <label className="ry-inline-label" htmlFor="range-from">
        From
      </label>
      <input
        id="range-from"
        className="usa-input ry-date"
        type="date"
        value={view.from ?? range.from}
        onChange={(e) => e.target.value && update({ from: e.target.value, to: view.to ?? range.to })}
        data-testid="range-from"
      />
      <label className="ry-inline-label" htmlFor="range-to">
        To
      </label>
      <input
        id="range-to"
        className="usa-input ry-date"
        type="date"
        value={view.to ?? range.to}
        onChange={(e) => e.target.value && update({ to: e.target.value, from: view.from ?? range.from })}
        data-testid="range-to"
      />
      {view.from || view.to ? (
        <button type="button" className="usa-button usa-button--unstyled" onClick={() => update({ from: null, to: null })} data-testid="range-fit">
          Fit to plans
        </button>
      ) : null}
      <button type="button" className="usa-button usa-button--outline" onClick={onToday} data-testid="scroll-today">
        Today
      </button>
    </Group>
  )
}
