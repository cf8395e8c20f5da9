/**
 * The what-if panel of the roadmap: the form that shifts a release or a whole plan by N days
 * (the keyboard and screen-reader alternative to dragging a bar), the scenario's edits, what the
 * scenario would break or fix (computed by @railyard/release-rules, in words), the link that
 * shares it, and apply (after a confirmation that names the approved plans returning to DRAFT)
 * or discard. Viewers who may not edit plans read a shared scenario here without the controls.
 */
import { useId, useState } from 'react'
import { ConfirmDialog } from '../../components/confirm-dialog.tsx'
import { BusyButton, ErrorAlert } from '../../components/status.tsx'
import { plural } from '../../lib/format.ts'
import type { RoadmapModel } from './roadmap-data.ts'
import type { WhatIfState } from './use-what-if.ts'
import { editText, previewCounts } from './what-if-model.ts'
import type { PreviewSection } from './what-if-model.ts'
import './what-if.css'

export interface WhatIfPanelProps {
  w: WhatIfState
  model: RoadmapModel
  /** the release selected on the roadmap (the form starts with it) */
  selectedId: string | null
  timeZoneLabel: string
}

export function WhatIfPanel({ w, model, selectedId, timeZoneLabel }: WhatIfPanelProps) {
  const [confirming, setConfirming] = useState(false)
  const counts = previewCounts(w.sections)
  const mutations = w.preview?.mutations ?? []
  const blocked = mutations.filter((m) => !w.movable.has(m.releaseId))
  return (
    <section className="ry-card ry-whatif" aria-labelledby="whatif-title" data-testid="whatif-panel">
      <h2 id="whatif-title" className="font-heading-md margin-top-0">
        What-if scenario
      </h2>
      <p className="ry-muted font-body-xs margin-top-0">
        Nothing is saved until you apply it. {w.canEdit ? 'Drag a bar sideways, or use the form, to move a release by whole days.' : ''} Times in{' '}
        {timeZoneLabel}.
      </p>
      {w.problem ? (
        <div className="usa-alert usa-alert--error usa-alert--slim" role="alert" data-testid="whatif-link-error">
          <div className="usa-alert__body">
            <p className="usa-alert__text">{w.problem}</p>
          </div>
        </div>
      ) : null}
      <ErrorAlert error={w.dataError} testId="whatif-data-error" />
      <WhatIfOutcome w={w} />
      <div className="ry-whatif__grid">
        <div>
          {w.canEdit ? <ShiftForm w={w} model={model} selectedId={selectedId} /> : null}
          <h3 className="font-heading-sm">Changes</h3>
          {w.scenario.edits.length === 0 ? (
            <p className="ry-muted" data-testid="whatif-no-edits">
              No changes yet.
            </p>
          ) : (
            <ol className="ry-whatif__edits" data-testid="whatif-edits">
              {w.scenario.edits.map((e, i) => (
                <li key={i} data-testid={`whatif-edit-${i}`}>
                  {editText(e, w.names)}{' '}
                  {w.canEdit ? (
                    <button type="button" className="usa-button usa-button--unstyled" onClick={() => w.remove(i)} data-testid={`whatif-remove-${i}`}>
                      Remove<span className="usa-sr-only"> change {i + 1}</span>
                    </button>
                  ) : null}
                </li>
              ))}
            </ol>
          )}
          {w.preview && w.preview.problems.length > 0 ? (
            <ul className="usa-list" data-testid="whatif-problems">
              {w.preview.problems.map((p, i) => (
                <li key={i}>
                  Change {p.editIndex + 1} is left out: {p.message}
                </li>
              ))}
            </ul>
          ) : null}
        </div>
        <div aria-live="polite" data-testid="whatif-preview" data-added={counts.added} data-resolved={counts.resolved}>
          <h3 className="font-heading-sm">What it changes</h3>
          {w.dataLoading ? <p className="ry-muted">Reading plans and bookings…</p> : null}
          {!w.preview ? (
            <p className="ry-muted">Move a release to see what it would break.</p>
          ) : (
            <>
              <p data-testid="whatif-summary">
                {plural(w.preview.changes.length, 'release')} moved · {plural(counts.added, 'new problem')} · {plural(counts.resolved, 'problem')} fixed
              </p>
              {w.sections.map((s) => (
                <PreviewBlock key={s.id} section={s} />
              ))}
            </>
          )}
        </div>
      </div>
      <div className="ry-toolbar-actions margin-top-2">
        {w.canEdit ? (
          <>
            <BusyButton
              busy={w.applying}
              busyLabel={`Saving ${w.progress + 1} of ${mutations.length}…`}
              disabled={mutations.length === 0 || blocked.length > 0}
              onClick={() => setConfirming(true)}
              data-testid="whatif-apply"
            >
              Apply {mutations.length > 0 ? plural(mutations.length, 'change') : 'changes'}
            </BusyButton>
            <button
              type="button"
              className="usa-button usa-button--outline"
              onClick={w.discard}
              disabled={w.scenario.edits.length === 0}
              data-testid="whatif-discard"
            >
              Discard
            </button>
          </>
        ) : null}
        <button type="button" className="usa-button usa-button--unstyled" onClick={w.toggle} data-testid="whatif-close">
          Close what-if
        </button>
      </div>
      {blocked.length > 0 && w.canEdit ? (
        <p className="ry-muted font-body-xs" data-testid="whatif-blocked">
          You cannot save changes to {blocked.map((m) => w.names.release(m.releaseId)).join(', ')}: remove them to apply the rest.
        </p>
      ) : null}
      <ShareLink hasEdits={w.scenario.edits.length > 0} />
      <ConfirmDialog
        open={confirming}
        title="Apply this scenario?"
        confirmLabel={`Save ${plural(mutations.length, 'release')}`}
        testId="whatif-confirm"
        onConfirm={() => {
          setConfirming(false)
          void w.apply()
        }}
        onCancel={() => setConfirming(false)}
      >
        <ApplySummary w={w} />
      </ConfirmDialog>
    </section>
  )
}

