/**
 * Program framework (`/program`): the latest strategy, editing and publishing a new version
 * (PROGRAM_ADMIN; expectedVersion guards against concurrent publishing), and any two versions
 * side by side.
 */
import { useMemo, useState } from 'react'
import { ApiError, fieldErrorMap } from '../../api/client.ts'
import { useMutation, useQuery } from '../../api/hooks.ts'
import { CheckboxField, ErrorSummary, FieldScope, SelectField, TextArea, TextField } from '../../components/fields.tsx'
import { ListEditor } from '../../components/list-editor.tsx'
import { BusyButton, EmptyState, ErrorAlert, Loading, StatusTag } from '../../components/status.tsx'
import { graphql } from '../../gql/index.ts'
import type { StrategyFieldsFragment } from '../../gql/graphql.ts'
import { formatInstant, fromLocalInput, isValidZone, toLocalInput } from '../../lib/time.ts'
import { useSearchParams } from '../../router.tsx'
import { isProgramAdmin, useViewer } from '../../viewer.tsx'
import { ExportButton, exportHref, paths } from '../roadmap/export-links.tsx'
import { blankStrategy, checkStrategyDraft, compareStrategies, draftFromStrategy, draftToStrategyInput, strategyLines } from './strategy-model.ts'
import type { CriterionDraft, StrategyDraft } from './strategy-model.ts'

// The framework's fields; codegen inlines this fragment into the documents that spread it.
graphql(`
  fragment StrategyFields on ReleaseStrategy {
    version
    publishedAt
    publishedBy
    notes
    cadence {
      rule
      timeZone
      startsOn
      codeFreezeDaysBefore
    }
    promotionPath
    qualityGates {
      id
      key
      name
      tier
      criteria {
        key
        description
        kind
        threshold
        evidenceRequired
      }
    }
    readinessCriteria {
      key
      description
      kind
      threshold
      evidenceRequired
    }
    planApproval {
      name
      steps {
        order
        name
        approverRole
        minApprovals
        separationOfDuties
      }
    }
    escalationPath {
      level
      title
      contact
      responseMinutes
    }
    freezeWindows {
      id
      name
      reason
      start
      end
      timeZone
      recurrence
      tiers
    }
  }
`)

const ProgramFrameworkDocument = graphql(`
  query ProgramFramework($key: String!) {
    program(key: $key) {
      id
      key
      name
      description
      strategyVersions {
        ...StrategyFields
      }
      sharedComponents {
        id
        key
        name
        currentVersion
        owner {
          code
        }
      }
      agencies {
        id
        code
        name
      }
    }
  }
`)

const PublishReleaseStrategyDocument = graphql(`
  mutation PublishReleaseStrategy($programId: ID!, $expectedVersion: Int!, $input: ReleaseStrategyInput!) {
    publishReleaseStrategy(programId: $programId, expectedVersion: $expectedVersion, input: $input) {
      version
    }
  }
`)

const VIEWS = [
  { id: 'current', label: 'Current framework' },
  { id: 'compare', label: 'Compare versions' },
  { id: 'edit', label: 'Edit & publish' },
] as const

