/**
 * What the timeline draws besides the release bars, in the scale of the view: the time axis
 * ticks, the program's cycles (release dates and code freezes, local days), the occurrences of
 * its freeze windows (expanded by @railyard/release-rules, only those applying to the filtered
 * tiers) and each agency's plan periods.
 */
import { expandFreezeWindow, freezeAppliesToTier } from '@railyard/release-rules/freezes'
import { localDayInterval, periodInterval } from '@railyard/release-rules/time'
import { useMemo } from 'react'
import { useQuery } from '../../api/hooks.ts'
import { formatInstant } from '../../lib/time.ts'
import { computeTicks, makeScale, xOf } from './layout.ts'
import type { Zoom } from './layout.ts'
import { RoadmapCyclesDocument } from './roadmap-data.ts'
import type { RoadmapModel } from './roadmap-data.ts'
import type { CycleMarker, FreezeBand, PlanSpan } from './timeline.tsx'

export interface LayersInput {
  programKey: string
  range: { from: string; to: string }
  interval: { start: string; end: string }
  tz: string
  zoom: Zoom
  model: RoadmapModel | null
  /** the tier filter: freezes that apply to none of them are left out */
  tiers: readonly string[]
}

export function useRoadmapLayers({ programKey, range, interval, tz, zoom, model, tiers }: LayersInput) {
  const scale = useMemo(() => makeScale(Date.parse(interval.start), Date.parse(interval.end), zoom), [interval, zoom])
  const ticks = useMemo(() => computeTicks(range.from, range.to, tz, scale, zoom), [range.from, range.to, tz, scale, zoom])

  const cyclesQ = useQuery(RoadmapCyclesDocument, { key: programKey, from: range.from, to: range.to }, { partial: true })
  const cycleList = cyclesQ.data?.program?.cycles
  const cycles = useMemo<CycleMarker[]>(
    () =>
      (cycleList ?? []).map((c) => {
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
    [cycleList, tz, scale],
  )

  const freezes = useMemo<FreezeBand[]>(() => {
    if (!model) return []
    const shown = { start: new Date(scale.startMs).toISOString(), end: new Date(scale.endMs).toISOString() }
    const out: FreezeBand[] = []
    for (const w of model.freezeWindows) {
      if (tiers.length > 0 && !tiers.some((t) => freezeAppliesToTier(w, t))) continue
      let occurrences
      try {
        occurrences = expandFreezeWindow(w, shown)
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
  }, [model, scale, tz, tiers])

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

  return { scale, ticks, cycleList: cycleList ?? [], cycles, freezes, planSpans }
}
