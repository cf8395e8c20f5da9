/**
 * The plan editor's approval side: submit for approval (refused while not aligned or with unsaved
 * changes), withdraw a submission (after a confirmation), realign to a newer strategy, reload, and
 * the plan's approval requests with their decisions.
 */
import { useState } from 'react'
import { useMutation } from '../../api/hooks.ts'
import { ConfirmDialog } from '../../components/confirm-dialog.tsx'
import { BusyButton, ErrorAlert, StatusTag } from '../../components/status.tsx'
import { graphql } from '../../gql/index.ts'
import type { ApprovalRequestFieldsFragment } from '../../gql/graphql.ts'
import { formatInstant } from '../../lib/time.ts'
import type { PlanCan } from '../../permissions.ts'

const SubmitAgencyPlanDocument = graphql(`
  mutation SubmitAgencyPlan($id: ID!, $expectedRevision: Int!) {
    submitAgencyPlan(id: $id, expectedRevision: $expectedRevision) {
      id
      revision
      status
    }
  }
`)

const WithdrawAgencyPlanDocument = graphql(`
  mutation WithdrawAgencyPlan($id: ID!, $expectedRevision: Int!) {
    withdrawAgencyPlan(id: $id, expectedRevision: $expectedRevision) {
      id
      revision
      status
    }
  }
`)

const RealignAgencyPlanDocument = graphql(`
  mutation RealignAgencyPlan($id: ID!, $expectedRevision: Int!) {
    realignAgencyPlan(id: $id, expectedRevision: $expectedRevision) {
      id
      revision
      strategyVersion
    }
  }
`)

export interface PlanApprovalSectionProps {
  plan: {
    id: string
    revision: number
    strategyVersion: number
    alignment: { aligned: boolean; stale: boolean }
    approvals: readonly ApprovalRequestFieldsFragment[]
  }
  can: PlanCan
  /** the program's latest strategy version (null: none published) */
  latestVersion: number | null
  /** the release draft has unsaved changes */
  dirty: boolean
  tz: string
  setStatus: (message: string) => void
  refetch: () => Promise<void>
  onReload: () => Promise<void>
}

export function PlanApprovalSection({ plan, can, latestVersion, dirty, tz, setStatus, refetch, onReload }: PlanApprovalSectionProps) {
  const [submitPlan, submitState] = useMutation(SubmitAgencyPlanDocument)
  const [realignPlan, realignState] = useMutation(RealignAgencyPlanDocument)
  const [withdrawPlan, withdrawState] = useMutation(WithdrawAgencyPlanDocument)
  const [confirmWithdraw, setConfirmWithdraw] = useState(false)
  const doWithdraw = async () => {
    setConfirmWithdraw(false)
    setStatus('')
    if (await withdrawPlan({ id: plan.id, expectedRevision: plan.revision })) {
      await refetch()
      setStatus('Submission withdrawn: the plan is a draft again.')
    }
  }
  const doSubmit = async () => {
    setStatus('')
    if (await submitPlan({ id: plan.id, expectedRevision: plan.revision })) {
      await refetch()
      setStatus('Plan submitted for approval.')
    }
  }
  const doRealign = async () => {
    setStatus('')
    if (await realignPlan({ id: plan.id, expectedRevision: plan.revision })) {
      await refetch()
      setStatus('Plan realigned to the latest strategy.')
    }
  }
  const { aligned, stale } = plan.alignment
  return (
    <section className="ry-card" aria-labelledby="actions-title">
      <h2 id="actions-title" className="font-heading-md">
        Approval
      </h2>
      <ErrorAlert error={submitState.error ?? withdrawState.error ?? realignState.error} onReload={() => void onReload()} testId="plan-action-error" />
      <div className="ry-toolbar-actions">
        {can.submit ? (
          <BusyButton
            busy={submitState.loading}
            busyLabel="Submitting…"
            disabled={!aligned || dirty}
            onClick={() => void doSubmit()}
            data-testid="submit-plan"
            title={!aligned ? 'Fix the alignment errors first' : dirty ? 'Save or discard your changes first' : undefined}
          >
            Submit for approval
          </BusyButton>
        ) : null}
        {can.withdraw ? (
          <BusyButton
            busy={withdrawState.loading}
            busyLabel="Withdrawing…"
            className="usa-button usa-button--outline"
            onClick={() => setConfirmWithdraw(true)}
            data-testid="withdraw-plan"
          >
            Withdraw submission
          </BusyButton>
        ) : null}
        {can.edit && (stale || (latestVersion !== null && plan.strategyVersion < latestVersion)) ? (
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
        <button type="button" className="usa-button usa-button--unstyled" onClick={() => void onReload()} data-testid="reload-plan">
          Reload
        </button>
      </div>
      <ConfirmDialog
        open={confirmWithdraw}
        title="Withdraw this plan from approval?"
        confirmLabel="Withdraw submission"
        testId="withdraw-dialog"
        onConfirm={() => void doWithdraw()}
        onCancel={() => setConfirmWithdraw(false)}
      >
        <p>
          The pending approval request is closed as withdrawn and nobody is asked to decide it any more; decisions already made stay in its history. The plan
          becomes a draft you can edit and submit again, when its approval starts over from the first step.
        </p>
      </ConfirmDialog>
      {can.submit && !aligned ? <p className="ry-muted font-body-xs">Submitting needs an aligned plan (no ERROR issues).</p> : null}
      {plan.approvals.length > 0 ? (
        <ul className="usa-list usa-list--unstyled" data-testid="plan-approvals">
          {plan.approvals.map((a) => (
            <li key={a.id} className="margin-bottom-1">
              <StatusTag status={a.status} /> {a.workflow.name} · requested by {a.requestedBy} on{' '}
              <time dateTime={a.requestedAt} data-testid={`requested-at-${a.id}`}>
                {formatInstant(a.requestedAt, tz)}
              </time>
              {a.currentStep !== null ? ` · waiting on step ${a.currentStep}` : ''}
              <ul>
                {a.decisions.map((dec, k) => (
                  <li key={k}>
                    Step {dec.step}: {dec.decision.toLowerCase()} by {dec.decidedBy}
                    {dec.comment ? ` — “${dec.comment}”` : ''}
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
  )
}
