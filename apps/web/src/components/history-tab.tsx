import { useState } from 'react'
import { graphql } from '../gql/index.ts'
import type { AuditEntryFieldsFragment } from '../gql/graphql.ts'
import { useQuery } from '../api/hooks.ts'
import { auditDiff } from '../lib/audit-diff.ts'
import { enumText } from '../lib/format.ts'
import { formatInstant } from '../lib/time.ts'
import { EmptyState, ErrorAlert, Loading } from './status.tsx'

graphql(`
  fragment AuditEntryFields on AuditEntry {
    id
    at
    actorSubject
    actorName
    actorRoles
    actorAgency {
      id
      code
    }
    operation
    subjectType
    subjectId
    before
    after
    requestId
  }
`)

const AuditTrailDocument = graphql(`
  query AuditTrail($subjectId: ID!, $first: Int) {
    auditTrail(subjectId: $subjectId, first: $first) {
      ...AuditEntryFields
    }
  }
`)

/** How many entries the tab shows (the API's default page). */
const FIRST = 50

/** "createAgencyPlan" → "create agency plan". */
const operationText = (op: string) => enumText(op.replace(/([a-z])([A-Z])/g, '$1_$2'))

function Who({ e }: { e: AuditEntryFieldsFragment }) {
  return (
    <>
      <strong>{e.actorName ?? e.actorSubject}</strong>
      <div className="ry-muted font-body-3xs">
        {e.actorSubject} · {e.actorRoles.map(enumText).join(', ')}
        {e.actorAgency ? ` · ${e.actorAgency.code}` : ''}
      </div>
    </>
  )
}

function Change({ e }: { e: AuditEntryFieldsFragment }) {
  const lines = auditDiff(e.before, e.after)
  if (e.before == null && e.after != null) return <span className="ry-muted">created</span>
  if (e.after == null && e.before != null) return <span className="ry-muted">removed</span>
  if (lines.length === 0) return <span className="ry-muted">no field changed</span>
  return (
    <ul className="usa-list usa-list--unstyled font-body-3xs" data-testid="history-diff">
      {lines.map((l) => (
        <li key={l.field}>
          <code>{l.field}</code>: <del>{l.before ?? '—'}</del> → <ins>{l.after ?? '—'}</ins>
        </li>
      ))}
    </ul>
  )
}

function HistoryTable({ entries, tz }: { entries: AuditEntryFieldsFragment[]; tz: string }) {
  if (entries.length === 0) return <EmptyState title="No recorded changes you may see." testId="history-empty" />
  return (
    <table className="usa-table usa-table--borderless usa-table--compact width-full" data-testid="history-table">
      <thead>
        <tr>
          <th scope="col">When</th>
          <th scope="col">Who</th>
          <th scope="col">Operation</th>
          <th scope="col">Before → after</th>
          <th scope="col">Request</th>
        </tr>
      </thead>
      <tbody>
        {entries.map((e) => (
          <tr key={e.id} data-testid="history-row" data-operation={e.operation}>
            <td>{formatInstant(e.at, tz)}</td>
            <td>
              <Who e={e} />
            </td>
            <td>
              {operationText(e.operation)}
              {e.subjectType !== 'AgencyReleasePlan' && e.subjectType !== 'Release' && e.subjectType !== 'Environment' ? (
                <div className="ry-muted font-body-3xs">{e.subjectType}</div>
              ) : null}
            </td>
            <td>
              <Change e={e} />
            </td>
            <td>
              <code className="font-body-3xs">{e.requestId ?? '—'}</code>
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  )
}

function HistoryBody({ subjectId, tz }: { subjectId: string; tz: string }) {
  const q = useQuery(AuditTrailDocument, { subjectId, first: FIRST })
  if (q.error) return <ErrorAlert error={q.error} onReload={() => void q.refetch()} />
  if (!q.data) return <Loading label="Loading the history…" testId="history-loading" />
  return <HistoryTable entries={q.data.auditTrail} tz={tz} />
}

/**
 * The History tab of a plan, release or environment: the audit trail (who, when, operation,
 * before → after, request id), newest first, loaded when opened. The server shows only what the
 * viewer may read (the program office and the subject's own agency).
 */
export function HistoryTab({ subjectId, tz, nested = false }: { subjectId: string; tz: string; nested?: boolean }) {
  const [open, setOpen] = useState(false)
  const panel = `history-${subjectId}`
  return (
    <section className={nested ? 'margin-top-2' : 'ry-card'} data-testid="history-tab">
      <button
        type="button"
        className="usa-button usa-button--unstyled font-heading-md"
        aria-expanded={open}
        aria-controls={panel}
        onClick={() => setOpen((v) => !v)}
        data-testid="history-toggle"
      >
        {open ? '▾' : '▸'} History
      </button>
      {open ? (
        <div id={panel} className="margin-top-1 overflow-x-auto">
          <HistoryBody subjectId={subjectId} tz={tz} />
        </div>
      ) : null}
    </section>
  )
}
