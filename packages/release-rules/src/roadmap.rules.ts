import { instantToMillis, millisToInstant, overlapsMillis } from './time.rules.ts'
import type { CriticalPathResult, Interval, ReleaseNode, RoadmapConflict, RoadmapLane, RoadmapPlanInput, RoadmapResult, StageWindowSpec } from './types.ts'

/**
 * The last-tier window of a schedule.
 * With a promotion path: the (first) window of the path's last tier, or null when it has none.
 * Without one: the window that starts latest (ties: the one that ends latest, then the later
 * in the schedule), or null for an empty schedule.
 */
export function lastTierWindow(schedule: StageWindowSpec[], promotionPath?: string[]): StageWindowSpec | null {
  if (promotionPath && promotionPath.length > 0) {
    const last = promotionPath[promotionPath.length - 1]
    return schedule.find((w) => w.tier === last) ?? null
  }
  let best: StageWindowSpec | null = null
  for (const w of schedule) {
    if (
      best === null ||
      instantToMillis(w.start) > instantToMillis(best.start) ||
      (instantToMillis(w.start) === instantToMillis(best.start) && instantToMillis(w.end) >= instantToMillis(best.end))
    ) {
      best = w
    }
  }
  return best
}

function sortedUnique(values: Iterable<string>): string[] {
  return [...new Set(values)].sort(compareStrings)
}

/** A value the algorithm itself stored under `key`: a missing one is a bug, not bad input. */
function stored<K, V>(map: ReadonlyMap<K, V>, key: K): V {
  const v = map.get(key)
  if (v === undefined) throw new Error(`release-rules: nothing stored for ${String(key)}`)
  return v
}

function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0
}

/** Releases (other than itself) that list `releaseId` among their dependencies, in input order. */
export function dependentsOf(releaseId: string, all: ReleaseNode[]): ReleaseNode[] {
  return all.filter((r) => r.id !== releaseId && r.dependsOn.includes(releaseId))
}

/**
 * Agencies affected by a release: owners of the releases it depends on, of the releases that
 * depend on it, and of the shared components it depends on — minus its own agency; deduplicated
 * and sorted. Unknown release ids and components without an owner are ignored.
 */
export function impactedAgencyIds(release: ReleaseNode, allReleases: ReleaseNode[], sharedComponentOwners: Record<string, string | null>): string[] {
  const byId = new Map(allReleases.map((r) => [r.id, r]))
  const agencies: string[] = []
  for (const id of release.dependsOn) {
    const dep = byId.get(id)
    if (dep) agencies.push(dep.agencyId)
  }
  for (const d of dependentsOf(release.id, allReleases)) agencies.push(d.agencyId)
  for (const c of release.sharedComponentIds) {
    const owner = sharedComponentOwners[c]
    if (owner) agencies.push(owner)
  }
  return sortedUnique(agencies.filter((a) => a !== release.agencyId))
}

interface Span {
  start: number
  end: number
}

function scheduleSpan(r: ReleaseNode): Span | null {
  if (r.schedule.length === 0) return null
  let start = Infinity
  let end = -Infinity
  for (const w of r.schedule) {
    start = Math.min(start, instantToMillis(w.start))
    end = Math.max(end, instantToMillis(w.end))
  }
  return { start, end }
}

/** Start (epoch ms) of the latest-starting window (ties: latest end), in one pass. */
function lastTierStartOf(r: ReleaseNode): number | null {
  let bestStart: number | null = null
  let bestEnd = -Infinity
  for (const w of r.schedule) {
    const s = instantToMillis(w.start)
    const e = instantToMillis(w.end)
    if (bestStart === null || s > bestStart || (s === bestStart && e >= bestEnd)) {
      bestStart = s
      bestEnd = e
    }
  }
  return bestStart
}

function label(r: ReleaseNode): string {
  return `'${r.name}' ${r.version}`
}

/** Strongly connected components (Tarjan, iterative) of size > 1 or with a self-loop, ids sorted. */
function dependencyCycles(nodes: ReleaseNode[]): string[][] {
  const byId = new Map(nodes.map((n) => [n.id, n]))
  const index = new Map<string, number>()
  const low = new Map<string, number>()
  const onStack = new Set<string>()
  const stack: string[] = []
  const result: string[][] = []
  let counter = 0

  for (const root of nodes) {
    if (index.has(root.id)) continue
    const work: { id: string; next: number }[] = [{ id: root.id, next: 0 }]
    index.set(root.id, counter)
    low.set(root.id, counter++)
    stack.push(root.id)
    onStack.add(root.id)
    for (let frame = work.at(-1); frame; frame = work.at(-1)) {
      const deps = stored(byId, frame.id).dependsOn
      const dep = deps[frame.next]
      if (dep !== undefined) {
        frame.next++
        if (!byId.has(dep)) continue
        if (!index.has(dep)) {
          index.set(dep, counter)
          low.set(dep, counter++)
          stack.push(dep)
          onStack.add(dep)
          work.push({ id: dep, next: 0 })
        } else if (onStack.has(dep)) {
          low.set(frame.id, Math.min(stored(low, frame.id), stored(index, dep)))
        }
        continue
      }
      work.pop()
      const parent = work[work.length - 1]
      if (parent) low.set(parent.id, Math.min(stored(low, parent.id), stored(low, frame.id)))
      if (low.get(frame.id) === index.get(frame.id)) {
        const component: string[] = []
        let top: string | undefined
        do {
          top = stack.pop()
          if (top === undefined) break
          onStack.delete(top)
          component.push(top)
        } while (top !== frame.id)
        const selfLoop = component.length === 1 && stored(byId, frame.id).dependsOn.includes(frame.id)
        if (component.length > 1 || selfLoop) result.push(component.sort(compareStrings))
      }
    }
  }
  return result
}

