/**
 * Plan editor (`/plans/:id`): plan fields, each release's sections, the alignment report live
 * beside them (refetched after every save), submit and realign. Stale edits (CONFLICT) offer a
 * reload; field errors land next to their inputs.
 */
import { useEffect, useEffectEvent, useMemo, useState } from 'react'
import { ApiError, fieldErrorMap } from '../../api/client.ts'
import { useMutation, useQuery } from '../../api/hooks.ts'
import { ErrorSummary, FieldScope, TextArea, TextField } from '../../components/fields.tsx'
import { BusyButton, EmptyState, ErrorAlert, Loading, PartialErrors, StatusTag } from '../../components/status.tsx'
import type { PlanEditorQuery, ReleaseEditorFieldsFragment, UpdateAgencyPlanMutation, UpdateAgencyPlanMutationVariables } from '../../gql/graphql.ts'
import { formatDate, formatInstant } from '../../lib/time.ts'
import { Link, useSearchParams } from '../../router.tsx'
import { canEditPlan, useViewer } from '../../viewer.tsx'
import { ExportButton, exportHref, paths } from '../roadmap/export-links.tsx'
import { AlignmentPanel } from './alignment-panel.tsx'
import {
  AddReleaseDocument,
  CancelReleaseDocument,
  PlanEditorDocument,
  PlanEditorOptionsDocument,
  RealignAgencyPlanDocument,
  SubmitAgencyPlanDocument,
  UpdateAgencyPlanDocument,
  UpdateReleaseDocument,
} from './plan-documents.ts'
import { checkDraft, draftFromRelease, draftToInput, emptyDraft, sectionOf } from './release-draft.ts'
import type { ReleaseDraft } from './release-draft.ts'
import { ReleaseEditor, SECTIONS } from './release-editor.tsx'
import type { EditorOptions, SectionId } from './release-editor.tsx'

const NEW = 'new'

export function PlanEditorPage({ params }: { params: Record<string, string> }) {
  const id = params.id ?? ''
  const q = useQuery(PlanEditorDocument, { id }, { partial: true })
  const plan = q.data?.agencyPlan ?? null
  if (q.error && !q.data) {
    return (
      <div className="grid-container-widescreen padding-y-2" data-testid="plan-editor">
        <h1>Plan</h1>
        <ErrorAlert error={q.error} onReload={() => void q.refetch()} />
      </div>
    )
  }
  if (!q.data) return <Loading label="Loading the plan…" testId="plan-loading" />
  if (!plan) {
    return (
      <div className="grid-container-widescreen padding-y-2" data-testid="plan-editor">
        <h1>Plan not found</h1>
        <EmptyState title="There is no such plan, or you may not see it." testId="plan-not-found">
          <Link to="/plans">Back to plans</Link>
        </EmptyState>
      </div>
    )
  }
  return <PlanEditor plan={plan} refetch={q.refetch} refreshing={q.loading} partialErrors={q.partialErrors} />
}

type Plan = NonNullable<PlanEditorQuery['agencyPlan']>
const NO_TIERS: string[] = []
const NO_LEVELS: { level: number; title: string; contact: string; responseMinutes: number }[] = []

