import { isUniqueViolation } from '@railyard/db'
import { FieldErrors, badInput, failedPrecondition, notFound, staleRevision, emitEvent, writeAudit } from '@railyard/graphql-kit'
import { promotionFromCheck } from '@railyard/release-rules'
import type { Kysely } from 'kysely'
import type { ReleaseInput } from '../../__generated__/resolvers-types.ts'
import { accessToPlan, requireExecutor, requirePlanEditable, statusAfterEdit } from '../../access.ts'
import type { Context } from '../../context.ts'
import type { Database } from '../../database.ts'
import { findCheckpointsByReleaseIds } from '../checkpoint/checkpoint.repository.ts'
import { deployInputs, runCheck } from '../deployment-check/deployment-check.service.ts'
import { findExceptionSpecsByReleaseIds } from '../exception/exception.repository.ts'
import { findPlanById, lockPlan, touchPlan } from '../plan/plan.repository.ts'
import type { PlanRow } from '../plan/plan.table.ts'
import { findReleaseById, findReleaseInTrx, insertRelease, patchRelease, replaceDependencies, updateReleaseIfRevision } from './release.repository.ts'
import type { ReleaseRow } from './release.table.ts'
import { validateReleaseInput } from './release.validation.ts'

const ENTITY = 'Release'

/** The release and its plan, as the actor may see them (NOT_FOUND otherwise). */
async function loadForWrite(db: Kysely<Database>, ctx: Context, id: string): Promise<{ release: ReleaseRow; plan: PlanRow }> {
  const release = await findReleaseById(db, id)
  const plan = release ? await findPlanById(db, release.planId) : null
  if (!release || !plan || accessToPlan(ctx.actor, plan) === 'none') throw notFound(ENTITY, id)
  return { release, plan }
}

function requireChangeable(release: ReleaseRow): void {
  if (release.status === 'CANCELLED' || release.status === 'RELEASED') {
    throw failedPrecondition(`Release ${release.name} ${release.version} is ${release.status} and can no longer be changed`, { status: release.status })
  }
}

/** A duplicate version that slipped past validation (concurrent insert) is reported as bad input too. */
function duplicateVersion(err: unknown, version: string): never {
  if (isUniqueViolation(err)) throw badInput([{ path: ['input', 'version'], message: `the plan already has a release with version ${version}` }])
  throw err
}

/** Adds a release to a plan (an edit of the plan: its revision is checked and bumped). */
export async function addRelease(ctx: Context, planId: string, expectedRevision: number, input: ReleaseInput): Promise<ReleaseRow> {
  const { actor, db } = ctx
  const plan = await findPlanById(db, planId)
  requirePlanEditable(actor, plan)
  if (plan.revision !== expectedRevision) throw staleRevision('AgencyReleasePlan', planId, expectedRevision, plan.revision)
  const valid = await validateReleaseInput(ctx, plan, input, null)
  const row = await db
    .transaction()
    .execute(async (trx) => {
      const locked = await lockPlan(trx, planId)
      requirePlanEditable(actor, locked)
      if (locked.revision !== expectedRevision) throw staleRevision('AgencyReleasePlan', planId, expectedRevision, locked.revision)
      const release = await insertRelease(
        trx,
        { planId, programId: locked.programId, agencyId: locked.agencyId, agencyCode: locked.agencyCode },
        valid.content,
        actor.subject,
      )
      await replaceDependencies(trx, release.id, valid.dependencies)
      await touchPlan(trx, planId, statusAfterEdit(locked.status), actor.subject)
      await writeAudit(trx, actor, { action: 'addRelease', entityType: ENTITY, entityId: release.id, after: { ...release, dependencies: valid.dependencies } })
      await emitEvent(trx, { type: 'addRelease', subjectId: release.id, data: { releaseId: release.id, planId } }, actor)
      return release
    })
    .catch((err) => duplicateVersion(err, input.version))
  ctx.refresh()
  return row
}

