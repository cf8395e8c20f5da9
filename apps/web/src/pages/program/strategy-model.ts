/**
 * The program framework in the client: a published strategy → an editable draft → the
 * ReleaseStrategyInput of publishReleaseStrategy; and a flat, ordered view of a strategy
 * (section · item · value) used to show it and to compare two versions side by side.
 */
import type { FieldError } from '../../api/client.ts'
import { graphql } from '../../gql/index.ts'
import { criterionRule } from '../../lib/format.ts'
import type { CriterionKind, ReleaseStrategyInput, Role, StrategyFieldsFragment } from '../../gql/graphql.ts'

/** A published strategy version as the framework pages read it (view, compare, the editor's starting draft). */
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
        ...CriterionFields
      }
    }
    readinessCriteria {
      ...CriterionFields
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
      ...EscalationLevelFields
    }
    freezeWindows {
      ...FreezeWindowFields
    }
    enforcement {
      windowTiers
      readinessTiers
    }
  }
`)

export interface CriterionDraft {
  key: string
  description: string
  kind: CriterionKind
  threshold: number | null
  evidenceRequired: boolean
}

export interface StrategyDraft {
  notes: string
  cadence: { rule: string; timeZone: string; startsOn: string; codeFreezeDaysBefore: number | null }
  promotionPath: string
  qualityGates: { key: string; name: string; tier: string; criteria: CriterionDraft[] }[]
  readinessCriteria: CriterionDraft[]
  planApproval: { name: string; steps: { name: string; approverRole: Role; minApprovals: number | null; separationOfDuties: boolean }[] }
  escalationPath: { level: number | null; title: string; contact: string; responseMinutes: number | null }[]
  freezeWindows: { name: string; reason: string; start: string; end: string; timeZone: string; recurrence: string; tiers: string }[]
  /** Deploy-time enforcement: tiers, comma-separated. */
  enforcement: { windowTiers: string; readinessTiers: string }
}

export function blankStrategy(): StrategyDraft {
  return {
    notes: '',
    cadence: { rule: 'FREQ=MONTHLY;BYDAY=2TU', timeZone: 'America/Los_Angeles', startsOn: `${new Date().getFullYear()}-01-01`, codeFreezeDaysBefore: 5 },
    promotionPath: 'DEV, TEST, PROD',
    qualityGates: [],
    readinessCriteria: [],
    planApproval: {
      name: 'Plan approval',
      steps: [
        { name: 'Agency sign-off', approverRole: 'AGENCY_MANAGER', minApprovals: 1, separationOfDuties: true },
        { name: 'Program office', approverRole: 'PROGRAM_ADMIN', minApprovals: 1, separationOfDuties: false },
      ],
    },
    escalationPath: [],
    freezeWindows: [],
    enforcement: { windowTiers: 'PROD', readinessTiers: 'PROD' },
  }
}

const criterion = (c: StrategyFieldsFragment['readinessCriteria'][number]): CriterionDraft => ({
  key: c.key,
  description: c.description,
  kind: c.kind,
  threshold: c.threshold ?? null,
  evidenceRequired: c.evidenceRequired,
})

export function draftFromStrategy(s: StrategyFieldsFragment): StrategyDraft {
  return {
    notes: s.notes ?? '',
    cadence: { ...s.cadence },
    promotionPath: s.promotionPath.join(', '),
    qualityGates: s.qualityGates.map((g) => ({ key: g.key, name: g.name, tier: g.tier, criteria: g.criteria.map(criterion) })),
    readinessCriteria: s.readinessCriteria.map(criterion),
    planApproval: {
      name: s.planApproval.name,
      steps: [...s.planApproval.steps]
        .sort((a, b) => a.order - b.order)
        .map((x) => ({ name: x.name, approverRole: x.approverRole, minApprovals: x.minApprovals, separationOfDuties: x.separationOfDuties })),
    },
    escalationPath: s.escalationPath.map((e) => ({ ...e })),
    freezeWindows: s.freezeWindows.map((w) => ({
      name: w.name,
      reason: w.reason ?? '',
      start: w.start,
      end: w.end,
      timeZone: w.timeZone,
      recurrence: w.recurrence ?? '',
      tiers: w.tiers.join(', '),
    })),
    enforcement: { windowTiers: s.enforcement.windowTiers.join(', '), readinessTiers: s.enforcement.readinessTiers.join(', ') },
  }
}

const list = (s: string) =>
  s
    .split(',')
    .map((x) => x.trim())
    .filter(Boolean)
const opt = (s: string) => (s.trim() ? s.trim() : null)
const crit = (c: CriterionDraft) => ({
  key: c.key.trim(),
  description: c.description.trim(),
  kind: c.kind,
  threshold: c.kind === 'ATTESTATION' ? null : c.threshold,
  evidenceRequired: c.evidenceRequired,
})

export function draftToStrategyInput(d: StrategyDraft): ReleaseStrategyInput {
  return {
    notes: opt(d.notes),
    cadence: {
      rule: d.cadence.rule.trim(),
      timeZone: d.cadence.timeZone.trim(),
      startsOn: d.cadence.startsOn,
      codeFreezeDaysBefore: d.cadence.codeFreezeDaysBefore ?? 0,
    },
    promotionPath: list(d.promotionPath),
    qualityGates: d.qualityGates.map((g) => ({ key: g.key.trim(), name: g.name.trim(), tier: g.tier.trim(), criteria: g.criteria.map(crit) })),
    readinessCriteria: d.readinessCriteria.map(crit),
    planApproval: {
      name: d.planApproval.name.trim(),
      steps: d.planApproval.steps.map((x) => ({
        name: x.name.trim(),
        approverRole: x.approverRole,
        minApprovals: x.minApprovals ?? 0,
        separationOfDuties: x.separationOfDuties,
      })),
    },
    escalationPath: d.escalationPath.map((e) => ({
      level: e.level ?? 0,
      title: e.title.trim(),
      contact: e.contact.trim(),
      responseMinutes: e.responseMinutes ?? 0,
    })),
    freezeWindows: d.freezeWindows.map((w) => ({
      name: w.name.trim(),
      reason: opt(w.reason),
      start: w.start,
      end: w.end,
      timeZone: w.timeZone.trim(),
      recurrence: opt(w.recurrence),
      tiers: list(w.tiers),
    })),
    enforcement: { windowTiers: list(d.enforcement.windowTiers), readinessTiers: list(d.enforcement.readinessTiers) },
  }
}

/** Shape checks only (empty instants and numbers the API could not parse); the server validates the rest. */
export function checkStrategyDraft(d: StrategyDraft): FieldError[] {
  const out: FieldError[] = []
  if (!d.cadence.startsOn) out.push({ path: ['input', 'cadence', 'startsOn'], message: 'Required' })
  if (d.cadence.codeFreezeDaysBefore === null) out.push({ path: ['input', 'cadence', 'codeFreezeDaysBefore'], message: 'A whole number of days' })
  d.freezeWindows.forEach((w, i) => {
    if (!w.start) out.push({ path: ['input', 'freezeWindows', i, 'start'], message: 'Enter a start' })
    if (!w.end) out.push({ path: ['input', 'freezeWindows', i, 'end'], message: 'Enter an end' })
  })
  d.planApproval.steps.forEach((s, i) => {
    if (s.minApprovals === null) out.push({ path: ['input', 'planApproval', 'steps', i, 'minApprovals'], message: 'A whole number' })
  })
  d.escalationPath.forEach((e, i) => {
    if (e.level === null) out.push({ path: ['input', 'escalationPath', i, 'level'], message: 'A whole number' })
    if (e.responseMinutes === null) out.push({ path: ['input', 'escalationPath', i, 'responseMinutes'], message: 'Whole minutes' })
  })
  return out
}

// ------------------------------------------------------------------ flat view and comparison

export interface StrategyLine {
  section: string
  item: string
  value: string
}

function describeCriterion(c: { kind: string; threshold?: number | null; evidenceRequired: boolean; description: string }): string {
  return `${c.description} (${criterionRule(c)}${c.evidenceRequired ? ', evidence required' : ''})`
}

/** A strategy as ordered lines; items are stable keys so two versions line up. */
export function strategyLines(s: StrategyFieldsFragment): StrategyLine[] {
  const out: StrategyLine[] = []
  const add = (section: string, item: string, value: string) => out.push({ section, item, value })
  add('General', 'notes', s.notes ?? '—')
  add('Cadence', 'rule', s.cadence.rule)
  add('Cadence', 'time zone', s.cadence.timeZone)
  add('Cadence', 'starts on', s.cadence.startsOn)
  add('Cadence', 'code freeze', `${s.cadence.codeFreezeDaysBefore} days before`)
  add('Promotion path', 'tiers', s.promotionPath.join(' → '))
  add('Deploy-time enforcement', 'inside the scheduled window', s.enforcement.windowTiers.join(', ') || 'no tier')
  add('Deploy-time enforcement', 'environment ready', s.enforcement.readinessTiers.join(', ') || 'no tier')
  for (const g of s.qualityGates) {
    add('Quality gates', `${g.key}`, `${g.name} — entry into ${g.tier}`)
    for (const c of g.criteria) add('Quality gates', `${g.key} / ${c.key}`, describeCriterion(c))
  }
  for (const c of s.readinessCriteria) add('Enterprise readiness', c.key, describeCriterion(c))
  add('Plan approval', 'workflow', s.planApproval.name)
  for (const st of [...s.planApproval.steps].sort((a, b) => a.order - b.order))
    add('Plan approval', `step ${st.order}`, `${st.name}: ${st.minApprovals} × ${st.approverRole}${st.separationOfDuties ? ', not the requester' : ''}`)
  for (const e of s.escalationPath) add('Escalation', `level ${e.level}`, `${e.title} — ${e.contact}, within ${e.responseMinutes} min`)
  for (const w of s.freezeWindows)
    add(
      'Freeze windows',
      w.name,
      `${w.start} → ${w.end} (${w.timeZone})${w.recurrence ? `, repeats ${w.recurrence}` : ''}; tiers: ${w.tiers.length ? w.tiers.join(', ') : 'all'}${w.reason ? `; ${w.reason}` : ''}`,
    )
  return out
}

export type DiffKind = 'same' | 'changed' | 'added' | 'removed'

export interface DiffRow {
  section: string
  item: string
  a: string | null
  b: string | null
  kind: DiffKind
}

/** Lines of A and B side by side, in A's order then B's new lines (by section), with what changed. */
export function compareStrategies(a: StrategyFieldsFragment, b: StrategyFieldsFragment): DiffRow[] {
  const la = strategyLines(a)
  const lb = strategyLines(b)
  const key = (l: StrategyLine) => `${l.section}\u0000${l.item}`
  const bByKey = new Map(lb.map((l) => [key(l), l]))
  const aKeys = new Set(la.map(key))
  const sections: string[] = []
  for (const l of [...la, ...lb]) if (!sections.includes(l.section)) sections.push(l.section)
  const rows: DiffRow[] = []
  for (const section of sections) {
    for (const l of la.filter((x) => x.section === section)) {
      const other = bByKey.get(key(l))
      rows.push({ section, item: l.item, a: l.value, b: other?.value ?? null, kind: !other ? 'removed' : other.value === l.value ? 'same' : 'changed' })
    }
    for (const l of lb.filter((x) => x.section === section && !aKeys.has(key(x)))) rows.push({ section, item: l.item, a: null, b: l.value, kind: 'added' })
  }
  return rows
}
