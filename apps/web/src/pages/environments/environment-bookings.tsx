/** An environment's bookings (each links to its release), cancelling one, and booking it. */
import { useMutation } from '../../api/hooks.ts'
import { ErrorAlert } from '../../components/status.tsx'
import { graphql } from '../../gql/index.ts'
import { formatInstant } from '../../lib/time.ts'
import { Link } from '../../router.tsx'
import { BookingForm } from './booking-form.tsx'
import type { Env } from './environment-card.tsx'
import { nameOf } from './environment-groups.ts'
import type { ReleaseNames } from './environment-groups.ts'

const CancelBookingDocument = graphql(`
  mutation CancelBooking($id: ID!, $expectedRevision: Int) {
    cancelBooking(id: $id, expectedRevision: $expectedRevision)
  }
`)

export function EnvironmentBookings({
  env: e,
  tz,
  releaseNames,
  mayBook,
  onChanged,
  onReload,
}: {
  env: Env
  tz: string
  releaseNames: ReleaseNames
  mayBook: boolean
  onChanged: (msg: string) => Promise<void>
  onReload: () => void
}) {
  const [cancel, state] = useMutation(CancelBookingDocument)
  return (
    <>
      <h4 className="font-heading-sm margin-bottom-05">Bookings</h4>
      <ErrorAlert error={state.error} onReload={onReload} testId={`cancel-booking-error-${e.key}`} />
      {e.bookings.length === 0 ? (
        <p className="ry-muted margin-top-0">No bookings.</p>
      ) : (
        <ul className="usa-list usa-list--unstyled" data-testid={`bookings-${e.key}`}>
          {[...e.bookings]
            .sort((a, b) => Date.parse(a.start) - Date.parse(b.start))
            .map((b) => (
              <li key={b.id} className="margin-bottom-05" data-testid={`booking-${b.id}`}>
                <Link to={`/releases/${b.release.id}`}>{nameOf(releaseNames, b.release.id)}</Link>: {formatInstant(b.start, tz)} → {formatInstant(b.end, tz)}
                {b.purpose ? ` (${b.purpose})` : ''}{' '}
                {mayBook ? (
                  <button
                    type="button"
                    className="usa-button usa-button--unstyled"
                    disabled={state.loading}
                    onClick={async () => {
                      if (await cancel({ id: b.id, expectedRevision: b.revision })) await onChanged(`Booking of ${e.key} cancelled.`)
                    }}
                    data-testid={`cancel-booking-${b.id}`}
                  >
                    cancel
                  </button>
                ) : null}
              </li>
            ))}
        </ul>
      )}
      {mayBook ? <BookingForm env={e} tz={tz} releaseNames={releaseNames} onBooked={onChanged} /> : null}
    </>
  )
}
