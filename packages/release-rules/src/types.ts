/**
 * Shared types of the Railyard domain rules.
 *
 * Conventions:
 * - instants are ISO-8601 strings with an offset or `Z` (e.g. '2027-03-09T18:00:00.000Z');
 *   instants produced by these rules are always UTC with milliseconds (`Date#toISOString`).
 * - calendar days are 'YYYY-MM-DD' strings, read in a named IANA time zone where it matters.
 * - intervals are half-open: [start, end).
 */

// ------------------------------------------------------------------ time

/** Half-open interval [start, end) of ISO instants. */
export interface Interval {
  start: string
  end: string
}

// ------------------------------------------------------------------ cycles

export interface CadenceSpec {
  /** RFC 5545 RRULE (with or without the 'RRULE:' prefix, without DTSTART), e.g. 'FREQ=MONTHLY;BYDAY=2TU'. */
  rule: string
  /** IANA time zone the rule and windows are read in. */
  timeZone: string
  /** First date of the series, 'YYYY-MM-DD'. */
  startsOn: string
  codeFreezeDaysBefore: number
}

export interface Cycle {
  /** `${programKey}:${releaseDate}` */
  id: string
  name: string
  /** 'YYYY-MM-DD' */
  codeFreeze: string
  /** 'YYYY-MM-DD' */
  releaseDate: string
}

// ------------------------------------------------------------------ freezes

export interface FreezeWindowSpec {
  id: string
  name: string
  reason?: string | null
  /** Start of the first occurrence (instant). */
  start: string
  /** End of the first occurrence (instant). */
  end: string
  timeZone: string
  /** RFC 5545 RRULE for repeating freezes; null/absent for a single window. */
  recurrence?: string | null
  /** Tiers the freeze applies to; empty = every tier. */
  tiers: string[]
}

export interface FreezeOccurrence {
  windowId: string
  name: string
  /** instant */
  start: string
  /** instant (exclusive) */
  end: string
}

/** An occurrence together with the window it comes from (what `Program.freezeOccurrences` returns). */
export interface WindowOccurrence<W extends FreezeWindowSpec = FreezeWindowSpec> extends FreezeOccurrence {
  window: W
}

// ------------------------------------------------------------------ gates

export type CriterionKind = 'ATTESTATION' | 'METRIC_AT_LEAST' | 'METRIC_AT_MOST'

export interface CriterionSpec {
  key: string
  description: string
  kind: CriterionKind
  threshold?: number | null
  evidenceRequired: boolean
}

export interface QualityGateSpec {
  id?: string
  key: string
  name: string
  /** The gate guards entry into this tier. */
  tier: string
  criteria: CriterionSpec[]
}

export interface CheckpointRecord {
  criterionKey: string
  value?: number | null
  attested?: boolean | null
  evidenceUrl?: string | null
  /** instant */
  recordedAt: string
}

// ------------------------------------------------------------------ strategy & releases

export interface StrategySnapshot {
  version: number
  cadence: CadenceSpec
  promotionPath: string[]
  qualityGates: QualityGateSpec[]
  readinessCriteria: CriterionSpec[]
  freezeWindows: FreezeWindowSpec[]
  /** Tiers enforced at deploy time beyond gates and freezes; absent/null (strategies published before v2): the last tier for both. */
  enforcement?: DeployEnforcementSpec | null
  // other strategy fields may be present (structural typing); the rules ignore them
}

export interface StageWindowSpec {
  tier: string
  /** instant */
  start: string
  /** instant (exclusive) */
  end: string
  environmentId?: string | null
}

export type ReleaseType = 'MAJOR' | 'MINOR' | 'PATCH' | 'EMERGENCY'
export type ReleaseStatus = 'PLANNED' | 'IN_PROGRESS' | 'RELEASED' | 'ROLLED_BACK' | 'CANCELLED'

// ------------------------------------------------------------------ alignment

export type Severity = 'ERROR' | 'WARNING' | 'INFO'

export type AlignmentCode =
  | 'OUTSIDE_PLAN_PERIOD'
  | 'OFF_CYCLE'
  | 'FREEZE_WINDOW'
  | 'TIER_SKIPPED'
  | 'TIER_OUT_OF_ORDER'
  | 'MISSING_ROLLBACK'
  | 'MISSING_ROLE'
  | 'MISSING_VALIDATION'
  | 'DEPENDENCY_ORDER'
  | 'STALE_STRATEGY'