/** Replaces a release (its revision is checked and bumped; the plan's revision is bumped). */
export async function updateRelease(ctx: Context, id: string, expectedRevision: number, input: ReleaseInput): Promise<ReleaseRow> {
  const { actor, db } = ctx
  const { release, plan } = await loadForWrite(db, ctx, id)
  requirePlanEditable(actor, plan, ENTITY)
  requireChangeable(release)
  if (release.revision !== expectedRevision) throw staleRevision(ENTITY, id, expectedRevision, release.revision)
  const valid = await validateReleaseInput(ctx, plan, input, release)
  const row = await db
    .transaction()
    .execute(async (trx) => {
      const locked = await lockPlan(trx, plan.id)
      requirePlanEditable(actor, locked, ENTITY)
      const current = await findReleaseInTrx(trx, id)
      if (!current) throw notFound(ENTITY, id)
      if (current.revision !== expectedRevision) throw staleRevision(ENTITY, id, expectedRevision, current.revision)
      requireChangeable(current)
      if (locked.strategyVersion !== plan.strategyVersion) throw staleRevision(ENTITY, id, expectedRevision, current.revision)
      const updated = await updateReleaseIfRevision(trx, id, expectedRevision, valid.content, actor.subject)
      if (!updated) throw staleRevision(ENTITY, id, expectedRevision, current.revision)
      await replaceDependencies(trx, id, valid.dependencies)
      await touchPlan(trx, plan.id, statusAfterEdit(locked.status), actor.subject)
      await writeAudit(trx, actor, {
        action: 'updateRelease',
        entityType: ENTITY,
        entityId: id,
        before: current,
        after: { ...updated, dependencies: valid.dependencies },
      })
      await emitEvent(
        trx,
        { type: 'updateRelease', subjectId: id, data: { releaseId: id, planId: plan.id, before: current.schedule, after: updated.schedule } },
        actor,
      )
      return updated
    })
    .catch((err) => duplicateVersion(err, input.version))
  ctx.refresh()
  return row
}

/** Cancels a release (an edit of its plan). */
export async function cancelRelease(ctx: Context, id: string, expectedRevision: number, reason: string): Promise<ReleaseRow> {
  const { actor, db } = ctx
  const { release, plan } = await loadForWrite(db, ctx, id)
  requirePlanEditable(actor, plan, ENTITY)
  requireChangeable(release)
  if (release.revision !== expectedRevision) throw staleRevision(ENTITY, id, expectedRevision, release.revision)
  const errors = new FieldErrors()
  errors.required(reason, ['reason'], 'reason')
  errors.throwIfAny()
  const row = await db.transaction().execute(async (trx) => {
    const locked = await lockPlan(trx, plan.id)
    requirePlanEditable(actor, locked, ENTITY)
    const current = await findReleaseInTrx(trx, id)
    if (!current) throw notFound(ENTITY, id)
    if (current.revision !== expectedRevision) throw staleRevision(ENTITY, id, expectedRevision, current.revision)
    requireChangeable(current)
    const updated = await updateReleaseIfRevision(trx, id, expectedRevision, { status: 'CANCELLED', cancelReason: reason.trim() }, actor.subject)
    if (!updated) throw staleRevision(ENTITY, id, expectedRevision, current.revision)
    await touchPlan(trx, plan.id, statusAfterEdit(locked.status), actor.subject)
    await writeAudit(trx, actor, {
      action: 'cancelRelease',
      entityType: ENTITY,
      entityId: id,
      before: { status: current.status },
      after: { status: updated.status, reason: updated.cancelReason },
    })
    await emitEvent(trx, { type: 'cancelRelease', subjectId: id, data: { releaseId: id, planId: plan.id } }, actor)
    return updated
  })
  ctx.refresh()
  return row
}

/**
 * Promotes a release into the next tier of its plan's promotion path, or again into its current
 * tier: refused (FAILED_PRECONDITION, extensions.codes) exactly when the deploy check for now is not allowed. Execution: AGENCY_MANAGER of the release's agency.
 */
