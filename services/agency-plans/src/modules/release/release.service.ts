import { FieldErrors, badInput, emitEvent, failedPrecondition, notFound, runWrite, staleRevision } from '@railyard/graphql-kit'
import { promotionFromCheck } from '@railyard/release-rules'
import type { Kysely, Transaction } from 'kysely'
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
const duplicateVersion = (version: string) => () =>
  badInput([{ path: ['input', 'version'], message: `the plan already has a release with version ${version}` }])

/** The locked plan and the release as it is inside the transaction (NOT_FOUND when it is gone). */
async function lockPlanAndRelease(trx: Transaction<Database>, planId: string, id: string): Promise<{ plan: PlanRow; release: ReleaseRow }> {
  const plan = await lockPlan(trx, planId)
  const release = await findReleaseInTrx(trx, id)
  if (!plan || !release) throw notFound(ENTITY, id)
  return { plan, release }
}

/** Adds a release to a plan (an edit of the plan: its revision is checked and bumped). */
export async function addRelease(ctx: Context, planId: string, expectedRevision: number, input: ReleaseInput): Promise<ReleaseRow> {
  const { actor, db } = ctx
  let valid: ValidRelease | undefined
  return runWrite(ctx, {
    authorize: async () => {
      const plan = await findPlanById(db, planId)
      requirePlanEditable(actor, plan)
      // a stale plan is reported before its input is judged
      if (plan.revision !== expectedRevision) throw staleRevision('AgencyReleasePlan', planId, expectedRevision, plan.revision)
      return plan
    },
    validate: async (plan) => {
      valid = await validateReleaseInput(ctx, plan, input, null)
    },
    lock: async (trx) => {
      const locked = await lockPlan(trx, planId)
      requirePlanEditable(actor, locked)
      return locked
    },
    expectedRevision: { expected: expectedRevision, current: (locked) => locked.revision, entity: 'AgencyReleasePlan', id: planId },
    write: async (trx, locked) => {
      const v = validated(valid)
      const release = await insertRelease(
        trx,
        { planId, programId: locked.programId, agencyId: locked.agencyId, agencyCode: locked.agencyCode },
        v.content,
        actor.subject,
      )
      await replaceDependencies(trx, release.id, v.dependencies)
      await touchPlan(trx, planId, statusAfterEdit(locked.status), actor.subject)
      return release
    },
    audit: (release) => ({
      action: 'addRelease',
      entityType: ENTITY,
      entityId: release.id,
      after: { ...release, dependencies: validated(valid).dependencies },
    }),
    events: async (trx, release) => {
      await emitEvent(trx, { type: 'addRelease', subjectId: release.id, data: { releaseId: release.id, planId } }, actor)
    },
    uniqueViolation: duplicateVersion(input.version),
  })
}

/** Replaces a release (its revision is checked and bumped; the plan's revision is bumped). */
export async function updateRelease(ctx: Context, id: string, expectedRevision: number, input: ReleaseInput): Promise<ReleaseRow> {
  const { actor, db } = ctx
  let valid: ValidRelease | undefined
  return runWrite(ctx, {
    authorize: async () => {
      const { release, plan } = await loadForWrite(db, ctx, id)
      requirePlanEditable(actor, plan, ENTITY)
      requireChangeable(release)
      if (release.revision !== expectedRevision) throw staleRevision(ENTITY, id, expectedRevision, release.revision)
      return { release, plan }
    },
    validate: async ({ release, plan }) => {
      valid = await validateReleaseInput(ctx, plan, input, release)
    },
    lock: async (trx, { plan }) => {
      const locked = await lockPlanAndRelease(trx, plan.id, id)
      requirePlanEditable(actor, locked.plan, ENTITY)
      return locked
    },
    expectedRevision: { expected: expectedRevision, current: (locked) => locked.release.revision, entity: ENTITY, id },
    write: async (trx, locked, { plan }) => {
      requireChangeable(locked.release)
      // the input was judged against the plan's pinned strategy: re-pinned meanwhile = stale
      if (locked.plan.strategyVersion !== plan.strategyVersion) throw staleRevision(ENTITY, id, expectedRevision, locked.release.revision)
      const v = validated(valid)
      const updated = await updateReleaseIfRevision(trx, id, expectedRevision, v.content, actor.subject)
      if (!updated) throw staleRevision(ENTITY, id, expectedRevision, locked.release.revision)
      await replaceDependencies(trx, id, v.dependencies)
      await touchPlan(trx, plan.id, statusAfterEdit(locked.plan.status), actor.subject)
      return updated
    },
    audit: (updated, locked) => ({
      action: 'updateRelease',
      entityType: ENTITY,
      entityId: id,
      before: locked.release,
      after: { ...updated, dependencies: validated(valid).dependencies },
    }),
    events: async (trx, updated, locked) => {
      await emitEvent(
        trx,
        { type: 'updateRelease', subjectId: id, data: { releaseId: id, planId: locked.plan.id, before: locked.release.schedule, after: updated.schedule } },
        actor,
      )
    },
    uniqueViolation: duplicateVersion(input.version),
  })
}

