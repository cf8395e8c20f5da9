/**
 * Webhooks (`/webhooks`, program admins and agency managers): subscriptions that push events to
 * other tools, signed per Standard Webhooks. Create one (the signing secret is shown once), see
 * each one's latest deliveries with status and attempts, send a DEAD or FAILED one again, delete
 * a subscription (after a confirmation). Agency managers manage their agency's only.
 */
import { useState } from 'react'
import { fieldErrorMap } from '../../api/client.ts'
import { useMutation, useQuery } from '../../api/hooks.ts'
import { ConfirmDialog } from '../../components/confirm-dialog.tsx'
import { FieldScope, SelectField, TextField } from '../../components/fields.tsx'
import { BusyButton, EmptyState, ErrorAlert, Loading, SuccessStatus } from '../../components/status.tsx'
import { graphql } from '../../gql/index.ts'
import type { NotificationKind, WebhookFormat, WebhooksQuery } from '../../gql/graphql.ts'
import { useDisplayZone } from '../../lib/display-zone.ts'
import { enumText } from '../../lib/format.ts'
import { formatInstant } from '../../lib/time.ts'
import { useWebhookCan } from '../../permissions.ts'
import { useViewer } from '../../viewer.tsx'
import { KINDS, kindLabel } from '../notifications/notification-kinds.ts'

const WebhooksDocument = graphql(`
  query Webhooks($key: String!) {
    webhookSubscriptions {
      id
      url
      kinds
      active
      format
      createdAt
      agency {
        code
      }
      deliveries(first: 10) {
        id
        eventId
        kind
        attempt
        status
        responseStatus
        at
        nextAttemptAt
      }
    }
    program(key: $key) {
      id
      agencies {
        id
        code
        name
      }
    }
  }
`)

const CreateWebhookDocument = graphql(`
  mutation CreateWebhookSubscription($input: WebhookSubscriptionInput!) {
    createWebhookSubscription(input: $input) {
      secret
      subscription {
        id
        url
      }
    }
  }
`)

const DeleteWebhookDocument = graphql(`
  mutation DeleteWebhookSubscription($id: ID!) {
    deleteWebhookSubscription(id: $id)
  }
`)

const RedeliverDocument = graphql(`
  mutation RedeliverWebhook($deliveryId: ID!) {
    redeliverWebhook(deliveryId: $deliveryId) {
      id
      status
      attempt
    }
  }
`)

type Subscription = WebhooksQuery['webhookSubscriptions'][number]

const FORMATS: { value: WebhookFormat; label: string }[] = [
  { value: 'STANDARD', label: 'Standard Webhooks JSON' },
  { value: 'SLACK', label: 'Slack incoming webhook' },
  { value: 'TEAMS', label: 'Microsoft Teams incoming webhook' },
]

