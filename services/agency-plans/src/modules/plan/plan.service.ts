import { hasRole, isAgencyManagerOf, mayWithdrawPlanNow } from '@railyard/auth'
import { FieldErrors, failedPrecondition, forbidden, notFound, runWrite, staleRevision, emitEvent, writeAudit } from '@railyard/graphql-kit'
import type { CreateAgencyPlanInput, UpdateAgencyPlanInput } from '../../__generated__/resolvers-types.ts'
import { accessToPlan, requirePlanEditable, statusAfterEdit } from '../../access.ts'
import type { Context } from '../../context.ts'
import { fetchLatestStrategy, fetchProgramForPlan } from '../../upstream/program-strategy.ts'
import { insertRequest, lockPendingRequestsOfPlan, updateRequestState } from '../approval/approval.repository.ts'
import { snapshotApprovedPlan } from '../plan-change/plan-change.service.ts'
import { findReleasesByPlanIds } from '../release/release.repository.ts'
import { alignmentOf } from './plan.alignment.ts'
import { findPlanById, insertPlan, lockPlan, updatePlanIfRevision } from './plan.repository.ts'
import type { PlanRow } from './plan.table.ts'

const ENTITY = 'AgencyReleasePlan'

/** Creates a DRAFT plan pinned to the program's latest strategy (fetched from program-strategy). */
export async function createAgencyPlan(ctx: Context, input: CreateAgencyPlanInput): Promise<PlanRow> {
  const { actor, db, clients } = ctx
  if (!actor.agency || !hasRole(actor, 'AGENCY_MANAGER', 'AGENCY_MEMBER')) {
    throw forbidden('Only agency managers and members create release plans, for their own agency')
  }
  const errors = new FieldErrors()
  errors.required(input.title, ['input', 'title'], 'title')
  errors.check(input.periodEnd >= input.periodStart, ['input', 'periodEnd'], 'periodEnd must not be before periodStart')
  const { program, agency } = await fetchProgramForPlan(clients.programStrategy, actor.token, input.programId, input.agencyId)
  if (agency && agency.code !== actor.agency) throw forbidden(`Only ${agency.code}'s agency managers and members may create its plans`)
  errors.check(program !== null, ['input', 'programId'], `unknown program ${input.programId}`)
  if (!agency) errors.add(['input', 'agencyId'], `unknown agency ${input.agencyId}`)
  else if (program && !program.agencies.some((a) => a.id === agency.id))
    errors.add(['input', 'agencyId'], `agency ${agency.code} is not part of program ${program.key}`)
  errors.throwIfAny()
  if (!program || !agency) throw new Error('createAgencyPlan: program and agency were checked above')
  const { strategy } = program
  if (!strategy) throw failedPrecondition(`Program ${program.key} has no published release strategy yet: a plan is aligned to one`)
  const row = await db.transaction().execute(async (trx) => {
    const plan = await insertPlan(trx, {
      programId: program.id,
      programKey: program.key,
      agencyId: agency.id,
      agencyCode: agency.code,
      title: input.title.trim(),
      periodStart: input.periodStart,
      periodEnd: input.periodEnd,
      strategy,
      by: actor.subject,
    })
    await writeAudit(trx, actor, { action: 'createAgencyPlan', entityType: ENTITY, entityId: plan.id, after: plan })
    await emitEvent(trx, { type: 'createAgencyPlan', subjectId: plan.id, data: { planId: plan.id, agencyCode: plan.agencyCode } }, actor)
    return plan
  })
  ctx.refresh()
  return row
}

/** Changes the plan's header; an APPROVED plan returns to DRAFT. */
export async function updateAgencyPlan(ctx: Context, id: string, expectedRevision: number, input: UpdateAgencyPlanInput): Promise<PlanRow> {
  const { actor, db } = ctx
  const plan = await findPlanById(db, id)
  requirePlanEditable(actor, plan)
  const errors = new FieldErrors()
  if (input.title != null) errors.required(input.title, ['input', 'title'], 'title')
  const start = input.periodStart ?? plan.periodStart
  const end = input.periodEnd ?? plan.periodEnd
  errors.check(end >= start, ['input', input.periodEnd != null ? 'periodEnd' : 'periodStart'], 'periodEnd must not be before periodStart')
  errors.throwIfAny()
  const row = await db.transaction().execute(async (trx) => {
    const locked = await lockPlan(trx, id)
    requirePlanEditable(actor, locked)
    if (locked.revision !== expectedRevision) throw staleRevision(ENTITY, id, expectedRevision, locked.revision)
    const updated = await updatePlanIfRevision(
      trx,
      id,
      expectedRevision,
      {
        ...(input.title != null ? { title: input.title.trim() } : {}),
        ...(input.periodStart != null ? { periodStart: input.periodStart } : {}),
        ...(input.periodEnd != null ? { periodEnd: input.periodEnd } : {}),
        status: statusAfterEdit(locked.status),
      },
      actor.subject,
    )
    if (!updated) throw staleRevision(ENTITY, id, expectedRevision, locked.revision)
    await writeAudit(trx, actor, { action: 'updateAgencyPlan', entityType: ENTITY, entityId: id, before: locked, after: updated })
    await emitEvent(trx, { type: 'updateAgencyPlan', subjectId: id, data: { planId: id, status: updated.status } }, actor)
    return updated
  })
  ctx.refresh()
  return row
}

