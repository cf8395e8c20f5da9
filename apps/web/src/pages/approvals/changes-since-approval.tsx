/** "Changes since last approval" of a plan in the approvals inbox: a compact table, or a note that this is its first approval. */
import { useId } from 'react'
import { formatInstant } from '../../lib/time.ts'

export interface PlanChangeView {
  kind: 'ADDED' | 'REMOVED' | 'CHANGED'
  releaseId?: string | null
  releaseName?: string | null
  field: string
  before?: string | null
  after?: string | null
}

export interface PlanChangeSetView {
  approvedAt: string
  approvedRevision: number
  approvedBy: string
  changes: PlanChangeView[]
}

const FIELD_LABELS: Record<string, string> = {
  title: 'Title',
  periodStart: 'Period start',
  periodEnd: 'Period end',
  strategyVersion: 'Strategy version',
  name: 'Name',
  version: 'Version',
  type: 'Type',
  summary: 'Summary',
  cycle: 'Release cycle',
  status: 'Status',
  scope: 'Scope',
  artifacts: 'Artifacts',
  steps: 'Deployment steps',
  validations: 'Validations',
  roles: 'Roles',
  requirements: 'Environment requirements',
  dependencies: 'Dependencies',
  escalation: 'Escalation path',
  rollback: 'Rollback plan',
  'rollback.strategy': 'Rollback strategy',
  'rollback.maxMinutes': 'Rollback time limit',
  'rollback.triggers': 'Rollback triggers',
  'rollback.steps': 'Rollback steps',
}

/** A readable name for a PlanChange field ('schedule.PROD' → 'PROD window'). */
export function changeFieldLabel(c: Pick<PlanChangeView, 'kind' | 'field'>): string {
  if (c.kind === 'ADDED') return 'Release added'
  if (c.kind === 'REMOVED') return 'Release removed'
  if (c.field.startsWith('schedule.')) return `${c.field.slice('schedule.'.length)} window`
  return FIELD_LABELS[c.field] ?? c.field
}

const KIND_CLASS: Record<PlanChangeView['kind'], string> = { ADDED: 'ry-diff--added', REMOVED: 'ry-diff--removed', CHANGED: 'ry-diff--changed' }

export function ChangesSinceApproval({
  requestId,
  changeSet,
  timeZone,
}: {
  requestId: string
  changeSet: PlanChangeSetView | null | undefined
  timeZone: string
}) {
  const titleId = useId()
  const testId = `changes-${requestId}`
  if (!changeSet) {
    return (
      <section aria-labelledby={titleId} data-testid={testId} data-first-approval="true" data-count={0}>
        <h3 id={titleId} className="font-heading-sm">
          First approval of this plan
        </h3>
        <p className="ry-muted margin-top-05">The plan has never been approved, so there is nothing to compare it with.</p>
      </section>
    )
  }
  const { changes } = changeSet
  const since = `approved ${formatInstant(changeSet.approvedAt, timeZone)} by ${changeSet.approvedBy} (revision ${changeSet.approvedRevision})`
  return (
    <section aria-labelledby={titleId} data-testid={testId} data-first-approval="false" data-count={changes.length}>
      <h3 id={titleId} className="font-heading-sm">
        Changes since last approval
      </h3>
      {changes.length === 0 ? (
        <p className="ry-muted margin-top-05">No changes: the plan is as it was {since}.</p>
      ) : (
        <table className="usa-table usa-table--borderless usa-table--compact width-full ry-diff-table margin-top-05">
          <caption className="ry-muted text-normal">
            {changes.length} change{changes.length === 1 ? '' : 's'} since the plan was {since}
          </caption>
          <thead>
            <tr>
              <th scope="col">Release</th>
              <th scope="col">What</th>
              <th scope="col">Approved</th>
              <th scope="col">Now</th>
            </tr>
          </thead>
          <tbody>
            {changes.map((c, i) => (
              <tr key={i} className={KIND_CLASS[c.kind]} data-testid={`change-${i}`} data-kind={c.kind} data-field={c.field}>
                <td>{c.releaseName ?? <span className="ry-muted">Plan</span>}</td>
                <th scope="row">
                  {changeFieldLabel(c)}
                  {c.kind === 'CHANGED' ? <span className="usa-sr-only"> (changed)</span> : null}
                </th>
                <td>{c.before ?? <span className="ry-muted">—</span>}</td>
                <td>{c.after ?? <span className="ry-muted">—</span>}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  )
}
