import { type DocumentNode, type GraphQLFieldResolver, Kind, defaultFieldResolver } from 'graphql'
import { type Actor, canEditPlan, canExecuteRelease, hasRole, integrationMay, planAccess } from '@railyard/auth'
import { failedPrecondition, forbidden, notFound } from '@railyard/graphql-kit'
import type { Context } from './context.ts'
import type { PlanRow, PlanStatus } from './modules/plan/plan.table.ts'
import type { ReleaseRow } from './modules/release/release.table.ts'

/**
 * Access rules of agency plans (DESIGN.md "Access rules"), on top of the predicates of
 * @railyard/auth. Plans and releases the actor may not see at all are treated as missing.
 */

export type Access = 'full' | 'roadmap' | 'none'

export function accessToPlan(actor: Actor, plan: Pick<PlanRow, 'agencyCode' | 'status'> | null | undefined): Access {
  return plan ? planAccess(actor, plan.agencyCode, plan.status) : 'none'
}

/** The plan when the actor may see it at all, else null (indistinguishable from a missing plan). */
export function visiblePlan<P extends Pick<PlanRow, 'agencyCode' | 'status'>>(actor: Actor, plan: P | null | undefined): P | null {
  return plan && accessToPlan(actor, plan) !== 'none' ? plan : null
}

/** The plan of something the actor could already see (a release, an approval request): NOT_FOUND if it is not visible. */
export function parentPlan<P extends Pick<PlanRow, 'agencyCode' | 'status'>>(actor: Actor, plan: P | null | undefined): P {
  const visible = visiblePlan(actor, plan)
  if (!visible) throw notFound('AgencyReleasePlan')
  return visible
}

/**
 * Access to a release is access to its plan; an integration with deployments:write (DESIGN
 * "Writes") also reads its agency's releases at roadmap level without graph:read, so that
 * environment-inventory can check the release of a deployment it records.
 */
async function accessToRelease(ctx: Context, release: Pick<ReleaseRow, 'planId' | 'agencyCode'> | null | undefined): Promise<Access> {
  if (!release) return 'none'
  const access = accessToPlan(ctx.actor, await ctx.loaders.planById.load(release.planId))
  return access === 'none' && integrationMay(ctx.actor, 'deployments:write', release.agencyCode) ? 'roadmap' : access
}

export async function visibleRelease(ctx: Context, release: ReleaseRow | null | undefined): Promise<ReleaseRow | null> {
  return release && (await accessToRelease(ctx, release)) !== 'none' ? release : null
}

/** Keeps the releases the actor may see. */
export async function visibleReleases(ctx: Context, releases: (ReleaseRow | null | undefined)[]): Promise<ReleaseRow[]> {
  const access = await Promise.all(releases.map((r) => accessToRelease(ctx, r)))
  return releases.filter((r, i): r is ReleaseRow => !!r && access[i] !== 'none')
}

/** Agency roles that may write plans at all (managers always, members while DRAFT/REJECTED). */
const isPlanWriterOf = (actor: Actor, agencyCode: string) => actor.agency === agencyCode && hasRole(actor, 'AGENCY_MANAGER', 'AGENCY_MEMBER')

/**
 * Edits of a plan's content (header, releases, realignment, submission):
 * invisible → NOT_FOUND; not a writer of the plan's agency → FORBIDDEN; SUBMITTED (or CLOSED) →
 * FAILED_PRECONDITION; a member on an APPROVED plan → FORBIDDEN. PROGRAM_ADMIN never edits a plan.
 */