export interface AlignmentIssue {
  code: AlignmentCode
  severity: Severity
  message: string
  releaseId: string | null
}

export interface ReleaseForAlignment {
  id: string
  name: string
  version: string
  type: ReleaseType
  status: ReleaseStatus
  cycleId?: string | null
  schedule: StageWindowSpec[]
  hasRollback: boolean
  roles: { responsibility: string }[]
  validations: { tier: string }[]
  dependencyReleaseIds: string[]
}

export interface AlignmentInput {
  programKey: string
  /** 'YYYY-MM-DD', read in the cadence's time zone */
  periodStart: string
  /** 'YYYY-MM-DD' (inclusive), read in the cadence's time zone */
  periodEnd: string
  strategy: StrategySnapshot
  latestStrategyVersion: number
  releases: ReleaseForAlignment[]
  /** last-tier window start of every release referenced as a dependency (any agency), by id; missing/null = unknown/unscheduled */
  dependencyLastTierStart: Record<string, string | null>
}

export interface AlignmentResult {
  aligned: boolean
  stale: boolean
  strategyVersion: number
  issues: AlignmentIssue[]
}

// ------------------------------------------------------------------ deploy-time enforcement

export type DeploymentBlockerCode =
  | 'PLAN_NOT_APPROVED'
  | 'RELEASE_CANCELLED'
  | 'NOT_NEXT_TIER'
  | 'GATE_UNMET'
  | 'ENTERPRISE_CRITERIA_UNMET'
  | 'FROZEN'
  | 'OUTSIDE_WINDOW'
  | 'ENVIRONMENT_NOT_READY'

/** The blockers a break-glass exception may lift. */
export type WaivableBlockerCode = 'FROZEN' | 'OUTSIDE_WINDOW' | 'ENVIRONMENT_NOT_READY'

/** Which tiers the program enforces at deploy time beyond gates and freezes. */
export interface DeployEnforcementSpec {
  /** Tiers where a deployment must fall inside the release's scheduled window for the tier. */
  windowTiers: string[]
  /** Tiers whose environment must have no readiness blockers. */
  readinessTiers: string[]
}

export type ExceptionStatus = 'PENDING' | 'APPROVED' | 'REJECTED'

/** A break-glass exception as the deploy check reads it. */
export interface DeploymentExceptionSpec {
  id: string
  releaseId: string
  tier: string
  /** Blockers it lifts; codes that are not waivable are ignored. */
  waives: DeploymentBlockerCode[]
  /** instant */
  start: string
  /** instant (exclusive) */
  end: string
  status: ExceptionStatus
}

/** The release as the deploy check reads it. */
export interface ReleaseForDeployment {
  id: string
  status: ReleaseStatus
  type: ReleaseType
  /** The last tier the release was promoted into; null before the first. */
  currentTier: string | null
  schedule: StageWindowSpec[]
}

export interface DeploymentCheckInput {
  /** The strategy version the release's plan is pinned to. */
  strategy: StrategySnapshot
  planStatus: string
  release: ReleaseForDeployment
  checkpoints: CheckpointRecord[]
  /** The tier to deploy to. */
  tier: string
  /** The instant of the deployment (instant). */
  at: string
  /**
   * Readiness blockers of the tier's environment for the release's window of that tier (see
   * environmentReadiness); null when unknown or not assessed (no environment): no
   * ENVIRONMENT_NOT_READY blocker then.
   */
  environmentBlockers: ReadinessBlocker[] | null
  /** The environment's key, for messages. */
  environmentKey?: string | null
  /** The release's exceptions (any status, any tier: the check picks what applies). */
  exceptions: DeploymentExceptionSpec[]
}

export interface DeploymentBlocker {
  code: DeploymentBlockerCode
  /** One sentence: what blocks, and what to do about it. */
  message: string
  /** Id of the approved exception that lifts this blocker at the instant; null when it blocks. */
  waivedBy: string | null
}

