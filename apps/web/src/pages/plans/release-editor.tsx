/** The sections of one release as tabs; every input is named by its ReleaseInput path. */
import type { KeyboardEvent } from 'react'
import { CheckboxField, SelectField, TextArea, TextField } from '../../components/fields.tsx'
import type { Option } from '../../components/fields.tsx'
import { LinesField, ListEditor } from '../../components/list-editor.tsx'
import type { ReleaseDraft } from './release-draft.ts'

export const SECTIONS = [
  { id: 'basics', label: 'Basics' },
  { id: 'scope', label: 'Scope' },
  { id: 'artifacts', label: 'Artifacts' },
  { id: 'schedule', label: 'Schedule' },
  { id: 'steps', label: 'Steps' },
  { id: 'validations', label: 'Validations' },
  { id: 'roles', label: 'Roles' },
  { id: 'requirements', label: 'Requirements' },
  { id: 'dependencies', label: 'Dependencies' },
  { id: 'rollback', label: 'Rollback' },
  { id: 'escalation', label: 'Escalation' },
] as const
export type SectionId = (typeof SECTIONS)[number]['id']

const RELEASE_TYPES = ['MAJOR', 'MINOR', 'PATCH', 'EMERGENCY']
const SCOPE_KINDS = ['FEATURE', 'FIX', 'CHANGE', 'SECURITY']
const RESPONSIBILITIES = ['RELEASE_MANAGER', 'DEPLOYER', 'APPROVER', 'VALIDATOR', 'COMMUNICATIONS']
const ROLLBACK_STRATEGIES = ['REDEPLOY_PREVIOUS', 'FEATURE_FLAG', 'RESTORE_BACKUP', 'FORWARD_FIX']

export interface EditorOptions {
  tiers: string[]
  environments: Option[]
  cycles: Option[]
  releases: Option[]
  sharedComponents: Option[]
}

export interface ReleaseEditorProps {
  draft: ReleaseDraft
  onChange: (d: ReleaseDraft) => void
  section: SectionId
  onSection: (s: SectionId) => void
  /** errors per section (counts), for the tab badges */
  errorCounts: ReadonlyMap<string, number>
  timeZone: string
  options: EditorOptions
  programEscalation: { level: number; title: string; contact: string; responseMinutes: number }[]
}

function countOf(d: ReleaseDraft, s: SectionId): number | null {
  switch (s) {
    case 'basics':
    case 'rollback':
      return null
    case 'escalation':
      return d.useProgramEscalation ? null : d.escalation.length
    default:
      return (d[s] as unknown[]).length
  }
}