function PlanEditor({
  plan,
  refetch,
  refreshing,
  partialErrors,
}: {
  plan: Plan
  refetch: () => Promise<void>
  refreshing: boolean
  partialErrors: Parameters<typeof PartialErrors>[0]['errors']
}) {
  const { viewer } = useViewer()
  const canEdit = canEditPlan(viewer, plan.agency.code, plan.status)
  const strategy = plan.program.strategy
  const tz = strategy?.cadence.timeZone ?? 'UTC'
  const promotionPath = strategy?.promotionPath ?? NO_TIERS
  const programEscalation = strategy?.escalationPath ?? NO_LEVELS
  const releases = plan.releases as ReleaseEditorFieldsFragment[]

  const [params, setParams] = useSearchParams()
  const selectedKey = params.get('release') ?? releases[0]?.id ?? null
  const section = (SECTIONS.some((s) => s.id === params.get('tab')) ? params.get('tab') : 'basics') as SectionId
  const setView = (patch: { release?: string | null; tab?: string | null }) => {
    const next = new URLSearchParams(params)
    for (const [k, v] of Object.entries(patch)) {
      if (v) next.set(k, v)
      else next.delete(k)
    }
    setParams(next)
  }

  const optionsQ = useQuery(PlanEditorOptionsDocument, { programId: plan.program.id, from: plan.periodStart, to: plan.periodEnd }, { partial: true })
  const selected = selectedKey && selectedKey !== NEW ? (releases.find((r) => r.id === selectedKey) ?? null) : null
  const options = useMemo<EditorOptions>(() => {
    const p = optionsQ.data?.program
    const env = (p?.environments ?? [])
      .filter((e) => !e.agency || e.agency.code === plan.agency.code)
      .map((e) => ({ value: e.id, label: `${e.key} (${e.tier})` }))
    const cycles = (p?.cycles ?? []).map((c) => ({ value: c.id, label: `${c.name} (${c.releaseDate})` }))
    const rels = (p?.agencies ?? []).flatMap((a) =>
      a.plans.flatMap((pl) => pl.releases.map((r) => ({ value: r.id, label: `${a.code} · ${r.name} ${r.version}` }))),
    )
    // keep what the release already references, even when not listed
    for (const w of selected?.schedule ?? [])
      if (w.environment) {
        const { id, key } = w.environment
        if (!env.some((o) => o.value === id)) env.push({ value: id, label: key })
      }
    const cycle = selected?.cycle
    if (cycle && !cycles.some((c) => c.value === cycle.id)) cycles.push({ value: cycle.id, label: cycle.name })
    for (const d of selected?.dependencies ?? [])
      if (d.release) {
        const r = d.release
        if (!rels.some((o) => o.value === r.id)) rels.push({ value: r.id, label: `${r.agency.code} · ${r.name} ${r.version}` })
      }
    return {
      tiers: promotionPath.length ? promotionPath : [...new Set(releases.flatMap((r) => r.schedule.map((w) => w.tier)))],
      environments: env,
      cycles,
      releases: rels.filter((o) => o.value !== selected?.id),
      sharedComponents: (p?.sharedComponents ?? []).map((c) => ({
        value: c.id,
        label: `${c.name} (${c.key}${c.currentVersion ? ` ${c.currentVersion}` : ''})`,
      })),
    }
  }, [optionsQ.data, plan.agency.code, selected, promotionPath, releases])

  // ---------------------------------------------------------------- the release draft
  const [work, setWork] = useState<{ key: string | null; base: number | null; draft: ReleaseDraft; dirty: boolean } | null>(null)
  // The draft follows the selected release (a new one, or a newer revision unless it was edited).
  // It is adjusted while rendering whenever what it follows changes (React's "adjusting state
  // when a prop changes"), so no render shows a draft of another release.
  const follows = { selectedKey, selected, promotionPath, programEscalation, empty: work === null }
  const [followed, setFollowed] = useState<typeof follows | null>(null)
  if (
    followed === null ||
    followed.selectedKey !== follows.selectedKey ||
    followed.selected !== follows.selected ||
    followed.promotionPath !== follows.promotionPath ||
    followed.programEscalation !== follows.programEscalation ||
    followed.empty !== follows.empty
  ) {
    setFollowed(follows)
    setWork((w) => {
      if (selectedKey === NEW) return w?.key === NEW ? w : { key: NEW, base: null, draft: emptyDraft(promotionPath), dirty: false }
      if (!selected) return null
      if (w && w.key === selected.id && (w.dirty || w.base === selected.revision)) return w
      return { key: selected.id, base: selected.revision, draft: draftFromRelease(selected, programEscalation), dirty: false }
    })
  }
  const dirty = work?.dirty ?? false
  useEffect(() => {
    if (!dirty) return
    const warn = (e: BeforeUnloadEvent) => e.preventDefault()
    window.addEventListener('beforeunload', warn)
    return () => window.removeEventListener('beforeunload', warn)
  }, [dirty])

  const selectRelease = (key: string | null) => {
    if (key === selectedKey) return
    if (dirty && !window.confirm('Discard the unsaved changes to this release?')) return
    setWork(null)
    setReleaseError(null)
    setView({ release: key, tab: null })
  }

  // ---------------------------------------------------------------- mutations
  const [addRelease, addState] = useMutation(AddReleaseDocument)
  const [updateRelease, updateState] = useMutation(UpdateReleaseDocument)
  const [cancelRelease, cancelState] = useMutation(CancelReleaseDocument)
  const [updatePlan, planState] = useMutation(UpdateAgencyPlanDocument)
  const [submitPlan, submitState] = useMutation(SubmitAgencyPlanDocument)
  const [realignPlan, realignState] = useMutation(RealignAgencyPlanDocument)
  const [releaseError, setReleaseError] = useState<ApiError | null>(null)
  const [status, setStatus] = useState('')

  const saveRelease = async () => {
    if (!work) return
    setStatus('')
    const problems = checkDraft(work.draft)
    if (problems.length > 0) {
      const err = new ApiError('Invalid input', {
        code: 'BAD_USER_INPUT',
        errors: [{ message: 'Invalid input', extensions: { code: 'BAD_USER_INPUT', fieldErrors: problems } }],
      })
      setReleaseError(err)
      const [first] = problems
      if (first) setView({ tab: sectionOf(first.path) })
      return
    }
    setReleaseError(null)
    const input = draftToInput(work.draft)
    const { key: releaseId, base } = work
    if (releaseId !== NEW && (releaseId === null || base === null)) return
    const res =
      releaseId === NEW || base === null
        ? await addRelease({ planId: plan.id, expectedRevision: plan.revision, input }).then((d) =>
            d ? { id: d.addRelease.id, revision: d.addRelease.revision } : null,
          )
        : await updateRelease({ id: releaseId, expectedRevision: base, input }).then((d) =>
            d ? { id: d.updateRelease.id, revision: d.updateRelease.revision } : null,
          )
    if (!res) return
    setStatus(`Saved “${input.name}”.`)
    setWork((w) => (w ? { ...w, key: res.id, base: res.revision, dirty: false } : w))
    if (work.key === NEW) setView({ release: res.id })
    await refetch()
  }
  const mutationError = addState.error ?? updateState.error
  // A new save error is shown, and its first field error's section opened (once per error).
  const showMutationError = useEffectEvent((error: ApiError) => {
    setReleaseError(error)
    const first = error.fieldErrors[0]
    if (first) setView({ tab: sectionOf(first.path) })
  })
  useEffect(() => {
    if (mutationError) showMutationError(mutationError)
  }, [mutationError])

  const reloadLatest = async () => {
    setReleaseError(null)
    addState.reset()
    updateState.reset()
    setWork(null)
    await refetch()
  }

  const errors = useMemo(() => fieldErrorMap(releaseError), [releaseError])
  const errorCounts = useMemo(() => {
    const m = new Map<string, number>()
    for (const fe of releaseError?.fieldErrors ?? []) m.set(sectionOf(fe.path), (m.get(sectionOf(fe.path)) ?? 0) + 1)
    return m
  }, [releaseError])

  // cancel release
  const [cancelReason, setCancelReason] = useState<string | null>(null)
  const doCancel = async () => {
    if (!selected || cancelReason === null) return
    const ok = await cancelRelease({ id: selected.id, expectedRevision: selected.revision, reason: cancelReason })
    if (ok) {
      setCancelReason(null)
      setStatus(`Cancelled “${selected.name}”.`)
      setWork(null)
      await refetch()
    }
  }

  // plan actions
  const doSubmit = async () => {
    setStatus('')
    if (await submitPlan({ id: plan.id, expectedRevision: plan.revision })) {
      setStatus('Plan submitted for approval.')
      await refetch()
    }
  }
  const doRealign = async () => {
    setStatus('')
    if (await realignPlan({ id: plan.id, expectedRevision: plan.revision })) {
      setStatus('Plan realigned to the latest strategy.')
      await refetch()
    }
  }
  const latestVersion = strategy?.version ?? null
  const canSubmit = canEdit && (plan.status === 'DRAFT' || plan.status === 'REJECTED')
  const planActionError = submitState.error ?? realignState.error

  const issueCount = (rid: string) => plan.alignment.issues.filter((i) => i.release?.id === rid).length

  return (
    <div className="grid-container-widescreen padding-y-2" data-testid="plan-editor" data-plan-id={plan.id} data-revision={plan.revision}>
      <nav aria-label="Breadcrumb" className="font-body-xs margin-bottom-1">
        <Link to="/plans">Plans</Link> › {plan.agency.code}
      </nav>
      <div className="display-flex flex-align-center flex-wrap" style={{ gap: '0.75rem' }}>
        <h1 className="margin-0" data-testid="plan-title">
          {plan.title}
        </h1>
        <StatusTag status={plan.status} testId="plan-status" />
      </div>
      <p className="ry-muted margin-top-05">
        {plan.agency.name} ({plan.agency.code}) · {formatDate(plan.periodStart)} – {formatDate(plan.periodEnd)} · revision {plan.revision} · strategy v
        {plan.strategyVersion} · updated {formatInstant(plan.updatedAt, tz)} by {plan.updatedBy}
      </p>
      <RmpLinks planId={plan.id} />
      {!canEdit ? (
        <div className="usa-alert usa-alert--info usa-alert--slim" data-testid="read-only">
          <div className="usa-alert__body">
            <p className="usa-alert__text">
              {plan.status === 'SUBMITTED'
                ? 'This plan is submitted for approval and cannot be edited until it is decided.'
                : 'You can read this plan but not change it.'}
            </p>
          </div>
        </div>
      ) : null}
      <PartialErrors errors={partialErrors} />
      <div role="status" aria-live="polite" className="ry-save-status" data-testid="save-status">
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
          <PlanFields
            plan={plan}
            canEdit={canEdit}
            update={updatePlan}
            state={planState}
            onSaved={async () => {
              setStatus('Plan saved.')
              await refetch()
            }}
            onReload={reloadLatest}
          />

          <section className="ry-card" aria-labelledby="releases-title">
            <div className="display-flex flex-justify flex-align-center">
              <h2 id="releases-title" className="font-heading-md margin-0">
                Releases
              </h2>
              {canEdit ? (
                <button type="button" className="usa-button usa-button--outline usa-button--small" onClick={() => selectRelease(NEW)} data-testid="add-release">
                  + New release
                </button>
              ) : null}
            </div>
            <div className="ry-release-area margin-top-1">
              <div>
                {releases.length === 0 && selectedKey !== NEW ? (
                  <p className="ry-muted" data-testid="no-releases">
                    No releases yet.
                  </p>
                ) : (
                  <ul className="ry-release-list" data-testid="release-list">
                    {releases.map((r) => (
                      <li key={r.id}>
                        <button type="button" aria-current={r.id === selectedKey} onClick={() => selectRelease(r.id)} data-testid={`select-release-${r.id}`}>
                          <span className="flex-1">
                            {r.name} <span className="ry-version">{r.version}</span>
                          </span>
                          {issueCount(r.id) ? (
                            <span className="ry-flag ry-flag--error" title={`${issueCount(r.id)} alignment issues`}>
                              {issueCount(r.id)}
                            </span>
                          ) : null}
                          {r.status === 'CANCELLED' ? <StatusTag status="CANCELLED" /> : null}
                        </button>
                      </li>
                    ))}
                    {selectedKey === NEW ? (
                      <li>
                        <button type="button" aria-current="true">
                          <em>New release</em>
                        </button>
                      </li>
                    ) : null}
                  </ul>
                )}
              </div>
              <div className="minw-0" data-testid="release-editor">
                {work ? (
                  <FieldScope errors={errors} prefix="rel" disabled={!canEdit}>
                    <div className="display-flex flex-align-center flex-wrap" style={{ gap: '0.5rem' }}>
                      <h3 className="margin-0 font-heading-sm">{work.key === NEW ? 'New release' : (selected?.name ?? '')}</h3>
                      {selected ? (
                        <>
                          <StatusTag status={selected.status} />
                          <span className="ry-muted">revision {selected.revision}</span>
                          <Link to={`/releases/${selected.id}`} className="font-body-xs" data-testid="open-execution">
                            Gates &amp; promotion →
                          </Link>
                        </>
                      ) : null}
                      {work.dirty ? (
                        <span className="ry-dirty" data-testid="unsaved">
                          Unsaved changes
                        </span>
                      ) : null}
                    </div>
                    {releaseError?.code === 'BAD_USER_INPUT' ? (
                      <ErrorSummary error={releaseError} prefix="rel" testId="release-error-summary" onNavigate={(path) => setView({ tab: sectionOf(path) })} />
                    ) : (
                      <ErrorAlert error={releaseError} onReload={() => void reloadLatest()} testId="release-error" />
                    )}
                    <ReleaseEditor
                      draft={work.draft}
                      onChange={(draft) => setWork({ ...work, draft, dirty: true })}
                      section={section}
                      onSection={(s) => setView({ tab: s })}
                      errorCounts={errorCounts}
                      timeZone={tz}
                      options={options}
                      programEscalation={programEscalation}
                    />
                    {canEdit ? (
                      <div className="ry-toolbar-actions">
                        <BusyButton
                          busy={addState.loading || updateState.loading}
                          busyLabel="Saving…"
                          onClick={() => void saveRelease()}
                          data-testid="save-release"
                        >
                          {work.key === NEW ? 'Add release' : 'Save release'}
                        </BusyButton>
                        {work.dirty ? (
                          <button
                            type="button"
                            className="usa-button usa-button--unstyled"
                            onClick={() => {
                              setReleaseError(null)
                              setWork(null)
                              if (work.key === NEW) setView({ release: null })
                            }}
                            data-testid="discard-release"
                          >
                            Discard changes
                          </button>
                        ) : null}
                        {selected && selected.status !== 'CANCELLED' ? (
                          cancelReason === null ? (
                            <button type="button" className="usa-button usa-button--secondary" onClick={() => setCancelReason('')} data-testid="cancel-release">
                              Cancel release…
                            </button>
                          ) : (
                            <div className="ry-card width-full margin-0" data-testid="cancel-release-form">
                              <FieldScope errors={fieldErrorMap(cancelState.error)} prefix="cancel">
                                <TextArea path="reason" label="Why is this release cancelled?" value={cancelReason} onChange={setCancelReason} />
                              </FieldScope>
                              <ErrorAlert error={cancelState.error} onReload={() => void reloadLatest()} testId="cancel-error" />
                              <BusyButton
                                busy={cancelState.loading}
                                className="usa-button usa-button--secondary"
                                disabled={!cancelReason.trim()}
                                onClick={() => void doCancel()}
                                data-testid="confirm-cancel-release"
                              >
                                Cancel the release
                              </BusyButton>
                              <button type="button" className="usa-button usa-button--unstyled" onClick={() => setCancelReason(null)}>
                                Keep it
                              </button>
                            </div>
                          )
                        ) : null}
                      </div>
                    ) : null}
                  </FieldScope>
                ) : releases.length > 0 || selectedKey === NEW ? (
                  <p className="ry-muted">Choose a release.</p>
                ) : canEdit ? (
                  <p>
                    Add the first release of this plan with <strong>+ New release</strong>.
                  </p>
                ) : null}
              </div>
            </div>
          </section>
        </div>

        <aside className="ry-sticky-side" aria-label="Alignment and approval">
          <section className="ry-card" aria-labelledby="actions-title">
            <h2 id="actions-title" className="font-heading-md">
              Approval
            </h2>
            <ErrorAlert error={planActionError} onReload={() => void reloadLatest()} testId="plan-action-error" />
            <div className="ry-toolbar-actions">
              {canSubmit ? (
                <BusyButton
                  busy={submitState.loading}
                  busyLabel="Submitting…"
                  disabled={!plan.alignment.aligned || dirty}
                  onClick={() => void doSubmit()}
                  data-testid="submit-plan"
                  title={!plan.alignment.aligned ? 'Fix the alignment errors first' : dirty ? 'Save or discard your changes first' : undefined}
                >
                  Submit for approval
                </BusyButton>
              ) : null}
              {canEdit && (plan.alignment.stale || (latestVersion !== null && plan.strategyVersion < latestVersion)) ? (
                <BusyButton
                  busy={realignState.loading}
                  busyLabel="Realigning…"
                  className="usa-button usa-button--outline"
                  onClick={() => void doRealign()}
                  data-testid="realign-plan"
                >
                  Realign to strategy v{latestVersion}
                </BusyButton>
              ) : null}
              <button type="button" className="usa-button usa-button--unstyled" onClick={() => void reloadLatest()} data-testid="reload-plan">
                Reload
              </button>
            </div>
            {canSubmit && !plan.alignment.aligned ? <p className="ry-muted font-body-xs">Submitting needs an aligned plan (no ERROR issues).</p> : null}
            {plan.approvals.length > 0 ? (
              <ul className="usa-list usa-list--unstyled" data-testid="plan-approvals">
                {plan.approvals.map((a) => (
                  <li key={a.id} className="margin-bottom-1">
                    <StatusTag status={a.status} /> {a.workflow.name} · requested by {a.requestedBy} {formatInstant(a.requestedAt, tz)}
                    {a.currentStep !== null ? ` · waiting on step ${a.currentStep}` : ''}
                    <ul>
                      {a.decisions.map((d, k) => (
                        <li key={k}>
                          Step {d.step}: {d.decision.toLowerCase()} by {d.decidedBy}
                          {d.comment ? ` — “${d.comment}”` : ''}
                        </li>
                      ))}
                    </ul>
                  </li>
                ))}
              </ul>
            ) : (
              <p className="ry-muted">Not submitted yet.</p>
            )}
          </section>
          <AlignmentPanel alignment={plan.alignment} refreshing={refreshing} latestVersion={latestVersion} onSelectRelease={(rid) => selectRelease(rid)} />
        </aside>
      </div>
    </div>
  )
}

