/**
 * The unified roadmap (route `/`): every agency's plans rolled up into lanes on one timeline,
 * with cycles, code freezes, freeze windows, dependencies, conflicts and alignment flags.
 * The view (zoom, range, filters, selection) lives in the query string, so it can be shared.
 *
 * Rollup, conflicts and critical path come from @railyard/release-rules.
 * Performance marks: 'roadmap:data' when the first releases arrive, 'roadmap:rendered' after the
 * first paint of them, the measure 'roadmap' between them, and 'roadmap:complete' once the whole
 * range is painted (then [data-testid=roadmap] has data-state="ready").
 */
import { criticalPath, expandFreezeWindow, freezeAppliesToTier, localDayInterval, periodInterval, rollupRoadmap } from '@railyard/release-rules'
import type { ReleaseNode } from '@railyard/release-rules'
import { useCallback, useEffect, useMemo, useRef, useState } from 'react'
import { useQuery } from '../../api/hooks.ts'
import { EmptyState, ErrorAlert, Loading, PartialErrors } from '../../components/status.tsx'
import { browserTimeZone, formatInstant, todayIn } from '../../lib/time.ts'
import { useSearchParams } from '../../router.tsx'
import { canCreatePlan, isProgramWide, useViewer } from '../../viewer.tsx'
import type { ViewerInfo } from '../../viewer.tsx'
import { computeTicks, dependencyLinks, layoutRows, makeScale, nearRange, parseViewState, serializeViewState, viewRange, xOf } from './layout.ts'
import type { Filters, ViewState } from './layout.ts'
import { ReleasePanel } from './release-panel.tsx'
import {
  RoadmapAgencyAlignmentDocument,
  RoadmapCyclesDocument,
  RoadmapMetaDocument,
  RoadmapReleasesDocument,
  RoadmapProgramAlignmentDocument,
  buildModel,
  indexAlignment,
} from './roadmap-data.ts'
import { Timeline } from './timeline.tsx'
import type { CycleMarker, FreezeBand, PlanSpan, ScrollRequest } from './timeline.tsx'
import { RoadmapExports } from './export-links.tsx'
import { RoadmapToolbar } from './toolbar.tsx'

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

function mark(name: string) {
  try {
    performance.mark(name)
  } catch {
    // marks are best effort
  }
}

export function RoadmapPage(_props: { params: Record<string, string> }) {
  const { program, viewer } = useViewer()
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
  return <Roadmap programKey={program.key} viewer={viewer} />
}