export function ReleaseEditor(p: ReleaseEditorProps) {
  const { draft: d, onChange } = p
  const set = <K extends keyof ReleaseDraft>(k: K, v: ReleaseDraft[K]) => onChange({ ...d, [k]: v })
  const tierOptions = p.options.tiers
  const onTabKey = (e: KeyboardEvent<HTMLButtonElement>, i: number) => {
    const d2 = e.key === 'ArrowRight' ? 1 : e.key === 'ArrowLeft' ? -1 : 0
    if (!d2) return
    e.preventDefault()
    const next = SECTIONS[(i + d2 + SECTIONS.length) % SECTIONS.length]
    if (!next) return
    p.onSection(next.id)
    requestAnimationFrame(() => document.getElementById(`tab-${next.id}`)?.focus())
  }

  return (
    <div>
      <div className="ry-tabs" role="tablist" aria-label="Release sections">
        {SECTIONS.map((s, i) => {
          const n = countOf(d, s.id)
          const errs = p.errorCounts.get(s.id) ?? 0
          return (
            <button
              key={s.id}
              id={`tab-${s.id}`}
              type="button"
              role="tab"
              aria-selected={p.section === s.id}
              aria-controls={`section-${s.id}`}
              tabIndex={p.section === s.id ? 0 : -1}
              onClick={() => p.onSection(s.id)}
              onKeyDown={(e) => onTabKey(e, i)}
              data-testid={`tab-${s.id}`}
            >
              {s.label}
              {n !== null ? <span className="ry-tab-count">{n}</span> : null}
              {errs > 0 ? (
                <span className="ry-tab-error" aria-label={`${errs} problems`}>
                  {' '}
                  ⚠{errs}
                </span>
              ) : null}
            </button>
          )
        })}
      </div>
      <div id={`section-${p.section}`} role="tabpanel" aria-labelledby={`tab-${p.section}`} data-testid={`section-${p.section}`}>
        {p.section === 'basics' ? (
          <div className="ry-row-form">
            <TextField path="input.name" label="Name" required value={d.name} onChange={(v) => set('name', v)} />
            <TextField
              path="input.version"
              label="Version"
              hint="Semantic version, e.g. 2.4.0"
              required
              value={d.version}
              onChange={(v) => set('version', v)}
            />
            <SelectField path="input.type" label="Type" value={d.type} options={RELEASE_TYPES} onChange={(v) => set('type', v as ReleaseDraft['type'])} />
            <SelectField
              path="input.cycleId"
              label="Release cycle (train)"
              value={d.cycleId}
              options={p.options.cycles}
              emptyLabel="— none —"
              onChange={(v) => set('cycleId', v)}
            />
            <TextArea path="input.summary" label="Summary" className="width-full" value={d.summary} onChange={(v) => set('summary', v)} />
          </div>
        ) : null}
        {p.section === 'scope' ? (
          <ListEditor
            path="input.scope"
            label="Scope items"
            testId="scope"
            rows={d.scope}
            onChange={(v) => set('scope', v)}
            newRow={() => ({ key: '', title: '', kind: 'FEATURE' })}
            columns={[
              { key: 'key', label: 'Key', width: '9rem', placeholder: 'e.g. DOH-142' },
              { key: 'title', label: 'Title' },
              { key: 'kind', label: 'Kind', type: 'select', options: SCOPE_KINDS, width: '9rem' },
            ]}
          />
        ) : null}
        {p.section === 'artifacts' ? (
          <ListEditor
            path="input.artifacts"
            label="Artifacts"
            testId="artifacts"
            rows={d.artifacts}
            onChange={(v) => set('artifacts', v)}
            newRow={() => ({ name: '', version: '', digest: '', uri: '' })}
            columns={[
              { key: 'name', label: 'Name' },
              { key: 'version', label: 'Version', width: '7rem' },
              { key: 'digest', label: 'Digest', placeholder: 'sha256:…' },
              { key: 'uri', label: 'URI', type: 'url' },
            ]}
          />
        ) : null}
        {p.section === 'schedule' ? (
          <ListEditor
            path="input.schedule"
            label="Schedule windows"
            testId="schedule"
            hint={`One window per tier, in promotion order. Times are in ${p.timeZone}.`}
            rows={d.schedule}
            reorder
            onChange={(v) => set('schedule', v)}
            newRow={() => ({
              tier: tierOptions.find((t) => !d.schedule.some((w) => w.tier === t)) ?? tierOptions[0] ?? '',
              environmentId: '',
              start: '',
              end: '',
            })}
            columns={[
              { key: 'tier', label: 'Tier', type: 'select', options: tierOptions, width: '7rem' },
              { key: 'environmentId', label: 'Environment', type: 'select', options: p.options.environments, emptyLabel: '— none —' },
              { key: 'start', label: 'Start', type: 'datetime', timeZone: p.timeZone },
              { key: 'end', label: 'End', type: 'datetime', timeZone: p.timeZone },
            ]}
          />
        ) : null}
        {p.section === 'steps' ? (
          <ListEditor
            path="input.steps"
            label="Deployment steps"
            testId="steps"
            rows={d.steps}
            reorder
            onChange={(v) => set('steps', v)}
            newRow={() => ({ title: '', owner: '', durationMinutes: 15, tier: '' })}
            columns={[
              { key: 'title', label: 'Step' },
              { key: 'owner', label: 'Owner', width: '10rem' },
              { key: 'durationMinutes', label: 'Minutes', type: 'number', min: '0', width: '6rem' },
              { key: 'tier', label: 'Tier', type: 'select', options: tierOptions, emptyLabel: 'any', width: '7rem' },
            ]}
          />
        ) : null}
        {p.section === 'validations' ? (
          <ListEditor
            path="input.validations"
            label="Validation requirements"
            testId="validations"
            rows={d.validations}
            onChange={(v) => set('validations', v)}
            newRow={() => ({ tier: tierOptions[tierOptions.length - 1] ?? '', description: '', owner: '' })}
            columns={[
              { key: 'tier', label: 'Tier', type: 'select', options: tierOptions, width: '7rem' },
              { key: 'description', label: 'Description' },
              { key: 'owner', label: 'Owner', width: '10rem' },
            ]}
          />
        ) : null}
        {p.section === 'roles' ? (
          <ListEditor
            path="input.roles"
            label="Roles (RACI)"
            testId="roles"
            addLabel="Add role"
            rows={d.roles}
            onChange={(v) => set('roles', v)}
            newRow={() => ({ responsibility: 'APPROVER', person: '', contact: '' })}
            columns={[
              { key: 'responsibility', label: 'Responsibility', type: 'select', options: RESPONSIBILITIES, width: '12rem' },
              { key: 'person', label: 'Person' },
              { key: 'contact', label: 'Contact' },
            ]}
          />
        ) : null}
        {p.section === 'requirements' ? (
          <ListEditor
            path="input.requirements"
            label="Environment requirements"
            testId="requirements"
            hint="What the target environments must report: an exact value, or a semver range such as >=17 <18."
            rows={d.requirements}
            onChange={(v) => set('requirements', v)}
            newRow={() => ({ key: '', expected: '' })}
            columns={[
              { key: 'key', label: 'Key' },
              { key: 'expected', label: 'Expected' },
            ]}
          />
        ) : null}
        {p.section === 'dependencies' ? (
          <ListEditor
            path="input.dependencies"
            label="Dependencies"
            testId="dependencies"
            addLabel="Add dependency"
            hint="Another release (any agency's) that must reach its last tier first, or a shared component with a version range."
            rows={d.dependencies}
            onChange={(v) => set('dependencies', v)}
            newRow={() => ({ releaseId: '', sharedComponentId: '', versionRange: '', note: '' })}
            columns={[
              { key: 'releaseId', label: 'Release', type: 'select', options: p.options.releases, emptyLabel: '— none —' },
              { key: 'sharedComponentId', label: 'Shared component', type: 'select', options: p.options.sharedComponents, emptyLabel: '— none —' },
              { key: 'versionRange', label: 'Version range', width: '8rem', placeholder: '>=3.0.0' },
              { key: 'note', label: 'Note' },
            ]}
          />
        ) : null}
        {p.section === 'rollback' ? (
          <div>
            <CheckboxField
              path="input.rollback"
              label="This release has a rollback plan"
              checked={d.hasRollback}
              onChange={(v) => set('hasRollback', v)}
              testId="rollback-enabled"
            />
            {d.hasRollback ? (
              <div className="ry-row-form">
                <SelectField
                  path="input.rollback.strategy"
                  label="Strategy"
                  value={d.rollback.strategy}
                  options={ROLLBACK_STRATEGIES}
                  onChange={(v) => set('rollback', { ...d.rollback, strategy: v })}
                />
                <TextField
                  path="input.rollback.maxMinutes"
                  label="Maximum minutes"
                  type="number"
                  min="0"
                  value={d.rollback.maxMinutes === null ? '' : String(d.rollback.maxMinutes)}
                  onChange={(v) => set('rollback', { ...d.rollback, maxMinutes: v === '' ? null : Number(v) })}
                />
                <LinesField
                  path="input.rollback.triggers"
                  label="Triggers"
                  value={d.rollback.triggers}
                  onChange={(v) => set('rollback', { ...d.rollback, triggers: v })}
                />
                <LinesField path="input.rollback.steps" label="Steps" value={d.rollback.steps} onChange={(v) => set('rollback', { ...d.rollback, steps: v })} />
              </div>
            ) : null}
          </div>
        ) : null}
        {p.section === 'escalation' ? (
          <div>
            <CheckboxField
              path="input.escalation"
              label="Use the program's escalation path"
              checked={d.useProgramEscalation}
              testId="escalation-use-program"
              onChange={(v) =>
                onChange({
                  ...d,
                  useProgramEscalation: v,
                  escalation: !v && d.escalation.length === 0 ? p.programEscalation.map((e) => ({ ...e })) : d.escalation,
                })
              }
            />
            {d.useProgramEscalation ? (
              <ol className="usa-list" data-testid="escalation-program">
                {p.programEscalation.map((e) => (
                  <li key={e.level}>
                    Level {e.level}: {e.title} — {e.contact} (within {e.responseMinutes} min)
                  </li>
                ))}
              </ol>
            ) : (
              <ListEditor
                path="input.escalation"
                label="Escalation levels"
                testId="escalation"
                addLabel="Add level"
                rows={d.escalation}
                onChange={(v) => set('escalation', v)}
                newRow={() => ({ level: d.escalation.length + 1, title: '', contact: '', responseMinutes: 30 })}
                columns={[
                  { key: 'level', label: 'Level', type: 'number', min: '1', width: '5rem' },
                  { key: 'title', label: 'Title' },
                  { key: 'contact', label: 'Contact' },
                  { key: 'responseMinutes', label: 'Response (min)', type: 'number', min: '0', width: '8rem' },
                ]}
              />
            )}
          </div>
        ) : null}
      </div>
    </div>
  )
}