export function requirePlanEditable(actor: Actor, plan: PlanRow | null, what = 'Plan'): asserts plan is PlanRow {
  if (!plan || accessToPlan(actor, plan) === 'none') throw notFound(what)
  if (!isPlanWriterOf(actor, plan.agencyCode)) throw forbidden(`Only ${plan.agencyCode}'s agency managers and members may edit its plans`)
  if (plan.status === 'SUBMITTED')
    throw failedPrecondition('The plan is SUBMITTED for approval and cannot be edited until it is decided', { status: plan.status })
  if (plan.status === 'CLOSED') throw failedPrecondition('The plan is CLOSED and cannot be edited', { status: plan.status })
  if (!canEditPlan(actor, plan.agencyCode, plan.status)) throw forbidden(`Only ${plan.agencyCode}'s agency managers may edit a ${plan.status} plan`)
}

/** The status a plan takes after an edit of its content: an APPROVED plan returns to DRAFT. */
export const statusAfterEdit = (status: PlanStatus): PlanStatus => (status === 'APPROVED' ? 'DRAFT' : status)

/** Execution on a release (checkpoints, rehearsals, promotions, validations): managers of its agency. */
export function requireExecutor(actor: Actor, plan: PlanRow | null, release: ReleaseRow | null): asserts release is ReleaseRow {
  if (!release || !plan || accessToPlan(actor, plan) === 'none') throw notFound('Release')
  if (!canExecuteRelease(actor, release.agencyCode)) throw forbidden(`Only ${release.agencyCode}'s agency managers may execute its releases`)
}

// ------------------------------------------------------------------ roadmap-field guard

/**
 * Fields other agencies may read of an APPROVED plan and of its releases. `history` is listed
 * because it applies its own, stricter rule (canReadAuditOf: the program office and the owning
 * agency only) and answers [] to everyone else, as auditTrail does.
 */
const ROADMAP_FIELDS: Record<'AgencyReleasePlan' | 'Release', ReadonlySet<string>> = {
  // viewerCan: what the viewer may do — nothing, of another agency's plan; it reveals nothing of the plan
  AgencyReleasePlan: new Set(['id', 'agency', 'program', 'title', 'periodStart', 'periodEnd', 'status', 'releases', 'history', 'viewerCan']),
  Release: new Set([
    'id',
    'agency',
    'plan',
    'name',
    'version',
    'type',
    'cycle',
    'status',
    'currentTier',
    'schedule',
    'dependencies',
    'dependents',
    'impactedAgencies',
    'history',
    'viewerCan',
  ]),
}

function guardField(type: keyof typeof ROADMAP_FIELDS, field: string, inner: GraphQLFieldResolver<unknown, Context>): GraphQLFieldResolver<unknown, Context> {
  return async (parent, args, ctx, info) => {
    const access = type === 'AgencyReleasePlan' ? accessToPlan(ctx.actor, parent as PlanRow) : await accessToRelease(ctx, parent as ReleaseRow)
    if (access !== 'full') {
      throw forbidden(`${type}.${field} of another agency's plan is not readable: other agencies read its roadmap fields only`)
    }
    return inner(parent, args, ctx, info)
  }
}

/**
 * Wraps every field of AgencyReleasePlan and Release that is not a roadmap field (as declared
 * in the SDL) with the full-access check, so no field can forget it.
 */
export function guardNonRoadmapFields(resolvers: Record<string, object | undefined>, typeDefs: DocumentNode): void {
  for (const def of typeDefs.definitions) {
    if (def.kind !== Kind.OBJECT_TYPE_DEFINITION && def.kind !== Kind.OBJECT_TYPE_EXTENSION) continue
    const type = def.name.value
    if (type !== 'AgencyReleasePlan' && type !== 'Release') continue
    const map = (resolvers[type] ??= {}) as Record<string, unknown>
    for (const f of def.fields ?? []) {
      const name = f.name.value
      if (ROADMAP_FIELDS[type].has(name)) continue
      const own = map[name]
      if (own !== undefined && typeof own !== 'function') throw new Error(`${type}.${name}: only plain resolver functions can be guarded`)
      map[name] = guardField(type, name, (own as GraphQLFieldResolver<unknown, Context> | undefined) ?? defaultFieldResolver)
    }
  }
}
