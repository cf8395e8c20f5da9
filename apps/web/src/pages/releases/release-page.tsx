/**
 * Release execution (`/releases/:id`): gates with unmet criteria, checkpoints with evidence,
 * enterprise readiness, rollback rehearsal, promotion to the next tier, post-release
 * validation, and the environments' readiness, bookings and deployments for this release.
 * Next tier and "frozen now" come from @railyard/release-rules; the server decides.
 */
import { frozenAt, nextTier } from '@railyard/release-rules'
import { useMemo, useState } from 'react'
import type { FormEvent } from 'react'
import { fieldErrorMap } from '../../api/client.ts'
import { useMutation, useQuery } from '../../api/hooks.ts'
import type { QueryState } from '../../api/hooks.ts'
import { CheckboxField, ErrorSummary, FieldScope, SelectField, TextArea, TextField } from '../../components/fields.tsx'
import { BusyButton, EmptyState, ErrorAlert, Loading, StatusTag } from '../../components/status.tsx'
import { graphql } from '../../gql/index.ts'
import type { ReleaseEnvironmentsQuery, ReleaseExecutionQuery } from '../../gql/graphql.ts'
import { formatInstant, fromLocalInput, toLocalInput } from '../../lib/time.ts'
import { Link } from '../../router.tsx'
import { canExecute, useViewer } from '../../viewer.tsx'

const ReleaseExecutionDocument = graphql(`
  query ReleaseExecution($id: ID!) {
    release(id: $id) {
      id
      name
      version
      type
      status
      currentTier
      revision
      summary
      agency {
        code
        name
      }
      plan {
        id
        title
        status
        program {
          id
          strategy {
            version
            promotionPath
            cadence {
              timeZone
            }
            readinessCriteria {
              key
              description
              kind
              threshold
              evidenceRequired
            }
            freezeWindows {
              id
              name
              reason
              start
              end
              timeZone
              recurrence
              tiers
            }
          }
        }
      }
      schedule {
        tier
        start
        end
        environment {
          id
          key
          name
        }
      }
      gates {
        gate {
          id
          key
          name
          tier
          criteria {
            key
            description
            kind
            threshold
            evidenceRequired
          }
        }
        passed
        unmetCriteria
      }
      checkpoints {
        criterionKey
        met
        value
        evidenceUrl
        recordedBy
        recordedAt
        note
      }
      rollback {
        strategy
        triggers
        steps
        maxMinutes
        rehearsedAt
      }
      postReleaseValidation {
        passed
        notes
        recordedBy
        recordedAt
      }
      validations {
        tier
        description
        owner
      }
    }
  }
`)

export const ReleaseEnvironmentsDocument = graphql(`
  query ReleaseEnvironments($id: ID!) {
    release(id: $id) {
      id
      environmentReadiness {
        environment {
          id
          key
          name
        }
        tier
        ready
        blockers {
          code
          message
        }
      }
      bookings {
        id
        start
        end
        purpose
        environment {
          id
          key
        }
      }
      deployments {
        id
        version
        outcome
        startedAt
        finishedAt
        deployedBy
        environment {
          key
        }
      }
    }
  }
`)

const RecordCheckpointDocument = graphql(`
  mutation RecordCheckpoint($releaseId: ID!, $input: CheckpointInput!) {
    recordCheckpoint(releaseId: $releaseId, input: $input) {
      criterionKey
      met
    }
  }
`)

const RecordRollbackRehearsalDocument = graphql(`
  mutation RecordRollbackRehearsal($releaseId: ID!, $rehearsedAt: DateTime!, $note: String) {
    recordRollbackRehearsal(releaseId: $releaseId, rehearsedAt: $rehearsedAt, note: $note) {
      id
      revision
    }
  }
`)

const PromoteReleaseDocument = graphql(`
  mutation PromoteRelease($releaseId: ID!, $tier: String!, $expectedRevision: Int!) {
    promoteRelease(releaseId: $releaseId, tier: $tier, expectedRevision: $expectedRevision) {
      id
      status
      currentTier
      revision
    }
  }
`)

