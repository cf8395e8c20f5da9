/**
 * The roadmap's what-if state: the scenario in the URL (`?whatif=w1~…`, encodeScenario; present =
 * the what-if panel is open, so a shared link opens it), its decoding (a damaged or oversized
 * link gives a message, never a crash), the preview computed by @railyard/release-rules over the
 * loaded roadmap and the what-if data, the roadmap model with the scenario's schedules in place,
 * and applying it.
 */
import { decodeScenario, encodeScenario } from '@railyard/release-rules/scenario'
import type { Scenario } from '@railyard/release-rules/scenario'
import type { ScenarioPreview } from '@railyard/release-rules/what-if'
import type { StageWindowSpec } from '@railyard/release-rules/types'
import { useCallback, useEffect, useMemo, useState } from 'react'
import type { ApiError } from '../../api/client.ts'
import { useAgencyCan } from '../../permissions.ts'
import { useSearchParams } from '../../router.tsx'
import { useViewer } from '../../viewer.tsx'
import type { RoadmapModel } from './roadmap-data.ts'
import type { ApplyOutcome } from './what-if-apply.ts'
import { useWhatIfData } from './what-if-data.ts'
import { EMPTY_SCENARIO, addShift, describePreview, modelWithSchedules, removeEdit, whatIfInput } from './what-if-model.ts'
import type { PreviewNames, PreviewSection } from './what-if-model.ts'

const PARAM = 'whatif'

type Engine = Pick<typeof import('./what-if-engine.ts'), 'previewScenario' | 'applyMutations'>

/** The what-if engine (its own chunk), loaded once the panel is first opened. */
function useEngine(open: boolean): Engine | null {
  const [engine, setEngine] = useState<Engine | null>(null)
  useEffect(() => {
    if (!open || engine) return
    let live = true
    void import('./what-if-engine.ts').then(({ previewScenario, applyMutations }) => {
      if (live) setEngine({ previewScenario, applyMutations })
    })
    return () => {
      live = false
    }
  }, [open, engine])
  return engine
}

/** What applying did, and the approved plans that it returned to DRAFT. */
export interface WhatIfOutcome extends ApplyOutcome {
  returnedToDraft: string[]
}

/** The scenario in the URL; `set(null)` closes the what-if panel (the scenario is discarded). */
function useScenarioParam() {
  const [params, setParams] = useSearchParams()
  const raw = params.get(PARAM)
  const decoded = useMemo(() => (raw === null ? null : decodeScenario(raw)), [raw])
  const scenario = decoded?.ok ? decoded.scenario : EMPTY_SCENARIO
  const problem = decoded && !decoded.ok ? decoded.message : null
  // the address as it is when called (another update may have changed it since this render)
  const set = useCallback(
    (s: Scenario | null) => {
      const next = new URLSearchParams(window.location.search)
      if (s === null) next.delete(PARAM)
      else next.set(PARAM, encodeScenario(s))
      setParams(next)
    },
    [setParams],
  )
  return { open: raw !== null, scenario, problem, set }
}

export interface WhatIfState {
  open: boolean
  /** may the viewer make scenarios (they may edit some plan); others only read a shared one */
  canEdit: boolean
  scenario: Scenario
  /** why the link's scenario could not be read */
  problem: string | null
  /** a shift was refused (too many edits, too far) */
  limitMessage: string | null
  preview: ScenarioPreview | null
  sections: PreviewSection[]
  names: PreviewNames
  /** the roadmap with the scenario's schedules in place (the model itself while nothing changes) */
  shownModel: RoadmapModel | null
  /** releases whose schedule the scenario changes */
  moved: ReadonlySet<string>
  /** releases the viewer may move (their plan and the release are editable now) */
  movable: ReadonlySet<string>
  /** plans the viewer may shift */
  shiftablePlans: ReadonlySet<string>
  dataLoading: boolean
  dataError: ApiError | null
  applying: boolean
  progress: number
  outcome: WhatIfOutcome | null
  toggle: () => void
  shift: (target: { releaseId: string } | { planId: string }, days: number) => void
  remove: (index: number) => void
  discard: () => void
  apply: () => Promise<void>
  dismissOutcome: () => void
}

