/** Details of the selected release beside the timeline: schedule, alignment, dependencies, critical path. */
import { criticalPath, dependentsOf } from '@railyard/release-rules'
import type { ReleaseNode, RoadmapConflict } from '@railyard/release-rules'
import { useEffect, useMemo, useRef } from 'react'
import { useQuery } from '../../api/hooks.ts'
import { StatusTag } from '../../components/status.tsx'
import { formatInstant } from '../../lib/time.ts'
import { Link } from '../../router.tsx'
import { ReleaseDetailsDocument } from './roadmap-data.ts'
import type { AlignmentIssueView } from './roadmap-data.ts'
import type { RoadmapRelease } from './layout.ts'

export interface ReleasePanelProps {
  release: RoadmapRelease
  byId: ReadonlyMap<string, RoadmapRelease>
  nodes: ReleaseNode[]
  conflicts: RoadmapConflict[]
  issues: AlignmentIssueView[]
  timeZone: string
  /** may open the full plan (own agency or program-wide reader) */
  canOpenPlan: boolean
  critical: boolean
  onToggleCritical: (on: boolean) => void
  onSelect: (id: string) => void
  onClose: () => void
}

function releaseLabel(r: RoadmapRelease | undefined, id: string) {
  return r ? `${r.agencyCode} · ${r.name} ${r.version}` : `Release ${id} (not visible to you)`
}

