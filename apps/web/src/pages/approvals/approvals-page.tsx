/**
 * Approvals inbox (`/approvals`): requests whose current step the viewer may decide, each with
 * the plan's alignment and its changes since the last approval; approve or reject with a comment.
 */
import { useState } from 'react'
import { useMutation, useQuery } from '../../api/hooks.ts'
import { BusyButton, EmptyState, ErrorAlert, Loading, StatusTag, SuccessStatus } from '../../components/status.tsx'
import { graphql } from '../../gql/index.ts'
import type { ApprovalInboxQuery, Decision } from '../../gql/graphql.ts'
import { enumText } from '../../lib/format.ts'
import { formatDate, formatInstant } from '../../lib/time.ts'
import { useApprovalCan } from '../../permissions.ts'
import { Link } from '../../router.tsx'
import { AlignmentPanel } from '../plans/alignment-panel.tsx'
import { ChangesSinceApproval } from './changes-since-approval.tsx'
import { useDisplayZone } from '../../lib/display-zone.ts'
import { ConfirmDialog } from '../../components/confirm-dialog.tsx'

const ApprovalInboxDocument = graphql(`
  query ApprovalInbox {
    approvalInbox {
      ...ApprovalRequestFields
      ...ApprovalPermissions
      plan {
        id
        title
        status
        periodStart
        periodEnd
        agency {
          code
          name
        }
        releases {
          id
          name
          version
          status
        }
        alignment {
          ...AlignmentFields
        }
        changesSinceApproval {
          approvedAt
          approvedRevision
          approvedBy
          changes {
            kind
            releaseId
            releaseName
            field
            before
            after
          }
        }
      }
    }
  }
`)

const DecideApprovalDocument = graphql(`
  mutation DecideApproval($requestId: ID!, $decision: Decision!, $comment: String) {
    decideApproval(requestId: $requestId, decision: $decision, comment: $comment) {
      id
      status
      currentStep
    }
  }
`)

type Request = ApprovalInboxQuery['approvalInbox'][number]

export function ApprovalsPage(_props: { params: Record<string, string> }) {
  const q = useQuery(ApprovalInboxDocument, {})
  const [status, setStatus] = useState('')
  return (
    <div className="grid-container-widescreen padding-y-2" data-testid="approvals-page">
      <h1>Approvals</h1>
      <p className="ry-muted">Plan approval requests waiting on a step you may decide.</p>
      <SuccessStatus message={status} testId="approval-status" />
      <ErrorAlert error={q.error} onReload={() => void q.refetch()} />
      {q.loading && !q.data ? <Loading label="Loading your inbox…" /> : null}
      {q.data && q.data.approvalInbox.length === 0 ? (
        <EmptyState title="Nothing waiting for you" testId="approvals-empty">
          Requests appear here when a plan is submitted and its current step needs your role.
        </EmptyState>
      ) : null}
      {q.data?.approvalInbox.map((r) => (
        <ApprovalCard
          key={r.id}
          request={r}
          onDecided={async (msg) => {
            // the list first, then the announcement: "Rejected" is never said while the request is still listed
            await q.refetch()
            setStatus(msg)
          }}
          onReload={() => void q.refetch()}
        />
      ))}
    </div>
  )
}

