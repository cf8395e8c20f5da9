import { type Actor, canExecuteRelease, mayEditPlanNow } from '@railyard/auth'
import type { PlanRow } from '../plan/plan.table.ts'
import type { ReleaseRow } from './release.table.ts'

/** Release.viewerCan: the access policy over the release and its plan as they are now. */
export function releaseViewerCan(actor: Actor, release: Pick<ReleaseRow, 'agencyCode' | 'status'>, plan: Pick<PlanRow, 'agencyCode' | 'status'> | null) {
  const executes = canExecuteRelease(actor, release.agencyCode)
  const changeable = release.status !== 'CANCELLED' && release.status !== 'RELEASED'
  return {
    edit: plan !== null && changeable && mayEditPlanNow(actor, plan.agencyCode, plan.status),
    promote: executes,
    recordCheckpoint: executes,
    requestException: executes,
  }
}