function PlanFields({
  plan,
  canEdit,
  update,
  state,
  onSaved,
  onReload,
}: {
  plan: Plan
  canEdit: boolean
  update: (vars: UpdateAgencyPlanMutationVariables) => Promise<UpdateAgencyPlanMutation | null>
  state: { loading: boolean; error: ApiError | null; reset: () => void }
  onSaved: () => Promise<void>
  onReload: () => Promise<void>
}) {
  const [form, setForm] = useState({ title: plan.title, periodStart: plan.periodStart, periodEnd: plan.periodEnd })
  const [base, setBase] = useState(plan.revision)
  const dirty = form.title !== plan.title || form.periodStart !== plan.periodStart || form.periodEnd !== plan.periodEnd
  // A newer plan (saved here or elsewhere) becomes the base; an unedited form follows it. Adjusted
  // while rendering when the plan's fields change (React's "adjusting state when a prop changes").
  const [seen, setSeen] = useState({ revision: plan.revision, title: plan.title, periodStart: plan.periodStart, periodEnd: plan.periodEnd })
  if (seen.revision !== plan.revision || seen.title !== plan.title || seen.periodStart !== plan.periodStart || seen.periodEnd !== plan.periodEnd) {
    setSeen({ revision: plan.revision, title: plan.title, periodStart: plan.periodStart, periodEnd: plan.periodEnd })
    if (plan.revision !== base && !dirty) {
      setForm({ title: plan.title, periodStart: plan.periodStart, periodEnd: plan.periodEnd })
    }
    setBase(plan.revision)
  }
  const errors = useMemo(() => fieldErrorMap(state.error), [state.error])
  const save = async () => {
    const input: Record<string, string> = {}
    if (form.title !== plan.title) input.title = form.title
    if (form.periodStart !== plan.periodStart) input.periodStart = form.periodStart
    if (form.periodEnd !== plan.periodEnd) input.periodEnd = form.periodEnd
    if (await update({ id: plan.id, expectedRevision: plan.revision, input })) await onSaved()
  }
  return (
    <section className="ry-card" aria-labelledby="plan-fields-title" data-testid="plan-fields">
      <h2 id="plan-fields-title" className="font-heading-md">
        Plan
      </h2>
      <FieldScope errors={errors} prefix="plan" disabled={!canEdit}>
        {state.error?.code === 'BAD_USER_INPUT' ? (
          <ErrorSummary error={state.error} prefix="plan" testId="plan-error-summary" />
        ) : (
          <ErrorAlert
            error={state.error}
            onReload={async () => {
              state.reset()
              setForm({ title: plan.title, periodStart: plan.periodStart, periodEnd: plan.periodEnd })
              await onReload()
            }}
            testId="plan-error"
          />
        )}
        <div className="ry-row-form">
          <TextField path="input.title" label="Title" required value={form.title} onChange={(v) => setForm({ ...form, title: v })} />
          <TextField
            path="input.periodStart"
            label="Period start"
            type="date"
            required
            value={form.periodStart}
            onChange={(v) => setForm({ ...form, periodStart: v })}
          />
          <TextField
            path="input.periodEnd"
            label="Period end"
            type="date"
            required
            value={form.periodEnd}
            onChange={(v) => setForm({ ...form, periodEnd: v })}
          />
        </div>
        {canEdit ? (
          <div className="ry-toolbar-actions">
            <BusyButton busy={state.loading} busyLabel="Saving…" disabled={!dirty} onClick={() => void save()} data-testid="save-plan">
              Save plan
            </BusyButton>
            {dirty ? <span className="ry-dirty">Unsaved changes</span> : null}
          </div>
        ) : null}
      </FieldScope>
    </section>
  )
}

/** The agency's Release Management Plan generated from this plan by the gateway (HTML in a new tab, or Markdown). */
function RmpLinks({ planId }: { planId: string }) {
  return (
    <p className="font-body-xs margin-top-05" data-testid="plan-exports">
      Export:{' '}
      <ExportButton href={exportHref(paths.rmp(planId, 'html'))} mode="open" testId="export-rmp-html">
        Release Management Plan
      </ExportButton>{' '}
      <span className="ry-muted">(HTML, opens in a new tab)</span> ·{' '}
      <ExportButton href={exportHref(paths.rmp(planId, 'md'))} testId="export-rmp-md">
        <span className="usa-sr-only">Release Management Plan as </span>Markdown (.md)
      </ExportButton>
    </p>
  )
}
