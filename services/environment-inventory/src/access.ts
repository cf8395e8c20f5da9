import { type Actor, canRead, canReadEnvironment, canWriteEnvironment, hasRole, hasScope, integrationMay } from '@railyard/auth'
import { forbidden, notFound } from '@railyard/graphql-kit'
import type { Context } from './context.ts'
import type { EnvironmentRow } from './modules/environment/environment.table.ts'

/** Reads of the inventory: any actor with a reading role (or an integration with graph:read). */
export function requireReader(actor: Actor): void {
  if (!canRead(actor)) throw forbidden('This token may not read the inventory (it needs a role, or graph:read for integrations)')
}

/** May the actor see this environment at all? (DESIGN.md "Access rules": own agency, shared, or program-wide readers.) */
export const canSee = (actor: Actor, env: Pick<EnvironmentRow, 'agencyCode'>): boolean => canReadEnvironment(actor, env.agencyCode)

/** The environment when the actor may see it; null otherwise (indistinguishable from missing). */
export const visible = (actor: Actor, env: EnvironmentRow | null | undefined): EnvironmentRow | null => (env && canSee(actor, env) ? env : null)

/** Only the environments the actor may see. */
export const visibleOnly = (actor: Actor, envs: EnvironmentRow[]): EnvironmentRow[] => envs.filter((e) => canSee(actor, e))

/** Who may write what to an environment. */
export const writers = {
  /** Baselines, status, registration: AGENCY_MANAGER of the owner; PROGRAM_ADMIN for shared environments. */
  manage: (a: Actor, env: Pick<EnvironmentRow, 'agencyCode'>) => canWriteEnvironment(a, env.agencyCode),
  /** Reported state: managers as above, or an integration with inventory:report (its agency's environments when it names one). */
  report: (a: Actor, env: Pick<EnvironmentRow, 'agencyCode'>) =>
    canWriteEnvironment(a, env.agencyCode) || integrationMay(a, 'inventory:report', env.agencyCode),
  /** Deployments: managers as above, or an integration with deployments:write (its agency's environments when it names one). */
  deploy: (a: Actor, env: Pick<EnvironmentRow, 'agencyCode'>) =>
    canWriteEnvironment(a, env.agencyCode) || integrationMay(a, 'deployments:write', env.agencyCode),
}

export type IntegrationScope = 'inventory:report' | 'deployments:write'

/**
 * DESIGN "Writes": an integration token lacking the scope of a write is FORBIDDEN before any
 * lookup (so it learns nothing about the ids it sends).
 */
function requireIntegrationScope(actor: Actor, scope: IntegrationScope | null, what: string): void {
  if (!hasRole(actor, 'INTEGRATION') || (scope !== null && hasScope(actor, scope))) return
  throw forbidden(scope ? `This integration token lacks the scope ${scope} needed to ${what} an environment` : `Integrations may not ${what} an environment`)
}

/**
 * Loads an environment for a write. NOT_FOUND when it does not exist or the actor may neither
 * see nor write it (indistinguishable); FORBIDDEN when the actor sees it but `may` refuses.
 */
export async function environmentForWrite(
  { actor, loaders }: Pick<Context, 'actor' | 'loaders'>,
  id: string,
  may: (a: Actor, env: EnvironmentRow) => boolean,
  what: string,
  /** The integration scope that allows this write (none: integrations never may). */
  scope: IntegrationScope | null,
): Promise<EnvironmentRow> {
  requireIntegrationScope(actor, scope, what)
  const env = await loaders.environmentById.load(id)
  if (!env) throw notFound('Environment', id)
  if (may(actor, env)) return env
  if (!canSee(actor, env)) throw notFound('Environment', id)
  throw forbidden(`You may not ${what} environment ${env.key}`)
}
