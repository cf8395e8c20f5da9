/**
 * The program health page's figures, as pure functions of the API's answers (tested in
 * apps/web/test/health-model.test.ts): plans by agency and status, plans waiting for approval
 * with their age, drift as a heatmap of environment tiers × agencies, upcoming freezes.
 */
import { expandFreezeWindow } from '@railyard/release-rules/freezes'
import type { FreezeWindowSpec } from '@railyard/release-rules/types'

export const PLAN_STATUSES = ['DRAFT', 'SUBMITTED', 'APPROVED', 'REJECTED', 'CLOSED'] as const

const DAY_MS = 86_400_000

export interface PlanLike {
  id: string
  title: string
  status: string
  agency: { code: string }
  approvals: { status: string; requestedAt: string }[]
}

/** Plans per agency code and status: counts[agency][status]. */
export function planCounts(plans: readonly PlanLike[], agencyCodes: readonly string[]): Record<string, Record<string, number>> {
  const out: Record<string, Record<string, number>> = {}
  for (const code of agencyCodes) out[code] = Object.fromEntries(PLAN_STATUSES.map((s) => [s, 0]))
  for (const p of plans) {
    const row = out[p.agency.code]
    if (row) row[p.status] = (row[p.status] ?? 0) + 1
  }
  return out
}

export interface WaitingPlan {
  id: string
  title: string
  agencyCode: string
  /** when the pending request was opened */
  since: string
  /** whole days waited at `now` */
  days: number
}

/** SUBMITTED plans with their pending request, longest waiting first. */
export function plansWaiting(plans: readonly PlanLike[], now: number): WaitingPlan[] {
  return plans
    .flatMap((p) => {
      if (p.status !== 'SUBMITTED') return []
      const pending = p.approvals.find((a) => a.status === 'PENDING')
      if (!pending) return []
      const days = Math.max(0, Math.floor((now - Date.parse(pending.requestedAt)) / DAY_MS))
      return [{ id: p.id, title: p.title, agencyCode: p.agency.code, since: pending.requestedAt, days }]
    })
    .sort((a, b) => Date.parse(a.since) - Date.parse(b.since) || (a.id < b.id ? -1 : 1))
}

export interface EnvironmentLike {
  key: string
  tier: string
  agency: { code: string } | null
  drift: { inSync: boolean; items: { key: string }[] }
}

/** One cell of the drift heatmap: the environments of a tier and agency, how many drifted and by how many items. */
export interface DriftCell {
  environments: number
  drifted: number
  items: number
}

/** Column key of shared environments (no agency). */
export const SHARED = 'Shared'

/**
 * Drift heatmap: tiers (promotion path order, others after) × agency codes (then "Shared" when
 * any shared environment exists). A missing cell has no environment.
 */
export function driftHeatmap(
  environments: readonly EnvironmentLike[],
  promotionPath: readonly string[],
  agencyCodes: readonly string[],
): { tiers: string[]; columns: string[]; cells: Record<string, Record<string, DriftCell>> } {
  const tiers = [...promotionPath]
  for (const e of environments) if (!tiers.includes(e.tier)) tiers.push(e.tier)
  const columns = [...agencyCodes]
  if (environments.some((e) => !e.agency)) columns.push(SHARED)
  const cells: Record<string, Record<string, DriftCell>> = {}
  for (const e of environments) {
    const col = e.agency?.code ?? SHARED
    if (!columns.includes(col)) continue
    const row = (cells[e.tier] ??= {})
    const cell = (row[col] ??= { environments: 0, drifted: 0, items: 0 })
    cell.environments++
    if (!e.drift.inSync) {
      cell.drifted++
      cell.items += e.drift.items.length
    }
  }
  return { tiers: tiers.filter((t) => cells[t]), columns, cells }
}

export interface UpcomingFreeze {
  name: string
  start: string
  end: string
  tiers: string[]
}

/** Freeze occurrences overlapping [now, now + days), soonest first, at most `limit`. */
export function upcomingFreezes(windows: readonly FreezeWindowSpec[], now: number, days: number, limit = 8): UpcomingFreeze[] {
  const range = { start: new Date(now).toISOString(), end: new Date(now + days * DAY_MS).toISOString() }
  return windows
    .flatMap((w) => expandFreezeWindow(w, range).map((o) => ({ name: w.name, start: o.start, end: o.end, tiers: w.tiers })))
    .sort((a, b) => Date.parse(a.start) - Date.parse(b.start))
    .slice(0, limit)
}
