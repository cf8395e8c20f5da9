/** The release's validation requirements and recording its post-release validation (passed or failed). */
import { useState } from 'react'
import { fieldErrorMap } from '../../api/client.ts'
import { useMutation } from '../../api/hooks.ts'
import { FieldScope, TextArea } from '../../components/fields.tsx'
import { BusyButton, ErrorAlert, StatusTag } from '../../components/status.tsx'
import { graphql } from '../../gql/index.ts'
import type { ReleaseValidationFragment } from '../../gql/graphql.ts'
import { formatInstant } from '../../lib/time.ts'

graphql(`
  fragment ReleaseValidation on Release {
    id
    validations {
      ...ValidationRequirementFields
    }
    postReleaseValidation {
      passed
      notes
      recordedBy
      recordedAt
    }
  }
`)

const RecordPostReleaseValidationDocument = graphql(`
  mutation RecordPostReleaseValidation($releaseId: ID!, $passed: Boolean!, $notes: String) {
    recordPostReleaseValidation(releaseId: $releaseId, passed: $passed, notes: $notes) {
      id
      revision
    }
  }
`)

export function ValidationSection({
  release: r,
  tz,
  may,
  onSaved,
}: {
  release: ReleaseValidationFragment
  tz: string
  may: boolean
  onSaved: (m: string) => Promise<void>
}) {
  const [passed, setPassed] = useState(true)
  const [notes, setNotes] = useState('')
  const [record, state] = useMutation(RecordPostReleaseValidationDocument)
  const v = r.postReleaseValidation
  const submit = async () => {
    if (await record({ releaseId: r.id, passed, notes: notes.trim() || null })) {
      setNotes('')
      await onSaved(`Post-release validation recorded: ${passed ? 'passed' : 'failed'}.`)
    }
  }
  return (
    <section className="ry-card" aria-labelledby="validation-title" data-testid="post-release-validation">
      <h2 id="validation-title" className="font-heading-md">
        Post-release validation
      </h2>
      {r.validations.length ? (
        <ul className="usa-list">
          {r.validations.map((x, i) => (
            <li key={i}>
              {x.tier}: {x.description} ({x.owner})
            </li>
          ))}
        </ul>
      ) : null}
      <p data-testid="validation-result">
        {v ? (
          <>
            <StatusTag status={v.passed ? 'SUCCEEDED' : 'FAILED'} /> by {v.recordedBy} {formatInstant(v.recordedAt, tz)}
            {v.notes ? ` — ${v.notes}` : ''}
          </>
        ) : (
          'Not recorded yet.'
        )}
      </p>
      {may ? (
        <FieldScope errors={fieldErrorMap(state.error)} prefix="prv">
          <ErrorAlert error={state.error} testId="validation-error" />
          <fieldset className="usa-fieldset">
            <legend className="usa-legend">Result</legend>
            <ResultChoice id="prv-passed" label="Passed" checked={passed} onChoose={() => setPassed(true)} testId="validation-passed" />
            <ResultChoice id="prv-failed" label="Failed" checked={!passed} onChoose={() => setPassed(false)} testId="validation-failed" />
          </fieldset>
          <TextArea path="notes" label="Notes" rows={2} value={notes} onChange={setNotes} testId="validation-notes" />
          <BusyButton
            busy={state.loading}
            className="usa-button usa-button--outline margin-top-2"
            onClick={() => void submit()}
            data-testid="record-validation"
          >
            Record validation
          </BusyButton>
        </FieldScope>
      ) : null}
    </section>
  )
}

function ResultChoice({ id, label, checked, onChoose, testId }: { id: string; label: string; checked: boolean; onChoose: () => void; testId: string }) {
  return (
    <div className="ry-check">
      <input id={id} type="radio" className="ry-check__input" name="prv" checked={checked} onChange={onChoose} data-testid={testId} />
      <label className="ry-check__label" htmlFor={id}>
        {label}
      </label>
    </div>
  )
}
