/** Booking an environment for one of its agency's releases (any release for a shared one), times in the program's zone. */
import { useMemo, useState } from 'react'
import { fieldErrorMap } from '../../api/client.ts'
import { useMutation } from '../../api/hooks.ts'
import { ErrorSummary, FieldScope, SelectField, TextField } from '../../components/fields.tsx'
import { BusyButton, ErrorAlert } from '../../components/status.tsx'
import { graphql } from '../../gql/index.ts'
import { fromLocalInput, toLocalInput } from '../../lib/time.ts'
import type { Env } from './environment-card.tsx'
import type { ReleaseNames } from './environment-groups.ts'

const BookEnvironmentDocument = graphql(`
  mutation BookEnvironment($input: BookEnvironmentInput!) {
    bookEnvironment(input: $input) {
      id
    }
  }
`)

const EMPTY = { releaseId: '', start: '', end: '', purpose: '' }

export function BookingForm({ env, tz, releaseNames, onBooked }: { env: Env; tz: string; releaseNames: ReleaseNames; onBooked: (m: string) => Promise<void> }) {
  const [open, setOpen] = useState(false)
  const [form, setForm] = useState(EMPTY)
  const [book, state] = useMutation(BookEnvironmentDocument)
  const errors = useMemo(() => fieldErrorMap(state.error), [state.error])
  const options = [...releaseNames.entries()].filter(([, v]) => !env.agency || v.agency === env.agency.code).map(([id, v]) => ({ value: id, label: v.label }))
  if (!open) {
    return (
      <button type="button" className="usa-button usa-button--outline usa-button--small" onClick={() => setOpen(true)} data-testid={`book-${env.key}`}>
        Book {env.key}…
      </button>
    )
  }
  const submit = async () => {
    const res = await book({
      input: { environmentId: env.id, releaseId: form.releaseId, start: form.start, end: form.end, purpose: form.purpose.trim() || null },
    })
    if (res) {
      setOpen(false)
      setForm(EMPTY)
      await onBooked(`${env.key} booked.`)
    }
  }
  return (
    <div className="ry-card" data-testid={`booking-form-${env.key}`}>
      <FieldScope errors={errors} prefix={`book-${env.id}`}>
        {state.error?.code === 'BAD_USER_INPUT' ? (
          <ErrorSummary error={state.error} prefix={`book-${env.id}`} />
        ) : (
          <ErrorAlert error={state.error} testId={`booking-error-${env.key}`} />
        )}
        <SelectField
          path="input.releaseId"
          label="Release"
          value={form.releaseId}
          emptyLabel="— choose —"
          options={options}
          onChange={(v) => setForm({ ...form, releaseId: v })}
        />
        <div className="ry-row-form">
          <TextField
            path="input.start"
            label={`Start (${tz})`}
            type="datetime-local"
            value={toLocalInput(form.start, tz)}
            onChange={(v) => setForm({ ...form, start: fromLocalInput(v, tz) })}
          />
          <TextField
            path="input.end"
            label={`End (${tz})`}
            type="datetime-local"
            value={toLocalInput(form.end, tz)}
            onChange={(v) => setForm({ ...form, end: fromLocalInput(v, tz) })}
          />
        </div>
        <TextField path="input.purpose" label="Purpose" value={form.purpose} onChange={(v) => setForm({ ...form, purpose: v })} />
        <div className="ry-toolbar-actions">
          <BusyButton
            busy={state.loading}
            busyLabel="Booking…"
            disabled={!form.releaseId || !form.start || !form.end}
            onClick={() => void submit()}
            data-testid={`confirm-book-${env.key}`}
          >
            Book
          </BusyButton>
          <button type="button" className="usa-button usa-button--unstyled" onClick={() => setOpen(false)}>
            Cancel
          </button>
        </div>
      </FieldScope>
    </div>
  )
}
