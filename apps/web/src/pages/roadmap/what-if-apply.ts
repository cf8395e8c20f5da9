/**
 * Applying a what-if scenario: the real mutations, one updateRelease per changed release, one
 * after another, each with the revision the scenario was computed from. Each release is read
 * again first (its whole ReleaseInput is sent; only the schedule changes). The first refusal —
 * a stale revision (CONFLICT) or anything else — stops the run; what was saved stays saved and
 * the result says which releases were saved and which were not.
 */
import type { ScheduleMutation } from '@railyard/release-rules/what-if'
import { ApiError, execute } from '../../api/client.ts'
import { graphql } from '../../gql/index.ts'
import type { ReleaseEditorFieldsFragment, ReleaseInput } from '../../gql/graphql.ts'
import { draftFromRelease, draftToInput } from '../plans/release-draft.ts'

const WhatIfReleaseDocument = graphql(`
  query WhatIfRelease($id: ID!) {
    release(id: $id) {
      ...ReleaseEditorFields
      plan {
        id
        program {
          id
          strategy {
            version
            escalationPath {
              ...EscalationLevelFields
            }
          }
        }
      }
    }
  }
`)

const WhatIfUpdateReleaseDocument = graphql(`
  mutation WhatIfUpdateRelease($id: ID!, $expectedRevision: Int!, $input: ReleaseInput!) {
    updateRelease(id: $id, expectedRevision: $expectedRevision, input: $input) {
      id
      revision
      plan {
        id
        status
        revision
      }
    }
  }
`)

type EscalationLike = { level: number; title: string; contact: string; responseMinutes: number }

/** The release's whole input as the plan editor would send it, with the scenario's schedule. */
export function releaseInputWithSchedule(
  release: ReleaseEditorFieldsFragment,
  programEscalation: readonly EscalationLike[],
  schedule: readonly { tier: string; start: string; end: string; environmentId?: string | null }[],
): ReleaseInput {
  const input = draftToInput(draftFromRelease(release, programEscalation))
  return { ...input, schedule: schedule.map((w) => ({ tier: w.tier, environmentId: w.environmentId ?? null, start: w.start, end: w.end })) }
}

export interface ApplyOutcome {
  /** saved, in order */
  applied: { releaseId: string; planId: string; planStatus: string }[]
  /** the mutation that was refused, and why */
  failed: { releaseId: string; error: ApiError } | null
  /** not tried after the refusal */
  notTried: string[]
}

/** Runs the mutations in order; stops at the first refusal. */
export async function applyMutations(mutations: readonly ScheduleMutation[], onProgress?: (done: number) => void): Promise<ApplyOutcome> {
  const applied: ApplyOutcome['applied'] = []
  for (const [i, m] of mutations.entries()) {
    const stop = (error: ApiError): ApplyOutcome => ({
      applied,
      failed: { releaseId: m.releaseId, error },
      notTried: mutations.slice(i + 1).map((x) => x.releaseId),
    })
    try {
      if (m.expectedRevision === null) return stop(new ApiError('You cannot change this release.', { code: 'FORBIDDEN' }))
      const read = await execute(WhatIfReleaseDocument, { id: m.releaseId })
      const release = read.data?.release
      if (read.errors.length > 0 || !release)
        return stop(read.errors.length ? ApiError.fromErrors(read.errors) : new ApiError('The release no longer exists.', { code: 'NOT_FOUND' }))
      const input = releaseInputWithSchedule(release, release.plan.program.strategy?.escalationPath ?? [], m.schedule)
      const saved = await execute(WhatIfUpdateReleaseDocument, { id: m.releaseId, expectedRevision: m.expectedRevision, input })
      const out = saved.data?.updateRelease
      if (saved.errors.length > 0 || !out) return stop(ApiError.fromErrors(saved.errors.length ? saved.errors : [{ message: 'No data' }]))
      applied.push({ releaseId: m.releaseId, planId: out.plan.id, planStatus: out.plan.status })
      onProgress?.(applied.length)
    } catch (e) {
      return stop(e instanceof ApiError ? e : new ApiError('Cannot reach the server. Check your connection and try again.', { code: 'NETWORK_ERROR' }))
    }
  }
  return { applied, failed: null, notTried: [] }
}
