/**
 * The unified roadmap (route `/`): every agency's plans rolled up into lanes on one timeline,
 * with cycles, code freezes, freeze windows, dependencies, conflicts and alignment flags.
 * The view (zoom, range, filters, selection) lives in the query string, so it can be shared.
 *
 * Rollup, conflicts and critical path come from @railyard/release-rules.
 * Performance marks: 'roadmap:data' when the first releases arrive, 'roadmap:rendered' after the
 * first paint of them, the measure 'roadmap' between them, and 'roadmap:complete' once the whole
 * range is painted (then [data-testid=roadmap] has data-state="ready").
 *
 * The parts: use-roadmap-data (queries → model), use-roadmap-layers (scale, ticks, cycles,
 * freezes, plan spans), use-paint-marks, layout.ts (pure rows and links), the toolbar, the
 * timeline, the release panel, the conflicts list and the legend; what-if (use-what-if, the
 * what-if panel): while a scenario is open (`?whatif=`), the bars, rollup and conflicts show the
 * scenario's schedules.
 */
import { criticalPath, rollupRoadmap } from '@railyard/release-rules/roadmap'
import { useCallback, useEffect, useMemo, useState } from 'react'
import type { ReactNode } from 'react'
import { EmptyState, ErrorAlert, Loading, PartialErrors } from '../../components/status.tsx'
import { plural } from '../../lib/format.ts'
import { useAgencyCan, useReadScope } from '../../permissions.ts'
import { useSearchParams } from '../../router.tsx'
import { useViewer } from '../../viewer.tsx'
import { dependencyLinks, layoutRows, parseViewState, serializeViewState, xOf } from './layout.ts'
import type { Filters, Layout, ViewState } from './layout.ts'
import { ReleasePanel } from './release-panel.tsx'
import type { RoadmapModel } from './roadmap-data.ts'
import { RoadmapConflicts } from './roadmap-conflicts.tsx'
import { RoadmapExports } from './roadmap-exports.tsx'
import { RoadmapLegend } from './roadmap-legend.tsx'
import { Timeline } from './timeline.tsx'
import type { ScrollRequest } from './timeline.tsx'
import { RoadmapToolbar } from './toolbar.tsx'
import { usePaintMarks } from './use-paint-marks.ts'
import { useRoadmapData } from './use-roadmap-data.ts'
import { useRoadmapLayers } from './use-roadmap-layers.ts'
import { ViewsMenu } from './views-menu.tsx'
import { useDisplayZone } from '../../lib/display-zone.ts'
import { useWhatIf } from './use-what-if.ts'
import type { WhatIfState } from './use-what-if.ts'
import { WhatIfPanel } from './what-if-panel.tsx'
import type { WhatIfBars } from './timeline.tsx'

const minuteNow = () => Math.floor(Date.now() / 60_000) * 60_000

/** The current time to the minute (for the today line), kept current while the page is open. */
function useMinute(): number {
  const [now, setNow] = useState(minuteNow)
  useEffect(() => {
    const id = setInterval(() => setNow(minuteNow()), 15_000)
    return () => clearInterval(id)
  }, [])
  return now
}

const splitKey = (key: string): string[] => (key ? key.split(',') : [])

export function RoadmapPage(_props: { params: Record<string, string> }) {
  const { program } = useViewer()
  if (!program) {
    return (
      <div className="grid-container padding-y-4" data-testid="roadmap">
        <h1>Roadmap</h1>
        <EmptyState title="No program yet" testId="roadmap-empty">
          A program administrator creates the program and publishes its release strategy first.
        </EmptyState>
      </div>
    )
  }
  return <Roadmap programKey={program.key} />
}

