/** The plan's releases as a list of buttons (with their alignment issue counts), the selected one current. */
import { StatusTag } from '../../components/status.tsx'
import { NEW } from './use-release-draft.ts'

export interface ReleaseListProps {
  releases: readonly { id: string; name: string; version: string; status: string }[]
  selectedKey: string | null
  /** alignment issues per release id */
  issueCount: (releaseId: string) => number
  onSelect: (key: string) => void
}

export function ReleaseList({ releases, selectedKey, issueCount, onSelect }: ReleaseListProps) {
  if (releases.length === 0 && selectedKey !== NEW) {
    return (
      <p className="ry-muted" data-testid="no-releases">
        No releases yet.
      </p>
    )
  }
  return (
    <ul className="ry-release-list" data-testid="release-list">
      {releases.map((r) => {
        const issues = issueCount(r.id)
        return (
          <li key={r.id}>
            <button type="button" aria-current={r.id === selectedKey} onClick={() => onSelect(r.id)} data-testid={`select-release-${r.id}`}>
              <span className="flex-1">
                {r.name} <span className="ry-version">{r.version}</span>
              </span>
              {issues ? (
                <span className="ry-flag ry-flag--error" title={`${issues} alignment issues`}>
                  {issues}
                </span>
              ) : null}
              {r.status === 'CANCELLED' ? <StatusTag status="CANCELLED" /> : null}
            </button>
          </li>
        )
      })}
      {selectedKey === NEW ? (
        <li>
          <button type="button" aria-current="true">
            <em>New release</em>
          </button>
        </li>
      ) : null}
    </ul>
  )
}