export interface DeploymentCheckResult {
  /** True when every blocker is waived or there is none. */
  allowed: boolean
  tier: string
  /** The instant checked (canonical UTC form). */
  at: string
  /** In a fixed order: PLAN_NOT_APPROVED, RELEASE_CANCELLED, NOT_NEXT_TIER, GATE_UNMET (one per gate), ENTERPRISE_CRITERIA_UNMET, FROZEN (one per occurrence), OUTSIDE_WINDOW, ENVIRONMENT_NOT_READY. */
  blockers: DeploymentBlocker[]
  /** Freeze occurrences applying to the tier that cover the instant, earliest first. */
  freezes: WindowOccurrence[]
  /**
   * The earliest instant ≥ at at which no FROZEN or OUTSIDE_WINDOW blocker remains unwaived
   * (other blockers as they are now; approved exceptions covering later instants count); null
   * when there is none within 5 years.
   */
  nextAllowedAt: string | null
  /** The tier is the last tier of the promotion path: promotion into it releases the release. */
  lastTier: boolean
}

// ------------------------------------------------------------------ promotion

/** promoteRelease decides with the deploy check for now: same input. */
export type PromotionInput = DeploymentCheckInput

/** `reasons`: the unwaived blockers' messages (checkDeployment has their codes). */
export type PromotionResult = { ok: true; releasesNow: boolean } | { ok: false; reasons: string[] }

export interface GateEvaluation {
  passed: boolean
  /** criterion keys, in the gate's criteria order */
  unmetCriteria: string[]
}

// ------------------------------------------------------------------ drift

export interface ConfigItem {
  key: string
  value: string
}

export type DriftKind = 'MISSING' | 'UNEXPECTED' | 'CHANGED'

export interface DriftItem {
  key: string
  expected: string | null
  actual: string | null
  kind: DriftKind
}

export interface DriftResult {
  inSync: boolean
  /** sorted by key (code-unit order) */
  items: DriftItem[]
}

// ------------------------------------------------------------------ bookings & readiness

export interface BookingSpec {
  id: string
  environmentId: string
  releaseId: string
  /** instant */
  start: string
  /** instant (exclusive) */
  end: string
}

export type BlockerCode = 'DRIFT' | 'REQUIREMENT_UNMET' | 'BOOKING_CONFLICT' | 'NOT_BOOKED' | 'ENVIRONMENT_OFFLINE'

export type EnvironmentStatus = 'AVAILABLE' | 'DEGRADED' | 'OFFLINE'

export interface ReadinessInput {
  releaseId: string
  /** the scheduled window, with environmentId */
  window: StageWindowSpec
  environment: { id: string; key: string; status: EnvironmentStatus }
  baseline: ConfigItem[] | null
  lastReport: ConfigItem[] | null
  requirements: { key: string; expected: string }[]
  /** all bookings of that environment */
  bookings: BookingSpec[]
}

export interface ReadinessBlocker {
  code: BlockerCode
  message: string
}

export interface ReadinessResult {
  ready: boolean
  blockers: ReadinessBlocker[]
}

// ------------------------------------------------------------------ impact, roadmap, critical path

export interface ReleaseNode {
  id: string
  agencyId: string
  planId: string
  name: string
  version: string
  status: ReleaseStatus
  type: ReleaseType
  currentTier: string | null
  schedule: StageWindowSpec[]
  /** ids of releases this release depends on */
  dependsOn: string[]
  /** ids of shared components this release depends on */
  sharedComponentIds: string[]
}

export interface RoadmapLane {
  agencyId: string
  releases: ReleaseNode[]
  /** earliest window start of the lane's releases */
  start: string | null
  /** latest window end of the lane's releases */
  end: string | null
}

export interface RoadmapConflict {
  kind: 'DEPENDENCY_ORDER' | 'CYCLE' | 'MISSING_DEPENDENCY'
  releaseIds: string[]
  message: string
}

export interface RoadmapPlanInput {
  id: string
  agencyId: string
  status: string
  releases: ReleaseNode[]
}

export interface RoadmapResult {
  lanes: RoadmapLane[]
  conflicts: RoadmapConflict[]
  start: string | null
  end: string | null
}

export interface CriticalPathResult {
  /** release ids from the earliest dependency to the target; [] when the target is unknown */
  path: string[]
  /** latest last-tier end along the path; null when none of them is scheduled */
  finish: string | null
  /** a dependency cycle met while walking the dependencies, if any: each id depends on the next, the last on the first */
  cycle?: string[] | undefined
}
