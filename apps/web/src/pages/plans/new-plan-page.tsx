/** New plan (`/plans/new?agency=CODE`): title and period; aligned to the latest strategy by the server. */
import { useMemo, useState } from 'react'
import type { FormEvent } from 'react'
import { fieldErrorMap } from '../../api/client.ts'
import { useMutation, useQuery } from '../../api/hooks.ts'
import { ErrorSummary, FieldScope, SelectField, TextField } from '../../components/fields.tsx'
import { BusyButton, EmptyState, ErrorAlert, Loading } from '../../components/status.tsx'
import { Link, navigate, useSearchParams } from '../../router.tsx'
import { canCreatePlan, useViewer } from '../../viewer.tsx'
import { CreateAgencyPlanDocument, NewPlanContextDocument } from './plan-documents.ts'

function yearBounds(): { start: string; end: string } {
  const y = new Date().getFullYear()
  return { start: `${y}-01-01`, end: `${y}-12-31` }
}

export function NewPlanPage(_props: { params: Record<string, string> }) {
  const { program, viewer } = useViewer()
  const [params] = useSearchParams()
  const q = useQuery(NewPlanContextDocument, { key: program?.key ?? '' }, { skip: !program })
  const allowed = (q.data?.program?.agencies ?? []).filter((a) => canCreatePlan(viewer, a.code))
  const initialAgency = params.get('agency') ?? viewer.agency?.code ?? ''
  const y = yearBounds()
  const [form, setForm] = useState({ agency: initialAgency, title: '', periodStart: y.start, periodEnd: y.end })
  const [create, state] = useMutation(CreateAgencyPlanDocument)
  const errors = useMemo(() => fieldErrorMap(state.error), [state.error])

  if (!program) return <EmptyState title="No program yet" />
  if (q.error) return <ErrorAlert error={q.error} onReload={() => void q.refetch()} />
  if (!q.data) return <Loading label="Loading…" />
  const p = q.data.program
  if (!p) return <EmptyState title="Program not found" />
  const agency = allowed.find((a) => a.code === form.agency) ?? allowed[0]
  if (!agency) {
    return (
      <div className="grid-container padding-y-2" data-testid="new-plan">
        <h1>New plan</h1>
        <EmptyState title="You cannot create plans" testId="new-plan-forbidden">
          Agency managers and members create their agency's plans. <Link to="/plans">Back to plans</Link>
        </EmptyState>
      </div>
    )
  }
  const submit = async (e: FormEvent) => {
    e.preventDefault()
    const res = await create({
      input: { programId: p.id, agencyId: agency.id, title: form.title.trim(), periodStart: form.periodStart, periodEnd: form.periodEnd },
    })
    if (res) navigate(`/plans/${res.createAgencyPlan.id}`)
  }
  return (
    <div className="grid-container padding-y-2" data-testid="new-plan">
      <nav aria-label="Breadcrumb" className="font-body-xs margin-bottom-1">
        <Link to="/plans">Plans</Link> › New
      </nav>
      <h1>New release plan</h1>
      <p className="ry-muted">For {p.name}. The plan is aligned to the program's latest published strategy; add its releases next.</p>
      <form className="usa-form usa-form--large" onSubmit={(e) => void submit(e)} noValidate>
        <FieldScope errors={errors} prefix="newplan">
          {state.error?.code === 'BAD_USER_INPUT' ? <ErrorSummary error={state.error} prefix="newplan" /> : <ErrorAlert error={state.error} />}
          <SelectField
            path="input.agencyId"
            label="Agency"
            value={agency.code}
            options={allowed.map((a) => ({ value: a.code, label: `${a.code} — ${a.name}` }))}
            onChange={(v) => setForm({ ...form, agency: v })}
          />
          <TextField
            path="input.title"
            label="Title"
            required
            value={form.title}
            onChange={(v) => setForm({ ...form, title: v })}
            placeholder={`${agency.code} FY release plan`}
          />
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
          <BusyButton type="submit" busy={state.loading} busyLabel="Creating…" className="usa-button margin-top-3" data-testid="create-plan">
            Create plan
          </BusyButton>
        </FieldScope>
      </form>
    </div>
  )
}
