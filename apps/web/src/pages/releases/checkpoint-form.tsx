/** Recording a readiness checkpoint for any criterion of the release's gates or of enterprise readiness. */
import { useMemo, useState } from 'react'
import type { FormEvent } from 'react'
import { fieldErrorMap } from '../../api/client.ts'
import { useMutation } from '../../api/hooks.ts'
import { CheckboxField, ErrorSummary, FieldScope, SelectField, TextArea, TextField } from '../../components/fields.tsx'
import { BusyButton, ErrorAlert } from '../../components/status.tsx'
import { graphql } from '../../gql/index.ts'
import type { CriterionFieldsFragment, ReleaseGatesFragment } from '../../gql/graphql.ts'

const RecordCheckpointDocument = graphql(`
  mutation RecordCheckpoint($releaseId: ID!, $input: CheckpointInput!) {
    recordCheckpoint(releaseId: $releaseId, input: $input) {
      criterionKey
      met
    }
  }
`)

/** A new checkpoint: nothing attested until the person ticks it. */
const EMPTY = { value: '', attested: false, evidenceUrl: '', note: '' }

/** Evidence must be an http(s) link (the server refuses anything else, e.g. javascript:). */
const HTTP_LINK = /^https?:\/\/[^\s]+$/i

/** Scrolls to the form and focuses its criterion (after the next paint, once a chosen criterion shows). */
export function focusCheckpointForm(): void {
  requestAnimationFrame(() => {
    document.getElementById('checkpoint-form')?.scrollIntoView({ block: 'start' })
    document.getElementById('cp-input-criterionKey')?.focus({ preventScroll: true })
  })
}

/** Every criterion once: the gates' criteria, then the enterprise ones (a key in both is the enterprise one). */
function allCriteria(release: ReleaseGatesFragment & { id: string }, enterprise: readonly CriterionFieldsFragment[]): CriterionFieldsFragment[] {
  const m = new Map<string, CriterionFieldsFragment>()
  for (const g of release.gates) for (const c of g.gate.criteria) m.set(c.key, c)
  for (const c of enterprise) m.set(c.key, c)
  return [...m.values()]
}

export function CheckpointForm({
  release,
  enterprise,
  criterion,
  onCriterion,
  onSaved,
}: {
  release: ReleaseGatesFragment & { id: string }
  enterprise: readonly CriterionFieldsFragment[]
  criterion: string
  onCriterion: (k: string) => void
  onSaved: (msg: string) => Promise<void>
}) {
  const criteria = useMemo(() => allCriteria(release, enterprise), [release, enterprise])
  const c = criteria.find((x) => x.key === criterion) ?? null
  const [form, setForm] = useState(EMPTY)
  const [record, state] = useMutation(RecordCheckpointDocument)
  const [linkError, setLinkError] = useState('')
  const errors = useMemo(() => {
    const m = new Map(fieldErrorMap(state.error))
    if (linkError) m.set('input.evidenceUrl', linkError)
    return m
  }, [state.error, linkError])
  const submit = async (e: FormEvent) => {
    e.preventDefault()
    if (!c) return
    const link = form.evidenceUrl.trim()
    setLinkError(link !== '' && !HTTP_LINK.test(link) ? 'evidence must be an http:// or https:// link' : '')
    if (link !== '' && !HTTP_LINK.test(link)) return
    const metric = c.kind !== 'ATTESTATION'
    const res = await record({
      releaseId: release.id,
      input: {
        criterionKey: c.key,
        value: metric && form.value !== '' ? Number(form.value) : null,
        attested: metric ? null : form.attested,
        evidenceUrl: form.evidenceUrl.trim() || null,
        note: form.note.trim() || null,
      },
    })
    if (res) {
      setForm(EMPTY)
      await onSaved(`Recorded ${res.recordCheckpoint.criterionKey}: ${res.recordCheckpoint.met ? 'met' : 'not met'}.`)
    }
  }
  return (
    <section className="ry-card" aria-labelledby="checkpoint-title" data-testid="checkpoint-form" id="checkpoint-form">
      <h2 id="checkpoint-title" className="font-heading-md">
        Record a readiness checkpoint
      </h2>
      <form onSubmit={(e) => void submit(e)} noValidate>
        <FieldScope errors={errors} prefix="cp">
          {state.error?.code === 'BAD_USER_INPUT' ? (
            <ErrorSummary error={state.error} prefix="cp" />
          ) : (
            <ErrorAlert error={state.error} testId="checkpoint-error" />
          )}
          <div className="ry-row-form">
            <SelectField
              path="input.criterionKey"
              label="Criterion"
              value={criterion}
              emptyLabel="— choose —"
              options={criteria.map((x) => ({ value: x.key, label: `${x.key} — ${x.description}` }))}
              onChange={onCriterion}
              testId="checkpoint-criterion"
            />
            {c && c.kind !== 'ATTESTATION' ? (
              <TextField
                path="input.value"
                label={`Value (${c.kind === 'METRIC_AT_LEAST' ? 'at least' : 'at most'} ${c.threshold})`}
                type="number"
                step="any"
                value={form.value}
                onChange={(v) => setForm({ ...form, value: v })}
              />
            ) : null}
            <TextField
              path="input.evidenceUrl"
              label={`Evidence link${c?.evidenceRequired ? ' (required for this criterion)' : ''}`}
              type="url"
              placeholder="https://…"
              value={form.evidenceUrl}
              onChange={(v) => setForm({ ...form, evidenceUrl: v })}
            />
          </div>
          {c && c.kind === 'ATTESTATION' ? (
            <CheckboxField path="input.attested" label="I attest that this holds" checked={form.attested} onChange={(v) => setForm({ ...form, attested: v })} />
          ) : null}
          <TextArea path="input.note" label="Note" rows={2} value={form.note} onChange={(v) => setForm({ ...form, note: v })} />
          <BusyButton
            type="submit"
            busy={state.loading}
            busyLabel="Recording…"
            disabled={!c}
            className="usa-button margin-top-2"
            data-testid="record-checkpoint"
          >
            Record checkpoint
          </BusyButton>
        </FieldScope>
      </form>
    </section>
  )
}
