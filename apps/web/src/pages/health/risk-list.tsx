/** Releases at risk, worst first: each with its reasons, what is wrong and what to do, linked to the release. */
import { RISK_REASON_LABELS, type RiskReason } from '@railyard/release-rules/risks'
import { EmptyState } from '../../components/status.tsx'
import type { ProgramHealthQuery } from '../../gql/graphql.ts'
import { releaseLabel } from '../../lib/format.ts'
import { formatInstant } from '../../lib/time.ts'
import { Link } from '../../router.tsx'

type Risk = NonNullable<ProgramHealthQuery['program']>['risks'][number]

const label = (reason: string) => RISK_REASON_LABELS[reason as RiskReason] ?? reason

export function RiskList({ risks, timeZone }: { risks: Risk[]; timeZone: string }) {
  if (risks.length === 0) {
    return (
      <EmptyState title="No release is at risk" testId="risks-empty">
        Nothing needs attention in the next 30 days.
      </EmptyState>
    )
  }
  return (
    <ol className="ry-risk-list" data-testid="risk-list">
      {risks.map((r) => (
        <li key={r.release.id} className="ry-risk" data-testid={`risk-${r.release.id}`} data-score={r.score}>
          <h3 className="ry-risk__title">
            <Link to={`/releases/${r.release.id}`} data-testid="risk-release-link">
              {releaseLabel(r.release.agency.code, r.release.name, r.release.version)}
            </Link>
          </h3>
          <p className="ry-risk__meta">
            {r.reasons.map((reason) => (
              <span key={reason} className={`usa-tag ry-risk-tag ry-risk-tag--${reason.toLowerCase()}`}>
                {label(reason)}
              </span>
            ))}
            {r.nextWindowStart ? (
              <span className="ry-muted">
                {' '}
                Next window: {r.nextWindowTier} from {formatInstant(r.nextWindowStart, timeZone)}
              </span>
            ) : null}
          </p>
          <ul className="ry-risk__details">
            {r.details.map((d, i) => (
              <li key={i}>
                <strong>{label(d.reason)}:</strong> {d.message} <span className="ry-risk__action">What to do: {d.action}</span>
              </li>
            ))}
          </ul>
        </li>
      ))}
    </ol>
  )
}