/** Pins the program's latest strategy on the plan; an APPROVED plan returns to DRAFT. */
export async function realignAgencyPlan(ctx: Context, id: string, expectedRevision: number): Promise<PlanRow> {
  const { actor, db, clients } = ctx
  const plan = await findPlanById(db, id)
  requirePlanEditable(actor, plan)
  if (plan.revision !== expectedRevision) throw staleRevision(ENTITY, id, expectedRevision, plan.revision)
  const latest = await fetchLatestStrategy(clients.programStrategy, actor.token, plan.programId)
  const strategy = latest?.strategy
  if (!latest || !strategy) throw failedPrecondition(`Program ${plan.programKey} has no published release strategy to align to`)
  const row = await db.transaction().execute(async (trx) => {
    const locked = await lockPlan(trx, id)
    requirePlanEditable(actor, locked)
    const updated = await updatePlanIfRevision(
      trx,
      id,
      expectedRevision,
      { strategy, programKey: latest.key, status: statusAfterEdit(locked.status) },
      actor.subject,
    )
    if (!updated) throw staleRevision(ENTITY, id, expectedRevision, locked.revision)
    await writeAudit(trx, actor, {
      action: 'realignAgencyPlan',
      entityType: ENTITY,
      entityId: id,
      before: { strategyVersion: locked.strategyVersion, status: locked.status, revision: locked.revision },
      after: { strategyVersion: updated.strategyVersion, status: updated.status, revision: updated.revision },
    })
    await emitEvent(
      trx,
      { type: 'realignAgencyPlan', subjectId: id, data: { planId: id, strategyVersion: updated.strategyVersion, status: updated.status } },
      actor,
    )
    return updated
  })
  ctx.refresh()
  return row
}

/**
 * DRAFT/REJECTED → SUBMITTED, refused while the plan has ERROR alignment issues; opens an
 * approval request over the pinned strategy's planApproval steps.
 */
export async function submitAgencyPlan(ctx: Context, id: string, expectedRevision: number): Promise<PlanRow> {
  const { actor, db } = ctx
  const plan = await findPlanById(db, id)
  requirePlanEditable(actor, plan)
  if (plan.status !== 'DRAFT' && plan.status !== 'REJECTED') {
    throw failedPrecondition(`Only DRAFT or REJECTED plans can be submitted; this one is ${plan.status}`, { status: plan.status })
  }
  if (plan.revision !== expectedRevision) throw staleRevision(ENTITY, id, expectedRevision, plan.revision)
  const alignment = await alignmentOf(ctx, plan)
  if (!alignment.aligned) {
    const errors = alignment.issues.filter((i) => i.severity === 'ERROR')
    throw failedPrecondition(
      `The plan is not aligned to strategy version ${plan.strategyVersion}: ${errors.map((e) => `${e.code}: ${e.message}`).join('; ')}`,
      {
        issues: errors.map((e) => ({ code: e.code, severity: e.severity, message: e.message, releaseId: e.releaseId })),
      },
    )
  }
  const steps = [...plan.strategy.planApproval.steps].sort((a, b) => a.order - b.order)
  const row = await db.transaction().execute(async (trx) => {
    const locked = await lockPlan(trx, id)
    requirePlanEditable(actor, locked)
    if (locked.status !== 'DRAFT' && locked.status !== 'REJECTED')
      throw failedPrecondition(`Only DRAFT or REJECTED plans can be submitted; this one is ${locked.status}`)
    // a workflow without steps approves at once
    const first = steps[0]
    const updated = await updatePlanIfRevision(trx, id, expectedRevision, { status: first ? 'SUBMITTED' : 'APPROVED' }, actor.subject)
    if (!updated) throw staleRevision(ENTITY, id, expectedRevision, locked.revision)
    let request = await insertRequest(trx, {
      planId: id,
      agencyCode: locked.agencyCode,
      workflow: { ...plan.strategy.planApproval, steps },
      status: 'PENDING',
      currentStep: first?.order ?? null,
      requestedBy: actor.subject,
    })
    if (!first) {
      request = await updateRequestState(trx, request.id, 'APPROVED', null)
      await snapshotApprovedPlan(trx, updated, request.id, actor.subject)
    }
    await writeAudit(trx, actor, {
      action: 'submitAgencyPlan',
      entityType: ENTITY,
      entityId: id,
      before: { status: locked.status, revision: locked.revision },
      after: { status: updated.status, revision: updated.revision, approvalRequestId: request.id },
    })
    // APPROVAL_REQUESTED for the first step's deciders, or (no steps) PLAN_DECIDED and what the approval changed for others
    await emitEvent(
      trx,
      { type: 'submitAgencyPlan', subjectId: id, data: { planId: id, requestId: request.id, status: updated.status, step: first ?? null } },
      actor,
    )
    return updated
  })
  ctx.refresh()
  return row
}

