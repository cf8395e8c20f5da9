/** The dependency conflicts of the shown releases (from the release rules' rollup), each with buttons that show its releases. */
import type { RoadmapConflict } from '@railyard/release-rules/types'
import type { RoadmapRelease } from './layout.ts'

export function RoadmapConflicts({
  conflicts,
  byId,
  onShow,
}: {
  conflicts: readonly RoadmapConflict[]
  byId: ReadonlyMap<string, RoadmapRelease>
  onShow: (releaseId: string) => void
}) {
  if (conflicts.length === 0) return null
  return (
    <details className="ry-conflicts" data-testid="roadmap-conflicts">
      <summary>
        <span className="ry-flag ry-flag--conflict" aria-hidden="true">
          ⇄
        </span>{' '}
        {conflicts.length} dependency conflict{conflicts.length === 1 ? '' : 's'}
      </summary>
      <ul>
        {conflicts.map((c, i) => (
          <li key={i} data-testid={`conflict-${i}`}>
            <strong>{c.kind}</strong>: {c.message}{' '}
            {c.releaseIds.flatMap((id) => {
              const r = byId.get(id)
              return r
                ? [
                    <button key={id} type="button" className="usa-button usa-button--unstyled margin-right-1" onClick={() => onShow(id)}>
                      show {r.name}
                    </button>,
                  ]
                : []
            })}
          </li>
        ))}
      </ul>
    </details>
  )
}
