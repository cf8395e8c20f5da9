import { type Actor, mayClosePlanNow, mayEditPlanNow, mayWithdrawPlanNow } from '@railyard/auth'
import type { PlanRow } from './plan.table.ts'

/** AgencyReleasePlan.viewerCan: the access policy over the plan as it is now. */
export function planViewerCan(actor: Actor, plan: Pick<PlanRow, 'agencyCode' | 'status'>) {
  const edit = mayEditPlanNow(actor, plan.agencyCode, plan.status)
  return {
    edit,
    submit: edit && (plan.status === 'DRAFT' || plan.status === 'REJECTED'),
    withdraw: mayWithdrawPlanNow(actor, plan.agencyCode, plan.status),
    close: mayClosePlanNow(actor, plan.agencyCode, plan.status),
  }
}
