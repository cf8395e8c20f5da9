/**
 * The roadmap's data: the program (strategy, agencies, plan periods), the shown range (the URL's,
 * else the plans' periods, else around today), the releases with a window in that range — in two
 * steps, the months around today first (what the timeline opens on), then the rest (DESIGN: the
 * response size is the cost) — the view model built from them, and the alignment flags once the
 * bars are complete. Marks 'roadmap:data' when the first releases arrive.
 */
import { periodInterval } from '@railyard/release-rules/time'
import { useMemo, useState } from 'react'
import { useQuery } from '../../api/hooks.ts'
import { browserTimeZone, todayIn } from '../../lib/time.ts'
import { useReadScope } from '../../permissions.ts'
import { useViewer } from '../../viewer.tsx'
import { nearRange, viewRange } from './layout.ts'
import type { ViewState } from './layout.ts'
import { mark } from './marks.ts'
import {
  RoadmapAgencyAlignmentDocument,
  RoadmapMetaDocument,
  RoadmapProgramAlignmentDocument,
  RoadmapReleasesDocument,
  buildModel,
  indexAlignment,
} from './roadmap-data.ts'

export function useRoadmapData(programKey: string, view: Pick<ViewState, 'from' | 'to'>) {
  const meta = useQuery(RoadmapMetaDocument, { key: programKey }, { partial: true })
  const metaProgram = meta.data?.program ?? null
  const tz = metaProgram?.strategy?.cadence.timeZone ?? browserTimeZone()
  const today = todayIn(tz)
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
    { skip: !metaProgram || (near !== null && !relNear.data && !relNear.error), partial: true },
  )
  const relData = rel.data ?? relNear.data
  const complete = !!rel.data && !rel.loading
  // The first data is marked when it arrives (before the model is built); usePaintMarks measures
  // from there to the first painted layout, once.
  const [dataMarked, setDataMarked] = useState(false)
  if (metaProgram && relData && !dataMarked) {
    setDataMarked(true)
    mark('roadmap:data')
  }
  const model = useMemo(() => (metaProgram && relData ? buildModel(metaProgram, relData.program, browserTimeZone()) : null), [metaProgram, relData])

  // alignment flags are computed server-side per plan: fetched once the bars are complete
  const { viewer } = useViewer()
  const { programWide } = useReadScope()
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

  /** Reads everything again (after the roadmap's own writes, e.g. an applied what-if). */
  const refetch = async () => {
    await Promise.all([meta.refetch(), rel.refetch(), programWide ? progAlign.refetch() : agencyAlign.refetch()])
  }

  const failed = (meta.error && !meta.data ? meta : null) ?? (rel.error && !rel.data ? rel : null) ?? (relNear.error && !relData ? relNear : null)
  return { meta, tz, range, interval, complete, dataMarked, model, alignment, failed, refetch, partialErrors: [...meta.partialErrors, ...rel.partialErrors] }
}
