/** The release's environments: readiness per scheduled window (the shared readiness table), bookings and deployments. */
import type { QueryState } from '../../api/hooks.ts'
import { ReadinessTable } from '../../components/release-readiness.tsx'
import { ErrorAlert, Loading, StatusTag } from '../../components/status.tsx'
import type { ReleaseEnvironmentsQuery } from '../../gql/graphql.ts'
import { formatInstant } from '../../lib/time.ts'

export function ReleaseEnvironmentsSection({ q, tz }: { q: QueryState<ReleaseEnvironmentsQuery>; tz: string }) {
  const r = q.data?.release
  return (
    <section className="ry-card" aria-labelledby="env-title" data-testid="release-environments">
      <h2 id="env-title" className="font-heading-md">
        Environments
      </h2>
      {q.loading && !q.data ? <Loading label="Checking environment readiness…" /> : null}
      <ErrorAlert error={q.error} onReload={() => void q.refetch()} />
      {r ? (
        <>
          <h3 className="font-heading-sm">Readiness per scheduled window</h3>
          <ReadinessTable readiness={r.environmentReadiness} testId="readiness" />
          <h3 className="font-heading-sm">Bookings</h3>
          {r.bookings.length === 0 ? (
            <p className="ry-muted">None. Book environments on the Environments page.</p>
          ) : (
            <ul className="usa-list" data-testid="release-bookings">
              {r.bookings.map((b) => (
                <li key={b.id}>
                  {b.environment.key}: {formatInstant(b.start, tz)} → {formatInstant(b.end, tz)}
                  {b.purpose ? ` (${b.purpose})` : ''}
                </li>
              ))}
            </ul>
          )}
          <h3 className="font-heading-sm">Deployments</h3>
          {r.deployments.length === 0 ? (
            <p className="ry-muted">None recorded.</p>
          ) : (
            <ul className="usa-list" data-testid="release-deployments">
              {r.deployments.map((d) => (
                <li key={d.id}>
                  {d.environment.key} {d.version}: <StatusTag status={d.outcome} /> {formatInstant(d.startedAt, tz)} by {d.deployedBy}
                </li>
              ))}
            </ul>
          )}
        </>
      ) : null}
    </section>
  )
}
