/** Deployment exceptions waiting for a program admin's decision (Query.exceptionInbox; empty for everyone else). */
import type { ProgramHealthQuery } from '../../gql/graphql.ts'
import { enumText, releaseLabel } from '../../lib/format.ts'
import { formatInstant } from '../../lib/time.ts'
import { useExceptionCan } from '../../permissions.ts'
import { Link } from '../../router.tsx'

type PendingException = ProgramHealthQuery['exceptionInbox'][number]

export function PendingExceptions({ exceptions, timeZone }: { exceptions: PendingException[]; timeZone: string }) {
  const decides = useExceptionCan().decide
  return (
    <section className="ry-card" aria-labelledby="exceptions" data-testid="health-exceptions">
      <h2 id="exceptions">Pending deployment exceptions</h2>
      {!decides ? (
        <p className="ry-muted">Program admins decide deployment exceptions; a release’s page shows its own.</p>
      ) : exceptions.length === 0 ? (
        <p className="ry-muted">No exception waits for a decision.</p>
      ) : (
        <ul className="usa-list usa-list--unstyled" data-testid="exceptions-list">
          {exceptions.map((e) => (
            <li key={e.id} className="margin-bottom-1">
              <Link to={`/releases/${e.release.id}`}>{releaseLabel(e.release.agency.code, e.release.name, e.release.version)}</Link> — {e.tier}, waives{' '}
              {e.waives.map(enumText).join(', ')}, {formatInstant(e.start, timeZone)} – {formatInstant(e.end, timeZone)}; requested by {e.requestedBy}: “
              {e.justification}”
            </li>
          ))}
        </ul>
      )}
      {decides ? (
        <p>
          <Link to="/exceptions">Open the exception inbox</Link>
        </p>
      ) : null}
    </section>
  )
}