/** The view in the URL, and an update that patches it (replacing the history entry unless `push`). */
function useRoadmapView() {
  const [params, setParams] = useSearchParams()
  // The view follows the query string's content (a new URLSearchParams object per navigation).
  const search = params.toString()
  const view = useMemo(() => parseViewState(search), [search])
  const update = useCallback(
    (patch: Partial<ViewState>, push = false) => setParams(serializeViewState({ ...view, ...patch }, params), { push }),
    [view, params, setParams],
  )
  // Compared by content: every navigation parses new lists (their items never hold a comma).
  const agenciesKey = view.agencies.join()
  const tiersKey = view.tiers.join()
  const statusesKey = view.statuses.join()
  const { cycle, q } = view
  const filters = useMemo<Filters>(
    () => ({ agencies: splitKey(agenciesKey), tiers: splitKey(tiersKey), statuses: splitKey(statusesKey), cycle, q }),
    [agenciesKey, tiersKey, statusesKey, cycle, q],
  )
  return { view, update, filters }
}

/** The release rules over the loaded releases: the rollup and its conflicts (a dependency on a release not loaded is none here). */
function useRoadmapRules(model: RoadmapModel | null) {
  const rollup = useMemo(() => (model ? rollupRoadmap(model.plans) : null), [model])
  // a dependency on a release that is not loaded lies outside the range (or is not visible to the viewer): not a conflict here
  const conflicts = useMemo(
    () => (rollup && model ? rollup.conflicts.filter((c) => c.kind !== 'MISSING_DEPENDENCY' || model.byId.has(c.releaseIds[1] ?? '')) : []),
    [rollup, model],
  )
  const conflicted = useMemo(() => new Set(conflicts.flatMap((c) => c.releaseIds)), [conflicts])
  return { rollup, conflicts, conflicted, outsideDeps: (rollup?.conflicts.length ?? 0) - conflicts.length }
}

/** Selecting a release (and scrolling to it), collapsing lanes, scrolling to today; what the lanes offer. */
function useRoadmapInteractions(update: (patch: Partial<ViewState>) => void, model: RoadmapModel | null) {
  const [collapsed, setCollapsed] = useState<ReadonlySet<string>>(new Set())
  const [scrollRequest, setScrollRequest] = useState<ScrollRequest | null>(null)
  const select = useCallback(
    (id: string | null, scroll = false) => {
      update({ release: id })
      if (id && scroll) setScrollRequest({ nonce: Date.now(), releaseId: id })
    },
    [update],
  )
  const onSelect = useCallback((id: string) => select(id), [select])
  const onToggleLane = useCallback((code: string) => {
    setCollapsed((prev) => {
      const next = new Set(prev)
      if (next.has(code)) next.delete(code)
      else next.add(code)
      return next
    })
  }, [])
  const scrollToToday = () => setScrollRequest({ nonce: Date.now(), ms: Date.now() })
  const agencyCan = useAgencyCan()
  const canCreate = useCallback((code: string) => agencyCan(code).createPlan, [agencyCan])
  const { readsAgencyFully } = useReadScope()
  const nameOf = useCallback(
    (id: string) => {
      const r = model?.byId.get(id)
      return r ? `${r.agencyCode} ${r.name} ${r.version}` : id
    },
    [model],
  )
  return { collapsed, scrollRequest, select, onSelect, onToggleLane, scrollToToday, canCreate, readsAgencyFully, nameOf }
}

/** The toolbar's choices: the promotion path's tiers and any other a window uses; the cycles in range and any a release names. */
function toolbarChoices(model: RoadmapModel, cycleList: readonly { id: string; name: string; releaseDate: string }[]) {
  const cycles = cycleList.map((c) => ({ value: c.id, label: `${c.name} (${c.releaseDate})` }))
  for (const r of model.releases) {
    if (r.cycleId && !cycles.some((o) => o.value === r.cycleId)) cycles.push({ value: r.cycleId, label: r.cycleName ?? r.cycleId })
  }
  const tiers = [...new Set([...model.promotionPath, ...model.releases.flatMap((r) => r.windows.map((w) => w.tier))])]
  return { cycles, tiers }
}