function PreviewBlock({ section }: { section: PreviewSection }) {
  const none = section.added.length === 0 && section.resolved.length === 0
  return (
    <div className="ry-whatif__section" data-testid={`whatif-section-${section.id}`} data-added={section.added.length} data-resolved={section.resolved.length}>
      <h4 className="font-body-sm text-bold margin-bottom-05">{section.title}</h4>
      {none ? <p className="ry-muted font-body-xs margin-top-0">No change.</p> : null}
      {section.added.length > 0 ? (
        <ul className="usa-list font-body-xs margin-top-0" aria-label={`${section.title}: new`}>
          {section.added.map((l) => (
            <li key={l.key} className="ry-whatif__added" data-testid={`whatif-added-${section.id}`}>
              <span className="ry-whatif__mark">{section.id === 'critical' || section.id === 'impact' ? 'Changed:' : 'New:'}</span> {l.text}
            </li>
          ))}
        </ul>
      ) : null}
      {section.resolved.length > 0 ? (
        <ul className="usa-list font-body-xs margin-top-0" aria-label={`${section.title}: resolved`}>
          {section.resolved.map((l) => (
            <li key={l.key} className="ry-whatif__resolved" data-testid={`whatif-resolved-${section.id}`}>
              <span className="ry-whatif__mark">{section.id === 'impact' ? 'Removed:' : 'Fixed:'}</span> {l.text}
            </li>
          ))}
        </ul>
      ) : null}
    </div>
  )
}

/** Shift a release (all its windows) or a plan (every open release) by N days. */
function ShiftForm({ w, model, selectedId }: { w: WhatIfState; model: RoadmapModel; selectedId: string | null }) {
  const id = useId()
  const releases = model.releases.filter((r) => w.movable.has(r.id))
  const plans = model.agencies.flatMap((a) =>
    a.plans.filter((p) => w.shiftablePlans.has(p.id)).map((p) => ({ id: p.id, label: `${a.code} “${p.title}” (${p.status.toLowerCase()})` })),
  )
  const initial = selectedId && w.movable.has(selectedId) ? `r:${selectedId}` : ''
  const [target, setTarget] = useState(initial)
  const [days, setDays] = useState('7')
  const [error, setError] = useState<string | null>(null)
  // a release selected on the roadmap becomes the form's target (adjusted while rendering)
  const [followed, setFollowed] = useState(initial)
  if (initial !== followed) {
    setFollowed(initial)
    if (initial) setTarget(initial)
  }
  const submit = () => {
    const n = days.trim() === '' ? Number.NaN : Number(days)
    if (!target) setError('Choose a release or a plan to move.')
    else if (!Number.isInteger(n) || n === 0) setError('Enter a whole number of days other than 0: negative moves earlier, positive later.')
    else {
      setError(null)
      w.shift(target.startsWith('p:') ? { planId: target.slice(2) } : { releaseId: target.slice(2) }, n)
    }
  }
  return (
    <form
      className="ry-whatif__form"
      aria-label="Move a release or a plan"
      onSubmit={(e) => {
        e.preventDefault()
        submit()
      }}
      data-testid="whatif-form"
    >
      <div className={`usa-form-group margin-top-0${error ? ' usa-form-group--error' : ''}`}>
        <label className="usa-label margin-top-0" htmlFor={`${id}-target`}>
          Move
        </label>
        {error ? (
          <span className="usa-error-message" id={`${id}-error`} role="alert" data-testid="whatif-form-error">
            {error}
          </span>
        ) : null}
        <select
          id={`${id}-target`}
          className="usa-select"
          value={target}
          onChange={(e) => setTarget(e.target.value)}
          aria-describedby={error ? `${id}-error` : undefined}
          data-testid="whatif-target"
        >
          <option value="">Choose a release or a plan…</option>
          <optgroup label="Releases (every window)">
            {releases.map((r) => (
              <option key={r.id} value={`r:${r.id}`}>
                {r.agencyCode} {r.name} {r.version}
              </option>
            ))}
          </optgroup>
          <optgroup label="Whole plans (every open release)">
            {plans.map((p) => (
              <option key={p.id} value={`p:${p.id}`}>
                {p.label}
              </option>
            ))}
          </optgroup>
        </select>
        <label className="usa-label" htmlFor={`${id}-days`}>
          By how many days (negative: earlier)
        </label>
        <input
          id={`${id}-days`}
          className="usa-input usa-input--small"
          type="number"
          step={1}
          inputMode="numeric"
          value={days}
          onChange={(e) => setDays(e.target.value)}
          data-testid="whatif-days"
        />
      </div>
      <button type="submit" className="usa-button usa-button--outline margin-top-1" data-testid="whatif-add">
        Add to scenario
      </button>
      {w.limitMessage ? (
        <p className="usa-error-message" role="alert">
          {w.limitMessage}
        </p>
      ) : null}
    </form>
  )
}

