/**
 * Break-glass exceptions of a release: the ones requested (with their decision), and — for the
 * release's agency managers — a request for the next tier: which blockers, when, and why. A
 * program admin who did not ask decides it (the exception inbox).
 */
import { useState } from 'react'
import { fieldErrorMap } from '../../api/client.ts'
import { useMutation } from '../../api/hooks.ts'
import { CheckboxField, FieldScope, TextArea, TextField } from '../../components/fields.tsx'
import { BusyButton, ErrorAlert, StatusTag } from '../../components/status.tsx'
import { graphql } from '../../gql/index.ts'
import type { DeploymentBlockerCode, ReleaseExceptionsFragment } from '../../gql/graphql.ts'
import { enumText } from '../../lib/format.ts'
import { formatInstant, fromLocalInput, toLocalInput } from '../../lib/time.ts'

graphql(`
  fragment ExceptionFields on DeploymentException {
    id
    tier
    waives
    start
    end
    justification
    status
    requestedBy
    requestedAt
    decidedBy
    decidedAt
    comment
  }
`)

graphql(`
  fragment ReleaseExceptions on Release {
    id
    exceptions {
      ...ExceptionFields
    }
  }
`)

const RequestExceptionDocument = graphql(`
  mutation RequestDeploymentException($input: DeploymentExceptionInput!) {
    requestDeploymentException(input: $input) {
      ...ExceptionFields
    }
  }
`)

/** Request fields shown next to their inputs. */
const SHOWN = new Set(['input.start', 'input.end', 'input.justification'])

/** The blockers an exception may lift. */
const WAIVABLE: DeploymentBlockerCode[] = ['FROZEN', 'OUTSIDE_WINDOW', 'ENVIRONMENT_NOT_READY']

function ExceptionList({ exceptions, tz }: { exceptions: ReleaseExceptionsFragment['exceptions']; tz: string }) {
  if (exceptions.length === 0) return <p className="ry-muted">No exceptions requested.</p>
  return (
    <ul className="usa-list usa-list--unstyled" data-testid="exception-list">
      {exceptions.map((e) => (
        <li key={e.id} className="margin-bottom-1" data-testid="exception" data-status={e.status}>
          <StatusTag status={e.status} /> <strong>{e.tier}</strong>: {e.waives.map(enumText).join(', ')}
          <br />
          <span className="font-body-xs">
            {formatInstant(e.start, tz)} – {formatInstant(e.end, tz)} · asked by {e.requestedBy}: “{e.justification}”
            {e.decidedBy ? ` · ${e.status.toLowerCase()} by ${e.decidedBy}: “${e.comment ?? ''}”` : ''}
          </span>
        </li>
      ))}
    </ul>
  )
}

function RequestForm({ releaseId, tier, tz, onRequested }: { releaseId: string; tier: string; tz: string; onRequested: (m: string) => Promise<void> }) {
  const [waives, setWaives] = useState<DeploymentBlockerCode[]>([])
  const [start, setStart] = useState(() => toLocalInput(new Date().toISOString(), tz))
  const [end, setEnd] = useState(() => toLocalInput(new Date(Date.now() + 4 * 3_600_000).toISOString(), tz))
  const [justification, setJustification] = useState('')
  const [request, state] = useMutation(RequestExceptionDocument)
  const submit = async () => {
    const res = await request({ input: { releaseId, tier, waives, start: fromLocalInput(start, tz), end: fromLocalInput(end, tz), justification } })
    if (res) {
      setJustification('')
      setWaives([])
      await onRequested(`Exception for ${tier} requested; a program admin decides it.`)
    }
  }
  const toggle = (code: DeploymentBlockerCode, on: boolean) => setWaives((w) => (on ? [...w, code] : w.filter((c) => c !== code)))
  return (
    <form
      className="margin-top-1"
      data-testid="exception-form"
      onSubmit={(e) => {
        e.preventDefault()
        void submit()
      }}
    >
      <FieldScope errors={fieldErrorMap(state.error)} prefix="exc">
        <fieldset className="usa-fieldset">
          <legend className="usa-legend">Blockers to waive in {tier}</legend>
          {WAIVABLE.map((code) => (
            <CheckboxField
              key={code}
              path={`input.waives.${code}`}
              label={enumText(code)}
              checked={waives.includes(code)}
              onChange={(on) => toggle(code, on)}
              testId={`exc-waive-${code}`}
            />
          ))}
        </fieldset>
        <TextField path="input.start" label={`From (${tz})`} type="datetime-local" value={start} onChange={setStart} testId="exc-start" required />
        <TextField path="input.end" label={`Until (${tz})`} type="datetime-local" value={end} onChange={setEnd} testId="exc-end" required />
        <TextArea
          path="input.justification"
          label="Justification"
          value={justification}
          onChange={setJustification}
          rows={3}
          testId="exc-justification"
          required
        />
        <ErrorAlert error={state.error} shownPaths={SHOWN} testId="exception-error" />
        <BusyButton busy={state.loading} busyLabel="Requesting…" type="submit" data-testid="exc-submit">
          Request exception
        </BusyButton>
      </FieldScope>
    </form>
  )
}

export function ExceptionsSection({
  release: r,
  tier,
  tz,
  may,
  onRequested,
}: {
  release: ReleaseExceptionsFragment
  tier: string | null
  tz: string
  may: boolean
  onRequested: (m: string) => Promise<void>
}) {
  const [open, setOpen] = useState(false)
  return (
    <section className="ry-card" aria-labelledby="exceptions-title" data-testid="exceptions">
      <h2 id="exceptions-title" className="font-heading-md">
        Exceptions
      </h2>
      <ExceptionList exceptions={r.exceptions} tz={tz} />
      {may && tier ? (
        open ? (
          <RequestForm
            releaseId={r.id}
            tier={tier}
            tz={tz}
            onRequested={async (m) => {
              setOpen(false)
              await onRequested(m)
            }}
          />
        ) : (
          <button type="button" className="usa-button usa-button--outline" onClick={() => setOpen(true)} data-testid="exc-open">
            Request an exception for {tier}
          </button>
        )
      ) : null}
    </section>
  )
}
