import { FieldErrors, emitEvent, failedPrecondition, notFound, runWrite } from '@railyard/graphql-kit'
import { criterionMet, isHttpUrl } from '@railyard/release-rules'
import type { CheckpointInput } from '../../__generated__/resolvers-types.ts'
import { requireExecutor } from '../../access.ts'
import type { Context } from '../../context.ts'
import { findPlanById } from '../plan/plan.repository.ts'
import { findReleaseById, findReleaseInTrx, patchRelease } from '../release/release.repository.ts'
import { insertCheckpoint } from './checkpoint.repository.ts'
import type { CheckpointRow } from './checkpoint.table.ts'

/**
 * Records evidence for a criterion of a quality gate or of enterprise readiness of the plan's
 * pinned strategy (execution: AGENCY_MANAGER of the release's agency). `met` is judged by
 * release-rules criterionMet against every criterion with that key. Bumps the release's revision.
 */
export async function recordCheckpoint(ctx: Context, releaseId: string, input: CheckpointInput): Promise<CheckpointRow> {
  const { actor, db } = ctx
  const release = await findReleaseById(db, releaseId)
  const plan = release ? await findPlanById(db, release.planId) : null
  requireExecutor(actor, plan, release)
  if (!plan) throw notFound('Release') // (requireExecutor has already refused a missing plan)
  const strategy = plan.strategy
  const criteria = [...strategy.qualityGates.flatMap((g) => g.criteria), ...strategy.readinessCriteria].filter((c) => c.key === input.criterionKey)
  const errors = new FieldErrors()
  if (criteria.length === 0) {
    const known = [...new Set([...strategy.qualityGates.flatMap((g) => g.criteria.map((c) => c.key)), ...strategy.readinessCriteria.map((c) => c.key)])]
    errors.add(
      ['input', 'criterionKey'],
      `unknown criterion ${input.criterionKey}; the strategy version ${strategy.version} knows ${known.join(', ') || 'none'}`,
    )
  }
  if (input.evidenceUrl != null) errors.check(isHttpUrl(input.evidenceUrl.trim()), ['input', 'evidenceUrl'], 'evidenceUrl must be an http: or https: URL')
  errors.throwIfAny()
  const now = new Date().toISOString()
  const record = {
    criterionKey: input.criterionKey,
    value: input.value ?? null,
    attested: input.attested ?? null,
    evidenceUrl: input.evidenceUrl?.trim() || null,
    recordedAt: now,
  }
  const met = criteria.every((c) => criterionMet(c, record))
  return runWrite(ctx, {
    lock: async (trx) => {
      const current = await findReleaseInTrx(trx, releaseId)
      if (!current) throw notFound('Release', releaseId)
      if (current.status === 'CANCELLED') throw failedPrecondition(`Release ${current.name} ${current.version} is CANCELLED`)
      return current
    },
    write: async (trx) => {
      const cp = await insertCheckpoint(trx, {
        releaseId,
        criterionKey: record.criterionKey,
        value: record.value,
        attested: record.attested,
        evidenceUrl: record.evidenceUrl,
        note: input.note?.trim() || null,
        met,
        recordedBy: actor.subject,
      })
      await patchRelease(trx, releaseId, {}, actor.subject)
      return cp
    },
    audit: (cp) => ({ action: 'recordCheckpoint', entityType: 'Release', entityId: releaseId, after: cp }),
    events: async (trx, cp) => {
      await emitEvent(trx, { type: 'recordCheckpoint', subjectId: releaseId, data: { releaseId, criterionKey: cp.criterionKey, met: cp.met } }, actor)
    },
  })
}