/** Cancels a release (an edit of its plan). */
export async function cancelRelease(ctx: Context, id: string, expectedRevision: number, reason: string): Promise<ReleaseRow> {
  const { actor, db } = ctx
  return runWrite(ctx, {
    authorize: async () => {
      const { release, plan } = await loadForWrite(db, ctx, id)
      requirePlanEditable(actor, plan, ENTITY)
      requireChangeable(release)
      if (release.revision !== expectedRevision) throw staleRevision(ENTITY, id, expectedRevision, release.revision)
      return plan
    },
    validate: () => {
      const errors = new FieldErrors()
      errors.required(reason, ['reason'], 'reason')
      return errors
    },
    lock: async (trx, plan) => {
      const locked = await lockPlanAndRelease(trx, plan.id, id)
      requirePlanEditable(actor, locked.plan, ENTITY)
      return locked
    },
    expectedRevision: { expected: expectedRevision, current: (locked) => locked.release.revision, entity: ENTITY, id },
    write: async (trx, locked) => {
      requireChangeable(locked.release)
      const updated = await updateReleaseIfRevision(trx, id, expectedRevision, { status: 'CANCELLED', cancelReason: reason.trim() }, actor.subject)
      if (!updated) throw staleRevision(ENTITY, id, expectedRevision, locked.release.revision)
      await touchPlan(trx, locked.plan.id, statusAfterEdit(locked.plan.status), actor.subject)
      return updated
    },
    audit: (updated, locked) => ({
      action: 'cancelRelease',
      entityType: ENTITY,
      entityId: id,
      before: { status: locked.release.status },
      after: { status: updated.status, reason: updated.cancelReason },
    }),
    events: async (trx, _updated, locked) => {
      await emitEvent(trx, { type: 'cancelRelease', subjectId: id, data: { releaseId: id, planId: locked.plan.id } }, actor)
    },
  })
}

/**
 * Promotes a release into the next tier of its plan's promotion path, or again into its current
 * tier: refused (FAILED_PRECONDITION, extensions.codes) exactly when the deploy check for now is not allowed. Execution: AGENCY_MANAGER of the release's agency.
 */
