/** The selected release in the plan editor: its draft in the sectioned editor, save / discard, and cancelling the release. */
import type { Dispatch, SetStateAction } from 'react'
import type { ApiError } from '../../api/client.ts'
import { ErrorSummary, FieldScope } from '../../components/fields.tsx'
import { BusyButton, ErrorAlert, StatusTag } from '../../components/status.tsx'
import type { EscalationLevelFieldsFragment, ReleaseEditorFieldsFragment } from '../../gql/graphql.ts'
import { Link } from '../../router.tsx'
import { CancelRelease } from './cancel-release.tsx'
import { sectionOf } from './release-draft.ts'
import { ReleaseEditor } from './release-editor.tsx'
import type { EditorOptions, SectionId } from './release-editor.tsx'
import { NEW } from './use-release-draft.ts'
import type { ReleaseWork } from './use-release-draft.ts'
import type { SetView } from './use-save-release.ts'

export interface ReleaseWorkspaceProps {
  work: ReleaseWork
  setWork: Dispatch<SetStateAction<ReleaseWork | null>>
  selected: ReleaseEditorFieldsFragment | null
  canEdit: boolean
  save: {
    save: () => Promise<void>
    saving: boolean
    error: ApiError | null
    clearError: () => void
    errors: ReadonlyMap<string, string>
    errorCounts: ReadonlyMap<string, number>
    reloadLatest: () => Promise<void>
  }
  section: SectionId
  setView: SetView
  timeZone: string
  options: EditorOptions
  programEscalation: EscalationLevelFieldsFragment[]
  onCancelled: (message: string) => Promise<void>
}

export function ReleaseWorkspace({
  work,
  setWork,
  selected,
  canEdit,
  save,
  section,
  setView,
  timeZone,
  options,
  programEscalation,
  onCancelled,
}: ReleaseWorkspaceProps) {
  const reload = () => void save.reloadLatest()
  return (
    <FieldScope errors={save.errors} prefix="rel" disabled={!canEdit}>
      <div className="display-flex flex-align-center flex-wrap" style={{ gap: '0.5rem' }}>
        <h3 className="margin-0 font-heading-sm">{work.key === NEW ? 'New release' : (selected?.name ?? '')}</h3>
        {selected ? (
          <>
            <StatusTag status={selected.status} />
            <span className="ry-muted">revision {selected.revision}</span>
            <Link to={`/releases/${selected.id}`} className="font-body-xs" data-testid="open-execution">
              Gates &amp; promotion →
            </Link>
          </>
        ) : null}
        {work.dirty ? (
          <span className="ry-dirty" data-testid="unsaved">
            Unsaved changes
          </span>
        ) : null}
      </div>
      {save.error?.code === 'BAD_USER_INPUT' ? (
        <ErrorSummary error={save.error} prefix="rel" testId="release-error-summary" onNavigate={(path) => setView({ tab: sectionOf(path) })} />
      ) : (
        <ErrorAlert error={save.error} onReload={reload} testId="release-error" />
      )}
      <ReleaseEditor
        draft={work.draft}
        onChange={(draft) => setWork({ ...work, draft, dirty: true })}
        section={section}
        onSection={(s) => setView({ tab: s })}
        errorCounts={save.errorCounts}
        timeZone={timeZone}
        options={options}
        programEscalation={programEscalation}
      />
      {canEdit ? (
        <div className="ry-toolbar-actions">
          <BusyButton busy={save.saving} busyLabel="Saving…" onClick={() => void save.save()} data-testid="save-release">
            {work.key === NEW ? 'Add release' : 'Save release'}
          </BusyButton>
          {work.dirty ? (
            <button
              type="button"
              className="usa-button usa-button--unstyled"
              onClick={() => {
                save.clearError()
                setWork(null)
                if (work.key === NEW) setView({ release: null })
              }}
              data-testid="discard-release"
            >
              Discard changes
            </button>
          ) : null}
          {selected && selected.status !== 'CANCELLED' ? (
            <CancelRelease key={selected.id} release={selected} onCancelled={onCancelled} onReload={reload} />
          ) : null}
        </div>
      ) : null}
    </FieldScope>
  )
}
