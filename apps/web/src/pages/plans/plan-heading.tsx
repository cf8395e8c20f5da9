/** The plan editor's heading: breadcrumb, title and status, facts, the RMP exports, and why the plan is read-only (when it is). */
import { StatusTag } from '../../components/status.tsx'
import { ExportButton, exportHref, paths } from '../../components/export-button.tsx'
import { formatDate, formatInstant } from '../../lib/time.ts'
import { Link } from '../../router.tsx'

export interface PlanHeadingProps {
  plan: {
    id: string
    title: string
    status: string
    periodStart: string
    periodEnd: string
    revision: number
    strategyVersion: number
    updatedAt: string
    updatedBy: string
    agency: { code: string; name: string }
  }
  tz: string
  canEdit: boolean
}

export function PlanHeading({ plan, tz, canEdit }: PlanHeadingProps) {
  return (
    <>
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
                ? 'This plan is submitted for approval and cannot be edited until it is decided or its submission is withdrawn.'
                : 'You can read this plan but not change it.'}
            </p>
          </div>
        </div>
      ) : null}
    </>
  )
}

/** The agency's Release Management Plan generated from this plan by the gateway (HTML in a new tab, PDF or Markdown). */
function RmpLinks({ planId }: { planId: string }) {
  return (
    <p className="font-body-xs margin-top-05" data-testid="plan-exports">
      Export:{' '}
      <ExportButton href={exportHref(paths.rmp(planId, 'html'))} mode="open" testId="export-rmp-html">
        Release Management Plan
      </ExportButton>{' '}
      <span className="ry-muted">(HTML, opens in a new tab)</span> ·{' '}
      <ExportButton href={exportHref(paths.rmp(planId, 'pdf'))} testId="export-rmp-pdf">
        Download PDF<span className="usa-sr-only"> of the Release Management Plan</span>
      </ExportButton>{' '}
      ·{' '}
      <ExportButton href={exportHref(paths.rmp(planId, 'md'))} testId="export-rmp-md">
        <span className="usa-sr-only">Release Management Plan as </span>Markdown (.md)
      </ExportButton>
    </p>
  )
}