function namesOf(model: RoadmapModel | null): PreviewNames {
  const env = new Map<string, string>()
  const plans = new Map<string, string>()
  for (const a of model?.agencies ?? []) for (const p of a.plans) plans.set(p.id, `${a.code} “${p.title}”`)
  for (const n of model?.nodes ?? []) {
    const r = model?.byId.get(n.id)
    n.schedule.forEach((w, i) => {
      const name = r?.windows[i]?.environmentName
      if (w.environmentId && name) env.set(w.environmentId, name)
    })
  }
  return {
    release: (id) => {
      const r = model?.byId.get(id)
      return r ? `${r.agencyCode} ${r.name} ${r.version}` : 'a release you cannot see'
    },
    plan: (id) => plans.get(id) ?? 'a plan you cannot see',
    environment: (id) => env.get(id) ?? 'an environment',
  }
}

export function useWhatIf(
  model: RoadmapModel | null,
  interval: { start: string; end: string },
  timeZone: string,
  refetchRoadmap: () => Promise<void>,
): WhatIfState {
  const { open, scenario, problem, set } = useScenarioParam()
  const { viewer } = useViewer()
  const agencyCan = useAgencyCan()
  // who may edit some plan: the agency's managers and members (the program office never edits plans)
  const canEdit = viewer.agency ? agencyCan(viewer.agency.code).createPlan : false
  const whatIf = useWhatIfData(model?.programKey ?? '', interval, open && model !== null)
  const [limitMessage, setLimitMessage] = useState<string | null>(null)
  const [applying, setApplying] = useState(false)
  const [progress, setProgress] = useState(0)
  const [outcome, setOutcome] = useState<WhatIfOutcome | null>(null)
  const engine = useEngine(open)

  const input = useMemo(() => (open && model ? whatIfInput(model, whatIf.data) : null), [open, model, whatIf.data])
  const preview = useMemo(() => {
    if (!input || !engine || scenario.edits.length === 0) return null
    try {
      return engine.previewScenario(input, scenario)
    } catch {
      // data the rules cannot read (never expected from the API): no preview rather than no roadmap
      return null
    }
  }, [input, engine, scenario])
  const names = useMemo(() => namesOf(model), [model])
  const sections = useMemo(() => (preview ? describePreview(preview, names, timeZone) : []), [preview, names, timeZone])
  const shownModel = useMemo(() => {
    if (!model || !preview) return model
    return modelWithSchedules(model, new Map<string, StageWindowSpec[]>(preview.changes.map((c) => [c.releaseId, c.after])))
  }, [model, preview])
  const moved = useMemo(() => new Set(preview?.changes.map((c) => c.releaseId) ?? []), [preview])
  const { movable, shiftablePlans } = useMemo(() => {
    const releases = new Set<string>()
    const plans = new Set<string>()
    if (canEdit) {
      for (const p of whatIf.data?.plans ?? []) {
        if (!p.canEdit) continue
        plans.add(p.id)
        for (const r of p.releases) {
          const status = model?.byId.get(r.id)?.status
          if (r.canEdit && status !== 'RELEASED' && status !== 'CANCELLED') releases.add(r.id)
        }
      }
    }
    return { movable: releases, shiftablePlans: plans }
  }, [canEdit, whatIf.data, model])

  const shift = useCallback(
    (target: { releaseId: string } | { planId: string }, days: number) => {
      const next = addShift(scenario, target, days)
      if (next === null) {
        setLimitMessage('That change is not added: a scenario holds at most 100 changes, each of at most 3,660 days.')
        return
      }
      setLimitMessage(null)
      setOutcome(null)
      set(next)
    },
    [scenario, set],
  )
  const toggle = () => {
    setLimitMessage(null)
    set(open ? null : EMPTY_SCENARIO)
  }
  const apply = async () => {
    if (!preview || !engine || applying) return
    setApplying(true)
    setProgress(0)
    try {
      const approved = preview.plansReturningToDraft
      const result = await engine.applyMutations(preview.mutations, setProgress)
      setOutcome({ ...result, returnedToDraft: approved.filter((id) => result.applied.some((a) => a.planId === id && a.planStatus === 'DRAFT')) })
      // what was saved is on the server now: the scenario (relative shifts) would move it again
      set(EMPTY_SCENARIO)
      await Promise.all([refetchRoadmap(), whatIf.refetch()])
    } finally {
      setApplying(false)
    }
  }

  return {
    open,
    canEdit,
    scenario,
    problem,
    limitMessage,
    preview,
    sections,
    names,
    shownModel,
    moved,
    movable,
    shiftablePlans,
    dataLoading: whatIf.loading || (open && !engine),
    dataError: whatIf.error,
    applying,
    progress,
    outcome,
    toggle,
    shift,
    remove: (index) => set(removeEdit(scenario, index)),
    discard: () => {
      setOutcome(null)
      set(EMPTY_SCENARIO)
    },
    apply,
    dismissOutcome: () => setOutcome(null),
  }
}