export async function promoteRelease(ctx: Context, id: string, tier: string, expectedRevision: number): Promise<ReleaseRow> {
  const { actor, db } = ctx
  const { release, plan } = await loadForWrite(db, ctx, id)
  requireExecutor(actor, plan, release)
  // freezes, enforced tiers and environment readiness come from the other subgraphs: read before the transaction
  const inputs = await deployInputs(ctx, plan, release, tier, null)
  const row = await db.transaction().execute(async (trx) => {
    const locked = await lockPlan(trx, plan.id)
    const current = await findReleaseInTrx(trx, id)
    if (!locked || !current) throw notFound(ENTITY, id)
    if (current.revision !== expectedRevision) throw staleRevision(ENTITY, id, expectedRevision, current.revision)
    const [checkpoints, exceptions] = await Promise.all([findCheckpointsByReleaseIds(trx, [id]), findExceptionSpecsByReleaseIds(trx, [id])])
    // exactly the deploy check for now (release-rules checkDeployment), on the locked rows
    const check = runCheck({
      plan: locked,
      release: current,
      checkpoints,
      tier,
      at: new Date().toISOString(),
      inputs: { ...inputs, strategy: { ...locked.strategy, freezeWindows: inputs.strategy.freezeWindows, enforcement: inputs.strategy.enforcement ?? null } },
      exceptions,
    })
    const verdict = promotionFromCheck(check)
    if (!verdict.ok) {
      const open = check.blockers.filter((b) => b.waivedBy === null)
      throw failedPrecondition(`Cannot promote ${current.name} ${current.version} into ${tier}: ${verdict.reasons.join(' ')}`, {
        codes: [...new Set(open.map((b) => b.code))],
        reasons: verdict.reasons,
        nextAllowedAt: check.nextAllowedAt,
      })
    }
    const updated = await updateReleaseIfRevision(
      trx,
      id,
      expectedRevision,
      { currentTier: tier, status: verdict.releasesNow ? 'RELEASED' : 'IN_PROGRESS' },
      actor.subject,
    )
    if (!updated) throw staleRevision(ENTITY, id, expectedRevision, current.revision)
    await writeAudit(trx, actor, {
      action: 'promoteRelease',
      entityType: ENTITY,
      entityId: id,
      before: { currentTier: current.currentTier, status: current.status, revision: current.revision },
      after: { currentTier: updated.currentTier, status: updated.status, revision: updated.revision },
    })
    // RELEASE_PROMOTED for the agencies it impacts
    await emitEvent(
      trx,
      { type: 'promoteRelease', subjectId: id, data: { releaseId: id, planId: plan.id, tier, fromTier: current.currentTier, status: updated.status } },
      actor,
    )
    return updated
  })
  ctx.refresh()
  return row
}

/** Records a rehearsal of the release's rollback plan (execution). */
export async function recordRollbackRehearsal(ctx: Context, id: string, rehearsedAt: string, note: string | null | undefined): Promise<ReleaseRow> {
  const { actor, db } = ctx
  const { release, plan } = await loadForWrite(db, ctx, id)
  requireExecutor(actor, plan, release)
  const errors = new FieldErrors()
  errors.check(Date.parse(rehearsedAt) <= Date.now() + 5 * 60_000, ['rehearsedAt'], 'rehearsedAt must not be in the future')
  errors.throwIfAny()
  const row = await db.transaction().execute(async (trx) => {
    const current = await findReleaseInTrx(trx, id)
    if (!current) throw notFound(ENTITY, id)
    if (!current.rollback) throw failedPrecondition(`Release ${current.name} ${current.version} has no rollback plan to rehearse`)
    if (current.status === 'CANCELLED') throw failedPrecondition(`Release ${current.name} ${current.version} is CANCELLED`)
    const rollback = { ...current.rollback, rehearsedAt, rehearsalNote: note?.trim() || null }
    const updated = await patchRelease(trx, id, { rollback: JSON.stringify(rollback) }, actor.subject)
    await writeAudit(trx, actor, {
      action: 'recordRollbackRehearsal',
      entityType: ENTITY,
      entityId: id,
      before: { rollback: current.rollback },
      after: { rollback },
    })
    await emitEvent(trx, { type: 'recordRollbackRehearsal', subjectId: id, data: { releaseId: id } }, actor)
    return updated
  })
  ctx.refresh()
  return row
}

/** Records the post-release validation of a RELEASED release (execution). */
export async function recordPostReleaseValidation(ctx: Context, id: string, passed: boolean, notes: string | null | undefined): Promise<ReleaseRow> {
  const { actor, db } = ctx
  const { release, plan } = await loadForWrite(db, ctx, id)
  requireExecutor(actor, plan, release)
  const row = await db.transaction().execute(async (trx) => {
    const current = await findReleaseInTrx(trx, id)
    if (!current) throw notFound(ENTITY, id)
    if (current.status !== 'RELEASED') {
      throw failedPrecondition(`Only a RELEASED release has a post-release validation; ${current.name} ${current.version} is ${current.status}`, {
        status: current.status,
      })
    }
    const validation = { passed, notes: notes?.trim() || null, recordedBy: actor.subject, recordedAt: new Date().toISOString() }
    const updated = await patchRelease(trx, id, { postReleaseValidation: JSON.stringify(validation) }, actor.subject)
    await writeAudit(trx, actor, {
      action: 'recordPostReleaseValidation',
      entityType: ENTITY,
      entityId: id,
      before: { postReleaseValidation: current.postReleaseValidation },
      after: { postReleaseValidation: validation },
    })
    await emitEvent(trx, { type: 'recordPostReleaseValidation', subjectId: id, data: { releaseId: id, passed } }, actor)
    return updated
  })
  ctx.refresh()
  return row
}
