/** An environment's drift, expected (baseline) against actual (last report), and accepting the report as its new baseline. */
import { useState } from 'react'
import { useMutation } from '../../api/hooks.ts'
import { BusyButton, ErrorAlert } from '../../components/status.tsx'
import { graphql } from '../../gql/index.ts'
import type { Env } from './environment-card.tsx'

const ApproveBaselineDocument = graphql(`
  mutation ApproveBaseline($environmentId: ID!, $reportId: ID, $releaseId: ID, $note: String, $expectedBaselineVersion: Int) {
    approveBaseline(environmentId: $environmentId, reportId: $reportId, releaseId: $releaseId, note: $note, expectedBaselineVersion: $expectedBaselineVersion) {
      version
    }
  }
`)

const KIND_CLASS: Record<string, string> = { CHANGED: 'ry-diff--changed', MISSING: 'ry-diff--removed' }

export function DriftSection({
  env: e,
  mayApprove,
  onChanged,
  onReload,
}: {
  env: Env
  mayApprove: boolean
  onChanged: (msg: string) => Promise<void>
  onReload: () => void
}) {
  const [note, setNote] = useState('')
  const [approve, state] = useMutation(ApproveBaselineDocument)
  const accept = async () => {
    if (!e.lastReport) return
    // exactly the report shown, on the baseline shown (a stale view is CONFLICT, offered a reload)
    const res = await approve({
      environmentId: e.id,
      reportId: e.lastReport.id,
      releaseId: null,
      note: note.trim() || null,
      expectedBaselineVersion: e.baseline?.version ?? 0,
    })
    if (res) {
      setNote('')
      await onChanged(`${e.key}: the last report is now baseline v${res.approveBaseline.version}.`)
    }
  }
  if (e.drift.items.length === 0) {
    return (
      <details>
        <summary>Configuration ({e.baseline?.items.length ?? 0} items)</summary>
        <ul className="usa-list ry-kv">
          {(e.baseline?.items ?? []).map((i) => (
            <li key={i.key}>
              {i.key} = {i.value}
            </li>
          ))}
        </ul>
      </details>
    )
  }
  return (
    <>
      <table className="usa-table usa-table--borderless usa-table--compact width-full ry-diff-table" data-testid={`drift-${e.key}`}>
        <caption className="usa-sr-only">Drift of {e.key}: expected (baseline) versus actual (last report)</caption>
        <thead>
          <tr>
            <th scope="col">Key</th>
            <th scope="col">Expected (baseline)</th>
            <th scope="col">Actual (report)</th>
            <th scope="col">Change</th>
          </tr>
        </thead>
        <tbody>
          {e.drift.items.map((d) => (
            <tr key={d.key} className={KIND_CLASS[d.kind] ?? 'ry-diff--added'}>
              <th scope="row" className="ry-kv">
                {d.key}
              </th>
              <td className="ry-kv">{d.expected ?? '—'}</td>
              <td className="ry-kv">{d.actual ?? '—'}</td>
              <td>{d.kind.toLowerCase()}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {mayApprove && e.lastReport ? (
        <div>
          <ErrorAlert error={state.error} onReload={onReload} testId={`approve-baseline-error-${e.key}`} />
          <label className="usa-label" htmlFor={`baseline-note-${e.id}`}>
            Note for the new baseline
          </label>
          <input
            id={`baseline-note-${e.id}`}
            className="usa-input"
            value={note}
            onChange={(ev) => setNote(ev.target.value)}
            data-testid={`baseline-note-${e.key}`}
          />
          <BusyButton
            busy={state.loading}
            busyLabel="Accepting…"
            className="usa-button margin-top-1"
            onClick={() => void accept()}
            data-testid={`approve-baseline-${e.key}`}
          >
            Accept the reported state as baseline
          </BusyButton>
        </div>
      ) : null}
    </>
  )
}