export function ProgramPage(_props: { params: Record<string, string> }) {
  const { program, viewer } = useViewer()
  const q = useQuery(ProgramFrameworkDocument, { key: program?.key ?? '' }, { skip: !program, partial: true })
  const [params, setParams] = useSearchParams()
  const admin = isProgramAdmin(viewer)
  const view = VIEWS.find((v) => v.id === params.get('view') && (v.id !== 'edit' || admin))?.id ?? 'current'
  const setParam = (patch: Record<string, string | null>) => {
    const next = new URLSearchParams(params)
    for (const [k, v] of Object.entries(patch)) {
      if (v) next.set(k, v)
      else next.delete(k)
    }
    setParams(next)
  }
  const [status, setStatus] = useState('')

  if (!program) return <EmptyState title="No program yet" />
  const p = q.data?.program
  const versions = (p?.strategyVersions ?? []) as StrategyFieldsFragment[]
  const latest = versions[0] ?? null
  return (
    <div className="grid-container-widescreen padding-y-2" data-testid="program-page">
      <h1>
        {program.name} <span className="ry-subtitle">{program.key}</span>
      </h1>
      {p?.description ? <p className="usa-intro">{p.description}</p> : null}
      <div role="status" aria-live="polite" data-testid="program-status">
        {status ? (
          <div className="usa-alert usa-alert--success usa-alert--slim">
            <div className="usa-alert__body">
              <p className="usa-alert__text">{status}</p>
            </div>
          </div>
        ) : null}
      </div>
      <ErrorAlert error={q.error} onReload={() => void q.refetch()} />
      {q.loading && !q.data ? <Loading label="Loading the framework…" /> : null}
      {p ? (
        <>
          <div className="ry-tabs" role="tablist" aria-label="Framework views">
            {VIEWS.filter((v) => v.id !== 'edit' || admin).map((v) => (
              <button
                key={v.id}
                type="button"
                role="tab"
                aria-selected={view === v.id}
                onClick={() => setParam({ view: v.id === 'current' ? null : v.id })}
                data-testid={`program-tab-${v.id}`}
              >
                {v.label}
              </button>
            ))}
          </div>
          {view === 'current' ? (
            latest ? (
              <>
                <StrategyView strategy={latest} />
                <FreezeExports programKey={program.key} />
                <section className="ry-card" aria-labelledby="components-title" data-testid="shared-components">
                  <h2 id="components-title" className="font-heading-md">
                    Shared components
                  </h2>
                  {p.sharedComponents.length === 0 ? (
                    <p className="ry-muted">None registered.</p>
                  ) : (
                    <ul className="usa-list">
                      {p.sharedComponents.map((c) => (
                        <li key={c.id}>
                          {c.name} ({c.key}) {c.currentVersion ?? ''} — owner {c.owner?.code ?? 'program'}
                        </li>
                      ))}
                    </ul>
                  )}
                </section>
              </>
            ) : (
              <EmptyState title="No strategy published yet" testId="no-strategy">
                {admin ? 'Publish the first version under “Edit & publish”.' : 'A program administrator publishes it.'}
              </EmptyState>
            )
          ) : null}
          {view === 'compare' ? <CompareView versions={versions} a={params.get('a')} b={params.get('b')} onPick={(a, b) => setParam({ a, b })} /> : null}
          {view === 'edit' && admin ? (
            <StrategyEditor
              key={latest?.version ?? 0}
              programId={p.id}
              latest={latest}
              onPublished={async (v) => {
                setStatus(`Published strategy version ${v}.`)
                await q.refetch()
                setParam({ view: null })
              }}
              onReload={() => void q.refetch()}
            />
          ) : null}
        </>
      ) : null}
    </div>
  )
}

function StrategyView({ strategy: s }: { strategy: StrategyFieldsFragment }) {
  const lines = strategyLines(s)
  const sections = [...new Set(lines.map((l) => l.section))]
  return (
    <section className="ry-card" aria-labelledby="strategy-title" data-testid="strategy-view" data-version={s.version}>
      <h2 id="strategy-title" className="font-heading-md">
        Release strategy v{s.version}
      </h2>
      <p className="ry-muted">
        Published {formatInstant(s.publishedAt, s.cadence.timeZone)} by {s.publishedBy}
      </p>
      {sections.map((sec) => (
        <div key={sec}>
          <h3 className="font-heading-sm">{sec}</h3>
          <dl className="ry-facts">
            {lines
              .filter((l) => l.section === sec)
              .map((l) => (
                <div key={l.item} style={{ display: 'contents' }}>
                  <dt>{l.item}</dt>
                  <dd>{l.value}</dd>
                </div>
              ))}
          </dl>
        </div>
      ))}
    </section>
  )
}

