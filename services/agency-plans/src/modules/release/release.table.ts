import type { Generated, Selectable } from 'kysely'
import type { ReleaseStatus, ReleaseType } from '@railyard/release-rules'
import type { Json, JsonOrNull, PinnedEscalationLevel } from '../plan/plan.table.ts'

export interface StoredScopeItem {
  key: string
  title: string
  kind: string
}

export interface StoredArtifact {
  name: string
  version: string
  digest: string
  uri: string | null
}

/** One window of the schedule (instants as canonical ISO strings). */
export interface StoredWindow {
  tier: string
  environmentId: string | null
  start: string
  end: string
}

export interface StoredStep {
  order: number
  title: string
  owner: string
  durationMinutes: number
  tier: string | null
}

export interface StoredValidation {
  tier: string
  description: string
  owner: string
}

export interface StoredRole {
  responsibility: string
  person: string
  contact: string | null
}

export interface StoredRequirement {
  key: string
  expected: string
}

export interface StoredRollback {
  strategy: string
  triggers: string[]
  steps: string[]
  maxMinutes: number
  rehearsedAt: string | null
  rehearsalNote: string | null
}

export interface StoredPostReleaseValidation {
  passed: boolean
  notes: string | null
  recordedBy: string
  recordedAt: string
}

export interface ReleaseTable {
  id: Generated<string>
  planId: string
  programId: string
  agencyId: string
  agencyCode: string
  name: string
  version: string
  type: ReleaseType
  summary: string | null
  cycleId: string | null
  status: ReleaseStatus
  currentTier: string | null
  revision: number
  scope: Json<StoredScopeItem[]>
  artifacts: Json<StoredArtifact[]>
  schedule: Json<StoredWindow[]>
  steps: Json<StoredStep[]>
  validations: Json<StoredValidation[]>
  roles: Json<StoredRole[]>
  requirements: Json<StoredRequirement[]>
  rollback: JsonOrNull<StoredRollback>
  /** The release's own escalation path; null = the strategy's. */
  escalation: JsonOrNull<PinnedEscalationLevel[]>
  postReleaseValidation: JsonOrNull<StoredPostReleaseValidation>
  cancelReason: string | null
  createdAt: Generated<string>
  createdBy: string
  updatedAt: Generated<string>
  updatedBy: string
}

/** A dependency of a release: on another release (any agency) or on a shared component. */
export interface ReleaseDependencyTable {
  id: Generated<string>
  releaseId: string
  position: number
  dependsOnReleaseId: string | null
  sharedComponentId: string | null
  /** Owning agency id of the shared component when the dependency was recorded (impact analysis). */
  sharedComponentOwnerId: string | null
  versionRange: string | null
  note: string | null
}

export type ReleaseRow = Selectable<ReleaseTable>
export type ReleaseDependencyRow = Selectable<ReleaseDependencyTable>