const RecordPostReleaseValidationDocument = graphql(`
  mutation RecordPostReleaseValidation($releaseId: ID!, $passed: Boolean!, $notes: String) {
    recordPostReleaseValidation(releaseId: $releaseId, passed: $passed, notes: $notes) {
      id
      revision
    }
  }
`)

type Release = NonNullable<ReleaseExecutionQuery['release']>
type Criterion = Release['gates'][number]['gate']['criteria'][number]

export function ReleasePage({ params }: { params: Record<string, string> }) {
  const id = params.id ?? ''
  const q = useQuery(ReleaseExecutionDocument, { id }, { partial: true })
  const r = q.data?.release ?? null
  if (q.error && !q.data) {
    return (
      <div className="grid-container-widescreen padding-y-2" data-testid="release-page">
        <h1>Release</h1>
        <ErrorAlert error={q.error} onReload={() => void q.refetch()} />
      </div>
    )
  }
  if (!q.data) return <Loading label="Loading the release…" testId="release-loading" />
  if (!r) {
    const forbidden = q.partialErrors.some((e) => e.extensions?.code === 'FORBIDDEN')
    return (
      <div className="grid-container padding-y-2" data-testid="release-page">
        <h1>Release</h1>
        <EmptyState
          title={forbidden ? 'Execution details are private to the owning agency' : 'There is no such release, or you may not see it.'}
          testId="release-not-found"
        >
          <Link to="/">Back to the roadmap</Link>
        </EmptyState>
      </div>
    )
  }
  return <ReleaseExecution release={r} refetch={q.refetch} />
}