function CompareView({
  versions,
  a,
  b,
  onPick,
}: {
  versions: StrategyFieldsFragment[]
  a: string | null
  b: string | null
  onPick: (a: string, b: string) => void
}) {
  const va = versions.find((v) => String(v.version) === a) ?? versions[1] ?? versions[0]
  const vb = versions.find((v) => String(v.version) === b) ?? versions[0]
  const rows = useMemo(() => (va && vb ? compareStrategies(va, vb) : []), [va, vb])
  const [onlyChanges, setOnlyChanges] = useState(false)
  if (!va || !vb) return <EmptyState title="No versions yet" />
  const options = versions.map((v) => ({ value: String(v.version), label: `v${v.version} — ${v.publishedAt.slice(0, 10)} by ${v.publishedBy}` }))
  const changed = rows.filter((r) => r.kind !== 'same').length
  return (
    <section className="ry-card" aria-labelledby="compare-title" data-testid="strategy-compare">
      <h2 id="compare-title" className="font-heading-md">
        Compare versions
      </h2>
      <FieldScope errors={new Map()} prefix="cmp">
        <div className="ry-row-form">
          <SelectField
            path="a"
            label="Version A"
            value={String(va.version)}
            options={options}
            onChange={(v) => onPick(v, String(vb.version))}
            testId="compare-a"
          />
          <SelectField
            path="b"
            label="Version B"
            value={String(vb.version)}
            options={options}
            onChange={(v) => onPick(String(va.version), v)}
            testId="compare-b"
          />
        </div>
        <CheckboxField path="only" label={`Only differences (${changed})`} checked={onlyChanges} onChange={setOnlyChanges} testId="compare-only-changes" />
      </FieldScope>
      <table className="usa-table usa-table--borderless usa-table--compact width-full ry-diff-table" data-testid="compare-table">
        <thead>
          <tr>
            <th scope="col">Section</th>
            <th scope="col">Item</th>
            <th scope="col">v{va.version}</th>
            <th scope="col">v{vb.version}</th>
          </tr>
        </thead>
        <tbody>
          {rows
            .filter((r) => !onlyChanges || r.kind !== 'same')
            .map((r, i) => (
              <tr key={i} className={r.kind === 'same' ? '' : `ry-diff--${r.kind}`} data-kind={r.kind}>
                <td>{r.section}</td>
                <th scope="row">{r.item}</th>
                <td>{r.a ?? <span className="ry-muted">—</span>}</td>
                <td>
                  {r.b ?? <span className="ry-muted">—</span>}
                  {r.kind !== 'same' ? <span className="usa-sr-only"> ({r.kind})</span> : null}
                </td>
              </tr>
            ))}
        </tbody>
      </table>
    </section>
  )
}

const KINDS = ['ATTESTATION', 'METRIC_AT_LEAST', 'METRIC_AT_MOST']
const ROLES = ['PROGRAM_ADMIN', 'PROGRAM_VIEWER', 'AGENCY_MANAGER', 'AGENCY_MEMBER', 'AGENCY_VIEWER', 'INTEGRATION']

function criteriaColumns() {
  return [
    { key: 'key' as const, label: 'Key', width: '9rem' },
    { key: 'description' as const, label: 'Description' },
    { key: 'kind' as const, label: 'Kind', type: 'select' as const, options: KINDS, width: '11rem' },
    { key: 'threshold' as const, label: 'Threshold', type: 'number' as const, step: 'any', width: '7rem' },
    { key: 'evidenceRequired' as const, label: 'Evidence', type: 'checkbox' as const },
  ]
}

const newCriterion = (): CriterionDraft => ({ key: '', description: '', kind: 'ATTESTATION', threshold: null, evidenceRequired: false })