const CONFLICT_ORDER: Record<RoadmapConflict['kind'], number> = { CYCLE: 0, MISSING_DEPENDENCY: 1, DEPENDENCY_ORDER: 2 }

/** Dependency problems among the given releases (cancelled releases are ignored, i.e. treated as absent). */
export function roadmapConflicts(releases: ReleaseNode[]): RoadmapConflict[] {
  const starts = new Map<string, number | null>()
  const lastTierStartMs = (r: ReleaseNode): number | null => {
    let v = starts.get(r.id)
    if (v === undefined) {
      v = lastTierStartOf(r)
      starts.set(r.id, v)
    }
    return v
  }
  const active = releases.filter((r) => r.status !== 'CANCELLED')
  const cancelled = new Set(releases.filter((r) => r.status === 'CANCELLED').map((r) => r.id))
  const byId = new Map(active.map((r) => [r.id, r]))
  const conflicts: RoadmapConflict[] = []

  for (const ids of dependencyCycles(active)) {
    const names = ids.map((id) => label(stored(byId, id)))
    conflicts.push({
      kind: 'CYCLE',
      releaseIds: ids,
      message: ids.length === 1 ? `Release ${names[0]} depends on itself` : `Releases ${names.join(', ')} depend on each other in a cycle`,
    })
  }

  for (const r of active) {
    const ownStart = lastTierStartMs(r)
    for (const depId of new Set(r.dependsOn)) {
      if (depId === r.id) continue
      const dep = byId.get(depId)
      if (!dep) {
        conflicts.push({
          kind: 'MISSING_DEPENDENCY',
          releaseIds: [r.id, depId],
          message: cancelled.has(depId)
            ? `Release ${label(r)} depends on release ${depId}, which is cancelled`
            : `Release ${label(r)} depends on release ${depId}, which is not on the roadmap`,
        })
        continue
      }
      const depStart = lastTierStartMs(dep)
      if (ownStart !== null && depStart !== null && depStart > ownStart) {
        conflicts.push({
          kind: 'DEPENDENCY_ORDER',
          releaseIds: [r.id, dep.id],
          message: `Release ${label(r)} reaches its last tier at ${millisToInstant(ownStart)}, before its dependency ${label(dep)} does (${millisToInstant(depStart)})`,
        })
      }
    }
  }

  return conflicts.sort((a, b) => CONFLICT_ORDER[a.kind] - CONFLICT_ORDER[b.kind] || compareStrings(a.releaseIds.join('\u0000'), b.releaseIds.join('\u0000')))
}

/**
 * One unified roadmap from agency plans: one lane per agency (sorted by agency id), each lane's
 * releases sorted by their first window start (unscheduled releases last, ties by name then id),
 * lane and overall spans, and the dependency conflicts among non-cancelled releases.
 * With `range`, only releases having a window overlapping it are shown (lanes of agencies with
 * plans stay, possibly empty), and only conflicts involving a shown release are reported.
 */
