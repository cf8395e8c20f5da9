/**
 * The sections of the release editor, one component each: every input is named by its
 * ReleaseInput path, so a server field error (input.schedule.1.end) lands on its cell.
 */
import type { ReactNode } from 'react'
import { CheckboxField, SelectField, TextArea, TextField } from '../../components/fields.tsx'
import { LinesField, ListEditor } from '../../components/list-editor.tsx'
import type { ReleaseDraft } from './release-draft.ts'
import type { EditorOptions, SectionId } from './release-editor.tsx'

const RELEASE_TYPES = ['MAJOR', 'MINOR', 'PATCH', 'EMERGENCY']
const SCOPE_KINDS = ['FEATURE', 'FIX', 'CHANGE', 'SECURITY']
const RESPONSIBILITIES = ['RELEASE_MANAGER', 'DEPLOYER', 'APPROVER', 'VALIDATOR', 'COMMUNICATIONS']
const ROLLBACK_STRATEGIES = ['REDEPLOY_PREVIOUS', 'FEATURE_FLAG', 'RESTORE_BACKUP', 'FORWARD_FIX']

export interface SectionProps {
  d: ReleaseDraft
  set: <K extends keyof ReleaseDraft>(k: K, v: ReleaseDraft[K]) => void
  onChange: (d: ReleaseDraft) => void
  options: EditorOptions
  timeZone: string
  programEscalation: readonly { level: number; title: string; contact: string; responseMinutes: number }[]
}

function BasicsSection({ d, set, options }: SectionProps) {
  return (
    <div className="ry-row-form">
      <TextField path="input.name" label="Name" required value={d.name} onChange={(v) => set('name', v)} />
      <TextField path="input.version" label="Version" hint="Semantic version, e.g. 2.4.0" required value={d.version} onChange={(v) => set('version', v)} />
      <SelectField path="input.type" label="Type" value={d.type} options={RELEASE_TYPES} onChange={(v) => set('type', v as ReleaseDraft['type'])} />
      <SelectField
        path="input.cycleId"
        label="Release cycle (train)"
        value={d.cycleId}
        options={options.cycles}
        emptyLabel="— none —"
        onChange={(v) => set('cycleId', v)}
      />
      <TextArea path="input.summary" label="Summary" className="width-full" value={d.summary} onChange={(v) => set('summary', v)} />
    </div>
  )
}

function ScopeSection({ d, set }: SectionProps) {
  return (
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
  )
}

function ArtifactsSection({ d, set }: SectionProps) {
  return (
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
  )
}

function ScheduleSection({ d, set, options, timeZone }: SectionProps) {
  const tierOptions = options.tiers
  return (
    <ListEditor
      path="input.schedule"
      label="Schedule windows"
      testId="schedule"
      hint={`One window per tier, in promotion order. Times are in ${timeZone}.`}
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
        { key: 'environmentId', label: 'Environment', type: 'select', options: options.environments, emptyLabel: '— none —' },
        { key: 'start', label: 'Start', type: 'datetime', timeZone: timeZone },
        { key: 'end', label: 'End', type: 'datetime', timeZone: timeZone },
      ]}
    />
  )
}

function StepsSection({ d, set, options }: SectionProps) {
  const tierOptions = options.tiers
  return (
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
  )
}

function ValidationsSection({ d, set, options }: SectionProps) {
  const tierOptions = options.tiers
  return (
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
  )
}

function RolesSection({ d, set }: SectionProps) {
  return (
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
  )
}

function RequirementsSection({ d, set }: SectionProps) {
  return (
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
  )
}

function DependenciesSection({ d, set, options }: SectionProps) {
  return (
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
        { key: 'releaseId', label: 'Release', type: 'select', options: options.releases, emptyLabel: '— none —' },
        { key: 'sharedComponentId', label: 'Shared component', type: 'select', options: options.sharedComponents, emptyLabel: '— none —' },
        { key: 'versionRange', label: 'Version range', width: '8rem', placeholder: '>=3.0.0' },
        { key: 'note', label: 'Note' },
      ]}
    />
  )
}

function RollbackPlanSection({ d, set }: SectionProps) {
  return (
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
  )
}

function EscalationSection({ d, set, onChange, programEscalation }: SectionProps) {
  return (
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
            escalation: !v && d.escalation.length === 0 ? programEscalation.map((e) => ({ ...e })) : d.escalation,
          })
        }
      />
      {d.useProgramEscalation ? (
        <ol className="usa-list" data-testid="escalation-program">
          {programEscalation.map((e) => (
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
  )
}

/** The view of each section. */
export const SECTION_VIEWS: Record<SectionId, (p: SectionProps) => ReactNode> = {
  basics: BasicsSection,
  scope: ScopeSection,
  artifacts: ArtifactsSection,
  schedule: ScheduleSection,
  steps: StepsSection,
  validations: ValidationsSection,
  roles: RolesSection,
  requirements: RequirementsSection,
  dependencies: DependenciesSection,
  rollback: RollbackPlanSection,
  escalation: EscalationSection,
}