function StrategyEditor({
  programId,
  latest,
  onPublished,
  onReload,
}: {
  programId: string
  latest: StrategyFieldsFragment | null
  onPublished: (version: number) => Promise<void>
  onReload: () => void
}) {
  const [d, setD] = useState<StrategyDraft>(() => (latest ? draftFromStrategy(latest) : blankStrategy()))
  const [publish, state] = useMutation(PublishReleaseStrategyDocument)
  const [localError, setLocalError] = useState<ApiError | null>(null)
  const error = localError ?? state.error
  const errors = useMemo(() => fieldErrorMap(error), [error])
  const tz = isValidZone(d.cadence.timeZone) ? d.cadence.timeZone : 'UTC'
  const set = <K extends keyof StrategyDraft>(k: K, v: StrategyDraft[K]) => setD({ ...d, [k]: v })
  const submit = async () => {
    const problems = checkStrategyDraft(d)
    if (problems.length) {
      setLocalError(
        new ApiError('Invalid input', {
          code: 'BAD_USER_INPUT',
          errors: [{ message: 'Invalid input', extensions: { code: 'BAD_USER_INPUT', fieldErrors: problems } }],
        }),
      )
      return
    }
    setLocalError(null)
    const res = await publish({ programId, expectedVersion: latest?.version ?? 0, input: draftToStrategyInput(d) })
    if (res) await onPublished(res.publishReleaseStrategy.version)
  }
  return (
    <section className="ry-card" aria-labelledby="edit-title" data-testid="strategy-editor">
      <h2 id="edit-title" className="font-heading-md">
        New strategy version {latest ? `(based on v${latest.version})` : ''}
      </h2>
      <p className="ry-muted">Publishing creates version {(latest?.version ?? 0) + 1}; existing plans stay aligned to their version until realigned.</p>
      <FieldScope errors={errors} prefix="strategy">
        {error?.code === 'BAD_USER_INPUT' ? (
          <ErrorSummary error={error} prefix="strategy" testId="strategy-error-summary" />
        ) : (
          <ErrorAlert
            error={error}
            onReload={() => {
              state.reset()
              onReload()
            }}
            reloadLabel="Reload the latest version"
            testId="strategy-error"
          />
        )}
        <TextArea path="input.notes" label="Notes (what changed)" rows={2} value={d.notes} onChange={(v) => set('notes', v)} />
        <h3 className="font-heading-sm">Cadence</h3>
        <div className="ry-row-form">
          <TextField
            path="input.cadence.rule"
            label="Recurrence rule (RFC 5545)"
            value={d.cadence.rule}
            onChange={(v) => set('cadence', { ...d.cadence, rule: v })}
          />
          <TextField
            path="input.cadence.timeZone"
            label="Time zone (IANA)"
            value={d.cadence.timeZone}
            onChange={(v) => set('cadence', { ...d.cadence, timeZone: v })}
          />
          <TextField
            path="input.cadence.startsOn"
            label="Starts on"
            type="date"
            value={d.cadence.startsOn}
            onChange={(v) => set('cadence', { ...d.cadence, startsOn: v })}
          />
          <TextField
            path="input.cadence.codeFreezeDaysBefore"
            label="Code freeze (days before)"
            type="number"
            min="0"
            value={d.cadence.codeFreezeDaysBefore === null ? '' : String(d.cadence.codeFreezeDaysBefore)}
            onChange={(v) => set('cadence', { ...d.cadence, codeFreezeDaysBefore: v === '' ? null : Number(v) })}
          />
        </div>
        <TextField
          path="input.promotionPath"
          label="Promotion path"
          hint="Tiers in order, separated by commas, e.g. DEV, TEST, UAT, PROD"
          childErrors
          value={d.promotionPath}
          onChange={(v) => set('promotionPath', v)}
        />

        <h3 className="font-heading-sm">Quality gates</h3>
        {d.qualityGates.map((g, i) => (
          <div key={i} className="ry-card" data-testid={`gate-editor-${i}`}>
            <div className="ry-row-form">
              <TextField
                path={`input.qualityGates.${i}.key`}
                label="Key"
                value={g.key}
                onChange={(v) =>
                  set(
                    'qualityGates',
                    d.qualityGates.map((x, k) => (k === i ? { ...x, key: v } : x)),
                  )
                }
              />
              <TextField
                path={`input.qualityGates.${i}.name`}
                label="Name"
                value={g.name}
                onChange={(v) =>
                  set(
                    'qualityGates',
                    d.qualityGates.map((x, k) => (k === i ? { ...x, name: v } : x)),
                  )
                }
              />
              <TextField
                path={`input.qualityGates.${i}.tier`}
                label="Guards entry into tier"
                value={g.tier}
                onChange={(v) =>
                  set(
                    'qualityGates',
                    d.qualityGates.map((x, k) => (k === i ? { ...x, tier: v } : x)),
                  )
                }
              />
            </div>
            <ListEditor
              path={`input.qualityGates.${i}.criteria`}
              label="Criteria"
              testId={`gate-${i}-criteria`}
              addLabel="Add criterion"
              rows={g.criteria}
              columns={criteriaColumns()}
              newRow={newCriterion}
              onChange={(rows) =>
                set(
                  'qualityGates',
                  d.qualityGates.map((x, k) => (k === i ? { ...x, criteria: rows } : x)),
                )
              }
            />
            <button
              type="button"
              className="usa-button usa-button--unstyled text-error"
              onClick={() =>
                set(
                  'qualityGates',
                  d.qualityGates.filter((_, k) => k !== i),
                )
              }
              data-testid={`remove-gate-${i}`}
            >
              Remove this gate
            </button>
          </div>
        ))}
        <button
          type="button"
          className="usa-button usa-button--outline usa-button--small"
          onClick={() => set('qualityGates', [...d.qualityGates, { key: '', name: '', tier: '', criteria: [] }])}
          data-testid="add-gate"
        >
          Add gate
        </button>

        <ListEditor
          path="input.readinessCriteria"
          label="Enterprise readiness criteria"
          testId="readiness-criteria"
          addLabel="Add criterion"
          hint="Every release must meet these before the last tier."
          rows={d.readinessCriteria}
          columns={criteriaColumns()}
          newRow={newCriterion}
          onChange={(rows) => set('readinessCriteria', rows)}
        />

        <h3 className="font-heading-sm">Plan approval</h3>
        <TextField
          path="input.planApproval.name"
          label="Workflow name"
          value={d.planApproval.name}
          onChange={(v) => set('planApproval', { ...d.planApproval, name: v })}
        />
        <ListEditor
          path="input.planApproval.steps"
          label="Approval steps"
          testId="approval-steps"
          addLabel="Add step"
          reorder
          rows={d.planApproval.steps}
          newRow={() => ({ name: '', approverRole: 'PROGRAM_ADMIN' as const, minApprovals: 1, separationOfDuties: false })}
          onChange={(steps) => set('planApproval', { ...d.planApproval, steps })}
          columns={[
            { key: 'name', label: 'Step' },
            { key: 'approverRole', label: 'Approver role', type: 'select', options: ROLES, width: '12rem' },
            { key: 'minApprovals', label: 'Approvals', type: 'number', min: '1', width: '6rem' },
            { key: 'separationOfDuties', label: 'Not the requester', type: 'checkbox' },
          ]}
        />
        <ListEditor
          path="input.escalationPath"
          label="Escalation path"
          testId="escalation-path"
          addLabel="Add level"
          rows={d.escalationPath}
          newRow={() => ({ level: d.escalationPath.length + 1, title: '', contact: '', responseMinutes: 30 })}
          onChange={(rows) => set('escalationPath', rows)}
          columns={[
            { key: 'level', label: 'Level', type: 'number', min: '1', width: '5rem' },
            { key: 'title', label: 'Title' },
            { key: 'contact', label: 'Contact' },
            { key: 'responseMinutes', label: 'Response (min)', type: 'number', min: '0', width: '8rem' },
          ]}
        />
        <ListEditor
          path="input.freezeWindows"
          label="Freeze windows"
          testId="freeze-windows"
          addLabel="Add freeze window"
          hint="Start and end of the first occurrence, read in the window's time zone. A recurrence (RRULE) repeats it at the same local times."
          rows={d.freezeWindows}
          newRow={() => ({ name: '', reason: '', start: '', end: '', timeZone: d.cadence.timeZone, recurrence: '', tiers: '' })}
          onChange={(rows) => set('freezeWindows', rows)}
          columns={[
            { key: 'name', label: 'Name' },
            { key: 'timeZone', label: 'Time zone', width: '10rem' },
            {
              key: 'start',
              label: 'Start',
              type: 'custom',
              render: (row, i, setRow, path) => (
                <TextField
                  compact
                  path={path}
                  label={`Start (row ${i + 1})`}
                  type="datetime-local"
                  value={toLocalInput(row.start, isValidZone(row.timeZone) ? row.timeZone : tz)}
                  onChange={(v) => setRow({ start: fromLocalInput(v, isValidZone(row.timeZone) ? row.timeZone : tz) })}
                />
              ),
            },
            {
              key: 'end',
              label: 'End',
              type: 'custom',
              render: (row, i, setRow, path) => (
                <TextField
                  compact
                  path={path}
                  label={`End (row ${i + 1})`}
                  type="datetime-local"
                  value={toLocalInput(row.end, isValidZone(row.timeZone) ? row.timeZone : tz)}
                  onChange={(v) => setRow({ end: fromLocalInput(v, isValidZone(row.timeZone) ? row.timeZone : tz) })}
                />
              ),
            },
            { key: 'recurrence', label: 'Recurrence', placeholder: 'FREQ=WEEKLY' },
            { key: 'tiers', label: 'Tiers (empty: all)', placeholder: 'PROD' },
            { key: 'reason', label: 'Reason' },
          ]}
        />
        <div className="ry-toolbar-actions margin-top-3">
          <BusyButton busy={state.loading} busyLabel="Publishing…" onClick={() => void submit()} data-testid="publish-strategy">
            Publish version {(latest?.version ?? 0) + 1}
          </BusyButton>
          <StatusTag status="INFO" label={`expected latest: v${latest?.version ?? 0}`} />
        </div>
      </FieldScope>
    </section>
  )
}

/** The program's freeze windows exported to the tools that enforce them (served by the gateway, production tier by default). */
function FreezeExports({ programKey }: { programKey: string }) {
  return (
    <section className="ry-card" aria-labelledby="freeze-exports-title" data-testid="program-exports">
      <h2 id="freeze-exports-title" className="font-heading-md">
        Export freeze windows
      </h2>
      <p className="ry-muted">For the production tier, generated from the latest strategy.</p>
      <ul className="usa-list">
        <li>
          <ExportButton href={exportHref(paths.gitlab(programKey))} testId="export-gitlab">
            GitLab freeze periods (JSON)
          </ExportButton>
        </li>
        <li>
          <ExportButton href={exportHref(paths.argocd(programKey))} testId="export-argocd">
            Argo CD sync windows (YAML)
          </ExportButton>
        </li>
      </ul>
    </section>
  )
}