function Roadmap({ programKey, viewer }: { programKey: string; viewer: ViewerInfo }) {
  const [params, setParams] = useSearchParams()
  // The view follows the query string's content (a new URLSearchParams object per navigation).
  const search = params.toString()
  const view = useMemo(() => parseViewState(search), [search])
  const update = useCallback(
    (patch: Partial<ViewState>, push = false) => setParams(serializeViewState({ ...view, ...patch }, params), { push }),
    [view, params, setParams],
  )

  // ---------------------------------------------------------------- data
  const meta = useQuery(RoadmapMetaDocument, { key: programKey }, { partial: true })
  const metaProgram = meta.data?.program ?? null
  const tz = metaProgram?.strategy?.cadence.timeZone ?? browserTimeZone()
  const today = todayIn(tz)
  // the shown range: the URL's, else the plans' periods (a month either side), else around today
  const planSpan = useMemo(() => {
    let start: string | null = null
    let end: string | null = null
    for (const a of metaProgram?.agencies ?? [])
      for (const p of a.plans) {
        if (start === null || p.periodStart < start) start = p.periodStart
        if (end === null || p.periodEnd > end) end = p.periodEnd
      }
    return { start, end }
  }, [metaProgram])
  const { from: viewFrom, to: viewTo } = view
  const range = useMemo(() => viewRange({ from: viewFrom, to: viewTo }, planSpan.start, planSpan.end, today), [viewFrom, viewTo, planSpan, today])
  const interval = useMemo(() => periodInterval(range.from, range.to, tz), [range.from, range.to, tz])

  // Only the releases with a window in the range (DESIGN: the response size is the cost), in two
  // steps: the months around today (what the timeline opens on) paint first, the rest follows.
  const near = useMemo(() => {
    const r = nearRange(range, today)
    return r ? periodInterval(r.from, r.to, tz) : null
  }, [range, today, tz])
  const relNear = useQuery(
    RoadmapReleasesDocument,
    { key: programKey, from: near?.start ?? interval.start, to: near?.end ?? interval.end },
    { skip: !metaProgram || !near, partial: true },
  )
  const rel = useQuery(
    RoadmapReleasesDocument,
    { key: programKey, from: interval.start, to: interval.end },
    {
      skip: !metaProgram || (near !== null && !relNear.data && !relNear.error),
      partial: true,
    },
  )
  const relData = rel.data ?? relNear.data
  const complete = !!rel.data && !rel.loading
  // The first data is marked when it arrives (before the model is built); the effect further
  // down measures from there to the first painted layout, once.
  const [dataMarked, setDataMarked] = useState(false)
  if (metaProgram && relData && !dataMarked) {
    setDataMarked(true)
    mark('roadmap:data')
  }
  const renderMarked = useRef(false)
  const model = useMemo(() => (metaProgram && relData ? buildModel(metaProgram, relData.program, browserTimeZone()) : null), [metaProgram, relData])

  // alignment flags are computed server-side per plan: fetched once the bars are complete
  const programWide = isProgramWide(viewer)
  const progAlign = useQuery(RoadmapProgramAlignmentDocument, { key: programKey }, { skip: !programWide || !complete, partial: true })
  const agencyAlign = useQuery(
    RoadmapAgencyAlignmentDocument,
    { code: viewer.agency?.code ?? '' },
    { skip: programWide || !viewer.agency || !complete, partial: true },
  )
  const alignment = useMemo(
    () => indexAlignment(programWide ? (progAlign.data?.program?.plans ?? []) : (agencyAlign.data?.agency?.plans ?? [])),
    [programWide, progAlign.data, agencyAlign.data],
  )

  // ---------------------------------------------------------------- rules: rollup and conflicts
  const rollup = useMemo(() => (model ? rollupRoadmap(model.plans) : null), [model])
  // a dependency on a release that is not loaded lies outside the range (or is not visible to the viewer): not a conflict here
  const conflicts = useMemo(
    () => (rollup && model ? rollup.conflicts.filter((c) => c.kind !== 'MISSING_DEPENDENCY' || model.byId.has(c.releaseIds[1] ?? '')) : []),
    [rollup, model],
  )
  const outsideDeps = (rollup?.conflicts.length ?? 0) - conflicts.length

  const scale = useMemo(() => makeScale(Date.parse(interval.start), Date.parse(interval.end), view.zoom), [interval, view.zoom])
  const ticks = useMemo(() => computeTicks(range.from, range.to, tz, scale, view.zoom), [range.from, range.to, tz, scale, view.zoom])

  const cyclesQ = useQuery(RoadmapCyclesDocument, { key: programKey, from: range.from, to: range.to }, { partial: true })
  const cycles = useMemo<CycleMarker[]>(
    () =>
      (cyclesQ.data?.program?.cycles ?? []).map((c) => {
        const day = localDayInterval(c.releaseDate, tz)
        const x = xOf(scale, Date.parse(day.start))
        return {
          id: c.id,
          name: c.name,
          releaseDate: c.releaseDate,
          codeFreeze: c.codeFreeze,
          x,
          w: xOf(scale, Date.parse(day.end)) - x,
          freezeX: xOf(scale, Date.parse(localDayInterval(c.codeFreeze, tz).start)),
        }
      }),
    [cyclesQ.data, tz, scale],
  )

  const freezes = useMemo<FreezeBand[]>(() => {
    if (!model) return []
    const interval = { start: new Date(scale.startMs).toISOString(), end: new Date(scale.endMs).toISOString() }
    const out: FreezeBand[] = []
    for (const w of model.freezeWindows) {
      if (view.tiers.length > 0 && !view.tiers.some((t) => freezeAppliesToTier(w, t))) continue
      let occurrences
      try {
        occurrences = expandFreezeWindow(w, interval)
      } catch {
        continue
      }
      for (const o of occurrences) {
        const x = xOf(scale, Date.parse(o.start))
        out.push({
          key: `${w.id}@${o.start}`,
          name: w.name,
          x: Math.max(0, x),
          w: Math.max(2, xOf(scale, Date.parse(o.end)) - Math.max(0, x)),
          title: `Freeze: ${w.name}${w.reason ? ` — ${w.reason}` : ''}\n${formatInstant(o.start, tz)} → ${formatInstant(o.end, tz)}\nTiers: ${w.tiers.length ? w.tiers.join(', ') : 'all'}`,
        })
      }
    }
    return out
  }, [model, scale, tz, view.tiers])

  const planSpans = useMemo(() => {
    const out = new Map<string, PlanSpan[]>()
    if (!model) return out
    for (const a of model.agencies) {
      out.set(
        a.code,
        a.plans.map((pl) => {
          const i = periodInterval(pl.periodStart, pl.periodEnd, tz)
          const x = Math.max(0, xOf(scale, Date.parse(i.start)))
          return { planId: pl.id, x, w: Math.max(4, Math.min(scale.width, xOf(scale, Date.parse(i.end))) - x), title: pl.title, status: pl.status }
        }),
      )
    }
    return out
  }, [model, scale, tz])

  // ---------------------------------------------------------------- layout
  const [collapsed, setCollapsed] = useState<ReadonlySet<string>>(new Set())
  // Compared by content: every navigation parses new lists (their items never hold a comma).
  const agenciesKey = view.agencies.join()
  const tiersKey = view.tiers.join()
  const statusesKey = view.statuses.join()
  const { cycle, q } = view
  const filters = useMemo<Filters>(
    () => ({ agencies: splitKey(agenciesKey), tiers: splitKey(tiersKey), statuses: splitKey(statusesKey), cycle, q }),
    [agenciesKey, tiersKey, statusesKey, cycle, q],
  )
  const layout = useMemo(
    () =>
      model && rollup
        ? layoutRows({ agencies: model.agencies, rollup, byId: model.byId, filters, promotionPath: model.promotionPath, scale, collapsed })
        : null,
    [model, rollup, filters, scale, collapsed],
  )
  const links = useMemo(() => (layout && model ? dependencyLinks(layout, model.promotionPath, conflicts, scale) : []), [layout, model, conflicts, scale])
  const conflicted = useMemo(() => new Set(conflicts.flatMap((c) => c.releaseIds)), [conflicts])

  const selected = view.release && model ? (model.byId.get(view.release) ?? null) : null
  const criticalIds = useMemo(() => {
    if (!view.critical || !selected || !model) return new Set<string>()
    return new Set(criticalPathIds(selected.id, model.nodes))
  }, [view.critical, selected, model])

  // ---------------------------------------------------------------- performance marks
  const [painted, setPainted] = useState(false)
  const [ready, setReady] = useState(false)
  // 'ready' once the whole range is painted (after the first, nearer part)
  useEffect(() => {
    if (!painted || !complete || ready) return
    const raf = requestAnimationFrame(() => {
      mark('roadmap:complete')
      setReady(true)
    })
    return () => cancelAnimationFrame(raf)
  }, [painted, complete, ready, layout])
  useEffect(() => {
    if (!layout || !dataMarked || renderMarked.current) return
    renderMarked.current = true
    let t: ReturnType<typeof setTimeout> | undefined
    const raf = requestAnimationFrame(() => {
      t = setTimeout(() => {
        mark('roadmap:rendered')
        try {
          performance.measure('roadmap', 'roadmap:data', 'roadmap:rendered')
        } catch {
          // ignore
        }
        setPainted(true)
      }, 0)
    })
    return () => {
      cancelAnimationFrame(raf)
      if (t) clearTimeout(t)
    }
  }, [layout, dataMarked])

  // ---------------------------------------------------------------- interactions
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
  const canCreate = useCallback((code: string) => canCreatePlan(viewer, code), [viewer])
  const nameOf = useCallback(
    (id: string) => {
      const r = model?.byId.get(id)
      return r ? `${r.agencyCode} ${r.name} ${r.version}` : id
    },
    [model],
  )
  const todayMs = useMinute() // minute precision keeps the layers memoised
  const todayX = todayMs >= scale.startMs && todayMs <= scale.endMs ? xOf(scale, todayMs) : null

  // ---------------------------------------------------------------- render
  const failed = (meta.error && !meta.data ? meta : null) ?? (rel.error && !rel.data ? rel : null) ?? (relNear.error && !relData ? relNear : null)
  if (failed) {
    return (
      <div className="ry-page" data-testid="roadmap" data-state="error">
        <h1 className="ry-page__title">Roadmap</h1>
        <ErrorAlert error={failed.error} onReload={() => void failed.refetch()} />
      </div>
    )
  }
  if (meta.data && !meta.data.program) {
    return (
      <div className="ry-page" data-testid="roadmap" data-state="empty">
        <h1 className="ry-page__title">Roadmap</h1>
        <EmptyState title={`Program ${programKey} was not found`} testId="roadmap-empty" />
      </div>
    )
  }
  if (!model || !layout || !rollup) {
    return (
      <div className="ry-page" data-testid="roadmap" data-state="loading">
        <h1 className="ry-page__title">Roadmap</h1>
        <Loading label="Loading the roadmap…" testId="roadmap-loading" />
      </div>
    )
  }

  const cycleOptions = (cyclesQ.data?.program?.cycles ?? []).map((c) => ({ value: c.id, label: `${c.name} (${c.releaseDate})` }))
  for (const r of model.releases) {
    if (r.cycleId && !cycleOptions.some((o) => o.value === r.cycleId)) cycleOptions.push({ value: r.cycleId, label: r.cycleName ?? r.cycleId })
  }
  const tiers = [...new Set([...model.promotionPath, ...model.releases.flatMap((r) => r.windows.map((w) => w.tier))])]
  const openPlanAllowed = (code: string) => programWide || viewer.agency?.code === code

  return (
    <div className="ry-page ry-page--roadmap" data-testid="roadmap" data-state={ready ? 'ready' : 'rendering'} data-release-count={layout.releaseCount}>
      <div className="ry-roadmap-head">
        <h1 className="ry-page__title">
          Roadmap <span className="ry-subtitle">{model.programName}</span>
        </h1>
        <p className="ry-stats" data-testid="roadmap-stats" aria-live="polite">
          {layout.releaseCount} release{layout.releaseCount === 1 ? '' : 's'} in {layout.lanes.length} agenc{layout.lanes.length === 1 ? 'y' : 'ies'} ·{' '}
          {layout.windowCount} windows · times in {tz}
          {model.strategyVersion !== null ? ` · strategy v${model.strategyVersion}` : ' · no strategy published'}
          {!complete ? ' · loading the rest of the range…' : ''}
        </p>
      </div>
      <RoadmapToolbar
        view={view}
        update={update}
        agencies={model.agencies.map((a) => ({ code: a.code, name: a.name }))}
        tiers={tiers}
        cycles={cycleOptions}
        range={range}
        onToday={() => setScrollRequest({ nonce: Date.now(), ms: Date.now() })}
        exports={<RoadmapExports programKey={programKey} range={range} />}
      />
      <PartialErrors errors={[...meta.partialErrors, ...rel.partialErrors]} />
      {outsideDeps > 0 ? (
        <p className="ry-muted font-body-xs margin-y-05" data-testid="roadmap-outside-deps">
          {outsideDeps} dependenc{outsideDeps === 1 ? 'y points' : 'ies point'} to releases outside the shown dates or not visible to you.
        </p>
      ) : null}
      {conflicts.length > 0 ? (
        <details className="ry-conflicts" data-testid="roadmap-conflicts">
          <summary>
            <span className="ry-flag ry-flag--conflict" aria-hidden="true">
              ⇄
            </span>{' '}
            {conflicts.length} dependency conflict{conflicts.length === 1 ? '' : 's'}
          </summary>
          <ul>
            {conflicts.map((c, i) => (
              <li key={i} data-testid={`conflict-${i}`}>
                <strong>{c.kind}</strong>: {c.message}{' '}
                {c.releaseIds.flatMap((id) => {
                  const r = model.byId.get(id)
                  return r
                    ? [
                        <button key={id} type="button" className="usa-button usa-button--unstyled margin-right-1" onClick={() => select(id, true)}>
                          show {r.name}
                        </button>,
                      ]
                    : []
                })}
              </li>
            ))}
          </ul>
        </details>
      ) : null}
      <div className="ry-roadmap-body">
        {layout.lanes.length === 0 ? (
          <EmptyState title="Nothing to show" testId="roadmap-empty">
            {model.agencies.length === 0 ? 'The program has no agencies yet.' : 'No agency matches the filters.'}
          </EmptyState>
        ) : (
          <Timeline
            layout={layout}
            scale={scale}
            ticks={ticks}
            links={links}
            showLinks={view.deps}
            cycles={cycles}
            freezes={freezes}
            planSpans={planSpans}
            todayX={todayX}
            timeZone={tz}
            selectedId={view.release}
            highlighted={criticalIds}
            conflicted={conflicted}
            issuesByRelease={alignment.byRelease}
            planAlignment={alignment.byPlan}
            promotionPath={model.promotionPath}
            onSelect={onSelect}
            onToggleLane={onToggleLane}
            canCreatePlan={canCreate}
            initialMs={todayX !== null ? todayMs : scale.startMs}
            scrollRequest={scrollRequest}
            nameOf={nameOf}
          />
        )}
        {selected ? (
          <ReleasePanel
            release={selected}
            byId={model.byId}
            nodes={model.nodes}
            conflicts={conflicts}
            issues={alignment.byRelease.get(selected.id) ?? []}
            timeZone={tz}
            canOpenPlan={openPlanAllowed(selected.agencyCode)}
            critical={view.critical}
            onToggleCritical={(on) => update({ critical: on })}
            onSelect={(id) => select(id, true)}
            onClose={() => {
              const id = selected.id
              update({ release: null, critical: false })
              requestAnimationFrame(() => document.getElementById(`relbtn-${id}`)?.focus())
            }}
          />
        ) : null}
      </div>
      <Legend promotionPath={model.promotionPath} />
    </div>
  )
}

function criticalPathIds(id: string, nodes: ReleaseNode[]): string[] {
  return criticalPath(id, nodes).path
}

function Legend({ promotionPath }: { promotionPath: string[] }) {
  return (
    <ul className="ry-legend" aria-label="Legend" data-testid="roadmap-legend">
      {promotionPath.map((t, i) => (
        <li key={t}>
          <span className={`ry-swatch ry-tier-${i % 6}`} aria-hidden="true" /> {t} window
        </li>
      ))}
      <li>
        <span className="ry-swatch ry-swatch--cycle" aria-hidden="true" /> release date (cycle)
      </li>
      <li>
        <span className="ry-swatch ry-swatch--codefreeze" aria-hidden="true" /> code freeze
      </li>
      <li>
        <span className="ry-swatch ry-swatch--freeze" aria-hidden="true" /> freeze window
      </li>
      <li>
        <span className="ry-swatch ry-swatch--today" aria-hidden="true" /> today
      </li>
      <li>
        <span className="ry-swatch ry-swatch--link" aria-hidden="true" /> dependency (red: out of order)
      </li>
      <li>
        <span className="ry-flag ry-flag--error" aria-hidden="true">
          !
        </span>{' '}
        alignment issue
      </li>
    </ul>
  )
}
