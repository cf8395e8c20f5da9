/**
 * Every permission decision of the web client, in one file. They only decide what the UI offers;
 * the server enforces (packages/auth/src/policy.ts).
 *
 * Pages ask the hooks below for `viewerCan` objects and read nothing else. For plans, releases,
 * environments and approval requests the hooks return the API's own `viewerCan` field
 * (`AgencyReleasePlan.viewerCan { edit submit withdraw close }`, `Release.viewerCan { edit promote
 * recordCheckpoint requestException }`, `Environment.viewerCan { report approveBaseline book }`,
 * `ApprovalRequest.viewerCan { decide }`), computed by the services from packages/auth — the
 * documents spread the fragments below where they need one. `useAgencyCan`, `useProgramCan`,
 * `useExceptionCan` and `useReadScope` have no API field yet (Agency / Program `viewerCan`): they
 * still derive from the viewer by the rules of policy.ts (`Actor` below).
 */
import { useCallback, useMemo } from 'react'
import { graphql } from './gql/index.ts'
import type { ApprovalPermissionsFragment, EnvironmentPermissionsFragment, PlanPermissionsFragment, ReleasePermissionsFragment, Role } from './gql/graphql.ts'
import { useViewer } from './viewer.tsx'
import type { ViewerInfo } from './viewer.tsx'

graphql(`
  fragment PlanPermissions on AgencyReleasePlan {
    viewerCan {
      edit
      submit
      withdraw
      close
    }
  }
`)

graphql(`
  fragment ReleasePermissions on Release {
    viewerCan {
      edit
      promote
      recordCheckpoint
      requestException
    }
  }
`)

graphql(`
  fragment EnvironmentPermissions on Environment {
    viewerCan {
      report
      approveBaseline
      book
    }
  }
`)

graphql(`
  fragment ApprovalPermissions on ApprovalRequest {
    viewerCan {
      decide
    }
  }
`)

/** AgencyReleasePlan.viewerCan */
export interface PlanCan {
  /** change the plan's fields and its releases */
  edit: boolean
  submit: boolean
  withdraw: boolean
  close: boolean
}

/** Release.viewerCan */
export interface ReleaseCan {
  edit: boolean
  promote: boolean
  /** checkpoints, and (until the API says otherwise) rollback rehearsals and post-release validation */
  recordCheckpoint: boolean
  requestException: boolean
}

/** Environment.viewerCan */
export interface EnvironmentCan {
  report: boolean
  approveBaseline: boolean
  /** book, and cancel bookings */
  book: boolean
}

/** What the viewer may do with break-glass exceptions (no API field yet). */
export interface ExceptionCan {
  /** decide requests (program admins; never their own, the server refuses that) */
  decide: boolean
}

/** ApprovalRequest.viewerCan */
export interface ApprovalCan {
  decide: boolean
}

/** What the viewer may do for one agency (no API field yet). */
export interface AgencyCan {
  createPlan: boolean
  registerEnvironment: boolean
}

/** What the viewer may do at program level (no API field yet). */
export interface ProgramCan {
  publishStrategy: boolean
  registerSharedEnvironment: boolean
}

/** How much the viewer reads (which alignment query the roadmap asks, whether a plan opens in full). */
export interface ReadScope {
  /** the program office, or an integration reading everything */
  programWide: boolean
  /** reads the agency's plans and releases in full (all fields, any status) */
  readsAgencyFully: (agencyCode: string) => boolean
}

// ------------------------------------------------------------------ derivations (no API field yet)
// The rules of packages/auth/src/policy.ts over the signed-in viewer, for what has no viewerCan field.

class Actor {
  constructor(private readonly v: ViewerInfo) {}
  private has(role: Role) {
    return this.v.roles.includes(role)
  }
  private of(role: Role, agencyCode: string | null) {
    return agencyCode !== null && this.has(role) && this.v.agency?.code === agencyCode
  }
  get programAdmin() {
    return this.has('PROGRAM_ADMIN')
  }
  get readsEverything() {
    return this.has('PROGRAM_ADMIN') || this.has('PROGRAM_VIEWER') || (this.has('INTEGRATION') && this.v.scopes.includes('graph:read') && !this.v.agency)
  }
  managerOf(agencyCode: string | null) {
    return this.of('AGENCY_MANAGER', agencyCode)
  }
  createsPlans(agencyCode: string) {
    return this.managerOf(agencyCode) || this.of('AGENCY_MEMBER', agencyCode)
  }
  /** environments: their agency's managers, program admins for shared ones */
  writesEnvironment(agencyCode: string | null) {
    return agencyCode === null ? this.programAdmin : this.managerOf(agencyCode)
  }
  /** the program office, or the agency's own roles (an integration of the agency with graph:read) */
  readsAgencyFully(agencyCode: string) {
    if (this.readsEverything) return true
    if (this.v.agency?.code !== agencyCode) return false
    return (
      (['AGENCY_MANAGER', 'AGENCY_MEMBER', 'AGENCY_VIEWER'] as const).some((r) => this.has(r)) ||
      (this.has('INTEGRATION') && this.v.scopes.includes('graph:read'))
    )
  }
}

function useActor(): Actor {
  const { viewer } = useViewer()
  return useMemo(() => new Actor(viewer), [viewer])
}

// ------------------------------------------------------------------ the decisions

export function usePlanCan(plan: PlanPermissionsFragment): PlanCan {
  return plan.viewerCan
}

export function useReleaseCan(release: ReleasePermissionsFragment): ReleaseCan {
  return release.viewerCan
}

export function useEnvironmentCan(env: EnvironmentPermissionsFragment): EnvironmentCan {
  return env.viewerCan
}

export function useApprovalCan(request: ApprovalPermissionsFragment): ApprovalCan {
  return request.viewerCan
}

/** What the viewer may do for an agency, by agency code (lanes, plan lists, environment owners). */
export function useAgencyCan(): (agencyCode: string) => AgencyCan {
  const a = useActor()
  return useCallback((code: string) => ({ createPlan: a.createsPlans(code), registerEnvironment: a.writesEnvironment(code) }), [a])
}

export function useExceptionCan(): ExceptionCan {
  const a = useActor()
  return { decide: a.programAdmin }
}

export function useProgramCan(): ProgramCan {
  const a = useActor()
  return { publishStrategy: a.programAdmin, registerSharedEnvironment: a.writesEnvironment(null) }
}

export function useReadScope(): ReadScope {
  const a = useActor()
  return useMemo(() => ({ programWide: a.readsEverything, readsAgencyFully: (code: string) => a.readsAgencyFully(code) }), [a])
}

/** Webhook subscriptions (no API field): program admins (all), agency managers (their agency's). */
export interface WebhookCan {
  manage: boolean
  /** the agency a manager's subscriptions are limited to; null for program admins */
  ownAgency: string | null
}

export function useWebhookCan(): WebhookCan {
  const a = useActor()
  const { viewer } = useViewer()
  const code = viewer.agency?.code ?? null
  if (a.programAdmin) return { manage: true, ownAgency: null }
  return { manage: a.managerOf(code), ownAgency: a.managerOf(code) ? code : null }
}

/** Saved roadmap views (new ones; a saved view carries its own viewerCan): anyone saves, program admins share. */
export interface SavedViewsCan {
  share: boolean
}

export function useSavedViewsCan(): SavedViewsCan {
  const a = useActor()
  return { share: a.programAdmin }
}
