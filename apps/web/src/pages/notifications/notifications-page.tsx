/**
 * Notifications (`/notifications`): the viewer's notifications, newest first, filtered by kind
 * and by unread; each says what changed and links to the object; mark one or all shown read
 * (the header's bell follows at once).
 */
import { useMemo, useState } from 'react'
import { useMutation, useQuery } from '../../api/hooks.ts'
import { refreshHeaderCounts } from '../../components/header-counts.ts'
import { BusyButton, EmptyState, ErrorAlert, Loading, SuccessStatus } from '../../components/status.tsx'
import { graphql } from '../../gql/index.ts'
import type { NotificationKind } from '../../gql/graphql.ts'
import { useDisplayZone } from '../../lib/display-zone.ts'
import { formatInstant } from '../../lib/time.ts'
import { Link, useSearchParams } from '../../router.tsx'
import { KINDS, kindLabel } from './notification-kinds.ts'

graphql(`
  fragment NotificationItem on Notification {
    id
    kind
    at
    title
    body
    link
    read
  }
`)

const NotificationsDocument = graphql(`
  query Notifications($unreadOnly: Boolean, $first: Int) {
    notifications(unreadOnly: $unreadOnly, first: $first) {
      unread
      items {
        ...NotificationItem
      }
    }
  }
`)

const MarkReadDocument = graphql(`
  mutation MarkNotificationsRead($ids: [ID!]!) {
    markNotificationsRead(ids: $ids) {
      unread
    }
  }
`)

const PAGE = 100

/** Only in-app paths are followed (a link is a path such as /releases/<id>). */
const safePath = (link: string | null | undefined) => (link && link.startsWith('/') && !link.startsWith('//') ? link : null)

export function NotificationsPage(_props: { params: Record<string, string> }) {
  const [params, setParams] = useSearchParams()
  const unreadOnly = params.get('unread') === '1'
  const kind: NotificationKind | '' = KINDS.find((k) => k.kind === params.get('kind'))?.kind ?? ''
  const q = useQuery(NotificationsDocument, { unreadOnly, first: PAGE })
  const [markRead, markState] = useMutation(MarkReadDocument)
  const [status, setStatus] = useState('')
  const tz = useDisplayZone().zone
  const page = q.data?.notifications
  const items = useMemo(() => (page?.items ?? []).filter((n) => !kind || n.kind === kind), [page, kind])
  const unreadShown = items.filter((n) => !n.read).map((n) => n.id)

  const set = (k: string, v: string | null) => {
    const next = new URLSearchParams(params)
    if (v) next.set(k, v)
    else next.delete(k)
    setParams(next)
  }
  const mark = async (ids: string[], what: string) => {
    setStatus('')
    const r = await markRead({ ids })
    if (!r) return
    setStatus(`${what} marked read. ${r.markNotificationsRead.unread} unread left.`)
    refreshHeaderCounts()
    await q.refetch()
  }

  return (
    <div className="grid-container padding-y-2" data-testid="notifications-page">
      <h1>Notifications</h1>
      <p className="usa-intro">
        What changed that affects you. {page ? <span data-testid="notifications-unread-total">{page.unread} unread.</span> : null}{' '}
        <Link to="/settings/notifications">Choose how you hear of each kind</Link>.
      </p>
      <SuccessStatus message={status} testId="notifications-status" />
      <ErrorAlert error={q.error ?? markState.error} onReload={() => void q.refetch()} />
      <div className="ry-toolbar ry-card" role="group" aria-label="Filter notifications">
        <label className="usa-label margin-top-0" htmlFor="notifications-kind">
          Kind
        </label>
        <select
          id="notifications-kind"
          className="usa-select"
          value={kind}
          onChange={(e) => set('kind', e.target.value || null)}
          data-testid="notifications-kind"
        >
          <option value="">Every kind</option>
          {KINDS.map((k) => (
            <option key={k.kind} value={k.kind}>
              {k.label}
            </option>
          ))}
        </select>
        <div className="usa-checkbox margin-top-1">
          <input
            id="notifications-unread-only"
            className="usa-checkbox__input"
            type="checkbox"
            checked={unreadOnly}
            onChange={(e) => set('unread', e.target.checked ? '1' : null)}
            data-testid="notifications-unread-only"
          />
          <label className="usa-checkbox__label" htmlFor="notifications-unread-only">
            Unread only
          </label>
        </div>
        <BusyButton
          busy={markState.loading}
          busyLabel="Marking…"
          className="usa-button usa-button--outline margin-top-1"
          disabled={unreadShown.length === 0}
          onClick={() => void mark(unreadShown, `${unreadShown.length} ${unreadShown.length === 1 ? 'notification' : 'notifications'}`)}
          data-testid="notifications-mark-all"
        >
          Mark all shown read
        </BusyButton>
      </div>
      {q.loading && !page ? <Loading label="Loading your notifications…" /> : null}
      {page && items.length === 0 ? (
        <EmptyState title={unreadOnly || kind ? 'No notifications match' : 'No notifications yet'} testId="notifications-empty">
          {unreadOnly || kind ? 'Change the filter to see others.' : 'You will hear here when something that affects you changes.'}
        </EmptyState>
      ) : null}
      {items.length > 0 ? (
        <ol className="ry-notifications" aria-label="Notifications, newest first" data-testid="notifications-list">
          {items.map((n) => {
            const to = safePath(n.link)
            return (
              <li
                key={n.id}
                className={`ry-card ry-notification ${n.read ? '' : 'is-unread'}`}
                data-testid={`notification-${n.id}`}
                data-kind={n.kind}
                data-read={n.read}
              >
                <h2 className="font-heading-sm margin-0">
                  {n.read ? null : <span className="usa-sr-only">Unread: </span>}
                  {to ? (
                    <Link to={to} data-testid={`notification-link-${n.id}`}>
                      {n.title}
                    </Link>
                  ) : (
                    n.title
                  )}
                </h2>
                <p className="ry-muted margin-y-05 font-body-xs">
                  <span className="usa-tag ry-tag--kind">{kindLabel(n.kind)}</span> <time dateTime={n.at}>{formatInstant(n.at, tz)}</time>
                  {n.read ? null : (
                    <span className="ry-unread-mark" aria-hidden="true">
                      {' '}
                      ● unread
                    </span>
                  )}
                </p>
                <p className="margin-y-05">{n.body}</p>
                {n.read ? null : (
                  <button
                    type="button"
                    className="usa-button usa-button--unstyled"
                    onClick={() => void mark([n.id], `“${n.title}”`)}
                    disabled={markState.loading}
                    data-testid={`notification-mark-${n.id}`}
                  >
                    Mark read<span className="usa-sr-only">: {n.title}</span>
                  </button>
                )}
              </li>
            )
          })}
        </ol>
      ) : null}
    </div>
  )
}
