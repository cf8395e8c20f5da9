import type { ColumnType, Generated, Selectable } from 'kysely'
import type { CadenceSpec, CriterionSpec, DeployEnforcementSpec, FreezeWindowSpec } from '@railyard/release-rules'

/** A jsonb column: read as the parsed value, written as a JSON string. */
export type Json<T> = ColumnType<T, string, string>

/** A nullable jsonb column (SQL null when absent). */
export type JsonOrNull<T> = ColumnType<T | null, string | null, string | null>

export type PlanStatus = 'DRAFT' | 'SUBMITTED' | 'APPROVED' | 'REJECTED' | 'CLOSED'

export interface PinnedQualityGate {
  id: string
  key: string
  name: string
  tier: string
  criteria: CriterionSpec[]
}

export interface PinnedApprovalStep {
  order: number
  name: string
  approverRole: string
  minApprovals: number
  separationOfDuties: boolean
}

export interface PinnedApprovalWorkflow {
  name: string
  steps: PinnedApprovalStep[]
}

export interface PinnedEscalationLevel {
  level: number
  title: string
  contact: string
  responseMinutes: number
}

/**
 * The complete snapshot of the program strategy version a plan is aligned to (jsonb on the
 * plan), as fetched from program-strategy when the plan is created or realigned.
 */
export interface PinnedStrategy {
  version: number
  publishedAt: string
  publishedBy: string
  notes: string | null
  cadence: CadenceSpec
  promotionPath: string[]
  qualityGates: PinnedQualityGate[]
  readinessCriteria: CriterionSpec[]
  planApproval: PinnedApprovalWorkflow
  escalationPath: PinnedEscalationLevel[]
  freezeWindows: FreezeWindowSpec[]
  /** Absent in snapshots pinned before v2: the last tier for both (release-rules effectiveEnforcement). */
  enforcement?: DeployEnforcementSpec | null
}

export interface PlanTable {
  id: Generated<string>
  programId: string
  /** The program's key, for cycle ids (`<programKey>:<releaseDate>`). */
  programKey: string
  agencyId: string
  /** The owning agency's code: tokens name their agency by code. */
  agencyCode: string
  title: string
  periodStart: string
  periodEnd: string
  status: PlanStatus
  revision: number
  strategyVersion: number
  strategy: Json<PinnedStrategy>
  createdAt: Generated<string>
  createdBy: string
  updatedAt: Generated<string>
  updatedBy: string
}

export type PlanRow = Selectable<PlanTable>
