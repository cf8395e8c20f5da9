import type { Actor, Role } from './actor.ts'

/**
 * Access policies from DESIGN.md ("Access rules"), as pure predicates over an Actor.
 * Services call these; nothing re-implements them.
 */
export const hasRole = (a: Actor, ...roles: Role[]) => a.roles.some((r) => roles.includes(r))
export const hasScope = (a: Actor, scope: string) => a.scopes.includes(scope)

/** Program office or an integration reading with graph:read and no agency. */
export function readsEverything(a: Actor): boolean {
  if (hasRole(a, 'PROGRAM_ADMIN', 'PROGRAM_VIEWER')) return true
  return hasRole(a, 'INTEGRATION') && hasScope(a, 'graph:read') && !a.agency
}

/** The agency whose own data the actor reads in full (agency roles, or an agency integration with graph:read). */
export function ownAgency(a: Actor): string | null {
  if (!a.agency) return null
  if (hasRole(a, 'AGENCY_MANAGER', 'AGENCY_MEMBER', 'AGENCY_VIEWER')) return a.agency
  if (hasRole(a, 'INTEGRATION') && hasScope(a, 'graph:read')) return a.agency
  return null
}

/** May the actor read anything at all (roadmap-level data)? */
export function canRead(a: Actor): boolean {
  return readsEverything(a) || ownAgency(a) !== null
}

/** Full read of an agency's data (any plan status, all fields). */
export function canReadAgencyFully(a: Actor, agencyCode: string | null): boolean {
  if (readsEverything(a)) return true
  return agencyCode !== null && ownAgency(a) === agencyCode
}

export const isProgramAdmin = (a: Actor) => hasRole(a, 'PROGRAM_ADMIN')

export function isAgencyManagerOf(a: Actor, agencyCode: string | null): boolean {
  return agencyCode !== null && a.agency === agencyCode && hasRole(a, 'AGENCY_MANAGER')
}

/** Writers of an agency's plans: managers always; members only while the plan is DRAFT/REJECTED. */
export function canEditPlan(a: Actor, agencyCode: string, planStatus: string): boolean {
  if (a.agency !== agencyCode) return false
  if (hasRole(a, 'AGENCY_MANAGER')) return true
  return hasRole(a, 'AGENCY_MEMBER') && (planStatus === 'DRAFT' || planStatus === 'REJECTED')
}

/** Execution on an agency's releases (checkpoints, promotions, rehearsals): its managers. */
export const canExecuteRelease = (a: Actor, agencyCode: string) => isAgencyManagerOf(a, agencyCode)

/** Writes to an environment: its agency's managers, or program admins for shared ones. */
export function canWriteEnvironment(a: Actor, envAgencyCode: string | null): boolean {
  if (envAgencyCode === null) return isProgramAdmin(a)
  return isAgencyManagerOf(a, envAgencyCode)
}

/** May read the environment at all: program-wide readers, its own agency, and everyone in the program for shared ones. */
export function canReadEnvironment(a: Actor, envAgencyCode: string | null): boolean {
  if (readsEverything(a)) return true
  if (!canRead(a)) return false
  return envAgencyCode === null || ownAgency(a) === envAgencyCode
}

/** Integration scopes limited to the token's agency when it names one. */
export function integrationMay(a: Actor, scope: string, envAgencyCode: string | null): boolean {
  if (!hasRole(a, 'INTEGRATION') || !hasScope(a, scope)) return false
  return !a.agency || a.agency === envAgencyCode
}

/**
 * How much of an agency plan (and its releases) the actor reads: 'full' for the program office
 * and the plan's own agency, 'roadmap' (roadmap fields only) for any other reader when the plan
 * is APPROVED, else 'none' (the plan is indistinguishable from a missing one).
 */
export function planAccess(a: Actor, planAgencyCode: string, planStatus: string): 'full' | 'roadmap' | 'none' {
  if (canReadAgencyFully(a, planAgencyCode)) return 'full'
  if (canRead(a) && planStatus === 'APPROVED') return 'roadmap'
  return 'none'
}

/** May the actor decide an approval step that needs `approverRole` (agency roles: of the plan's agency)? */
export function mayDecideApprovalStep(a: Actor, approverRole: string, planAgencyCode: string): boolean {
  if (!hasRole(a, approverRole as Role)) return false
  if (approverRole === 'AGENCY_MANAGER' || approverRole === 'AGENCY_MEMBER' || approverRole === 'AGENCY_VIEWER') return a.agency === planAgencyCode
  return true
}

/**
 * May the actor read the audit trail of a subject owned by `agencyCode` (null: a program-level
 * subject such as a program, strategy, shared component or shared environment)? The program
 * office reads every trail; an agency reads only its own subjects' — never another agency's,
 * whatever that agency's plan status.
 */
export function canReadAuditOf(a: Actor, agencyCode: string | null): boolean {
  return canReadAgencyFully(a, agencyCode)
}

/**
 * May the actor edit the plan's content now (header, releases, realignment, submission)? The
 * writers of canEditPlan, and nobody while the plan is SUBMITTED (until decided) or CLOSED.
 */
export function mayEditPlanNow(a: Actor, agencyCode: string, planStatus: string): boolean {
  return planStatus !== 'SUBMITTED' && planStatus !== 'CLOSED' && canEditPlan(a, agencyCode, planStatus)
}

/**
 * May the actor withdraw the plan's submission now? The plan is SUBMITTED (no final decision yet:
 * a final one makes it APPROVED or REJECTED) and the actor is one of those who may submit it —
 * the agency's managers and members.
 */
export function mayWithdrawPlanNow(a: Actor, agencyCode: string, planStatus: string): boolean {
  return planStatus === 'SUBMITTED' && a.agency === agencyCode && hasRole(a, 'AGENCY_MANAGER', 'AGENCY_MEMBER')
}

/** May the actor close the plan now? Its agency's managers, once it is APPROVED (the server also needs every release done). */
export const mayClosePlanNow = (a: Actor, agencyCode: string, planStatus: string) => planStatus === 'APPROVED' && isAgencyManagerOf(a, agencyCode)
