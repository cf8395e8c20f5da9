import { isAgencyManagerOf, isProgramAdmin } from '@railyard/auth'
import { FieldErrors, badInput, emitEvent, failedPrecondition, forbidden, notFound, runWrite } from '@railyard/graphql-kit'
import { type WaivableBlockerCode, validateExceptionRequest } from '@railyard/release-rules'
import type { DeploymentExceptionInput } from '../../__generated__/resolvers-types.ts'
import { accessToPlan } from '../../access.ts'
import type { Context } from '../../context.ts'
import { isUuid } from '../common/refs.ts'
import { decideException, findPendingExceptions, insertException, lockException } from './exception.repository.ts'
import type { DeploymentExceptionRow } from './exception.table.ts'

const ENTITY = 'DeploymentException'

/** Requests a break-glass exception for a release (AGENCY_MANAGER of its agency). */
export async function requestDeploymentException(ctx: Context, input: DeploymentExceptionInput): Promise<DeploymentExceptionRow> {
  const { actor, loaders } = ctx
  const release = isUuid(input.releaseId) ? await loaders.releaseById.load(input.releaseId) : null
  const plan = release ? await loaders.planById.load(release.planId) : null
  if (!release || !plan || accessToPlan(actor, plan) === 'none') throw notFound('Release', input.releaseId)
  if (!isAgencyManagerOf(actor, release.agencyCode)) throw forbidden(`Only ${release.agencyCode}'s agency managers may request exceptions for its releases`)
  const tier = input.tier.trim()
  const justification = input.justification.trim()
  const errors = validateExceptionRequest({ tier, waives: input.waives, start: input.start, end: input.end, justification }, plan.strategy.promotionPath)
  if (errors.length > 0) throw badInput(errors)
  if (release.status === 'CANCELLED') throw failedPrecondition(`Release ${release.name} ${release.version} is CANCELLED`, { status: release.status })
  return runWrite(ctx, {
    write: (trx) =>
      insertException(trx, {
        releaseId: release.id,
        agencyCode: release.agencyCode,
        tier,
        waives: input.waives as WaivableBlockerCode[],
        startAt: input.start,
        endAt: input.end,
        justification,
        requestedBy: actor.subject,
      }),
    audit: (created) => ({ action: 'requestDeploymentException', entityType: ENTITY, entityId: created.id, after: created }),
    // EXCEPTION_REQUESTED for program admins
    events: async (trx, created) => {
      await emitEvent(
        trx,
        { type: 'requestDeploymentException', subjectId: created.id, data: { exceptionId: created.id, releaseId: release.id, planId: plan.id } },
        actor,
      )
    },
  })
}

/** Approves or rejects a PENDING exception (PROGRAM_ADMIN, not the requester; comment required). */
export async function decideDeploymentException(ctx: Context, id: string, decision: 'APPROVE' | 'REJECT', comment: string): Promise<DeploymentExceptionRow> {
  const { actor } = ctx
  return runWrite(ctx, {
    authorize: () => {
      if (!isProgramAdmin(actor)) throw forbidden('Only program admins may decide deployment exceptions')
    },
    validate: () => {
      const errors = new FieldErrors()
      errors.required(comment, ['comment'], 'comment')
      return errors
    },
    lock: async (trx) => {
      const current = await lockException(trx, id)
      if (!current) throw notFound(ENTITY, id)
      if (current.requestedBy === actor.subject) throw forbidden('Separation of duties: the requester of an exception may not decide it')
      if (current.status !== 'PENDING') throw failedPrecondition(`The exception is already ${current.status}`, { status: current.status })
      return current
    },
    write: async (trx) => {
      const decided = await decideException(trx, id, {
        status: decision === 'APPROVE' ? 'APPROVED' : 'REJECTED',
        decidedBy: actor.subject,
        comment: comment.trim(),
      })
      if (!decided) throw failedPrecondition('The exception was decided meanwhile', { status: 'DECIDED' })
      return decided
    },
    audit: (decided, current) => ({
      action: 'decideDeploymentException',
      entityType: ENTITY,
      entityId: id,
      before: { status: current.status },
      after: { status: decided.status, decidedBy: decided.decidedBy, comment: decided.comment, releaseId: decided.releaseId, tier: decided.tier },
    }),
    // EXCEPTION_DECIDED for the requesting agency
    events: async (trx, decided) => {
      await emitEvent(
        trx,
        { type: 'decideDeploymentException', subjectId: id, data: { exceptionId: id, releaseId: decided.releaseId, status: decided.status } },
        actor,
      )
    },
  })
}

/** The exceptions the actor may decide: PENDING ones requested by someone else, for program admins. */
export async function exceptionInbox(ctx: Context): Promise<DeploymentExceptionRow[]> {
  if (!isProgramAdmin(ctx.actor)) return []
  return (await findPendingExceptions(ctx.db)).filter((e) => e.requestedBy !== ctx.actor.subject)
}
