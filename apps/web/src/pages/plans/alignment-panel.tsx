/** The alignment report of a plan: aligned or not, and each issue (with its release). */
import { useId } from 'react'
import { StatusTag } from '../../components/status.tsx'

export interface AlignmentView {
  aligned: boolean
  stale: boolean
  strategyVersion: number
  issues: { code: string; severity: string; message: string; release?: { id: string; name: string } | null }[]
}

const ORDER: Record<string, number> = { ERROR: 0, WARNING: 1, INFO: 2 }

export function AlignmentPanel({
  alignment,
  onSelectRelease,
  refreshing,
  latestVersion,
}: {
  alignment: AlignmentView
  onSelectRelease?: (id: string) => void
  refreshing?: boolean
  latestVersion?: number | null
}) {
  const titleId = useId()
  const issues = [...alignment.issues].sort((a, b) => (ORDER[a.severity] ?? 3) - (ORDER[b.severity] ?? 3))
  const errors = issues.filter((i) => i.severity === 'ERROR').length
  return (
    <section className="ry-card" aria-labelledby={titleId} data-testid="alignment" data-aligned={alignment.aligned} aria-busy={refreshing}>
      <h2 id={titleId} className="font-heading-md">
        Alignment{refreshing ? <span className="ry-spinner ry-spinner--inline margin-left-1" aria-label="refreshing" /> : null}
      </h2>
      <p data-testid="alignment-status">
        {alignment.aligned ? <StatusTag status="APPROVED" label="ALIGNED" /> : <span className="usa-tag ry-tag ry-tag--error">NOT ALIGNED</span>}{' '}
        {alignment.aligned ? 'Aligned' : `${errors} error${errors === 1 ? '' : 's'} must be fixed before submitting`} — against strategy v
        {alignment.strategyVersion}
        {alignment.stale ? (
          <>
            {' '}
            <span className="usa-tag ry-tag ry-tag--warning" data-testid="alignment-stale">
              STALE
            </span>{' '}
            the program has published {latestVersion ? `v${latestVersion}` : 'a newer version'}; realign to check against it.
          </>
        ) : null}
      </p>
      {issues.length === 0 ? (
        <p className="ry-muted" data-testid="alignment-no-issues">
          No issues.
        </p>
      ) : (
        <ul className="ry-issues" data-testid="alignment-issues">
          {issues.map((i, k) => (
            <li key={k} data-testid={`alignment-issue-${k}`} data-code={i.code} data-severity={i.severity}>
              <StatusTag status={i.severity} /> <strong>{i.code.replace(/_/g, ' ').toLowerCase()}</strong>
              {i.release ? (
                <>
                  {' — '}
                  {onSelectRelease ? (
                    <button type="button" className="usa-button usa-button--unstyled" onClick={() => i.release && onSelectRelease(i.release.id)}>
                      {i.release.name}
                    </button>
                  ) : (
                    i.release.name
                  )}
                </>
              ) : null}
              <div>{i.message}</div>
            </li>
          ))}
        </ul>
      )}
    </section>
  )
}
