/**
 * Every permission decision of the web client, in one file. They only decide what the UI offers;
 * the server enforces (packages/auth/src/policy.ts).
 *
 * Pages ask the hooks below for `viewerCan` objects shaped like the API's
 * (`AgencyReleasePlan.viewerCan { edit submit withdraw close }`, `Release.viewerCan { edit promote
 * recordCheckpoint requestException }`, `Environment.viewerCan { report approveBaseline book }`,
 * `ApprovalRequest.viewerCan { decide }`) and read nothing else; the documents spread the
 * fragments below where they need one.
 *
 * Until the API has those fields (stream `writepath`), the hooks derive them from the viewer and
 * the fields the fragments select, by the rules of policy.ts. The switch is this file alone:
 * select `viewerCan { … }` in each fragment, return it from each hook, delete the derivations
 * (`Actor` below), then run codegen. `useAgencyCan`, `useProgramCan` and `useReadScope` have no
 * API field yet (Agency / Program `viewerCan`, see the report of this stream).
 */
import { useCallback, useMemo } from 'react'
import { graphql } from './gql/index.ts'
import type { ApprovalPermissionsFragment, EnvironmentPermissionsFragment, PlanPermissionsFragment, ReleasePermissionsFragment, Role } from './gql/graphql.ts'
import { useViewer } from './viewer.tsx'
import type { ViewerInfo } from './viewer.tsx'

graphql(`
  fragment PlanPermissions on AgencyReleasePlan {
    status
    agency {
      code
    }
  }
`)

graphql(`
  fragment ReleasePermissions on Release {
    agency {
      code
    }
    plan {
      status
    }
  }
`)

graphql(`
  fragment EnvironmentPermissions on Environment {
    agency {
      code
    }
  }
`)

graphql(`
  fragment ApprovalPermissions on ApprovalRequest {
    id
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

// ------------------------------------------------------------------ derivations (until writepath)
// The rules of packages/auth/src/policy.ts over the signed-in viewer.

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
  /** managers always; members only while the plan is DRAFT or REJECTED; nobody while it is SUBMITTED or CLOSED */
  editsPlan(agencyCode: string, status: string) {
    if (status === 'SUBMITTED' || status === 'CLOSED') return false
    return this.managerOf(agencyCode) || (this.of('AGENCY_MEMBER', agencyCode) && (status === 'DRAFT' || status === 'REJECTED'))
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
  const a = useActor()
  const edit = a.editsPlan(plan.agency.code, plan.status)
  // withdraw and close are not offered by this client yet
  return { edit, submit: edit && (plan.status === 'DRAFT' || plan.status === 'REJECTED'), withdraw: false, close: false }
}

export function useReleaseCan(release: ReleasePermissionsFragment): ReleaseCan {
  const a = useActor()
  const executes = a.managerOf(release.agency.code)
  return { edit: a.editsPlan(release.agency.code, release.plan.status), promote: executes, recordCheckpoint: executes, requestException: false }
}

export function useEnvironmentCan(env: EnvironmentPermissionsFragment): EnvironmentCan {
  const a = useActor()
  const writes = a.writesEnvironment(env.agency?.code ?? null)
  return { report: false, approveBaseline: writes, book: writes }
}

/** The inbox lists only requests whose current step the viewer may decide (the server's rule). */
export function useApprovalCan(_request: ApprovalPermissionsFragment): ApprovalCan {
  return { decide: true }
}

/** What the viewer may do for an agency, by agency code (lanes, plan lists, environment owners). */
export function useAgencyCan(): (agencyCode: string) => AgencyCan {
  const a = useActor()
  return useCallback((code: string) => ({ createPlan: a.createsPlans(code), registerEnvironment: a.writesEnvironment(code) }), [a])
}

export function useProgramCan(): ProgramCan {
  const a = useActor()
  return { publishStrategy: a.programAdmin, registerSharedEnvironment: a.writesEnvironment(null) }
}

export function useReadScope(): ReadScope {
  const a = useActor()
  return useMemo(() => ({ programWide: a.readsEverything, readsAgencyFully: (code: string) => a.readsAgencyFully(code) }), [a])
}