export function ReleasePanel(p: ReleasePanelProps) {
  const r = p.release
  const headingRef = useRef<HTMLHeadingElement>(null)
  useEffect(() => {
    headingRef.current?.focus()
  }, [r.id])
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'Escape') p.onClose()
    }
    window.addEventListener('keydown', onKey)
    return () => window.removeEventListener('keydown', onKey)
  }, [p])

  const details = useQuery(ReleaseDetailsDocument, { id: r.id }, { partial: true })
  const path = useMemo(() => criticalPath(r.id, p.nodes), [r.id, p.nodes])
  const dependents = useMemo(() => dependentsOf(r.id, p.nodes), [r.id, p.nodes])
  const conflicts = p.conflicts.filter((c) => c.releaseIds.includes(r.id))
  const d = details.data?.release

  return (
    <aside className="ry-panel" aria-labelledby="release-panel-title" data-testid="release-panel">
      <div className="ry-panel__head">
        <h2 id="release-panel-title" ref={headingRef} tabIndex={-1} className="margin-0 font-heading-md">
          {r.name} <span className="ry-version">{r.version}</span>
        </h2>
        <button type="button" className="usa-button usa-button--unstyled" onClick={p.onClose} data-testid="panel-close" aria-label="Close details">
          ✕
        </button>
      </div>
      <dl className="ry-facts">
        <dt>Agency</dt>
        <dd>{r.agencyCode}</dd>
        <dt>Plan</dt>
        <dd>
          {p.canOpenPlan ? (
            <Link to={`/plans/${r.planId}`} data-testid="panel-open-plan">
              {r.planTitle}
            </Link>
          ) : (
            r.planTitle
          )}{' '}
          <StatusTag status={r.planStatus} />
        </dd>
        <dt>Status</dt>
        <dd>
          <StatusTag status={r.status} testId="panel-status" /> {r.type.toLowerCase()}
          {r.currentTier ? ` · in ${r.currentTier}` : ''}
        </dd>
        <dt>Cycle</dt>
        <dd>{r.cycleName ?? '—'}</dd>
        {d?.summary ? (
          <>
            <dt>Summary</dt>
            <dd>{d.summary}</dd>
          </>
        ) : null}
      </dl>
      {p.canOpenPlan ? (
        <p>
          <Link to={`/releases/${r.id}`} className="usa-button usa-button--outline usa-button--small" data-testid="panel-open-release">
            Gates, readiness &amp; promotion
          </Link>
        </p>
      ) : null}

      <h3 className="font-heading-sm">Schedule ({p.timeZone})</h3>
      {r.windows.length === 0 ? (
        <p>Not scheduled.</p>
      ) : (
        <table className="usa-table usa-table--borderless usa-table--compact ry-table-small" data-testid="panel-schedule">
          <thead>
            <tr>
              <th scope="col">Tier</th>
              <th scope="col">Environment</th>
              <th scope="col">Window</th>
            </tr>
          </thead>
          <tbody>
            {r.windows.map((w, i) => (
              <tr key={i}>
                <td>{w.tier}</td>
                <td>{w.environmentName ?? '—'}</td>
                <td>
                  {formatInstant(w.startMs, p.timeZone)} → {formatInstant(w.endMs, p.timeZone)}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}

      <h3 className="font-heading-sm">Alignment</h3>
      {p.issues.length === 0 ? (
        <p data-testid="panel-aligned">No alignment issues reported for this release.</p>
      ) : (
        <ul className="ry-issues" data-testid="panel-issues">
          {p.issues.map((i, k) => (
            <li key={k}>
              <StatusTag status={i.severity} /> <strong>{i.code}</strong> {i.message}
            </li>
          ))}
        </ul>
      )}
      {conflicts.length > 0 ? (
        <>
          <h3 className="font-heading-sm">Dependency conflicts</h3>
          <ul className="ry-issues" data-testid="panel-conflicts">
            {conflicts.map((c, k) => (
              <li key={k}>
                <StatusTag status="ERROR" /> <strong>{c.kind}</strong> {c.message}
              </li>
            ))}
          </ul>
        </>
      ) : null}

      <h3 className="font-heading-sm">Depends on</h3>
      {r.dependsOn.length === 0 && (d?.dependencies.length ?? 0) === 0 ? (
        <p>Nothing.</p>
      ) : (
        <ul className="usa-list usa-list--unstyled" data-testid="panel-dependencies">
          {r.dependsOn.map((id) => (
            <li key={id}>
              <button type="button" className="usa-button usa-button--unstyled" onClick={() => p.onSelect(id)} disabled={!p.byId.has(id)}>
                {releaseLabel(p.byId.get(id), id)}
              </button>
            </li>
          ))}
          {(d?.dependencies ?? []).flatMap((x) => {
            const c = x.sharedComponent
            return c
              ? [
                  <li key={c.id}>
                    Shared component {c.name}
                    {x.versionRange ? ` ${x.versionRange}` : ''}
                    {c.currentVersion ? ` (now ${c.currentVersion})` : ''}
                  </li>,
                ]
              : []
          })}
        </ul>
      )}
      <h3 className="font-heading-sm">Needed by</h3>
      {dependents.length === 0 ? (
        <p>No release on the roadmap depends on it.</p>
      ) : (
        <ul className="usa-list usa-list--unstyled" data-testid="panel-dependents">
          {dependents.map((n) => (
            <li key={n.id}>
              <button type="button" className="usa-button usa-button--unstyled" onClick={() => p.onSelect(n.id)}>
                {releaseLabel(p.byId.get(n.id), n.id)}
              </button>
            </li>
          ))}
        </ul>
      )}
      {d ? (
        <>
          <h3 className="font-heading-sm">Impacted agencies</h3>
          <p data-testid="panel-impacted">{d.impactedAgencies.length ? d.impactedAgencies.map((a) => a.code).join(', ') : 'None besides its own.'}</p>
        </>
      ) : null}

      <h3 className="font-heading-sm">Critical path</h3>
      {path.path.length <= 1 ? (
        <p>No dependencies: it finishes on its own schedule{path.finish ? ` (${formatInstant(path.finish, p.timeZone)})` : ''}.</p>
      ) : (
        <>
          <ol className="ry-path" data-testid="panel-critical-path">
            {path.path.map((id) => (
              <li key={id}>
                <button type="button" className="usa-button usa-button--unstyled" onClick={() => p.onSelect(id)}>
                  {releaseLabel(p.byId.get(id), id)}
                </button>
              </li>
            ))}
          </ol>
          {path.finish ? <p>Earliest finish: {formatInstant(path.finish, p.timeZone)}</p> : null}
          {path.cycle ? <p className="text-error">Dependency cycle: {path.cycle.map((id) => releaseLabel(p.byId.get(id), id)).join(' → ')}</p> : null}
        </>
      )}
      <div className="ry-check">
        <input
          id="toggle-critical"
          className="ry-check__input"
          type="checkbox"
          checked={p.critical}
          onChange={(e) => p.onToggleCritical(e.target.checked)}
          data-testid="toggle-critical"
        />
        <label className="ry-check__label" htmlFor="toggle-critical">
          Highlight the critical path on the timeline
        </label>
      </div>
    </aside>
  )
}
