/**
 * One environment on the environments page: status and sync, its baseline and last report, the
 * drift between them (and accepting the report as the new baseline), its bookings, and its
 * recent deployments. What the viewer may change comes from src/permissions.ts.
 */
import { HistoryTab } from '../../components/history-tab.tsx'
import { StatusTag } from '../../components/status.tsx'
import { graphql } from '../../gql/index.ts'
import type { EnvironmentCardFieldsFragment } from '../../gql/graphql.ts'
import { useEnvironmentCan } from '../../permissions.ts'
import { formatInstant } from '../../lib/time.ts'
import { DeploymentsTable } from './deployments-table.tsx'
import { DriftSection } from './drift-section.tsx'
import { EnvironmentBookings } from './environment-bookings.tsx'
import { nameOf } from './environment-groups.ts'
import type { ReleaseNames } from './environment-groups.ts'

graphql(`
  fragment EnvironmentCardFields on Environment {
    id
    key
    name
    tier
    url
    status
    agency {
      code
      name
    }
    ...EnvironmentPermissions
    baseline {
      version
      items {
        key
        value
      }
      approvedBy
      approvedAt
      note
      release {
        id
      }
    }
    lastReport {
      id
      items {
        key
        value
      }
      reportedBy
      reportedAt
    }
    drift {
      inSync
      items {
        key
        expected
        actual
        kind
      }
    }
    bookings {
      ...BookingFields
      revision
      release {
        id
      }
    }
    deployments(last: 10) {
      ...DeploymentFields
      release {
        id
      }
    }
  }
`)

export type Env = EnvironmentCardFieldsFragment

export interface EnvironmentCardProps {
  env: Env
  tz: string
  releaseNames: ReleaseNames
  /** after a change: the message to announce, then the page reloads its data */
  onChanged: (msg: string) => Promise<void>
  onReload: () => void
}

export function EnvironmentCard({ env: e, tz, releaseNames, onChanged, onReload }: EnvironmentCardProps) {
  const can = useEnvironmentCan(e)
  return (
    <article className="ry-card" aria-labelledby={`env-${e.id}-title`} data-testid={`env-${e.key}`} data-in-sync={e.drift.inSync}>
      <h3 id={`env-${e.id}-title`} className="font-heading-md margin-top-0">
        {e.key} <span className="ry-muted font-body-sm">{e.name}</span>
      </h3>
      <p>
        <StatusTag status={e.status} /> tier <strong>{e.tier}</strong> ·{' '}
        {e.drift.inSync ? (
          <StatusTag status="APPROVED" label="IN SYNC" testId={`env-${e.key}-sync`} />
        ) : (
          <StatusTag status="WARNING" label="DRIFT" testId={`env-${e.key}-sync`} />
        )}
        {e.url ? (
          <>
            {' '}
            ·{' '}
            <a href={e.url} target="_blank" rel="noreferrer">
              {e.url}
            </a>
          </>
        ) : null}
      </p>
      <p className="ry-muted font-body-xs">
        {e.baseline
          ? `Baseline v${e.baseline.version} approved by ${e.baseline.approvedBy} ${formatInstant(e.baseline.approvedAt, tz)}${e.baseline.release ? ` after ${nameOf(releaseNames, e.baseline.release.id)}` : ''}${e.baseline.note ? ` — ${e.baseline.note}` : ''}.`
          : 'No baseline yet.'}{' '}
        {e.lastReport ? `Last report by ${e.lastReport.reportedBy} ${formatInstant(e.lastReport.reportedAt, tz)}.` : 'No state reported yet.'}
      </p>
      <DriftSection env={e} mayApprove={can.approveBaseline} onChanged={onChanged} onReload={onReload} />
      <EnvironmentBookings env={e} tz={tz} releaseNames={releaseNames} mayBook={can.book} onChanged={onChanged} onReload={onReload} />
      <DeploymentsTable env={e} tz={tz} releaseNames={releaseNames} />
      <HistoryTab subjectId={e.id} tz={tz} nested />
    </article>
  )
}
