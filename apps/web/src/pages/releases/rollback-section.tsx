/** The release's rollback plan and recording a rehearsal of it. */
import { useMemo, useState } from 'react'
import { fieldErrorMap } from '../../api/client.ts'
import { useMutation } from '../../api/hooks.ts'
import { FieldScope, TextField } from '../../components/fields.tsx'
import { BusyButton, ErrorAlert } from '../../components/status.tsx'
import { graphql } from '../../gql/index.ts'
import type { ReleaseRollbackFragment } from '../../gql/graphql.ts'
import { enumText } from '../../lib/format.ts'
import { formatInstant, fromLocalInput, toLocalInput } from '../../lib/time.ts'

graphql(`
  fragment ReleaseRollback on Release {
    id
    rollback {
      ...RollbackPlanFields
    }
  }
`)

const RecordRollbackRehearsalDocument = graphql(`
  mutation RecordRollbackRehearsal($releaseId: ID!, $rehearsedAt: DateTime!, $note: String) {
    recordRollbackRehearsal(releaseId: $releaseId, rehearsedAt: $rehearsedAt, note: $note) {
      id
      revision
    }
  }
`)

export function RollbackSection({
  release: r,
  tz,
  may,
  onSaved,
}: {
  release: ReleaseRollbackFragment
  tz: string
  may: boolean
  onSaved: (m: string) => Promise<void>
}) {
  const [at, setAt] = useState(() => toLocalInput(new Date().toISOString(), tz))
  const [note, setNote] = useState('')
  const [rehearse, state] = useMutation(RecordRollbackRehearsalDocument)
  const errors = useMemo(() => fieldErrorMap(state.error), [state.error])
  const submit = async () => {
    const rehearsedAt = fromLocalInput(at, tz)
    if (!rehearsedAt) return
    if (await rehearse({ releaseId: r.id, rehearsedAt, note: note.trim() || null })) {
      setNote('')
      await onSaved('Rollback rehearsal recorded.')
    }
  }
  return (
    <section className="ry-card" aria-labelledby="rollback-title" data-testid="rollback">
      <h2 id="rollback-title" className="font-heading-md">
        Rollback
      </h2>
      {!r.rollback ? (
        <p className="text-error" data-testid="no-rollback">
          No rollback plan. Add one in the plan editor.
        </p>
      ) : (
        <>
          <p>
            {enumText(r.rollback.strategy)} within {r.rollback.maxMinutes} min.{' '}
            <span data-testid="rehearsed-at">
              {r.rollback.rehearsedAt ? `Last rehearsed ${formatInstant(r.rollback.rehearsedAt, tz)}.` : 'Never rehearsed.'}
            </span>
          </p>
          {r.rollback.triggers.length ? <p className="ry-muted">Triggers: {r.rollback.triggers.join('; ')}</p> : null}
          {may ? (
            <FieldScope errors={errors} prefix="rb">
              <ErrorAlert error={state.error?.code === 'BAD_USER_INPUT' ? null : state.error} testId="rollback-error" />
              <TextField path="rehearsedAt" label={`Rehearsed at (${tz})`} type="datetime-local" value={at} onChange={setAt} testId="rehearsal-at" />
              <TextField path="note" label="Note" value={note} onChange={setNote} testId="rehearsal-note" />
              <BusyButton
                busy={state.loading}
                className="usa-button usa-button--outline margin-top-2"
                onClick={() => void submit()}
                data-testid="rehearse-rollback"
              >
                Record rehearsal
              </BusyButton>
            </FieldScope>
          ) : null}
        </>
      )}
    </section>
  )
}
