import { type Actor, hasRole, hasScope, integrationMay } from '@railyard/auth'
import { FieldErrors, forbidden, notFound } from '@railyard/graphql-kit'
import {
  type CheckpointRecord,
  type DeploymentCheckResult,
  type DeploymentExceptionSpec,
  type ReadinessBlocker,
  checkDeployment,
  effectiveEnforcement,
} from '@railyard/release-rules'
import { accessToPlan } from '../../access.ts'
import type { Context } from '../../context.ts'
import { isUuid } from '../common/refs.ts'
import type { PlanRow } from '../plan/plan.table.ts'
import type { ReleaseRow } from '../release/release.table.ts'
import type { DeploymentCheckModel } from './deployment-check.model.ts'

/** An INTEGRATION token may ask only with graph:read or deployments:write: FORBIDDEN before any lookup. */
function requireCheckCaller(actor: Actor): void {
  if (hasRole(actor, 'INTEGRATION') && !hasScope(actor, 'graph:read') && !hasScope(actor, 'deployments:write')) {
    throw forbidden('An integration needs the graph:read or deployments:write scope to check deployments')
  }
}

/** The release and its plan when the actor may check it: full readers, and deployments:write integrations of its agency. */
async function loadCheckable(ctx: Context, releaseId: string): Promise<{ release: ReleaseRow; plan: PlanRow }> {
  const release = isUuid(releaseId) ? await ctx.loaders.releaseById.load(releaseId) : null
  const plan = release ? await ctx.loaders.planById.load(release.planId) : null
  if (!release || !plan) throw notFound('Release', releaseId)
  if (integrationMay(ctx.actor, 'deployments:write', release.agencyCode)) return { release, plan }
  const access = accessToPlan(ctx.actor, plan)
  if (access === 'none') throw notFound('Release', releaseId)
  if (access !== 'full') throw forbidden(`The deploy check of another agency's release is not readable: other agencies read its roadmap fields only`)
  return { release, plan }
}

/** What a deploy check needs from the other subgraphs; fetched before any transaction. */
export interface DeployInputs {
  strategy: PlanRow['strategy']
  environmentId: string | null
  environmentKey: string | null
  environmentBlockers: ReadinessBlocker[] | null
}

/**
 * The strategy the check applies — gates, criteria and path of the version the plan is aligned to;
 * freezes and enforced tiers of the program's latest strategy (program-wide, in force at once) —
 * and, when the tier's readiness is enforced, the environment's readiness blockers. An environment
 * other than the release's scheduled one for the tier is not ready for it (its readiness is unknown).
 */
export async function deployInputs(
  ctx: Context,
  plan: PlanRow,
  release: ReleaseRow,
  tier: string,
  environmentId: string | null | undefined,
): Promise<DeployInputs> {
  const policy = await ctx.loaders.deployPolicyByProgram.load(plan.programId)
  const strategy = policy
    ? { ...plan.strategy, freezeWindows: policy.freezeWindows, enforcement: policy.enforcement }
    : { ...plan.strategy, enforcement: plan.strategy.enforcement ?? null }
  const scheduled = release.schedule.find((w) => w.tier === tier && w.environmentId)?.environmentId ?? null
  const envId = environmentId ?? scheduled
  if (!effectiveEnforcement(strategy).readinessTiers.includes(tier) || envId === null) {
    return { strategy, environmentId: envId, environmentKey: null, environmentBlockers: null }
  }
  const readiness = await ctx.loaders.readinessByRelease.load({ id: release.id, schedule: release.schedule, requirements: release.requirements })
  const entry = readiness.find((r) => r.tier === tier && r.environment.id === envId)
  if (!entry) {
    const blocker: ReadinessBlocker = {
      code: 'NOT_BOOKED',
      message: `the release has no ${tier} window on this environment (or it is not visible), so the environment is not ready for it`,
    }
    return { strategy, environmentId: envId, environmentKey: null, environmentBlockers: [blocker] }
  }
  return { strategy, environmentId: envId, environmentKey: entry.environment.key, environmentBlockers: entry.blockers as ReadinessBlocker[] }
}

/** The deploy check (release-rules checkDeployment) on rows and upstream inputs. */
export function runCheck(o: {
  plan: PlanRow
  release: ReleaseRow
  checkpoints: CheckpointRecord[]
  tier: string
  at: string
  inputs: DeployInputs
  exceptions: DeploymentExceptionSpec[]
}): DeploymentCheckResult {
  const { plan, release, inputs } = o
  return checkDeployment({
    strategy: inputs.strategy,
    planStatus: plan.status,
    release: { id: release.id, status: release.status, type: release.type, currentTier: release.currentTier, schedule: release.schedule },
    checkpoints: o.checkpoints,
    tier: o.tier,
    at: o.at,
    environmentBlockers: inputs.environmentBlockers,
    environmentKey: inputs.environmentKey,
    exceptions: o.exceptions,
  })
}

/** Query.deploymentCheck. */
export async function deploymentCheck(
  ctx: Context,
  args: { releaseId: string; tier: string; environmentId?: string | null; at?: string | null },
): Promise<DeploymentCheckModel> {
  requireCheckCaller(ctx.actor)
  const tier = args.tier.trim()
  const errors = new FieldErrors()
  errors.check(tier !== '', ['tier'], 'tier must not be empty')
  errors.check(args.environmentId == null || isUuid(args.environmentId), ['environmentId'], 'environmentId must be an environment id')
  errors.throwIfAny()
  const { release, plan } = await loadCheckable(ctx, args.releaseId)
  const at = args.at ?? new Date().toISOString()
  const [inputs, checkpoints, exceptions] = await Promise.all([
    deployInputs(ctx, plan, release, tier, args.environmentId),
    ctx.loaders.checkpointsByRelease.load(release.id),
    ctx.loaders.exceptionSpecsByRelease.load(release.id),
  ])
  const result = runCheck({ plan, release, checkpoints, tier, at, inputs, exceptions })
  return {
    allowed: result.allowed,
    release,
    tier,
    environmentId: inputs.environmentId,
    at: result.at,
    blockers: result.blockers,
    freezes: result.freezes,
    nextAllowedAt: result.nextAllowedAt,
  }
}