export function rollupRoadmap(plans: RoadmapPlanInput[], range?: Interval): RoadmapResult {
  const rangeMs = range ? { start: instantToMillis(range.start), end: instantToMillis(range.end) } : null
  const all: ReleaseNode[] = []
  const byAgency = new Map<string, { release: ReleaseNode; span: Span | null }[]>()
  for (const plan of plans) {
    const lane = byAgency.get(plan.agencyId) ?? []
    byAgency.set(plan.agencyId, lane)
    for (const r of plan.releases) {
      all.push(r)
      if (rangeMs && !r.schedule.some((w) => overlapsMillis(instantToMillis(w.start), instantToMillis(w.end), rangeMs.start, rangeMs.end))) {
        continue
      }
      lane.push({ release: r, span: scheduleSpan(r) })
    }
  }

  const lanes: RoadmapLane[] = []
  const visible = new Set<string>()
  let start = Infinity
  let end = -Infinity
  for (const [agencyId, entries] of [...byAgency.entries()].sort(([a], [b]) => compareStrings(a, b))) {
    entries.sort((a, b) => {
      if (a.span && b.span && a.span.start !== b.span.start) return a.span.start - b.span.start
      if (a.span && !b.span) return -1
      if (!a.span && b.span) return 1
      return compareStrings(a.release.name, b.release.name) || compareStrings(a.release.id, b.release.id)
    })
    let laneStart = Infinity
    let laneEnd = -Infinity
    for (const e of entries) {
      visible.add(e.release.id)
      if (e.span) {
        laneStart = Math.min(laneStart, e.span.start)
        laneEnd = Math.max(laneEnd, e.span.end)
      }
    }
    start = Math.min(start, laneStart)
    end = Math.max(end, laneEnd)
    lanes.push({
      agencyId,
      releases: entries.map((e) => e.release),
      start: Number.isFinite(laneStart) ? millisToInstant(laneStart) : null,
      end: Number.isFinite(laneEnd) ? millisToInstant(laneEnd) : null,
    })
  }

  const conflicts = roadmapConflicts(all).filter((c) => !rangeMs || c.releaseIds.some((id) => visible.has(id)))
  return {
    lanes,
    conflicts,
    start: Number.isFinite(start) ? millisToInstant(start) : null,
    end: Number.isFinite(end) ? millisToInstant(end) : null,
  }
}

/**
 * The critical path to a release: the chain of dependencies ending at `targetId` that
 * determines when it can finish. From the target, repeatedly step to the dependency whose own
 * chain finishes latest (by last-tier end; unscheduled chains count as earliest; ties: longer
 * chain, then smaller id). Cancelled and unknown dependencies are skipped; a dependency that
 * closes a cycle is not followed (and is reported in `cycle`).
 * `path` runs from the earliest dependency to the target; `finish` is the latest last-tier end
 * along it (null when nothing on it is scheduled). `all` may be the releases or a map of them by id.
 */
export function criticalPath(targetId: string, all: readonly ReleaseNode[] | ReadonlyMap<string, ReleaseNode>): CriticalPathResult {
  // a prebuilt id → node map saves rebuilding it when many targets share one graph
  const byId: ReadonlyMap<string, ReleaseNode> = all instanceof Map ? all : new Map((all as readonly ReleaseNode[]).map((r) => [r.id, r]))
  const target = byId.get(targetId)
  if (!target) return { path: [], finish: null }

  /** best chain ending at a node: its finish, its length, and the previous node on it */
  interface Chain {
    id: string
    finish: number | null
    length: number
    prev: Chain | null
  }
  const memo = new Map<string, Chain>()
  const stack: string[] = []
  const onStack = new Set<string>()
  let cycle: string[] | undefined

  const better = (a: Chain | null, b: Chain): Chain => {
    if (a === null) return b
    const fa = a.finish ?? -Infinity
    const fb = b.finish ?? -Infinity
    if (fb !== fa) return fb > fa ? b : a
    if (b.length !== a.length) return b.length > a.length ? b : a
    return compareStrings(b.id, a.id) < 0 ? b : a
  }

  // iterative post-order DFS: safe on long chains, visits every node once
  const work: { id: string; next: number; best: Chain | null }[] = [{ id: targetId, next: 0, best: null }]
  stack.push(targetId)
  onStack.add(targetId)
  let result: Chain | null = null
  for (let frame = work.at(-1); frame; frame = work.at(-1)) {
    const current = stored(byId, frame.id)
    const depId = current.dependsOn[frame.next]
    if (depId !== undefined) {
      frame.next++
      const dep = byId.get(depId)
      if (!dep || dep.status === 'CANCELLED') continue
      if (onStack.has(depId)) {
        cycle ??= stack.slice(stack.lastIndexOf(depId))
        continue
      }
      const known = memo.get(depId)
      if (known) {
        frame.best = better(frame.best, known)
        continue
      }
      stack.push(depId)
      onStack.add(depId)
      work.push({ id: depId, next: 0, best: null })
      continue
    }
    work.pop()
    stack.pop()
    onStack.delete(current.id)
    const w = lastTierWindow(current.schedule)
    const own = w ? instantToMillis(w.end) : null
    const base = frame.best
    const chain: Chain = { id: current.id, finish: maxNullable(base?.finish ?? null, own), length: (base?.length ?? 0) + 1, prev: base }
    memo.set(current.id, chain)
    result = chain
    const parent = work[work.length - 1]
    if (parent) parent.best = better(parent.best, chain)
  }

  const path: string[] = []
  for (let c: Chain | null = result; c; c = c.prev) path.push(c.id)
  path.reverse()
  const finish = result?.finish ?? null
  return { path, finish: finish === null ? null : millisToInstant(finish), ...(cycle ? { cycle } : {}) }
}

function maxNullable(a: number | null, b: number | null): number | null {
  if (a === null) return b
  if (b === null) return a
  return Math.max(a, b)
}