function ApprovalCard({ request: r, onDecided, onReload }: { request: Request; onDecided: (msg: string) => Promise<void>; onReload: () => void }) {
  const [comment, setComment] = useState('')
  const [decide, state] = useMutation(DecideApprovalDocument)
  const [pending, setPending] = useState<Decision | null>(null)
  const can = useApprovalCan(r)
  const tz = useDisplayZone().zone
  const step = r.workflow.steps.find((s) => s.order === r.currentStep)
  const [confirmReject, setConfirmReject] = useState(false)
  const act = async (decision: Decision, reason = comment) => {
    setPending(decision)
    const res = await decide({ requestId: r.id, decision, comment: reason.trim() || null })
    setPending(null)
    if (res) setComment('')
    if (res) await onDecided(`${decision === 'APPROVE' ? 'Approved' : 'Rejected'} “${r.plan.title}”${step ? ` at step ${step.order} (${step.name})` : ''}.`)
  }
  const commentId = `approval-comment-${r.id}`
  return (
    <article className="ry-card" aria-labelledby={`approval-title-${r.id}`} data-testid={`approval-${r.id}`}>
      <div className="ry-layout-2col">
        <div>
          <h2 id={`approval-title-${r.id}`} className="font-heading-md margin-top-0">
            <Link to={`/plans/${r.plan.id}`}>{r.plan.title}</Link> <StatusTag status={r.plan.status} />
          </h2>
          <p className="ry-muted">
            {r.plan.agency.name} ({r.plan.agency.code}) · {formatDate(r.plan.periodStart)} – {formatDate(r.plan.periodEnd)} · {r.plan.releases.length} releases
            · requested by {r.requestedBy} on{' '}
            <time dateTime={r.requestedAt} data-testid={`requested-at-${r.id}`}>
              {formatInstant(r.requestedAt, tz)}
            </time>
          </p>
          <ChangesSinceApproval requestId={r.id} changeSet={r.plan.changesSinceApproval} timeZone={tz} />
          <h3 className="font-heading-sm">{r.workflow.name}</h3>
          <ol className="usa-process-list" data-testid={`approval-steps-${r.id}`}>
            {r.workflow.steps.map((s) => {
              const ds = r.decisions.filter((d) => d.step === s.order)
              return (
                <li key={s.order} className="usa-process-list__item" aria-current={s.order === r.currentStep ? 'step' : undefined}>
                  <h4 className="usa-process-list__heading font-heading-sm">
                    {s.name} {s.order === r.currentStep ? <StatusTag status="PENDING" /> : null}
                  </h4>
                  <p className="margin-top-05">
                    {s.minApprovals} × {enumText(s.approverRole)}
                    {s.separationOfDuties ? ' · not the requester' : ''}
                  </p>
                  {ds.length ? (
                    <ul>
                      {ds.map((d, k) => (
                        <li key={k}>
                          {d.decision.toLowerCase()} by {d.decidedBy} ({formatInstant(d.decidedAt, tz)}){d.comment ? ` — “${d.comment}”` : ''}
                        </li>
                      ))}
                    </ul>
                  ) : null}
                </li>
              )
            })}
          </ol>
          {can.decide ? (
            <>
              <div className="usa-form-group">
                <label className="usa-label" htmlFor={commentId}>
                  Comment (optional, recorded with your decision)
                </label>
                <textarea
                  id={commentId}
                  className="usa-textarea"
                  rows={2}
                  value={comment}
                  onChange={(e) => setComment(e.target.value)}
                  data-testid={commentId}
                />
              </div>
              <ErrorAlert error={state.error} onReload={onReload} testId={`approval-error-${r.id}`} />
              <div className="ry-toolbar-actions">
                <BusyButton
                  busy={pending === 'APPROVE'}
                  busyLabel="Approving…"
                  disabled={state.loading}
                  onClick={() => void act('APPROVE')}
                  data-testid={`approve-${r.id}`}
                >
                  Approve{step ? ` step ${step.order}` : ''}
                </BusyButton>
                <BusyButton
                  busy={pending === 'REJECT'}
                  busyLabel="Rejecting…"
                  disabled={state.loading}
                  className="usa-button usa-button--secondary"
                  onClick={() => setConfirmReject(true)}
                  data-testid={`reject-${r.id}`}
                >
                  Reject…
                </BusyButton>
              </div>
              <ConfirmDialog
                open={confirmReject}
                title={`Reject “${r.plan.title}”?`}
                confirmLabel="Reject the plan"
                reasonLabel="Reason for rejecting"
                initialReason={comment}
                testId={`reject-dialog-${r.id}`}
                onCancel={() => setConfirmReject(false)}
                onConfirm={(reason) => {
                  setConfirmReject(false)
                  void act('REJECT', reason)
                }}
              >
                <p>The plan goes back to its agency as rejected; your reason is recorded with the decision and shown to them.</p>
              </ConfirmDialog>
            </>
          ) : null}
        </div>
        <AlignmentPanel alignment={r.plan.alignment} />
      </div>
    </article>
  )
}
