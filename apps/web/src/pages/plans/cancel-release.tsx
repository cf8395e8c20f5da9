/** "Cancel release…": asks why, then cancels the release (against its revision). */
import { useState } from 'react'
import { fieldErrorMap } from '../../api/client.ts'
import { useMutation } from '../../api/hooks.ts'
import { FieldScope, TextArea } from '../../components/fields.tsx'
import { BusyButton, ErrorAlert } from '../../components/status.tsx'
import { graphql } from '../../gql/index.ts'

const CancelReleaseDocument = graphql(`
  mutation CancelRelease($id: ID!, $expectedRevision: Int!, $reason: String!) {
    cancelRelease(id: $id, expectedRevision: $expectedRevision, reason: $reason) {
      id
      status
      revision
    }
  }
`)

export function CancelRelease({
  release,
  onCancelled,
  onReload,
}: {
  release: { id: string; name: string; revision: number }
  onCancelled: (message: string) => Promise<void>
  onReload: () => void
}) {
  const [reason, setReason] = useState<string | null>(null)
  const [cancelRelease, state] = useMutation(CancelReleaseDocument)
  const doCancel = async () => {
    if (reason === null) return
    if (await cancelRelease({ id: release.id, expectedRevision: release.revision, reason })) {
      setReason(null)
      await onCancelled(`Cancelled “${release.name}”.`)
    }
  }
  if (reason === null) {
    return (
      <button type="button" className="usa-button usa-button--secondary" onClick={() => setReason('')} data-testid="cancel-release">
        Cancel release…
      </button>
    )
  }
  return (
    <div className="ry-card width-full margin-0" data-testid="cancel-release-form">
      <FieldScope errors={fieldErrorMap(state.error)} prefix="cancel">
        <TextArea path="reason" label="Why is this release cancelled?" value={reason} onChange={setReason} />
      </FieldScope>
      <ErrorAlert error={state.error} onReload={onReload} testId="cancel-error" />
      <BusyButton
        busy={state.loading}
        className="usa-button usa-button--secondary"
        disabled={!reason.trim()}
        onClick={() => void doCancel()}
        data-testid="confirm-cancel-release"
      >
        Cancel the release
      </BusyButton>
      <button type="button" className="usa-button usa-button--unstyled" onClick={() => setReason(null)}>
        Keep it
      </button>
    </div>
  )
}
