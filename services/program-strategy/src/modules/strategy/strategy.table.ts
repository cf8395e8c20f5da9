import type { ColumnType, Generated, Selectable } from 'kysely'
import type { Role } from '@railyard/auth'
import type { CriterionKind, DeployEnforcementSpec } from '@railyard/release-rules'

/** A jsonb column: read as the parsed value, written as its JSON text. */
type Json<T> = ColumnType<T, string, never>

/** Cadence of a stored strategy (same shape as the GraphQL Cadence). */
export interface StoredCadence {
  rule: string
  timeZone: string
  /** 'YYYY-MM-DD' */
  startsOn: string
  codeFreezeDaysBefore: number
}

export interface StoredCriterion {
  key: string
  description: string
  kind: CriterionKind
  threshold: number | null
  evidenceRequired: boolean
}

export interface StoredQualityGate {
  /** Generated when the version is published; stable within the version. */
  id: string
  key: string
  name: string
  tier: string
  criteria: StoredCriterion[]
}

export interface StoredApprovalStep {
  /** 1, 2, 3… in the order given. */
  order: number
  name: string
  approverRole: Role
  minApprovals: number
  separationOfDuties: boolean
}

export interface StoredApprovalWorkflow {
  name: string
  steps: StoredApprovalStep[]
}

export interface StoredEscalationLevel {
  level: number
  title: string
  contact: string
  responseMinutes: number
}

export interface StoredFreezeWindow {
  /** Generated when the version is published; stable within the version. */
  id: string
  name: string
  reason: string | null
  /** Instants, canonical UTC ISO strings. */
  start: string
  end: string
  timeZone: string
  recurrence: string | null
  tiers: string[]
}

/** The content of one strategy version, exactly as the GraphQL ReleaseStrategy shows it. */
export interface StrategyContent {
  notes: string | null
  cadence: StoredCadence
  promotionPath: string[]
  qualityGates: StoredQualityGate[]
  readinessCriteria: StoredCriterion[]
  planApproval: StoredApprovalWorkflow
  escalationPath: StoredEscalationLevel[]
  freezeWindows: StoredFreezeWindow[]
  /** Tiers enforced at deploy time (each list in promotion-path order). */
  enforcement: DeployEnforcementSpec
}

/** release_strategy: one immutable row per published version; unique (program_id, version). */
export interface ReleaseStrategyTable {
  id: Generated<string>
  programId: ColumnType<string, string, never>
  version: ColumnType<number, number, never>
  publishedAt: ColumnType<string, never, never>
  publishedBy: ColumnType<string, string, never>
  notes: ColumnType<string | null, string | null, never>
  cadence: Json<StoredCadence>
  promotionPath: Json<string[]>
  qualityGates: Json<StoredQualityGate[]>
  readinessCriteria: Json<StoredCriterion[]>
  planApproval: Json<StoredApprovalWorkflow>
  escalationPath: Json<StoredEscalationLevel[]>
  freezeWindows: Json<StoredFreezeWindow[]>
  /** Null on versions published before v2 (they enforce the last tier for both). */
  enforcement: ColumnType<DeployEnforcementSpec | null, string | null, never>
}

export type StrategyRow = Selectable<ReleaseStrategyTable>
