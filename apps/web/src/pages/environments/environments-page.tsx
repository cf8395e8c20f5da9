/**
 * Environments (`/environments`): the inventory per agency (and shared), drift as expected vs
 * actual, accepting a report as the new baseline, bookings (book / cancel) and a month calendar
 * of them (`?month=YYYY-MM`), registering environments, deployment history, and the readiness
 * of any release's scheduled environments.
 */
import { useMemo, useState } from 'react'
import { fieldErrorMap } from '../../api/client.ts'
import { useMutation, useQuery } from '../../api/hooks.ts'
import { ErrorSummary, FieldScope, SelectField, TextField } from '../../components/fields.tsx'
import { BusyButton, EmptyState, ErrorAlert, Loading, StatusTag } from '../../components/status.tsx'
import { graphql } from '../../gql/index.ts'
import type { EnvironmentsQuery } from '../../gql/graphql.ts'
import { browserTimeZone, formatInstant, fromLocalInput, toLocalInput, todayIn } from '../../lib/time.ts'
import { Link, useSearchParams } from '../../router.tsx'
import { canManageEnvironment, useViewer } from '../../viewer.tsx'
import { ReleaseEnvironmentsDocument } from '../releases/release-page.tsx'
import { BookingsCalendar, EnvironmentCalendarDocument } from './bookings-calendar.tsx'
import type { CalendarBooking } from './bookings-calendar.tsx'
import { calendarMonth, monthOf, parseMonthParam } from './calendar-layout.ts'
import { RegisterEnvironmentForm } from './register-environment.tsx'
import type { RegisterAgencyOption } from './register-environment.tsx'

const EnvironmentsDocument = graphql(`
  query Environments($key: String!) {
    program(key: $key) {
      id
      strategy {
        promotionPath
        cadence {
          timeZone
        }
      }
      agencies {
        id
        code
        name
        plans {
          id
          releases {
            id
            name
            version
          }
        }
      }
      environments {
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
          id
          start
          end
          purpose
          release {
            id
          }
        }
        deployments(last: 10) {
          id
          version
          outcome
          startedAt
          finishedAt
          deployedBy
          release {
            id
          }
        }
      }
    }
  }
`)

const ApproveBaselineDocument = graphql(`
  mutation ApproveBaseline($environmentId: ID!, $reportId: ID, $releaseId: ID, $note: String) {
    approveBaseline(environmentId: $environmentId, reportId: $reportId, releaseId: $releaseId, note: $note) {
      version
    }
  }
`)

const BookEnvironmentDocument = graphql(`
  mutation BookEnvironment($input: BookEnvironmentInput!) {
    bookEnvironment(input: $input) {
      id
    }
  }
`)

const CancelBookingDocument = graphql(`
  mutation CancelBooking($id: ID!) {
    cancelBooking(id: $id)
  }
`)

type Env = NonNullable<EnvironmentsQuery['program']>['environments'][number]
type ReleaseNames = ReadonlyMap<string, { label: string; agency: string }>

