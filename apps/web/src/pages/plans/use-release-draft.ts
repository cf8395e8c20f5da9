/**
 * The plan editor's working copy of the selected release: a draft of a new release, or of the
 * selected one, which follows a newer revision of it unless it was edited. Leaving the page with
 * unsaved changes asks first (beforeunload).
 */
import { useEffect, useState } from 'react'
import type { Dispatch, SetStateAction } from 'react'
import type { EscalationLevelFieldsFragment, ReleaseEditorFieldsFragment } from '../../gql/graphql.ts'
import { draftFromRelease, emptyDraft } from './release-draft.ts'
import type { ReleaseDraft } from './release-draft.ts'

/** The key of a release not saved yet (`?release=new`). */
export const NEW = 'new'

export interface ReleaseWork {
  /** the release id, or NEW */
  key: string | null
  /** the revision the draft was read from (null for a new release) */
  base: number | null
  draft: ReleaseDraft
  dirty: boolean
}

export interface DraftFollows {
  selectedKey: string | null
  selected: ReleaseEditorFieldsFragment | null
  promotionPath: readonly string[]
  programEscalation: readonly EscalationLevelFieldsFragment[]
}

export function useReleaseDraft({
  selectedKey,
  selected,
  promotionPath,
  programEscalation,
}: DraftFollows): [ReleaseWork | null, Dispatch<SetStateAction<ReleaseWork | null>>] {
  const [work, setWork] = useState<ReleaseWork | null>(null)
  // The draft follows the selected release (a new one, or a newer revision unless it was edited).
  // It is adjusted while rendering whenever what it follows changes (React's "adjusting state
  // when a prop changes"), so no render shows a draft of another release.
  const follows = { selectedKey, selected, promotionPath, programEscalation, empty: work === null }
  const [followed, setFollowed] = useState<typeof follows | null>(null)
  if (
    followed === null ||
    followed.selectedKey !== follows.selectedKey ||
    followed.selected !== follows.selected ||
    followed.promotionPath !== follows.promotionPath ||
    followed.programEscalation !== follows.programEscalation ||
    followed.empty !== follows.empty
  ) {
    setFollowed(follows)
    setWork((w) => {
      if (selectedKey === NEW) return w?.key === NEW ? w : { key: NEW, base: null, draft: emptyDraft(promotionPath), dirty: false }
      if (!selected) return null
      if (w && w.key === selected.id && (w.dirty || w.base === selected.revision)) return w
      return { key: selected.id, base: selected.revision, draft: draftFromRelease(selected, programEscalation), dirty: false }
    })
  }
  const dirty = work?.dirty ?? false
  useEffect(() => {
    if (!dirty) return
    const warn = (e: BeforeUnloadEvent) => e.preventDefault()
    window.addEventListener('beforeunload', warn)
    return () => window.removeEventListener('beforeunload', warn)
  }, [dirty])
  return [work, setWork]
}