function RoadmapHead({ model, layout, tz, complete, whatIf }: { model: RoadmapModel; layout: Layout; tz: string; complete: boolean; whatIf: WhatIfState }) {
  return (
    <div className="ry-roadmap-head">
      <h1 className="ry-page__title">
        Roadmap <span className="ry-subtitle">{model.programName}</span>
      </h1>
      <p className="ry-stats" data-testid="roadmap-stats" aria-live="polite">
        {plural(layout.releaseCount, 'release')} in {plural(layout.lanes.length, 'agency', 'agencies')} · {layout.windowCount} windows · times in {tz}
        {model.strategyVersion !== null ? ` · strategy v${model.strategyVersion}` : ' · no strategy published'}
        {!complete ? ' · loading the rest of the range…' : ''}
      </p>
      {whatIf.canEdit || whatIf.open ? (
        <button
          type="button"
          className={`usa-button ry-whatif-toggle ${whatIf.open ? '' : 'usa-button--outline'}`}
          aria-pressed={whatIf.open}
          onClick={whatIf.toggle}
          data-testid="whatif-toggle"
        >
          What-if{whatIf.open && whatIf.scenario.edits.length > 0 ? ` (${whatIf.scenario.edits.length})` : ''}
        </button>
      ) : null}
    </div>
  )
}

/** The page frame in each state (data-state: loading, rendering, ready, error, empty). */
function RoadmapFrame({ state, children }: { state: string; children: ReactNode }) {
  return (
    <div className="ry-page" data-testid="roadmap" data-state={state}>
      <h1 className="ry-page__title">Roadmap</h1>
      {children}
    </div>
  )
}