function ReleaseExecution({ release: r, refetch }: { release: Release; refetch: () => Promise<void> }) {
  const { viewer } = useViewer()
  const may = canExecute(viewer, r.agency.code)
  const strategy = r.plan.program.strategy
  const tz = strategy?.cadence.timeZone ?? 'UTC'
  const path = strategy?.promotionPath ?? []
  const next = nextTier(path, r.currentTier)
  const envQ = useQuery(ReleaseEnvironmentsDocument, { id: r.id }, { partial: true })
  const [status, setStatus] = useState('')

  // latest checkpoint per criterion (the API lists them in recording order)
  const latest = useMemo(() => {
    const m = new Map<string, Release['checkpoints'][number]>()
    for (const c of [...r.checkpoints].sort((a, b) => Date.parse(a.recordedAt) - Date.parse(b.recordedAt))) m.set(c.criterionKey, c)
    return m
  }, [r.checkpoints])
  const allCriteria = useMemo(() => {
    const m = new Map<string, Criterion>()
    for (const g of r.gates) for (const c of g.gate.criteria) m.set(c.key, c)
    for (const c of strategy?.readinessCriteria ?? []) m.set(c.key, c)
    return [...m.values()]
  }, [r.gates, strategy])

  const nextGate = r.gates.find((g) => g.gate.tier === next)
  const isLast = next !== null && path[path.length - 1] === next
  const enterpriseUnmet = (strategy?.readinessCriteria ?? []).filter((c) => !latest.get(c.key)?.met)
  const frozen = useMemo(() => {
    if (!next || !strategy) return null
    try {
      return frozenAt(
        strategy.freezeWindows.map((w) => ({ ...w, reason: w.reason ?? null, recurrence: w.recurrence ?? null })),
        next,
        new Date().toISOString(),
      )
    } catch {
      return null
    }
  }, [next, strategy])

  const [promote, promoteState] = useMutation(PromoteReleaseDocument)
  const doPromote = async () => {
    if (!next) return
    setStatus('')
    const res = await promote({ releaseId: r.id, tier: next, expectedRevision: r.revision })
    if (res) {
      setStatus(`Promoted to ${res.promoteRelease.currentTier}${res.promoteRelease.status === 'RELEASED' ? ' — released' : ''}.`)
      await Promise.all([refetch(), envQ.refetch()])
    }
  }

  const [criterion, setCriterionState] = useState<string>('')
  const setCriterion = (key: string) => {
    setCriterionState(key)
    requestAnimationFrame(() => {
      document.getElementById('checkpoint-form')?.scrollIntoView({ block: 'start' })
      document.getElementById('cp-input-criterionKey')?.focus({ preventScroll: true })
    })
  }

  return (
    <div className="grid-container-widescreen padding-y-2" data-testid="release-page" data-release-id={r.id} data-revision={r.revision}>
      <nav aria-label="Breadcrumb" className="font-body-xs margin-bottom-1">
        <Link to={`/?release=${encodeURIComponent(r.id)}`}>Roadmap</Link> › <Link to={`/plans/${r.plan.id}`}>{r.plan.title}</Link> › {r.name}
      </nav>
      <div className="display-flex flex-align-center flex-wrap" style={{ gap: '0.75rem' }}>
        <h1 className="margin-0">
          {r.name} <span className="ry-version font-heading-md">{r.version}</span>
        </h1>
        <StatusTag status={r.status} testId="release-status" />
      </div>
      <p className="ry-muted margin-top-05">
        {r.agency.name} ({r.agency.code}) · {r.type.toLowerCase()} · plan <StatusTag status={r.plan.status} /> · revision {r.revision} · current tier:{' '}
        <strong data-testid="current-tier">{r.currentTier ?? 'not yet promoted'}</strong> · path {path.join(' → ') || '—'}
      </p>
      {r.summary ? <p>{r.summary}</p> : null}
      <div role="status" aria-live="polite" data-testid="execution-status">
        {status ? (
          <div className="usa-alert usa-alert--success usa-alert--slim">
            <div className="usa-alert__body">
              <p className="usa-alert__text">{status}</p>
            </div>
          </div>
        ) : null}
      </div>

      <div className="ry-layout-2col margin-top-2">
        <div>
          <section className="ry-card" aria-labelledby="gates-title" data-testid="gates">
            <h2 id="gates-title" className="font-heading-md">
              Quality gates
            </h2>
            {r.gates.length === 0 ? <p className="ry-muted">The strategy defines no gates.</p> : null}
            {r.gates.map((g) => (
              <div key={g.gate.id} className={`ry-gate ${g.passed ? 'is-passed' : 'is-failed'}`} data-testid={`gate-${g.gate.key}`} data-passed={g.passed}>
                <h3 className="font-heading-sm margin-bottom-05">
                  {g.gate.name} <span className="ry-muted">(entry into {g.gate.tier})</span>{' '}
                  <StatusTag status={g.passed ? 'APPROVED' : 'ERROR'} label={g.passed ? 'PASSED' : 'NOT PASSED'} />
                </h3>
                <CriteriaList criteria={g.gate.criteria} unmet={g.unmetCriteria} latest={latest} tz={tz} onRecord={may ? setCriterion : undefined} />
              </div>
            ))}
            {strategy && strategy.readinessCriteria.length > 0 ? (
              <div className={`ry-gate ${enterpriseUnmet.length ? 'is-failed' : 'is-passed'}`} data-testid="enterprise-readiness">
                <h3 className="font-heading-sm margin-bottom-05">
                  Enterprise readiness <span className="ry-muted">(before {path[path.length - 1] ?? 'the last tier'})</span>
                </h3>
                <CriteriaList
                  criteria={strategy.readinessCriteria}
                  unmet={enterpriseUnmet.map((c) => c.key)}
                  latest={latest}
                  tz={tz}
                  onRecord={may ? setCriterion : undefined}
                />
              </div>
            ) : null}
          </section>

          {may ? (
            <CheckpointForm
              releaseId={r.id}
              criteria={allCriteria}
              criterion={criterion}
              onCriterion={setCriterionState}
              onSaved={async (msg) => {
                setStatus(msg)
                await refetch()
              }}
            />
          ) : null}

          <section className="ry-card" aria-labelledby="checkpoints-title">
            <h2 id="checkpoints-title" className="font-heading-md">
              Checkpoint history
            </h2>
            {r.checkpoints.length === 0 ? (
              <p className="ry-muted" data-testid="no-checkpoints">
                No checkpoints recorded yet.
              </p>
            ) : (
              <table className="usa-table usa-table--borderless usa-table--compact width-full" data-testid="checkpoints">
                <thead>
                  <tr>
                    <th scope="col">Criterion</th>
                    <th scope="col">Met</th>
                    <th scope="col">Value</th>
                    <th scope="col">Evidence</th>
                    <th scope="col">Recorded</th>
                  </tr>
                </thead>
                <tbody>
                  {[...r.checkpoints].reverse().map((c, i) => (
                    <tr key={i}>
                      <td>{c.criterionKey}</td>
                      <td>{c.met ? 'yes' : 'no'}</td>
                      <td>{c.value ?? '—'}</td>
                      <td>
                        {c.evidenceUrl ? (
                          <a href={c.evidenceUrl} target="_blank" rel="noreferrer">
                            link
                          </a>
                        ) : (
                          '—'
                        )}
                      </td>
                      <td>
                        {c.recordedBy}, {formatInstant(c.recordedAt, tz)}
                        {c.note ? ` — ${c.note}` : ''}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            )}
          </section>

          <EnvironmentsSection q={envQ} tz={tz} />
        </div>

        <aside className="ry-sticky-side" aria-label="Promotion and validation">
          <section className="ry-card" aria-labelledby="promote-title" data-testid="promotion">
            <h2 id="promote-title" className="font-heading-md">
              Promotion
            </h2>
            {next === null ? (
              <p data-testid="promotion-done">{r.currentTier ? `In ${r.currentTier}, the last tier of the path.` : 'No promotion path.'}</p>
            ) : (
              <>
                <p>
                  Next tier: <strong data-testid="next-tier">{next}</strong>
                </p>
                <ul className="usa-list">
                  <li>Plan approved: {r.plan.status === 'APPROVED' ? 'yes' : <strong className="text-error">no ({r.plan.status.toLowerCase()})</strong>}</li>
                  <li>
                    Gate:{' '}
                    {nextGate ? (
                      nextGate.passed ? (
                        'passed'
                      ) : (
                        <strong className="text-error">unmet {nextGate.unmetCriteria.join(', ')}</strong>
                      )
                    ) : (
                      'none for this tier'
                    )}
                  </li>
                  {isLast ? (
                    <li>
                      Enterprise readiness:{' '}
                      {enterpriseUnmet.length ? <strong className="text-error">unmet {enterpriseUnmet.map((c) => c.key).join(', ')}</strong> : 'met'}
                    </li>
                  ) : null}
                  <li data-testid="frozen-now">
                    Freeze now:{' '}
                    {frozen ? (
                      <strong className="text-error">
                        {frozen.name} until {formatInstant(frozen.end, tz)}
                      </strong>
                    ) : (
                      'none'
                    )}
                  </li>
                </ul>
                <ErrorAlert error={promoteState.error} onReload={() => void refetch()} testId="promote-error" />
                {may ? (
                  <BusyButton busy={promoteState.loading} busyLabel="Promoting…" onClick={() => void doPromote()} data-testid="promote">
                    Promote to {next}
                  </BusyButton>
                ) : null}
              </>
            )}
          </section>
          <RollbackSection
            release={r}
            tz={tz}
            may={may}
            onSaved={async (m) => {
              setStatus(m)
              await refetch()
            }}
          />
          <ValidationSection
            release={r}
            tz={tz}
            may={may}
            onSaved={async (m) => {
              setStatus(m)
              await refetch()
            }}
          />
        </aside>
      </div>
    </div>
  )
}

function CriteriaList({
  criteria,
  unmet,
  latest,
  tz,
  onRecord,
}: {
  criteria: Criterion[]
  unmet: readonly string[]
  latest: ReadonlyMap<string, Release['checkpoints'][number]>
  tz: string
  onRecord?: ((key: string) => void) | undefined
}) {
  return (
    <ul className="usa-list usa-list--unstyled">
      {criteria.map((c) => {
        const cp = latest.get(c.key)
        const ok = !unmet.includes(c.key)
        return (
          <li key={c.key} className="margin-bottom-05" data-testid={`criterion-${c.key}`} data-met={ok}>
            <span aria-hidden="true" className={ok ? 'text-green' : 'text-error'}>
              {ok ? '✔' : '✖'}
            </span>{' '}
            <span className="usa-sr-only">{ok ? 'met' : 'unmet'}: </span>
            <strong>{c.key}</strong> — {c.description}{' '}
            <span className="ry-muted">
              ({c.kind === 'ATTESTATION' ? 'attestation' : `${c.kind === 'METRIC_AT_LEAST' ? '≥' : '≤'} ${c.threshold}`}
              {c.evidenceRequired ? ', evidence required' : ''})
            </span>
            {cp ? (
              <span className="ry-muted">
                {' '}
                · last: {cp.value ?? (cp.met ? 'attested' : 'not met')} by {cp.recordedBy} {formatInstant(cp.recordedAt, tz)}
                {cp.evidenceUrl ? (
                  <>
                    {' '}
                    <a href={cp.evidenceUrl} target="_blank" rel="noreferrer">
                      evidence
                    </a>
                  </>
                ) : null}
              </span>
            ) : null}
            {onRecord ? (
              <>
                {' '}
                <button type="button" className="usa-button usa-button--unstyled" onClick={() => onRecord(c.key)} data-testid={`record-${c.key}`}>
                  record…
                </button>
              </>
            ) : null}
          </li>
        )
      })}
    </ul>
  )
}

function CheckpointForm({
  releaseId,
  criteria,
  criterion,
  onCriterion,
  onSaved,
}: {
  releaseId: string
  criteria: Criterion[]
  criterion: string
  onCriterion: (k: string) => void
  onSaved: (msg: string) => Promise<void>
}) {
  const c = criteria.find((x) => x.key === criterion) ?? null
  const [form, setForm] = useState({ value: '', attested: true, evidenceUrl: '', note: '' })
  const [record, state] = useMutation(RecordCheckpointDocument)
  const errors = useMemo(() => fieldErrorMap(state.error), [state.error])
  const submit = async (e: FormEvent) => {
    e.preventDefault()
    if (!c) return
    const metric = c.kind !== 'ATTESTATION'
    const res = await record({
      releaseId,
      input: {
        criterionKey: c.key,
        value: metric && form.value !== '' ? Number(form.value) : null,
        attested: metric ? null : form.attested,
        evidenceUrl: form.evidenceUrl.trim() || null,
        note: form.note.trim() || null,
      },
    })
    if (res) {
      setForm({ value: '', attested: true, evidenceUrl: '', note: '' })
      await onSaved(`Recorded ${res.recordCheckpoint.criterionKey}: ${res.recordCheckpoint.met ? 'met' : 'not met'}.`)
    }
  }
  return (
    <section className="ry-card" aria-labelledby="checkpoint-title" data-testid="checkpoint-form" id="checkpoint-form">
      <h2 id="checkpoint-title" className="font-heading-md">
        Record a readiness checkpoint
      </h2>
      <form onSubmit={(e) => void submit(e)} noValidate>
        <FieldScope errors={errors} prefix="cp">
          {state.error?.code === 'BAD_USER_INPUT' ? (
            <ErrorSummary error={state.error} prefix="cp" />
          ) : (
            <ErrorAlert error={state.error} testId="checkpoint-error" />
          )}
          <div className="ry-row-form">
            <SelectField
              path="input.criterionKey"
              label="Criterion"
              value={criterion}
              emptyLabel="— choose —"
              options={criteria.map((x) => ({ value: x.key, label: `${x.key} — ${x.description}` }))}
              onChange={onCriterion}
              testId="checkpoint-criterion"
            />
            {c && c.kind !== 'ATTESTATION' ? (
              <TextField
                path="input.value"
                label={`Value (${c.kind === 'METRIC_AT_LEAST' ? 'at least' : 'at most'} ${c.threshold})`}
                type="number"
                step="any"
                value={form.value}
                onChange={(v) => setForm({ ...form, value: v })}
              />
            ) : null}
            <TextField
              path="input.evidenceUrl"
              label={`Evidence link${c?.evidenceRequired ? ' (required for this criterion)' : ''}`}
              type="url"
              placeholder="https://…"
              value={form.evidenceUrl}
              onChange={(v) => setForm({ ...form, evidenceUrl: v })}
            />
          </div>
          {c && c.kind === 'ATTESTATION' ? (
            <CheckboxField path="input.attested" label="I attest that this holds" checked={form.attested} onChange={(v) => setForm({ ...form, attested: v })} />
          ) : null}
          <TextArea path="input.note" label="Note" rows={2} value={form.note} onChange={(v) => setForm({ ...form, note: v })} />
          <BusyButton
            type="submit"
            busy={state.loading}
            busyLabel="Recording…"
            disabled={!c}
            className="usa-button margin-top-2"
            data-testid="record-checkpoint"
          >
            Record checkpoint
          </BusyButton>
        </FieldScope>
      </form>
    </section>
  )
}

function RollbackSection({ release: r, tz, may, onSaved }: { release: Release; tz: string; may: boolean; onSaved: (m: string) => Promise<void> }) {
  const [at, setAt] = useState(() => toLocalInput(new Date().toISOString(), tz))
  const [note, setNote] = useState('')
  const [rehearse, state] = useMutation(RecordRollbackRehearsalDocument)
  const errors = useMemo(() => fieldErrorMap(state.error), [state.error])
  const submit = async () => {
    const rehearsedAt = fromLocalInput(at, tz)
    if (!rehearsedAt) return
    if (await rehearse({ releaseId: r.id, rehearsedAt, note: note.trim() || null })) {
      setNote('')
      await onSaved('Rollback rehearsal recorded.')
    }
  }
  return (
    <section className="ry-card" aria-labelledby="rollback-title" data-testid="rollback">
      <h2 id="rollback-title" className="font-heading-md">
        Rollback
      </h2>
      {!r.rollback ? (
        <p className="text-error" data-testid="no-rollback">
          No rollback plan. Add one in the plan editor.
        </p>
      ) : (
        <>
          <p>
            {r.rollback.strategy.replace(/_/g, ' ').toLowerCase()} within {r.rollback.maxMinutes} min.{' '}
            <span data-testid="rehearsed-at">
              {r.rollback.rehearsedAt ? `Last rehearsed ${formatInstant(r.rollback.rehearsedAt, tz)}.` : 'Never rehearsed.'}
            </span>
          </p>
          {r.rollback.triggers.length ? <p className="ry-muted">Triggers: {r.rollback.triggers.join('; ')}</p> : null}
          {may ? (
            <FieldScope errors={errors} prefix="rb">
              <ErrorAlert error={state.error?.code === 'BAD_USER_INPUT' ? null : state.error} testId="rollback-error" />
              <TextField path="rehearsedAt" label={`Rehearsed at (${tz})`} type="datetime-local" value={at} onChange={setAt} testId="rehearsal-at" />
              <TextField path="note" label="Note" value={note} onChange={setNote} testId="rehearsal-note" />
              <BusyButton
                busy={state.loading}
                className="usa-button usa-button--outline margin-top-2"
                onClick={() => void submit()}
                data-testid="rehearse-rollback"
              >
                Record rehearsal
              </BusyButton>
            </FieldScope>
          ) : null}
        </>
      )}
    </section>
  )
}

function ValidationSection({ release: r, tz, may, onSaved }: { release: Release; tz: string; may: boolean; onSaved: (m: string) => Promise<void> }) {
  const [passed, setPassed] = useState(true)
  const [notes, setNotes] = useState('')
  const [record, state] = useMutation(RecordPostReleaseValidationDocument)
  const v = r.postReleaseValidation
  const submit = async () => {
    if (await record({ releaseId: r.id, passed, notes: notes.trim() || null })) {
      setNotes('')
      await onSaved(`Post-release validation recorded: ${passed ? 'passed' : 'failed'}.`)
    }
  }
  return (
    <section className="ry-card" aria-labelledby="validation-title" data-testid="post-release-validation">
      <h2 id="validation-title" className="font-heading-md">
        Post-release validation
      </h2>
      {r.validations.length ? (
        <ul className="usa-list">
          {r.validations.map((x, i) => (
            <li key={i}>
              {x.tier}: {x.description} ({x.owner})
            </li>
          ))}
        </ul>
      ) : null}
      <p data-testid="validation-result">
        {v ? (
          <>
            <StatusTag status={v.passed ? 'SUCCEEDED' : 'FAILED'} /> by {v.recordedBy} {formatInstant(v.recordedAt, tz)}
            {v.notes ? ` — ${v.notes}` : ''}
          </>
        ) : (
          'Not recorded yet.'
        )}
      </p>
      {may ? (
        <FieldScope errors={fieldErrorMap(state.error)} prefix="prv">
          <ErrorAlert error={state.error} testId="validation-error" />
          <fieldset className="usa-fieldset">
            <legend className="usa-legend">Result</legend>
            <div className="ry-check">
              <input
                id="prv-passed"
                type="radio"
                className="ry-check__input"
                name="prv"
                checked={passed}
                onChange={() => setPassed(true)}
                data-testid="validation-passed"
              />
              <label className="ry-check__label" htmlFor="prv-passed">
                Passed
              </label>
            </div>
            <div className="ry-check">
              <input
                id="prv-failed"
                type="radio"
                className="ry-check__input"
                name="prv"
                checked={!passed}
                onChange={() => setPassed(false)}
                data-testid="validation-failed"
              />
              <label className="ry-check__label" htmlFor="prv-failed">
                Failed
              </label>
            </div>
          </fieldset>
          <TextArea path="notes" label="Notes" rows={2} value={notes} onChange={setNotes} testId="validation-notes" />
          <BusyButton
            busy={state.loading}
            className="usa-button usa-button--outline margin-top-2"
            onClick={() => void submit()}
            data-testid="record-validation"
          >
            Record validation
          </BusyButton>
        </FieldScope>
      ) : null}
    </section>
  )
}

function EnvironmentsSection({ q, tz }: { q: QueryState<ReleaseEnvironmentsQuery>; tz: string }) {
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
          {r.environmentReadiness.length === 0 ? (
            <p className="ry-muted">No scheduled window names an environment.</p>
          ) : (
            <table className="usa-table usa-table--borderless usa-table--compact width-full" data-testid="readiness">
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
                  <tr key={i} data-testid={`readiness-${x.tier}`} data-ready={x.ready}>
                    <td>{x.tier}</td>
                    <td>{x.environment.key}</td>
                    <td>{x.ready ? <StatusTag status="AVAILABLE" label="READY" /> : <StatusTag status="ERROR" label="BLOCKED" />}</td>
                    <td>
                      {x.blockers.length === 0
                        ? '—'
                        : x.blockers.map((b, k) => (
                            <div key={k}>
                              <strong>{b.code.replace(/_/g, ' ').toLowerCase()}</strong>: {b.message}
                            </div>
                          ))}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
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
