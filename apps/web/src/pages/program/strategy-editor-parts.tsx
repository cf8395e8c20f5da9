/**
 * The parts of the strategy editor: cadence and promotion path, quality gates, the plan approval
 * workflow, the escalation path and freeze windows. Every input is named by its
 * ReleaseStrategyInput path, so a server field error lands next to it.
 */
import { TextField } from '../../components/fields.tsx'
import { ListEditor } from '../../components/list-editor.tsx'
import { fromLocalInput, isValidZone, toLocalInput } from '../../lib/time.ts'
import type { CriterionDraft, StrategyDraft } from './strategy-model.ts'

const KINDS = ['ATTESTATION', 'METRIC_AT_LEAST', 'METRIC_AT_MOST']
const ROLES = ['PROGRAM_ADMIN', 'PROGRAM_VIEWER', 'AGENCY_MANAGER', 'AGENCY_MEMBER', 'AGENCY_VIEWER', 'INTEGRATION']

export function criteriaColumns() {
  return [
    { key: 'key' as const, label: 'Key', width: '9rem' },
    { key: 'description' as const, label: 'Description' },
    { key: 'kind' as const, label: 'Kind', type: 'select' as const, options: KINDS, width: '11rem' },
    { key: 'threshold' as const, label: 'Threshold', type: 'number' as const, step: 'any', width: '7rem' },
    { key: 'evidenceRequired' as const, label: 'Evidence', type: 'checkbox' as const },
  ]
}

export const newCriterion = (): CriterionDraft => ({ key: '', description: '', kind: 'ATTESTATION', threshold: null, evidenceRequired: false })

export interface StrategyPartProps {
  d: StrategyDraft
  set: <K extends keyof StrategyDraft>(k: K, v: StrategyDraft[K]) => void
}

/** The cadence (RRULE, zone, start, code freeze) and the promotion path. */
export function CadenceAndPath({ d, set }: StrategyPartProps) {
  return (
    <>
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
      <TextField
        path="input.enforcement.windowTiers"
        label="Deploy only inside the release's scheduled window in"
        hint="Tiers, separated by commas (empty: none); gates and freezes apply in every tier"
        childErrors
        value={d.enforcement.windowTiers}
        onChange={(v) => set('enforcement', { ...d.enforcement, windowTiers: v })}
      />
      <TextField
        path="input.enforcement.readinessTiers"
        label="Deploy only to a ready environment in"
        hint="Tiers, separated by commas (empty: none)"
        childErrors
        value={d.enforcement.readinessTiers}
        onChange={(v) => set('enforcement', { ...d.enforcement, readinessTiers: v })}
      />
    </>
  )
}

/** Quality gates, each guarding entry into a tier, with their criteria. */
export function QualityGatesEditor({ d, set }: StrategyPartProps) {
  return (
    <>
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
    </>
  )
}

/** The plan approval workflow: its name and ordered steps. */
export function ApprovalWorkflowEditor({ d, set }: StrategyPartProps) {
  return (
    <>
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
    </>
  )
}

export function EscalationPathEditor({ d, set }: StrategyPartProps) {
  return (
    <>
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
    </>
  )
}

/** Freeze windows: times of the first occurrence read in the window's own zone (else the cadence's). */
export function FreezeWindowsEditor({ d, set, tz }: StrategyPartProps & { tz: string }) {
  return (
    <>
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
    </>
  )
}