export function EnvironmentsPage(_props: { params: Record<string, string> }) {
  const { program, viewer } = useViewer()
  const q = useQuery(EnvironmentsDocument, { key: program?.key ?? '' }, { skip: !program, partial: true })
  const [params, setParams] = useSearchParams()
  const agencyFilter = params.get('agency') ?? ''
  const [status, setStatus] = useState('')
  const [registering, setRegistering] = useState(false)
  const p = q.data?.program
  const tz = p?.strategy?.cadence.timeZone ?? browserTimeZone()
  // The calendar's month (URL `month=YYYY-MM`, default: this month in the program's zone); only
  // that month's bookings are queried, once the zone is known.
  const today = todayIn(tz)
  const month = parseMonthParam(params.get('month')) ?? monthOf(today)
  const cal = useMemo(() => calendarMonth(month, tz), [month, tz])
  const calQ = useQuery(EnvironmentCalendarDocument, { key: program?.key ?? '', from: cal.from, to: cal.to }, { skip: !program || !p, partial: true })
  // Right after a month change the previous month's bookings are still shown: useQuery counts
  // as loading until the request for the new range has settled (and before the first one has).
  const calLoading = calQ.loading || (!calQ.data && !calQ.error)
  const calBookings = useMemo(() => {
    const envs = calQ.data?.program?.environments
    if (!envs) return null
    return new Map<string, readonly CalendarBooking[]>(envs.map((e) => [e.id, e.bookings]))
  }, [calQ.data])
  const setMonth = (m: string) => {
    const next = new URLSearchParams(params)
    next.set('month', m)
    setParams(next)
  }
  const refetchAll = async () => {
    await Promise.all([q.refetch(), calQ.refetch()])
  }
  // Who may register for whom: PROGRAM_ADMIN → shared (no agency); AGENCY_MANAGER → their agency.
  const registerOwners = useMemo<RegisterAgencyOption[]>(() => {
    if (!p) return []
    const owners: RegisterAgencyOption[] = []
    for (const a of p.agencies) if (canManageEnvironment(viewer, a.code)) owners.push({ id: a.id, label: `${a.code} · ${a.name}` })
    if (canManageEnvironment(viewer, null)) owners.push({ id: '', label: 'None — shared by the program' })
    return owners
  }, [p, viewer])
  const releaseNames = useMemo(() => {
    const m = new Map<string, { label: string; agency: string }>()
    for (const a of p?.agencies ?? [])
      for (const pl of a.plans) for (const r of pl.releases) m.set(r.id, { label: `${a.code} · ${r.name} ${r.version}`, agency: a.code })
    return m
  }, [p])
  const groups = useMemo(() => {
    const g = new Map<string, { title: string; envs: Env[] }>()
    for (const e of p?.environments ?? []) {
      const k = e.agency?.code ?? 'SHARED'
      const entry = g.get(k) ?? { title: e.agency ? `${e.agency.code} · ${e.agency.name}` : 'Shared (program)', envs: [] }
      entry.envs.push(e)
      g.set(k, entry)
    }
    const path = p?.strategy?.promotionPath ?? []
    const rank = (t: string) => (path.includes(t) ? path.indexOf(t) : path.length)
    for (const entry of g.values()) entry.envs.sort((a, b) => rank(a.tier) - rank(b.tier) || (a.key < b.key ? -1 : 1))
    return [...g.entries()].sort(([a], [b]) => (a === 'SHARED' ? -1 : b === 'SHARED' ? 1 : a < b ? -1 : 1))
  }, [p])
  const calendarGroups = useMemo(
    () => groups.filter(([k]) => !agencyFilter || k === agencyFilter).map(([k, g]) => ({ key: k, title: g.title, envs: g.envs })),
    [groups, agencyFilter],
  )

  if (!program) return <EmptyState title="No program yet" />
  return (
    <div className="grid-container-widescreen padding-y-2" data-testid="environments-page">
      <h1>Environments</h1>
      <p className="ry-muted">Times in {tz}.</p>
      <div role="status" aria-live="polite" data-testid="environments-status">
        {status ? (
          <div className="usa-alert usa-alert--success usa-alert--slim">
            <div className="usa-alert__body">
              <p className="usa-alert__text">{status}</p>
            </div>
          </div>
        ) : null}
      </div>
      <ErrorAlert error={q.error} onReload={() => void q.refetch()} />
      {q.loading && !q.data ? <Loading label="Loading environments…" /> : null}
      {p ? (
        <>
          <ReadinessLookup releaseNames={releaseNames} tz={tz} />
          <div className="ry-toolbar-actions">
            {registerOwners.length > 0 ? (
              <button
                type="button"
                className="usa-button usa-button--outline"
                aria-expanded={registering}
                aria-controls={registering ? 'register-environment-form' : undefined}
                onClick={() => setRegistering((v) => !v)}
                data-testid="register-environment"
              >
                Register environment
              </button>
            ) : null}
            <label className="usa-label margin-0" htmlFor="env-agency-filter">
              Show
            </label>
            <select
              id="env-agency-filter"
              className="usa-select width-auto margin-0"
              value={agencyFilter}
              onChange={(e) => {
                const next = new URLSearchParams(params)
                if (e.target.value) next.set('agency', e.target.value)
                else next.delete('agency')
                setParams(next)
              }}
              data-testid="env-agency-filter"
            >
              <option value="">All environments</option>
              {groups.map(([k, g]) => (
                <option key={k} value={k}>
                  {g.title}
                </option>
              ))}
            </select>
          </div>
          {registering && registerOwners.length > 0 ? (
            <RegisterEnvironmentForm
              programId={p.id}
              promotionPath={p.strategy?.promotionPath ?? []}
              agencies={registerOwners}
              onClose={() => setRegistering(false)}
              onRegistered={async (env) => {
                setRegistering(false)
                setStatus(`Environment ${env.key} registered.`)
                // keep the new environment in view
                if (agencyFilter && agencyFilter !== (env.agencyCode ?? 'SHARED')) {
                  const next = new URLSearchParams(params)
                  next.delete('agency')
                  setParams(next)
                }
                await refetchAll()
              }}
            />
          ) : null}
          {groups.length > 0 ? (
            <BookingsCalendar
              cal={cal}
              groups={calendarGroups}
              bookings={calBookings}
              loading={calLoading}
              error={calQ.error}
              today={today}
              releaseLabel={(id) => releaseNames.get(id)?.label ?? `release ${id}`}
              onMonth={setMonth}
              onReload={() => void calQ.refetch()}
            />
          ) : null}
          {groups.length === 0 ? <EmptyState title="No environments you can see" testId="environments-empty" /> : null}
          {groups
            .filter(([k]) => !agencyFilter || k === agencyFilter)
            .map(([k, g]) => (
              <section key={k} aria-labelledby={`env-group-${k}`} data-testid={`env-group-${k}`} className="margin-bottom-3">
                <h2 id={`env-group-${k}`} className="font-heading-lg">
                  {g.title}
                </h2>
                <div className="ry-env-grid">
                  {g.envs.map((e) => (
                    <EnvironmentCard
                      key={e.id}
                      env={e}
                      tz={tz}
                      releaseNames={releaseNames}
                      onChanged={async (m) => {
                        setStatus(m)
                        await refetchAll()
                      }}
                      onReload={() => void q.refetch()}
                    />
                  ))}
                </div>
              </section>
            ))}
        </>
      ) : null}
    </div>
  )
}

