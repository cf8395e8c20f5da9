/** Editing and publishing a new strategy version (PROGRAM_ADMIN), starting from the latest; expectedVersion guards against concurrent publishing. */
import { useMemo, useState } from 'react'
import { ApiError, fieldErrorMap } from '../../api/client.ts'
import { useMutation } from '../../api/hooks.ts'
import { ConfirmDialog } from '../../components/confirm-dialog.tsx'
import { ErrorSummary, FieldScope, TextArea } from '../../components/fields.tsx'
import { ListEditor } from '../../components/list-editor.tsx'
import { BusyButton, ErrorAlert, StatusTag } from '../../components/status.tsx'
import { graphql } from '../../gql/index.ts'
import type { StrategyFieldsFragment } from '../../gql/graphql.ts'
import { isValidZone } from '../../lib/time.ts'
import { blankStrategy, checkStrategyDraft, draftFromStrategy, draftToStrategyInput } from './strategy-model.ts'
import type { StrategyDraft } from './strategy-model.ts'
import {
  ApprovalWorkflowEditor,
  CadenceAndPath,
  EscalationPathEditor,
  FreezeWindowsEditor,
  QualityGatesEditor,
  criteriaColumns,
  newCriterion,
} from './strategy-editor-parts.tsx'

const PublishReleaseStrategyDocument = graphql(`
  mutation PublishReleaseStrategy($programId: ID!, $expectedVersion: Int!, $input: ReleaseStrategyInput!) {
    publishReleaseStrategy(programId: $programId, expectedVersion: $expectedVersion, input: $input) {
      version
    }
  }
`)

export function StrategyEditor({
  programId,
  latest,
  onPublished,
  onReload,
}: {
  programId: string
  latest: StrategyFieldsFragment | null
  onPublished: (version: number) => Promise<void>
  onReload: () => void
}) {
  const [d, setD] = useState<StrategyDraft>(() => (latest ? draftFromStrategy(latest) : blankStrategy()))
  const [publish, state] = useMutation(PublishReleaseStrategyDocument)
  const [localError, setLocalError] = useState<ApiError | null>(null)
  const error = localError ?? state.error
  const errors = useMemo(() => fieldErrorMap(error), [error])
  const tz = isValidZone(d.cadence.timeZone) ? d.cadence.timeZone : 'UTC'
  const set = <K extends keyof StrategyDraft>(k: K, v: StrategyDraft[K]) => setD({ ...d, [k]: v })
  const [confirming, setConfirming] = useState(false)
  /** checks the draft, then asks for the confirmation (and the reason) before publishing */
  const review = () => {
    const problems = checkStrategyDraft(d)
    if (problems.length) {
      setLocalError(
        new ApiError('Invalid input', {
          code: 'BAD_USER_INPUT',
          errors: [{ message: 'Invalid input', extensions: { code: 'BAD_USER_INPUT', fieldErrors: problems } }],
        }),
      )
      return
    }
    setLocalError(null)
    setConfirming(true)
  }
  const submit = async (reason: string) => {
    setConfirming(false)
    const next = { ...d, notes: reason }
    setD(next)
    const res = await publish({ programId, expectedVersion: latest?.version ?? 0, input: draftToStrategyInput(next) })
    if (res) await onPublished(res.publishReleaseStrategy.version)
  }
  return (
    <section className="ry-card" aria-labelledby="edit-title" data-testid="strategy-editor">
      <h2 id="edit-title" className="font-heading-md">
        New strategy version {latest ? `(based on v${latest.version})` : ''}
      </h2>
      <p className="ry-muted">Publishing creates version {(latest?.version ?? 0) + 1}; existing plans stay aligned to their version until realigned.</p>
      <FieldScope errors={errors} prefix="strategy">
        {error?.code === 'BAD_USER_INPUT' ? (
          <ErrorSummary error={error} prefix="strategy" testId="strategy-error-summary" />
        ) : (
          <ErrorAlert
            error={error}
            onReload={() => {
              state.reset()
              onReload()
            }}
            reloadLabel="Reload the latest version"
            testId="strategy-error"
          />
        )}
        <TextArea path="input.notes" label="Notes (what changed)" rows={2} value={d.notes} onChange={(v) => set('notes', v)} />
        <CadenceAndPath d={d} set={set} />
        <QualityGatesEditor d={d} set={set} />
        <ListEditor
          path="input.readinessCriteria"
          label="Enterprise readiness criteria"
          testId="readiness-criteria"
          addLabel="Add criterion"
          hint="Every release must meet these before the last tier."
          rows={d.readinessCriteria}
          columns={criteriaColumns()}
          newRow={newCriterion}
          onChange={(rows) => set('readinessCriteria', rows)}
        />

        <ApprovalWorkflowEditor d={d} set={set} />
        <EscalationPathEditor d={d} set={set} />
        <FreezeWindowsEditor d={d} set={set} tz={tz} />
        <div className="ry-toolbar-actions margin-top-3">
          <BusyButton busy={state.loading} busyLabel="Publishing…" onClick={review} data-testid="publish-strategy">
            Publish version {(latest?.version ?? 0) + 1}…
          </BusyButton>
          <StatusTag status="INFO" label={`expected latest: v${latest?.version ?? 0}`} />
        </div>
      </FieldScope>
      <ConfirmDialog
        open={confirming}
        title={`Publish strategy version ${(latest?.version ?? 0) + 1} for the whole program?`}
        confirmLabel={`Publish version ${(latest?.version ?? 0) + 1}`}
        reasonLabel="What changed and why"
        initialReason={d.notes}
        testId="publish-dialog"
        onCancel={() => setConfirming(false)}
        onConfirm={(reason) => void submit(reason)}
      >
        <p>Every agency sees the new version at once; their plans stay aligned to their current version until they realign.</p>
      </ConfirmDialog>
    </section>
  )
}