function ApplySummary({ w }: { w: WhatIfState }) {
  const p = w.preview
  if (!p) return null
  const drafts = p.plansReturningToDraft
  const counts = previewCounts(w.sections)
  return (
    <div data-testid="whatif-confirm-summary">
      <p>Each release is saved in turn with the version you see; if someone changed one meanwhile, saving stops there and tells you which were saved.</p>
      <ul className="usa-list">
        {p.changes.map((c) => (
          <li key={c.releaseId}>{w.names.release(c.releaseId)}</li>
        ))}
      </ul>
      {drafts.length > 0 ? (
        <p className="text-bold" data-testid="whatif-confirm-drafts">
          {drafts.length === 1 ? 'This approved plan returns' : 'These approved plans return'} to DRAFT and must be submitted for approval again:{' '}
          {drafts.map((id) => w.names.plan(id)).join(', ')}.
        </p>
      ) : (
        <p data-testid="whatif-confirm-drafts">No approved plan is changed.</p>
      )}
      {counts.added > 0 ? <p>The scenario adds {plural(counts.added, 'problem')} (listed in the panel).</p> : null}
    </div>
  )
}

function WhatIfOutcome({ w }: { w: WhatIfState }) {
  const o = w.outcome
  if (!o) return null
  const saved = o.applied.map((a) => w.names.release(a.releaseId))
  const drafts = o.returnedToDraft
  return (
    <div
      className={`usa-alert usa-alert--slim ${o.failed ? 'usa-alert--warning' : 'usa-alert--success'}`}
      role="status"
      data-testid="whatif-outcome"
      data-failed={o.failed ? o.failed.error.code : ''}
    >
      <div className="usa-alert__body">
        <p className="usa-alert__text">
          {saved.length > 0 ? `Saved: ${saved.join(', ')}.` : 'Nothing was saved.'}
          {drafts.length > 0 ? ` Returned to DRAFT: ${drafts.map((id) => w.names.plan(id)).join(', ')}.` : ''}
          {o.failed
            ? ` Not saved: ${[o.failed.releaseId, ...o.notTried].map((id) => w.names.release(id)).join(', ')} — ${
                o.failed.error.code === 'CONFLICT'
                  ? 'someone changed it after you opened the roadmap; the roadmap now shows the latest.'
                  : o.failed.error.message
              }`
            : ''}{' '}
          <button type="button" className="usa-button usa-button--unstyled" onClick={w.dismissOutcome}>
            Dismiss
          </button>
        </p>
      </div>
    </div>
  )
}

/** The page's address holds the scenario: copying it shares the what-if. */
function ShareLink({ hasEdits }: { hasEdits: boolean }) {
  const id = useId()
  const [copied, setCopied] = useState('')
  if (!hasEdits) return null
  const href = window.location.href
  return (
    <div className="ry-whatif__share">
      <label className="usa-label font-body-xs" htmlFor={`${id}-link`}>
        Link to this scenario
      </label>
      <input id={`${id}-link`} className="usa-input ry-whatif__link" readOnly value={href} data-testid="whatif-link" onFocus={(e) => e.target.select()} />
      <button
        type="button"
        className="usa-button usa-button--unstyled"
        onClick={() => {
          navigator.clipboard?.writeText(href).then(
            () => setCopied('Link copied.'),
            () => setCopied('Copy the link from the box.'),
          )
        }}
        data-testid="whatif-copy"
      >
        Copy link
      </button>
      <span role="status" className="font-body-xs">
        {copied}
      </span>
    </div>
  )
}
