/**
 * "Calendar subscriptions" on the program page: the viewer's own calendar feeds
 * (createCalendarFeed). A feed's address works in any calendar app without signing in and shows
 * what the viewer may see; it is shown once, when created (with a copy button), and masked in
 * the list afterwards. Revoking (after a confirmation) makes the address stop working for good.
 */
import { useState } from 'react'
import { fieldErrorMap } from '../../api/client.ts'
import { useMutation, useQuery } from '../../api/hooks.ts'
import { ConfirmDialog } from '../../components/confirm-dialog.tsx'
import { FieldScope, TextField } from '../../components/fields.tsx'
import { BusyButton, ErrorAlert, SuccessStatus } from '../../components/status.tsx'
import { graphql } from '../../gql/index.ts'
import type { CalendarFeedsQuery } from '../../gql/graphql.ts'
import { useDisplayZone } from '../../lib/display-zone.ts'
import { formatInstant } from '../../lib/time.ts'

const CalendarFeedsDocument = graphql(`
  query CalendarFeeds($key: String!) {
    program(key: $key) {
      id
      calendarFeeds {
        id
        name
        url
        createdAt
        lastUsedAt
        revoked
      }
    }
  }
`)

const CreateCalendarFeedDocument = graphql(`
  mutation CreateCalendarFeed($programId: ID!, $name: String!) {
    createCalendarFeed(programId: $programId, name: $name) {
      url
      feed {
        id
        name
      }
    }
  }
`)

const RevokeCalendarFeedDocument = graphql(`
  mutation RevokeCalendarFeed($id: ID!) {
    revokeCalendarFeed(id: $id) {
      id
      revoked
    }
  }
`)

type Feed = NonNullable<CalendarFeedsQuery['program']>['calendarFeeds'][number]

