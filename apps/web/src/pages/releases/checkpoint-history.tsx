/** The release's checkpoints, newest first, and the latest one per criterion (what the gates show). */
import { graphql } from '../../gql/index.ts'
import type { ReleaseCheckpointsFragment } from '../../gql/graphql.ts'
import { formatInstant } from '../../lib/time.ts'

graphql(`
  fragment ReleaseCheckpoints on Release {
    checkpoints {
      criterionKey
      met
      value
      evidenceUrl
      recordedBy
      recordedAt
      note
    }
  }
`)

export type Checkpoint = ReleaseCheckpointsFragment['checkpoints'][number]

/** The latest checkpoint per criterion key (the API lists them in recording order). */
export function latestByCriterion(checkpoints: readonly Checkpoint[]): Map<string, Checkpoint> {
  const m = new Map<string, Checkpoint>()
  for (const c of [...checkpoints].sort((a, b) => Date.parse(a.recordedAt) - Date.parse(b.recordedAt))) m.set(c.criterionKey, c)
  return m
}

export function CheckpointHistory({ release: r, tz }: { release: ReleaseCheckpointsFragment; tz: string }) {
  return (
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
  )
}
