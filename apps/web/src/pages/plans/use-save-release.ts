/**
 * Saving the plan editor's release draft: shape checks first (nothing is sent while a required
 * cell is empty), then addRelease or updateRelease with the revision the draft was read from.
 * Field errors, the client's or the server's, open the tab of their first field; a stale
 * revision (CONFLICT) offers to reload the latest.
 */
import { useCallback, useEffect, useEffectEvent, useMemo, useState } from 'react'
import type { Dispatch, SetStateAction } from 'react'
import { ApiError, fieldErrorMap } from '../../api/client.ts'
import { useMutation } from '../../api/hooks.ts'
import { graphql } from '../../gql/index.ts'
import { checkDraft, draftToInput, sectionOf } from './release-draft.ts'
import { NEW } from './use-release-draft.ts'
import type { ReleaseWork } from './use-release-draft.ts'

const AddReleaseDocument = graphql(`
  mutation AddRelease($planId: ID!, $expectedRevision: Int!, $input: ReleaseInput!) {
    addRelease(planId: $planId, expectedRevision: $expectedRevision, input: $input) {
      id
      revision
    }
  }
`)

const UpdateReleaseDocument = graphql(`
  mutation UpdateRelease($id: ID!, $expectedRevision: Int!, $input: ReleaseInput!) {
    updateRelease(id: $id, expectedRevision: $expectedRevision, input: $input) {
      id
      revision
    }
  }
`)

/** What the editor shows: the `release` and its `tab` (section) in the URL. */
export type SetView = (patch: { release?: string | null; tab?: string | null }) => void

export interface SaveReleaseOptions {
  plan: { id: string; revision: number }
  work: ReleaseWork | null
  setWork: Dispatch<SetStateAction<ReleaseWork | null>>
  setView: SetView
  setStatus: (message: string) => void
  refetch: () => Promise<void>
}

function invalidInput(fieldErrors: ReturnType<typeof checkDraft>): ApiError {
  return new ApiError('Invalid input', {
    code: 'BAD_USER_INPUT',
    errors: [{ message: 'Invalid input', extensions: { code: 'BAD_USER_INPUT', fieldErrors } }],
  })
}

export function useSaveRelease({ plan, work, setWork, setView, setStatus, refetch }: SaveReleaseOptions) {
  const [addRelease, addState] = useMutation(AddReleaseDocument)
  const [updateRelease, updateState] = useMutation(UpdateReleaseDocument)
  // the draft's own shape problems; else the server's answer to the last save
  const [draftError, setDraftError] = useState<ApiError | null>(null)
  const mutationError = addState.error ?? updateState.error
  const error = draftError ?? mutationError

  const save = async () => {
    if (!work) return
    setStatus('')
    const problems = checkDraft(work.draft)
    if (problems.length > 0) {
      setDraftError(invalidInput(problems))
      const [first] = problems
      if (first) setView({ tab: sectionOf(first.path) })
      return
    }
    setDraftError(null)
    const input = draftToInput(work.draft)
    const { key: releaseId, base } = work
    if (releaseId !== NEW && (releaseId === null || base === null)) return
    const res =
      releaseId === NEW || base === null
        ? await addRelease({ planId: plan.id, expectedRevision: plan.revision, input }).then((d) =>
            d ? { id: d.addRelease.id, revision: d.addRelease.revision } : null,
          )
        : await updateRelease({ id: releaseId, expectedRevision: base, input }).then((d) =>
            d ? { id: d.updateRelease.id, revision: d.updateRelease.revision } : null,
          )
    if (!res) return
    setStatus(`Saved “${input.name}”.`)
    setWork((w) => (w ? { ...w, key: res.id, base: res.revision, dirty: false } : w))
    if (work.key === NEW) setView({ release: res.id })
    await refetch()
  }

  // A new save error opens the section of its first field error (once per error).
  const openFirstError = useEffectEvent((e: ApiError) => {
    const first = e.fieldErrors[0]
    if (first) setView({ tab: sectionOf(first.path) })
  })
  useEffect(() => {
    if (mutationError) openFirstError(mutationError)
  }, [mutationError])

  /** Forgets the shown error (another release selected, changes discarded). */
  const { reset: resetAdd } = addState
  const { reset: resetUpdate } = updateState
  const clearError = useCallback(() => {
    setDraftError(null)
    resetAdd()
    resetUpdate()
  }, [resetAdd, resetUpdate])

  /** Drops the draft and the errors, and reads the plan again. */
  const reloadLatest = async () => {
    clearError()
    setWork(null)
    await refetch()
  }

  const errors = useMemo(() => fieldErrorMap(error), [error])
  /** field errors per editor section (the tab badges) */
  const errorCounts = useMemo(() => {
    const m = new Map<string, number>()
    for (const fe of error?.fieldErrors ?? []) m.set(sectionOf(fe.path), (m.get(sectionOf(fe.path)) ?? 0) + 1)
    return m
  }, [error])

  return { save, saving: addState.loading || updateState.loading, error, clearError, errors, errorCounts, reloadLatest }
}
