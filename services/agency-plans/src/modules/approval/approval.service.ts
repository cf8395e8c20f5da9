import { type Actor, mayDecideApprovalStep, readsEverything } from '@railyard/auth'
import { conflict, failedPrecondition, forbidden, notFound, emitEvent, writeAudit } from '@railyard/graphql-kit'
import { isUniqueViolation } from '@railyard/db'
import { accessToPlan } from '../../access.ts'
import type { Context } from '../../context.ts'
import { findPlanById, lockPlan, touchPlan } from '../plan/plan.repository.ts'
import type { PinnedApprovalStep } from '../plan/plan.table.ts'
import { snapshotApprovedPlan } from '../plan-change/plan-change.service.ts'
import { findDecisionsByRequestIds, findPendingRequests, insertDecision, lockRequest, updateRequestState } from './approval.repository.ts'
import type { ApprovalDecisionRow, ApprovalRequestRow, Decision } from './approval.table.ts'

const currentStepOf = (req: ApprovalRequestRow): PinnedApprovalStep | null =>
  req.currentStep === null ? null : (req.workflow.steps.find((s) => s.order === req.currentStep) ?? null)

/** Why the actor may not decide the request's current step now (null when they may). */
function refusal(actor: Actor, req: ApprovalRequestRow, step: PinnedApprovalStep, decisions: ApprovalDecisionRow[]) {
  if (!mayDecideApprovalStep(actor, step.approverRole, req.agencyCode)) {
    const whose = ['AGENCY_MANAGER', 'AGENCY_MEMBER', 'AGENCY_VIEWER'].includes(step.approverRole) ? ` of ${req.agencyCode}` : ''
    return forbidden(`Step ${step.order} (${step.name}) is decided by ${step.approverRole}${whose}`)
  }
  if (step.separationOfDuties && req.requestedBy === actor.subject) {
    return forbidden(`Step ${step.order} (${step.name}) requires separation of duties: the submitter may not decide it`)
  }
  if (decisions.some((d) => d.step === step.order && d.decidedBy === actor.subject)) {
    return conflict(`${actor.subject} has already decided step ${step.order} (${step.name})`)
  }
  return null
}

/**
 * Records a decision on the request's current step (DESIGN.md "Approvals"). The request row is
 * locked, so concurrent deciders are serialized. One REJECT rejects request and plan; the last
 * needed APPROVE approves both; otherwise the next step opens once a step has minApprovals
 * distinct approvers.
 */
export async function decideApproval(ctx: Context, requestId: string, decision: Decision, comment: string | null | undefined): Promise<ApprovalRequestRow> {
  const { actor, db } = ctx
  const row = await db.transaction().execute(async (trx) => {
    const req = await lockRequest(trx, requestId)
    // the request of a plan the actor may not see is indistinguishable from a missing one
    if (!req || accessToPlan(actor, await findPlanById(trx, req.planId)) === 'none') throw notFound('ApprovalRequest', requestId)
    const step = currentStepOf(req)
    if (req.status !== 'PENDING' || !step) throw failedPrecondition(`Approval request ${requestId} is already ${req.status}`, { status: req.status })
    const decisions = await findDecisionsByRequestIds(trx, [req.id])
    const refused = refusal(actor, req, step, decisions)
    if (refused) throw refused
    try {
      await insertDecision(trx, { requestId: req.id, step: step.order, decidedBy: actor.subject, decision, comment: comment?.trim() || null })
    } catch (err) {
      if (isUniqueViolation(err)) throw conflict(`${actor.subject} has already decided step ${step.order} (${step.name})`)
      throw err
    }
    let updated = req
    let planStatus: 'APPROVED' | 'REJECTED' | null = null
    if (decision === 'REJECT') {
      updated = await updateRequestState(trx, req.id, 'REJECTED', null)
      planStatus = 'REJECTED'
    } else {
      const approvers = new Set(decisions.filter((d) => d.step === step.order && d.decision === 'APPROVE').map((d) => d.decidedBy))
      approvers.add(actor.subject)
      if (approvers.size >= step.minApprovals) {
        const next = req.workflow.steps.filter((s) => s.order > step.order).sort((a, b) => a.order - b.order)[0]
        updated = await updateRequestState(trx, req.id, next ? 'PENDING' : 'APPROVED', next?.order ?? null)
        if (!next) planStatus = 'APPROVED'
      }
    }
    if (planStatus) {
      const plan = await lockPlan(trx, req.planId)
      if (!plan || plan.status !== 'SUBMITTED') throw failedPrecondition(`The plan of approval request ${requestId} is no longer SUBMITTED`)
      const touched = await touchPlan(trx, plan.id, planStatus, actor.subject)
      // the content as approved: AgencyReleasePlan.changesSinceApproval compares against it
      if (planStatus === 'APPROVED') await snapshotApprovedPlan(trx, touched, req.id, actor.subject)
      await writeAudit(trx, actor, {
        action: 'decideApproval',
        entityType: 'AgencyReleasePlan',
        entityId: plan.id,
        before: { status: plan.status },
        after: { status: planStatus },
      })
    }
    await writeAudit(trx, actor, {
      action: 'decideApproval',
      entityType: 'ApprovalRequest',
      entityId: req.id,
      before: { status: req.status, currentStep: req.currentStep },
      after: { status: updated.status, currentStep: updated.currentStep, decision: { step: step.order, decision, by: actor.subject } },
    })
    // PLAN_DECIDED (+ what the approval made visible to other agencies), or APPROVAL_REQUESTED when the next step opened
    const opened = !planStatus && updated.currentStep !== req.currentStep ? (currentStepOf(updated) ?? null) : null
    await emitEvent(
      trx,
      {
        type: 'decideApproval',
        subjectId: req.planId,
        data: { planId: req.planId, requestId: req.id, decision, planStatus, comment: comment?.trim() || null, step: opened },
      },
      actor,
    )
    return updated
  })
  ctx.refresh()
  return row
}

/** Pending requests whose current step the actor may decide now. */
export async function approvalInbox(ctx: Context): Promise<ApprovalRequestRow[]> {
  const { actor, db, loaders } = ctx
  if (!readsEverything(actor) && !actor.agency) return []
  const pending = await findPendingRequests(db, readsEverything(actor) ? null : actor.agency)
  const [decisions, plans] = await Promise.all([
    Promise.all(pending.map((r) => loaders.decisionsByRequest.load(r.id))),
    Promise.all(pending.map((r) => loaders.planById.load(r.planId))),
  ])
  return pending.filter((req, i) => {
    const step = currentStepOf(req)
    return step !== null && accessToPlan(actor, plans[i]) !== 'none' && refusal(actor, req, step, decisions[i] ?? []) === null
  })
}

/** ApprovalRequest.viewerCan: may the actor decide the request's current step now (the rule of approvalInbox)? */
export async function approvalViewerCan(ctx: Context, req: ApprovalRequestRow): Promise<{ decide: boolean }> {
  const step = currentStepOf(req)
  if (req.status !== 'PENDING' || step === null) return { decide: false }
  const decisions = await ctx.loaders.decisionsByRequest.load(req.id)
  return { decide: refusal(ctx.actor, req, step, decisions) === null }
}
