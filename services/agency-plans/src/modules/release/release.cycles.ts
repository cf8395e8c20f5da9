import { type Cycle, expandCycles, releaseDateOfCycleId } from '@railyard/release-rules'
import type { PlanRow } from '../plan/plan.table.ts'

/** The cycle a cycle id names, among the cycles of the plan's pinned cadence; null when it names none. */
export function cycleOf(plan: Pick<PlanRow, 'programKey' | 'strategy'>, cycleId: string): Cycle | null {
  const date = releaseDateOfCycleId(cycleId)
  if (!date) return null
  try {
    return expandCycles(plan.programKey, plan.strategy.cadence, date, date).find((c) => c.id === cycleId) ?? null
  } catch {
    return null
  }
}
