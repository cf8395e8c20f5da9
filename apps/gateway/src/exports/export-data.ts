/**
 * The plain data the export formatters take: exactly the shapes the exports' GraphQL queries
 * (export-queries.ts) return through the supergraph, so a route passes `data` straight on.
 * Instants are ISO strings, dates 'YYYY-MM-DD'.
 */

export type PlanStatus = 'DRAFT' | 'SUBMITTED' | 'APPROVED' | 'REJECTED' | 'CLOSED'
export type ReleaseType = 'MAJOR' | 'MINOR' | 'PATCH' | 'EMERGENCY'
export type ReleaseStatus = 'PLANNED' | 'IN_PROGRESS' | 'RELEASED' | 'ROLLED_BACK' | 'CANCELLED'

export interface FreezeWindowData {
  id: string
  name: string
  reason: string | null
  /** Start of the first occurrence (instant). */
  start: string
  /** End of the first occurrence (instant). */
  end: string
  timeZone: string
  /** RFC 5545 RRULE; null for a single window. */
  recurrence: string | null
  /** Empty = every tier. */
  tiers: string[]
}

export interface CycleData {
  id: string
  name: string
  codeFreeze: string
  releaseDate: string
}

export interface StageWindowData {
  tier: string
  start: string
  end: string
  environment: { key: string; name?: string | null } | null
}

export interface AgencyRef {
  code: string
  name: string
}

// ------------------------------------------------------------------ calendar feed

export interface CalendarReleaseData {
  id: string
  name: string
  version: string
  type: ReleaseType
  status: ReleaseStatus
  schedule: StageWindowData[]
}

export interface CalendarPlanData {
  id: string
  title: string
  status: PlanStatus
  agency: AgencyRef
  releases: CalendarReleaseData[]
}

export interface CalendarData {
  key: string
  name: string
  strategy: {
    promotionPath: string[]
    cadence: { timeZone: string }
    freezeWindows: FreezeWindowData[]
  } | null
  cycles: CycleData[]
  /** Only APPROVED plans are shown; others are ignored by the formatter. */
  plans: CalendarPlanData[]
}

// ------------------------------------------------------------------ GitLab / Argo CD

export interface FreezeExportData {
  key: string
  name: string
  strategy: {
    promotionPath: string[]
    freezeWindows: FreezeWindowData[]
  } | null
}

// ------------------------------------------------------------------ roadmap CSV

export interface RoadmapReleaseData {
  id: string
  name: string
  version: string
  type: ReleaseType
  status: ReleaseStatus
  currentTier: string | null
  schedule: StageWindowData[]
}

export interface RoadmapPlanData {
  id: string
  title: string
  status: PlanStatus
  agency: AgencyRef
  releases: RoadmapReleaseData[]
}

export interface RoadmapData {
  key: string
  name: string
  strategy: { promotionPath: string[]; cadence: { timeZone: string } } | null
  plans: RoadmapPlanData[]
}

// ------------------------------------------------------------------ Release Management Plan

export type CriterionKind = 'ATTESTATION' | 'METRIC_AT_LEAST' | 'METRIC_AT_MOST'

export interface CriterionData {
  key: string
  description: string
  kind: CriterionKind
  threshold: number | null
  evidenceRequired: boolean
}

export interface ApprovalStepData {
  order: number
  name: string
  approverRole: string
  minApprovals: number
  separationOfDuties: boolean
}

export interface EscalationLevelData {
  level: number
  title: string
  contact: string
  responseMinutes: number
}

export interface StrategyData {
  version: number
  publishedAt: string
  notes: string | null
  cadence: { rule: string; timeZone: string; startsOn: string; codeFreezeDaysBefore: number }
  promotionPath: string[]
  qualityGates: { key: string; name: string; tier: string; criteria: CriterionData[] }[]
  readinessCriteria: CriterionData[]
  planApproval: { name: string; steps: ApprovalStepData[] }
  escalationPath: EscalationLevelData[]
  freezeWindows: FreezeWindowData[]
}

export interface RmpReleaseData {
  id: string
  name: string
  version: string
  type: ReleaseType
  summary: string | null
  status: ReleaseStatus
  currentTier: string | null
  cycle: CycleData | null
  scope: { key: string; title: string; kind: string }[]
  artifacts: { name: string; version: string; digest: string; uri: string | null }[]
  schedule: StageWindowData[]
  steps: { order: number; title: string; owner: string; durationMinutes: number; tier: string | null }[]
  validations: { tier: string; description: string; owner: string }[]
  roles: { responsibility: string; person: string; contact: string | null }[]
  requirements: { key: string; expected: string }[]
  dependencies: {
    release: { id: string; name: string; version: string; agency: AgencyRef } | null
    sharedComponent: { key: string; name: string; currentVersion: string | null } | null
    versionRange: string | null
    note: string | null
  }[]
  dependents: { id: string; name: string; version: string; agency: AgencyRef }[]
  impactedAgencies: AgencyRef[]
  rollback: { strategy: string; triggers: string[]; steps: string[]; maxMinutes: number; rehearsedAt: string | null } | null
  escalation: EscalationLevelData[]
  gates: { gate: { key: string; name: string; tier: string }; passed: boolean; unmetCriteria: string[] }[]
  checkpoints: {
    criterionKey: string
    met: boolean
    value: number | null
    evidenceUrl: string | null
    recordedBy: string
    recordedAt: string
    note: string | null
  }[]
  postReleaseValidation: { passed: boolean; notes: string | null; recordedBy: string; recordedAt: string } | null
}

export interface RmpPlanData {
  id: string
  title: string
  status: PlanStatus
  periodStart: string
  periodEnd: string
  revision: number
  strategyVersion: number
  updatedAt: string
  updatedBy: string
  agency: AgencyRef
  program: {
    key: string
    name: string
    /** Every published version; the formatter picks the plan's pinned `strategyVersion`. */
    strategyVersions: StrategyData[]
  }
  alignment: {
    aligned: boolean
    stale: boolean
    strategyVersion: number
    issues: { code: string; severity: string; message: string; release: { id: string } | null }[]
  }
  approvals: {
    id: string
    status: 'PENDING' | 'APPROVED' | 'REJECTED'
    currentStep: number | null
    requestedBy: string
    requestedAt: string
    workflow: { name: string; steps: ApprovalStepData[] }
    decisions: { step: number; decidedBy: string; decision: 'APPROVE' | 'REJECT'; comment: string | null; decidedAt: string }[]
  }[]
  releases: RmpReleaseData[]
}