export function CalendarSubscriptions({ programKey, programId }: { programKey: string; programId: string }) {
  const q = useQuery(CalendarFeedsDocument, { key: programKey })
  const [create, createState] = useMutation(CreateCalendarFeedDocument)
  const [revoke, revokeState] = useMutation(RevokeCalendarFeedDocument)
  const [name, setName] = useState('')
  const [created, setCreated] = useState<{ name: string; url: string } | null>(null)
  const [copied, setCopied] = useState(false)
  const [confirming, setConfirming] = useState<Feed | null>(null)
  const [status, setStatus] = useState('')
  const tz = useDisplayZone().zone
  const feeds = q.data?.program?.calendarFeeds ?? []

  const submit = async () => {
    setStatus('')
    setCopied(false)
    const r = await create({ programId, name })
    if (!r) return
    setCreated({ name: r.createCalendarFeed.feed.name, url: r.createCalendarFeed.url })
    setName('')
    await q.refetch()
  }
  const copy = async (url: string) => {
    try {
      await navigator.clipboard.writeText(url)
      setCopied(true)
    } catch {
      // no clipboard permission: the address stays selectable in its field
      setCopied(false)
    }
  }
  const doRevoke = async (f: Feed) => {
    setConfirming(null)
    const r = await revoke({ id: f.id })
    if (!r) return
    if (created?.name === f.name) setCreated(null)
    // the list first, then the announcement: the status never says "Revoked" while the row still says "Active"
    await q.refetch()
    setStatus(`Revoked “${f.name}”: its address no longer works.`)
  }

  return (
    <section className="ry-card" aria-labelledby="calendar-subscriptions-title" data-testid="calendar-subscriptions">
      <h2 id="calendar-subscriptions-title" className="font-heading-md">
        Calendar subscriptions
      </h2>
      <p className="ry-muted">
        Subscribe to the program calendar (release cycles, freezes and production windows) in Outlook, Google Calendar or any calendar app. Each address works
        without signing in and shows what you may see, so keep it private; revoke it when you no longer need it or if it was shared by mistake.
      </p>
      <SuccessStatus message={status} testId="calendar-feed-status" />
      <form
        className="usa-form maxw-none"
        onSubmit={(e) => {
          e.preventDefault()
          void submit()
        }}
        data-testid="calendar-feed-form"
      >
        <FieldScope errors={fieldErrorMap(createState.error)} prefix="calendar-feed">
          <TextField
            path="name"
            label="Name of the subscription"
            hint="For you to recognise it later, e.g. “Work laptop – Outlook”."
            value={name}
            onChange={setName}
            required
            testId="calendar-feed-name"
          />
        </FieldScope>
        <ErrorAlert error={createState.error?.fieldErrors.length ? null : createState.error} testId="calendar-feed-error" />
        <BusyButton busy={createState.loading} busyLabel="Creating…" type="submit" className="usa-button margin-top-1" data-testid="calendar-feed-create">
          Create subscription address
        </BusyButton>
      </form>
      {created ? (
        <div className="usa-alert usa-alert--info margin-top-2" data-testid="calendar-feed-created">
          <div className="usa-alert__body">
            <h3 className="usa-alert__heading">Address of “{created.name}”</h3>
            <p className="usa-alert__text">
              Copy it now and add it to your calendar app (“Subscribe from web” or “Add calendar from URL”). <strong>It is shown only this once.</strong>
            </p>
            <label className="usa-label" htmlFor="calendar-feed-url">
              Subscription address
            </label>
            <input
              id="calendar-feed-url"
              className="usa-input maxw-none"
              readOnly
              value={created.url}
              onFocus={(e) => e.currentTarget.select()}
              data-testid="calendar-feed-url"
            />
            <div className="margin-top-1">
              <button type="button" className="usa-button usa-button--outline" onClick={() => void copy(created.url)} data-testid="calendar-feed-copy">
                Copy address
              </button>
              <span role="status" aria-live="polite" className="margin-left-1" data-testid="calendar-feed-copied">
                {copied ? 'Copied to the clipboard.' : ''}
              </span>
            </div>
          </div>
        </div>
      ) : null}
      <ErrorAlert error={q.error} onReload={() => void q.refetch()} testId="calendar-feeds-error" />
      <ErrorAlert error={revokeState.error} testId="calendar-feed-revoke-error" />
      {feeds.length === 0 ? (
        <p className="ry-muted margin-top-2" data-testid="calendar-feeds-empty">
          {q.loading ? 'Loading your subscriptions…' : 'You have no calendar subscriptions of this program.'}
        </p>
      ) : (
        <table className="usa-table usa-table--borderless margin-top-2 width-full" data-testid="calendar-feeds">
          <caption className="usa-sr-only">Your calendar subscriptions</caption>
          <thead>
            <tr>
              <th scope="col">Name</th>
              <th scope="col">Created</th>
              <th scope="col">Last used</th>
              <th scope="col">Status</th>
              <th scope="col">
                <span className="usa-sr-only">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {feeds.map((f) => (
              <tr key={f.id} data-testid={`calendar-feed-${f.id}`}>
                <th scope="row">{f.name}</th>
                <td>
                  <time dateTime={f.createdAt}>{formatInstant(f.createdAt, tz)}</time>
                </td>
                <td data-testid="calendar-feed-last-used">{f.lastUsedAt ? <time dateTime={f.lastUsedAt}>{formatInstant(f.lastUsedAt, tz)}</time> : 'Never'}</td>
                <td>{f.revoked ? 'Revoked' : 'Active'}</td>
                <td>
                  {f.revoked ? null : (
                    <button
                      type="button"
                      className="usa-button usa-button--unstyled text-secondary-dark"
                      onClick={() => setConfirming(f)}
                      disabled={revokeState.loading}
                      data-testid={`calendar-feed-revoke-${f.id}`}
                    >
                      Revoke<span className="usa-sr-only"> “{f.name}”</span>
                    </button>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <ConfirmDialog
        open={confirming !== null}
        title={`Revoke “${confirming?.name ?? ''}”?`}
        confirmLabel="Revoke subscription"
        testId="calendar-feed-revoke-dialog"
        onConfirm={() => confirming && void doRevoke(confirming)}
        onCancel={() => setConfirming(null)}
      >
        <p>Calendar apps subscribed to this address stop receiving updates. This cannot be undone; you can create a new address afterwards.</p>
      </ConfirmDialog>
    </section>
  )
}
