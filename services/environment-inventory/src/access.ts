import { type Actor, canRead, canReadEnvironment, canWriteEnvironment, integrationMay } from '@railyard/auth'
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

/**
 * Loads an environment for a write. NOT_FOUND when it does not exist or the actor may neither
 * see nor write it (indistinguishable); FORBIDDEN when the actor sees it but `may` refuses.
 */
export async function environmentForWrite(
  { actor, loaders }: Pick<Context, 'actor' | 'loaders'>,
  id: string,
  may: (a: Actor, env: EnvironmentRow) => boolean,
  what: string,
): Promise<EnvironmentRow> {
  const env = await loaders.environmentById.load(id)
  if (!env) throw notFound('Environment', id)
  if (may(actor, env)) return env
  if (!canSee(actor, env)) throw notFound('Environment', id)
  throw forbidden(`You may not ${what} environment ${env.key}`)
}