function EnvironmentCard({
  env: e,
  tz,
  releaseNames,
  onChanged,
  onReload,
}: {
  env: Env
  tz: string
  releaseNames: ReleaseNames
  onChanged: (msg: string) => Promise<void>
  onReload: () => void
}) {
  const { viewer } = useViewer()
  const may = canManageEnvironment(viewer, e.agency?.code ?? null)
  const name = (id: string) => releaseNames.get(id)?.label ?? `release ${id}`
  const [note, setNote] = useState('')
  const [approve, approveState] = useMutation(ApproveBaselineDocument)
  const [cancel, cancelState] = useMutation(CancelBookingDocument)
  const accept = async () => {
    if (!e.lastReport) return
    const res = await approve({ environmentId: e.id, reportId: e.lastReport.id, releaseId: null, note: note.trim() || null })
    if (res) {
      setNote('')
      await onChanged(`${e.key}: the last report is now baseline v${res.approveBaseline.version}.`)
    }
  }
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
          ? `Baseline v${e.baseline.version} approved by ${e.baseline.approvedBy} ${formatInstant(e.baseline.approvedAt, tz)}${e.baseline.release ? ` after ${name(e.baseline.release.id)}` : ''}${e.baseline.note ? ` — ${e.baseline.note}` : ''}.`
          : 'No baseline yet.'}{' '}
        {e.lastReport ? `Last report by ${e.lastReport.reportedBy} ${formatInstant(e.lastReport.reportedAt, tz)}.` : 'No state reported yet.'}
      </p>

      {e.drift.items.length > 0 ? (
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
                <tr key={d.key} className={d.kind === 'CHANGED' ? 'ry-diff--changed' : d.kind === 'MISSING' ? 'ry-diff--removed' : 'ry-diff--added'}>
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
          {may && e.lastReport ? (
            <div>
              <ErrorAlert error={approveState.error} onReload={onReload} testId={`approve-baseline-error-${e.key}`} />
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
                busy={approveState.loading}
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
      ) : (
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
      )}

      <h4 className="font-heading-sm margin-bottom-05">Bookings</h4>
      <ErrorAlert error={cancelState.error} onReload={onReload} testId={`cancel-booking-error-${e.key}`} />
      {e.bookings.length === 0 ? (
        <p className="ry-muted margin-top-0">No bookings.</p>
      ) : (
        <ul className="usa-list usa-list--unstyled" data-testid={`bookings-${e.key}`}>
          {[...e.bookings]
            .sort((a, b) => Date.parse(a.start) - Date.parse(b.start))
            .map((b) => (
              <li key={b.id} className="margin-bottom-05" data-testid={`booking-${b.id}`}>
                <Link to={`/releases/${b.release.id}`}>{name(b.release.id)}</Link>: {formatInstant(b.start, tz)} → {formatInstant(b.end, tz)}
                {b.purpose ? ` (${b.purpose})` : ''}{' '}
                {may ? (
                  <button
                    type="button"
                    className="usa-button usa-button--unstyled"
                    disabled={cancelState.loading}
                    onClick={async () => {
                      if (await cancel({ id: b.id })) await onChanged(`Booking of ${e.key} cancelled.`)
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
      {may ? <BookingForm env={e} tz={tz} releaseNames={releaseNames} onBooked={onChanged} /> : null}

      <h4 className="font-heading-sm margin-bottom-05">Recent deployments</h4>
      {e.deployments.length === 0 ? (
        <p className="ry-muted margin-top-0">None recorded.</p>
      ) : (
        <div className="overflow-x-auto">
          <table className="usa-table usa-table--borderless usa-table--compact width-full" data-testid={`deployments-${e.key}`}>
            <thead>
              <tr>
                <th scope="col">Release</th>
                <th scope="col">Version</th>
                <th scope="col">Outcome</th>
                <th scope="col">Started</th>
                <th scope="col">By</th>
              </tr>
            </thead>
            <tbody>
              {e.deployments.map((d) => (
                <tr key={d.id}>
                  <td>{name(d.release.id)}</td>
                  <td>{d.version}</td>
                  <td>
                    <StatusTag status={d.outcome} />
                  </td>
                  <td>{formatInstant(d.startedAt, tz)}</td>
                  <td>{d.deployedBy}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </article>
  )
}

function BookingForm({ env, tz, releaseNames, onBooked }: { env: Env; tz: string; releaseNames: ReleaseNames; onBooked: (m: string) => Promise<void> }) {
  const [open, setOpen] = useState(false)
  const [form, setForm] = useState({ releaseId: '', start: '', end: '', purpose: '' })
  const [book, state] = useMutation(BookEnvironmentDocument)
  const errors = useMemo(() => fieldErrorMap(state.error), [state.error])
  const options = [...releaseNames.entries()].filter(([, v]) => !env.agency || v.agency === env.agency.code).map(([id, v]) => ({ value: id, label: v.label }))
  if (!open) {
    return (
      <button type="button" className="usa-button usa-button--outline usa-button--small" onClick={() => setOpen(true)} data-testid={`book-${env.key}`}>
        Book {env.key}…
      </button>
    )
  }
  const submit = async () => {
    const res = await book({
      input: { environmentId: env.id, releaseId: form.releaseId, start: form.start, end: form.end, purpose: form.purpose.trim() || null },
    })
    if (res) {
      setOpen(false)
      setForm({ releaseId: '', start: '', end: '', purpose: '' })
      await onBooked(`${env.key} booked.`)
    }
  }
  return (
    <div className="ry-card" data-testid={`booking-form-${env.key}`}>
      <FieldScope errors={errors} prefix={`book-${env.id}`}>
        {state.error?.code === 'BAD_USER_INPUT' ? (
          <ErrorSummary error={state.error} prefix={`book-${env.id}`} />
        ) : (
          <ErrorAlert error={state.error} testId={`booking-error-${env.key}`} />
        )}
        <SelectField
          path="input.releaseId"
          label="Release"
          value={form.releaseId}
          emptyLabel="— choose —"
          options={options}
          onChange={(v) => setForm({ ...form, releaseId: v })}
        />
        <div className="ry-row-form">
          <TextField
            path="input.start"
            label={`Start (${tz})`}
            type="datetime-local"
            value={toLocalInput(form.start, tz)}
            onChange={(v) => setForm({ ...form, start: fromLocalInput(v, tz) })}
          />
          <TextField
            path="input.end"
            label={`End (${tz})`}
            type="datetime-local"
            value={toLocalInput(form.end, tz)}
            onChange={(v) => setForm({ ...form, end: fromLocalInput(v, tz) })}
          />
        </div>
        <TextField path="input.purpose" label="Purpose" value={form.purpose} onChange={(v) => setForm({ ...form, purpose: v })} />
        <div className="ry-toolbar-actions">
          <BusyButton
            busy={state.loading}
            busyLabel="Booking…"
            disabled={!form.releaseId || !form.start || !form.end}
            onClick={() => void submit()}
            data-testid={`confirm-book-${env.key}`}
          >
            Book
          </BusyButton>
          <button type="button" className="usa-button usa-button--unstyled" onClick={() => setOpen(false)}>
            Cancel
          </button>
        </div>
      </FieldScope>
    </div>
  )
}

function ReadinessLookup({ releaseNames, tz }: { releaseNames: ReleaseNames; tz: string }) {
  const [id, setId] = useState('')
  const q = useQuery(ReleaseEnvironmentsDocument, { id }, { skip: !id, partial: true })
  const r = q.data?.release
  return (
    <section className="ry-card" aria-labelledby="readiness-title" data-testid="readiness-lookup">
      <h2 id="readiness-title" className="font-heading-md">
        Readiness by release
      </h2>
      <FieldScope errors={new Map()} prefix="readiness">
        <SelectField
          path="release"
          label="Release"
          value={id}
          emptyLabel="— choose a release —"
          options={[...releaseNames.entries()].map(([value, v]) => ({ value, label: v.label }))}
          onChange={setId}
          testId="readiness-release"
        />
      </FieldScope>
      {id && q.loading && !r ? <Loading label="Checking…" /> : null}
      <ErrorAlert error={q.error} onReload={() => void q.refetch()} />
      {id && q.data && !r ? <p className="ry-muted">Readiness of this release is private to its agency.</p> : null}
      {r ? (
        r.environmentReadiness.length === 0 ? (
          <p className="ry-muted">No scheduled window names an environment.</p>
        ) : (
          <table className="usa-table usa-table--borderless usa-table--compact width-full" data-testid="readiness-result">
            <thead>
              <tr>
                <th scope="col">Tier</th>
                <th scope="col">Environment</th>
                <th scope="col">Ready</th>
                <th scope="col">Blockers</th>
              </tr>
            </thead>
            <tbody>
              {r.environmentReadiness.map((x, i) => (
                <tr key={i} data-ready={x.ready}>
                  <td>{x.tier}</td>
                  <td>{x.environment.key}</td>
                  <td>{x.ready ? <StatusTag status="AVAILABLE" label="READY" /> : <StatusTag status="ERROR" label="BLOCKED" />}</td>
                  <td>{x.blockers.map((b) => `${b.code.replace(/_/g, ' ').toLowerCase()}: ${b.message}`).join('; ') || '—'}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )
      ) : null}
      {r ? (
        <p className="font-body-xs">
          <Link to={`/releases/${r.id}`}>Open the release</Link> · bookings {r.bookings.length} · times in {tz}
        </p>
      ) : null}
    </section>
  )
}