const DONE = new Set(['RELEASED', 'ROLLED_BACK', 'CANCELLED'])

/** APPROVED → CLOSED when every release is done; a closed plan is read-only history. */
export async function closeAgencyPlan(ctx: Context, id: string, expectedRevision: number): Promise<PlanRow> {
  const { actor, db } = ctx
  const plan = await findPlanById(db, id)
  if (!plan || accessToPlan(actor, plan) === 'none') throw notFound('Plan', id)
  if (!isAgencyManagerOf(actor, plan.agencyCode)) throw forbidden(`Only ${plan.agencyCode}'s agency managers may close its plans`)
  const row = await db.transaction().execute(async (trx) => {
    const locked = await lockPlan(trx, id)
    if (!locked) throw notFound('Plan', id)
    if (locked.revision !== expectedRevision) throw staleRevision(ENTITY, id, expectedRevision, locked.revision)
    if (locked.status !== 'APPROVED') throw failedPrecondition(`Only APPROVED plans can be closed; this one is ${locked.status}`, { status: locked.status })
    const open = (await findReleasesByPlanIds(trx, [id])).filter((r) => !DONE.has(r.status))
    if (open.length) {
      throw failedPrecondition(`${open.length} release(s) are not done yet: ${open.map((r) => `${r.name} ${r.version} (${r.status})`).join(', ')}`, {
        openReleaseIds: open.map((r) => r.id),
      })
    }
    const updated = await updatePlanIfRevision(trx, id, expectedRevision, { status: 'CLOSED' }, actor.subject)
    if (!updated) throw staleRevision(ENTITY, id, expectedRevision, locked.revision)
    await writeAudit(trx, actor, {
      action: 'closeAgencyPlan',
      entityType: ENTITY,
      entityId: id,
      before: { status: locked.status },
      after: { status: 'CLOSED' },
    })
    await emitEvent(trx, { type: 'closeAgencyPlan', subjectId: id, data: { planId: id } }, actor)
    return updated
  })
  ctx.refresh()
  return row
}

/**
 * SUBMITTED → DRAFT before a final decision: the plan's pending approval request(s) become
 * WITHDRAWN (their decisions stay), the plan can be edited and submitted again. The agency's
 * managers and members — those who may submit it (mayWithdrawPlanNow).
 */
export async function withdrawAgencyPlan(ctx: Context, id: string, expectedRevision: number): Promise<PlanRow> {
  const { actor, loaders } = ctx
  return runWrite(ctx, {
    authorize: async () => {
      const plan = await loaders.planById.load(id)
      if (!plan || accessToPlan(actor, plan) === 'none') throw notFound('Plan', id)
      // who may withdraw is who may submit: the agency's managers and members
      if (actor.agency !== plan.agencyCode || !hasRole(actor, 'AGENCY_MANAGER', 'AGENCY_MEMBER')) {
        throw forbidden(`Only ${plan.agencyCode}'s agency managers and members may withdraw its plans from approval`)
      }
      return plan
    },
    // the requests first, then the plan: the order decideApproval locks them in
    lock: async (trx) => {
      const requests = await lockPendingRequestsOfPlan(trx, id)
      const plan = await lockPlan(trx, id)
      if (!plan) throw notFound('Plan', id)
      if (!mayWithdrawPlanNow(actor, plan.agencyCode, plan.status)) {
        throw failedPrecondition(`Only a SUBMITTED plan can be withdrawn from approval; this one is ${plan.status}`, { status: plan.status })
      }
      return { plan, requests }
    },
    expectedRevision: { expected: expectedRevision, current: ({ plan }) => plan.revision, entity: ENTITY, id },
    write: async (trx, { plan, requests }) => {
      const updated = await updatePlanIfRevision(trx, id, expectedRevision, { status: 'DRAFT' }, actor.subject)
      if (!updated) throw staleRevision(ENTITY, id, expectedRevision, plan.revision)
      for (const r of requests) await updateRequestState(trx, r.id, 'WITHDRAWN', null)
      return updated
    },
    audit: (updated, { plan, requests }) => [
      {
        action: 'withdrawAgencyPlan',
        entityType: ENTITY,
        entityId: id,
        before: { status: plan.status, revision: plan.revision },
        after: { status: updated.status, revision: updated.revision, withdrawnRequestIds: requests.map((r) => r.id) },
      },
      ...requests.map((r) => ({
        action: 'withdrawAgencyPlan',
        entityType: 'ApprovalRequest',
        entityId: r.id,
        before: { status: r.status, currentStep: r.currentStep },
        after: { status: 'WITHDRAWN', currentStep: null },
      })),
    ],
    events: async (trx, updated, { requests }) => {
      await emitEvent(
        trx,
        { type: 'withdrawAgencyPlan', subjectId: id, data: { planId: id, status: updated.status, requestIds: requests.map((r) => r.id) } },
        actor,
      )
    },
  })
}