export async function promoteRelease(ctx: Context, id: string, tier: string, expectedRevision: number): Promise<ReleaseRow> {
  const { actor, db } = ctx
  return runWrite(ctx, {
    authorize: async () => {
      const { release, plan } = await loadForWrite(db, ctx, id)
      requireExecutor(actor, plan, release)
      // freezes, enforced tiers and environment readiness come from the other subgraphs: read before the transaction
      const inputs = await deployInputs(ctx, plan, release, tier, null)
      return { plan, inputs }
    },
    lock: (trx, { plan }) => lockPlanAndRelease(trx, plan.id, id),
    expectedRevision: { expected: expectedRevision, current: (locked) => locked.release.revision, entity: ENTITY, id },
    write: async (trx, locked, { inputs }) => {
      const current = locked.release
      const [checkpoints, exceptions] = await Promise.all([findCheckpointsByReleaseIds(trx, [id]), findExceptionSpecsByReleaseIds(trx, [id])])
      // exactly the deploy check for now (release-rules checkDeployment), on the locked rows
      const check = runCheck({
        plan: locked.plan,
        release: current,
        checkpoints,
        tier,
        at: new Date().toISOString(),
        inputs: {
          ...inputs,
          strategy: { ...locked.plan.strategy, freezeWindows: inputs.strategy.freezeWindows, enforcement: inputs.strategy.enforcement ?? null },
        },
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
      return updated
    },
    audit: (updated, locked) => ({
      action: 'promoteRelease',
      entityType: ENTITY,
      entityId: id,
      before: { currentTier: locked.release.currentTier, status: locked.release.status, revision: locked.release.revision },
      after: { currentTier: updated.currentTier, status: updated.status, revision: updated.revision },
    }),
    // RELEASE_PROMOTED for the agencies it impacts
    events: async (trx, updated, locked) => {
      await emitEvent(
        trx,
        {
          type: 'promoteRelease',
          subjectId: id,
          data: { releaseId: id, planId: locked.plan.id, tier, fromTier: locked.release.currentTier, status: updated.status },
        },
        actor,
      )
    },
  })
}

/** The release inside the transaction (NOT_FOUND when it is gone). */
async function findReleaseForWrite(trx: Transaction<Database>, id: string): Promise<ReleaseRow> {
  const current = await findReleaseInTrx(trx, id)
  if (!current) throw notFound(ENTITY, id)
  return current
}

/** Records a rehearsal of the release's rollback plan (execution). */
export async function recordRollbackRehearsal(ctx: Context, id: string, rehearsedAt: string, note: string | null | undefined): Promise<ReleaseRow> {
  const { actor, db } = ctx
  let rollback: unknown
  return runWrite(ctx, {
    authorize: async () => {
      const { release, plan } = await loadForWrite(db, ctx, id)
      requireExecutor(actor, plan, release)
    },
    validate: () => {
      const errors = new FieldErrors()
      errors.check(Date.parse(rehearsedAt) <= Date.now() + 5 * 60_000, ['rehearsedAt'], 'rehearsedAt must not be in the future')
      return errors
    },
    lock: (trx) => findReleaseForWrite(trx, id),
    write: async (trx, current) => {
      if (!current.rollback) throw failedPrecondition(`Release ${current.name} ${current.version} has no rollback plan to rehearse`)
      if (current.status === 'CANCELLED') throw failedPrecondition(`Release ${current.name} ${current.version} is CANCELLED`)
      rollback = { ...current.rollback, rehearsedAt, rehearsalNote: note?.trim() || null }
      return patchRelease(trx, id, { rollback: JSON.stringify(rollback) }, actor.subject)
    },
    audit: (_updated, current) => ({
      action: 'recordRollbackRehearsal',
      entityType: ENTITY,
      entityId: id,
      before: { rollback: current.rollback },
      after: { rollback },
    }),
    events: async (trx) => {
      await emitEvent(trx, { type: 'recordRollbackRehearsal', subjectId: id, data: { releaseId: id } }, actor)
    },
  })
}

/** Records the post-release validation of a RELEASED release (execution). */
export async function recordPostReleaseValidation(ctx: Context, id: string, passed: boolean, notes: string | null | undefined): Promise<ReleaseRow> {
  const { actor, db } = ctx
  const validation = { passed, notes: notes?.trim() || null, recordedBy: actor.subject, recordedAt: new Date().toISOString() }
  return runWrite(ctx, {
    authorize: async () => {
      const { release, plan } = await loadForWrite(db, ctx, id)
      requireExecutor(actor, plan, release)
    },
    lock: (trx) => findReleaseForWrite(trx, id),
    write: async (trx, current) => {
      if (current.status !== 'RELEASED') {
        throw failedPrecondition(`Only a RELEASED release has a post-release validation; ${current.name} ${current.version} is ${current.status}`, {
          status: current.status,
        })
      }
      return patchRelease(trx, id, { postReleaseValidation: JSON.stringify(validation) }, actor.subject)
    },
    audit: (_updated, current) => ({
      action: 'recordPostReleaseValidation',
      entityType: ENTITY,
      entityId: id,
      before: { postReleaseValidation: current.postReleaseValidation },
      after: { postReleaseValidation: validation },
    }),
    events: async (trx) => {
      await emitEvent(trx, { type: 'recordPostReleaseValidation', subjectId: id, data: { releaseId: id, passed } }, actor)
    },
  })
}

type ValidRelease = Awaited<ReturnType<typeof validateReleaseInput>>

/** The validated input (set by the validate step, which runs before any write). */
function validated(v: ValidRelease | undefined): ValidRelease {
  if (!v) throw new Error('release input used before it was validated')
  return v
}
