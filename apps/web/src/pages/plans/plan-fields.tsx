/** The plan's own fields (title, period): edited against the revision read; a newer plan replaces an unedited form. */
import { useMemo, useState } from 'react'
import { fieldErrorMap } from '../../api/client.ts'
import { useMutation } from '../../api/hooks.ts'
import { ErrorSummary, FieldScope, TextField } from '../../components/fields.tsx'
import { BusyButton, ErrorAlert } from '../../components/status.tsx'
import { graphql } from '../../gql/index.ts'

const UpdateAgencyPlanDocument = graphql(`
  mutation UpdateAgencyPlan($id: ID!, $expectedRevision: Int!, $input: UpdateAgencyPlanInput!) {
    updateAgencyPlan(id: $id, expectedRevision: $expectedRevision, input: $input) {
      id
      revision
    }
  }
`)

export function PlanFields({
  plan,
  canEdit,
  onSaved,
  onReload,
}: {
  plan: { id: string; revision: number; title: string; periodStart: string; periodEnd: string }
  canEdit: boolean
  onSaved: () => Promise<void>
  onReload: () => Promise<void>
}) {
  const [update, state] = useMutation(UpdateAgencyPlanDocument)
  const [form, setForm] = useState({ title: plan.title, periodStart: plan.periodStart, periodEnd: plan.periodEnd })
  const [base, setBase] = useState(plan.revision)
  const dirty = form.title !== plan.title || form.periodStart !== plan.periodStart || form.periodEnd !== plan.periodEnd
  // A newer plan (saved here or elsewhere) becomes the base; an unedited form follows it. Adjusted
  // while rendering when the plan's fields change (React's "adjusting state when a prop changes").
  const [seen, setSeen] = useState({ revision: plan.revision, title: plan.title, periodStart: plan.periodStart, periodEnd: plan.periodEnd })
  if (seen.revision !== plan.revision || seen.title !== plan.title || seen.periodStart !== plan.periodStart || seen.periodEnd !== plan.periodEnd) {
    setSeen({ revision: plan.revision, title: plan.title, periodStart: plan.periodStart, periodEnd: plan.periodEnd })
    if (plan.revision !== base && !dirty) {
      setForm({ title: plan.title, periodStart: plan.periodStart, periodEnd: plan.periodEnd })
    }
    setBase(plan.revision)
  }
  const errors = useMemo(() => fieldErrorMap(state.error), [state.error])
  const save = async () => {
    const input: Record<string, string> = {}
    if (form.title !== plan.title) input.title = form.title
    if (form.periodStart !== plan.periodStart) input.periodStart = form.periodStart
    if (form.periodEnd !== plan.periodEnd) input.periodEnd = form.periodEnd
    if (await update({ id: plan.id, expectedRevision: plan.revision, input })) await onSaved()
  }
  return (
    <section className="ry-card" aria-labelledby="plan-fields-title" data-testid="plan-fields">
      <h2 id="plan-fields-title" className="font-heading-md">
        Plan
      </h2>
      <FieldScope errors={errors} prefix="plan" disabled={!canEdit}>
        {state.error?.code === 'BAD_USER_INPUT' ? (
          <ErrorSummary error={state.error} prefix="plan" testId="plan-error-summary" />
        ) : (
          <ErrorAlert
            error={state.error}
            onReload={async () => {
              state.reset()
              setForm({ title: plan.title, periodStart: plan.periodStart, periodEnd: plan.periodEnd })
              await onReload()
            }}
            testId="plan-error"
          />
        )}
        <div className="ry-row-form">
          <TextField path="input.title" label="Title" required value={form.title} onChange={(v) => setForm({ ...form, title: v })} />
          <TextField
            path="input.periodStart"
            label="Period start"
            type="date"
            required
            value={form.periodStart}
            onChange={(v) => setForm({ ...form, periodStart: v })}
          />
          <TextField
            path="input.periodEnd"
            label="Period end"
            type="date"
            required
            value={form.periodEnd}
            onChange={(v) => setForm({ ...form, periodEnd: v })}
          />
        </div>
        {canEdit ? (
          <div className="ry-toolbar-actions">
            <BusyButton busy={state.loading} busyLabel="Saving…" disabled={!dirty} onClick={() => void save()} data-testid="save-plan">
              Save plan
            </BusyButton>
            {dirty ? <span className="ry-dirty">Unsaved changes</span> : null}
          </div>
        ) : null}
      </FieldScope>
    </section>
  )
}