function Roadmap({ programKey }: { programKey: string }) {
  const { view, update, filters } = useRoadmapView()
  const data = useRoadmapData(programKey, view)
  const { tz, range, alignment } = data
  const shown = useDisplayZone()
  const whatIf = useWhatIf(data.model, data.interval, shown.zone, data.refetch)
  // while a scenario is open, everything below shows its schedules
  const model = whatIf.shownModel
  const { rollup, conflicts, conflicted, outsideDeps } = useRoadmapRules(model)
  const layers = useRoadmapLayers({ programKey, range, interval: data.interval, tz, zoom: view.zoom, model, tiers: filters.tiers })
  const { scale } = layers
  const ui = useRoadmapInteractions(update, model)

  const layout = useMemo(
    () =>
      model && rollup
        ? layoutRows({ agencies: model.agencies, rollup, byId: model.byId, filters, promotionPath: model.promotionPath, scale, collapsed: ui.collapsed })
        : null,
    [model, rollup, filters, scale, ui.collapsed],
  )
  const links = useMemo(() => (layout && model ? dependencyLinks(layout, model.promotionPath, conflicts, scale) : []), [layout, model, conflicts, scale])
  const selected = view.release && model ? (model.byId.get(view.release) ?? null) : null
  const criticalIds = useMemo(() => {
    if (!view.critical || !selected || !model) return new Set<string>()
    return new Set(criticalPath(selected.id, model.nodes).path)
  }, [view.critical, selected, model])
  const ready = usePaintMarks(layout, data.dataMarked, data.complete)
  const { open: whatIfOpen, canEdit: whatIfEdits, movable, moved, shift } = whatIf
  const onShift = useCallback((releaseId: string, days: number) => shift({ releaseId }, days), [shift])
  const whatIfBars = useMemo<WhatIfBars | null>(
    () => (whatIfOpen ? { movable: whatIfEdits ? movable : new Set<string>(), moved, onShift } : null),
    [whatIfOpen, whatIfEdits, movable, moved, onShift],
  )

  const todayMs = useMinute() // minute precision keeps the layers memoised
  const todayX = todayMs >= scale.startMs && todayMs <= scale.endMs ? xOf(scale, todayMs) : null

  // ---------------------------------------------------------------- render
  const { failed } = data
  if (failed)
    return (
      <RoadmapFrame state="error">
        <ErrorAlert error={failed.error} onReload={() => void failed.refetch()} />
      </RoadmapFrame>
    )
  if (data.meta.data && !data.meta.data.program)
    return (
      <RoadmapFrame state="empty">
        <EmptyState title={`Program ${programKey} was not found`} testId="roadmap-empty" />
      </RoadmapFrame>
    )
  if (!model || !layout || !rollup)
    return (
      <RoadmapFrame state="loading">
        <Loading label="Loading the roadmap…" testId="roadmap-loading" />
      </RoadmapFrame>
    )

  const choices = toolbarChoices(model, layers.cycleList)

  return (
    <div className="ry-page ry-page--roadmap" data-testid="roadmap" data-state={ready ? 'ready' : 'rendering'} data-release-count={layout.releaseCount}>
      <RoadmapHead model={model} layout={layout} tz={`${shown.zone} (${shown.abbreviation})`} complete={data.complete} whatIf={whatIf} />
      <RoadmapToolbar
        view={view}
        update={update}
        agencies={model.agencies.map((a) => ({ code: a.code, name: a.name }))}
        tiers={choices.tiers}
        cycles={choices.cycles}
        range={range}
        onToday={ui.scrollToToday}
        exports={<RoadmapExports programKey={programKey} range={range} filters={filters} />}
        views={<ViewsMenu />}
      />
      <PartialErrors errors={data.partialErrors} />
      {whatIf.open ? <WhatIfPanel w={whatIf} model={model} selectedId={view.release} timeZoneLabel={`${shown.zone} (${shown.abbreviation})`} /> : null}
      {outsideDeps > 0 ? (
        <p className="ry-muted font-body-xs margin-y-05" data-testid="roadmap-outside-deps">
          {outsideDeps} dependenc{outsideDeps === 1 ? 'y points' : 'ies point'} to releases outside the shown dates or not visible to you.
        </p>
      ) : null}
      <RoadmapConflicts conflicts={conflicts} byId={model.byId} onShow={(id) => ui.select(id, true)} />
      <div className="ry-roadmap-body">
        {layout.lanes.length === 0 ? (
          <EmptyState title="Nothing to show" testId="roadmap-empty">
            {model.agencies.length === 0 ? 'The program has no agencies yet.' : 'No agency matches the filters.'}
          </EmptyState>
        ) : (
          <Timeline
            layout={layout}
            scale={scale}
            ticks={layers.ticks}
            links={links}
            showLinks={view.deps}
            cycles={layers.cycles}
            freezes={layers.freezes}
            planSpans={layers.planSpans}
            todayX={todayX}
            timeZone={shown.zone}
            selectedId={view.release}
            highlighted={criticalIds}
            conflicted={conflicted}
            issuesByRelease={alignment.byRelease}
            planAlignment={alignment.byPlan}
            promotionPath={model.promotionPath}
            onSelect={ui.onSelect}
            onToggleLane={ui.onToggleLane}
            canCreatePlan={ui.canCreate}
            initialMs={todayX !== null ? todayMs : scale.startMs}
            scrollRequest={ui.scrollRequest}
            nameOf={ui.nameOf}
            whatIf={whatIfBars}
          />
        )}
        {selected ? (
          <ReleasePanel
            release={selected}
            byId={model.byId}
            nodes={model.nodes}
            conflicts={conflicts}
            issues={alignment.byRelease.get(selected.id) ?? []}
            timeZone={shown.zone}
            canOpenPlan={ui.readsAgencyFully(selected.agencyCode)}
            critical={view.critical}
            onToggleCritical={(on) => update({ critical: on })}
            onSelect={(id) => ui.select(id, true)}
            onClose={() => {
              const id = selected.id
              update({ release: null, critical: false })
              requestAnimationFrame(() => document.getElementById(`relbtn-${id}`)?.focus())
            }}
          />
        ) : null}
      </div>
      <RoadmapLegend promotionPath={model.promotionPath} />
    </div>
  )
}
