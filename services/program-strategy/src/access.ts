import { type Actor, canRead, hasRole, hasScope, isProgramAdmin } from '@railyard/auth'
import { forbidden } from '@railyard/graphql-kit'

/** Reads of the program directory: any actor with a reading role (or an integration with graph:read). */
export function requireReader(actor: Actor): void {
  if (!canRead(actor)) throw forbidden('This token may not read the program (it needs a role, or graph:read for integrations)')
}

/**
 * Reads of a program's latest framework (its freezes and enforced tiers): every reader, and an
 * integration with deployments:write (a pipeline asking the deploy check without graph:read).
 */
export function requireFrameworkReader(actor: Actor): void {
  if (canRead(actor) || (hasRole(actor, 'INTEGRATION') && hasScope(actor, 'deployments:write'))) return
  throw forbidden('This token may not read the program (it needs a role, or graph:read or deployments:write for integrations)')
}

/** Program framework writes: PROGRAM_ADMIN only. */
export function requireProgramAdmin(actor: Actor): void {
  if (!isProgramAdmin(actor)) throw forbidden('Only a PROGRAM_ADMIN may change the program framework')
}