export function WebhooksPage(_props: { params: Record<string, string> }) {
  const can = useWebhookCan()
  const { program } = useViewer()
  const q = useQuery(WebhooksDocument, { key: program?.key ?? '' }, { skip: !can.manage, partial: true })
  const [create, createState] = useMutation(CreateWebhookDocument)
  const [remove, removeState] = useMutation(DeleteWebhookDocument)
  const [redeliver, redeliverState] = useMutation(RedeliverDocument)
  const [url, setUrl] = useState('')
  const [kinds, setKinds] = useState<Set<NotificationKind>>(new Set(['DEPENDENCY_RESCHEDULED', 'RELEASE_PROMOTED']))
  const [format, setFormat] = useState<WebhookFormat>('STANDARD')
  const agencies = q.data?.program?.agencies ?? []
  const [agencyCode, setAgencyCode] = useState('')
  const [created, setCreated] = useState<{ url: string; secret: string } | null>(null)
  const [deleting, setDeleting] = useState<Subscription | null>(null)
  const [status, setStatus] = useState('')
  const tz = useDisplayZone().zone

  if (!can.manage) {
    return (
      <div className="grid-container padding-y-2" data-testid="webhooks-page">
        <h1>Webhooks</h1>
        <EmptyState title="Webhooks are managed by program administrators and agency managers" testId="webhooks-forbidden">
          Ask one of them to send Railyard’s events to your tools.
        </EmptyState>
      </div>
    )
  }

  const subs = q.data?.webhookSubscriptions ?? []
  const submit = async () => {
    setStatus('')
    const ownAgency = can.ownAgency ? agencies.find((a) => a.code === can.ownAgency)?.id : undefined
    const chosen = agencyCode ? agencies.find((a) => a.code === agencyCode)?.id : undefined
    const r = await create({ input: { url: url.trim(), kinds: [...kinds], format, agencyId: ownAgency ?? chosen ?? null } })
    if (!r) return
    setCreated({ url: r.createWebhookSubscription.subscription.url, secret: r.createWebhookSubscription.secret })
    setUrl('')
    await q.refetch()
  }
  const doDelete = async (s: Subscription) => {
    setDeleting(null)
    if (await remove({ id: s.id })) {
      setStatus(`Deleted the subscription to ${s.url}.`)
      await q.refetch()
    }
  }
  const doRedeliver = async (id: string) => {
    setStatus('')
    const r = await redeliver({ deliveryId: id })
    if (r) {
      setStatus('Sent again: the delivery is pending.')
      await q.refetch()
    }
  }

  return (
    <div className="grid-container padding-y-2" data-testid="webhooks-page">
      <h1>Webhooks</h1>
      <p className="usa-intro">
        Send Railyard’s events to other tools (a chat channel, a ticketing system, your own service). Every request is signed per Standard Webhooks (headers{' '}
        <code>webhook-id</code>, <code>webhook-timestamp</code>, <code>webhook-signature</code>); failed deliveries are retried for 24 hours.
        {can.ownAgency ? ` You manage the subscriptions of ${can.ownAgency}.` : ''}
      </p>
      <SuccessStatus message={status} testId="webhooks-status" />
      <ErrorAlert error={q.error ?? removeState.error ?? redeliverState.error} onReload={() => void q.refetch()} />

      <section className="ry-card" aria-labelledby="webhook-new-title">
        <h2 id="webhook-new-title" className="font-heading-md margin-top-0">
          New subscription
        </h2>
        <form
          className="usa-form maxw-none"
          onSubmit={(e) => {
            e.preventDefault()
            void submit()
          }}
          data-testid="webhook-form"
        >
          <FieldScope errors={fieldErrorMap(createState.error)} prefix="webhook">
            <TextField
              path="input.url"
              label="Receiver URL"
              hint="https://… (http only for a receiver on this machine)."
              type="url"
              value={url}
              onChange={setUrl}
              required
              testId="webhook-url"
            />
            <fieldset className="usa-fieldset margin-top-2">
              <legend className="usa-legend">Events to send</legend>
              <div className="ry-checkbox-grid">
                {KINDS.map((k) => {
                  const id = `webhook-kind-${k.kind}`
                  return (
                    <div className="usa-checkbox" key={k.kind}>
                      <input
                        id={id}
                        className="usa-checkbox__input"
                        type="checkbox"
                        checked={kinds.has(k.kind)}
                        onChange={(e) => {
                          const next = new Set(kinds)
                          if (e.target.checked) next.add(k.kind)
                          else next.delete(k.kind)
                          setKinds(next)
                        }}
                        data-testid={id}
                      />
                      <label className="usa-checkbox__label" htmlFor={id}>
                        {k.label}
                      </label>
                    </div>
                  )
                })}
              </div>
              {fieldErrorMap(createState.error).get('input.kinds') ? (
                <span className="usa-error-message" role="alert">
                  {fieldErrorMap(createState.error).get('input.kinds')}
                </span>
              ) : null}
            </fieldset>
            <SelectField
              path="input.format"
              label="Payload format"
              value={format}
              onChange={(v) => setFormat(v as WebhookFormat)}
              options={FORMATS}
              testId="webhook-format"
            />
            {can.ownAgency ? null : (
              <SelectField
                path="input.agencyId"
                label="Only events addressed to"
                value={agencyCode}
                onChange={setAgencyCode}
                options={agencies.map((a) => ({ value: a.code, label: `${a.name} (${a.code})` }))}
                emptyLabel="Every agency"
                testId="webhook-agency"
              />
            )}
          </FieldScope>
          <ErrorAlert error={createState.error?.fieldErrors.length ? null : createState.error} testId="webhook-create-error" />
          <BusyButton busy={createState.loading} busyLabel="Creating…" type="submit" className="usa-button margin-top-2" data-testid="webhook-create">
            Create subscription
          </BusyButton>
        </form>
        {created ? (
          <div className="usa-alert usa-alert--info margin-top-2" data-testid="webhook-created">
            <div className="usa-alert__body">
              <h3 className="usa-alert__heading">Signing secret for {created.url}</h3>
              <p className="usa-alert__text">
                Give it to the receiver to verify each request. <strong>It is shown only this once.</strong>
              </p>
              <label className="usa-label" htmlFor="webhook-secret">
                Signing secret
              </label>
              <input
                id="webhook-secret"
                className="usa-input maxw-none"
                readOnly
                value={created.secret}
                onFocus={(e) => e.currentTarget.select()}
                data-testid="webhook-secret"
              />
            </div>
          </div>
        ) : null}
      </section>

      <h2 className="font-heading-lg">Subscriptions</h2>
      {q.loading && !q.data ? <Loading label="Loading subscriptions…" /> : null}
      {q.data && subs.length === 0 ? <EmptyState title="No subscriptions yet" testId="webhooks-empty" /> : null}
      {subs.map((s) => (
        <section key={s.id} className="ry-card" aria-labelledby={`webhook-${s.id}-title`} data-testid={`webhook-${s.id}`}>
          <h3 id={`webhook-${s.id}-title`} className="font-heading-md margin-top-0 text-break-all">
            {s.url}
          </h3>
          <p className="ry-muted">
            {FORMATS.find((f) => f.value === s.format)?.label ?? enumText(s.format)} · {s.agency ? `events addressed to ${s.agency.code}` : 'every agency'} ·{' '}
            {s.active ? 'active' : 'inactive'} · created <time dateTime={s.createdAt}>{formatInstant(s.createdAt, tz)}</time>
          </p>
          <p>Events: {s.kinds.map(kindLabel).join(', ')}</p>
          {s.deliveries.length === 0 ? (
            <p className="ry-muted">No deliveries yet.</p>
          ) : (
            <table className="usa-table usa-table--borderless width-full" data-testid={`webhook-deliveries-${s.id}`}>
              <caption className="text-left">Latest deliveries</caption>
              <thead>
                <tr>
                  <th scope="col">Event</th>
                  <th scope="col">Status</th>
                  <th scope="col">Attempts</th>
                  <th scope="col">Last answer</th>
                  <th scope="col">When</th>
                  <th scope="col">
                    <span className="usa-sr-only">Actions</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {s.deliveries.map((d) => (
                  <tr key={d.id} data-testid={`delivery-${d.id}`} data-status={d.status}>
                    <th scope="row">
                      {kindLabel(d.kind)}
                      <br />
                      <code className="font-body-3xs">{d.eventId}</code>
                    </th>
                    <td>{enumText(d.status)}</td>
                    <td>{d.attempt}</td>
                    <td>{d.responseStatus ?? '—'}</td>
                    <td>
                      <time dateTime={d.at}>{formatInstant(d.at, tz)}</time>
                      {d.nextAttemptAt ? (
                        <>
                          <br />
                          next attempt <time dateTime={d.nextAttemptAt}>{formatInstant(d.nextAttemptAt, tz)}</time>
                        </>
                      ) : null}
                    </td>
                    <td>
                      {d.status === 'DEAD' || d.status === 'FAILED' ? (
                        <button
                          type="button"
                          className="usa-button usa-button--unstyled"
                          onClick={() => void doRedeliver(d.id)}
                          disabled={redeliverState.loading}
                          data-testid={`redeliver-${d.id}`}
                        >
                          Send again
                          <span className="usa-sr-only">
                            {' '}
                            ({kindLabel(d.kind)} {d.eventId})
                          </span>
                        </button>
                      ) : null}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
          <button type="button" className="usa-button usa-button--secondary" onClick={() => setDeleting(s)} data-testid={`webhook-delete-${s.id}`}>
            Delete subscription<span className="usa-sr-only"> to {s.url}</span>
          </button>
        </section>
      ))}
      <ConfirmDialog
        open={deleting !== null}
        title="Delete this subscription?"
        confirmLabel="Delete subscription"
        testId="webhook-delete-dialog"
        onConfirm={() => deleting && void doDelete(deleting)}
        onCancel={() => setDeleting(null)}
      >
        <p>{deleting?.url} will receive no more events; deliveries still pending stop.</p>
      </ConfirmDialog>
    </div>
  )
}
