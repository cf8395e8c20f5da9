import { type Actor, canRead, isProgramAdmin } from '@railyard/auth'
import { forbidden } from '@railyard/graphql-kit'

/** Reads of the program directory: any actor with a reading role (or an integration with graph:read). */
export function requireReader(actor: Actor): void {
  if (!canRead(actor)) throw forbidden('This token may not read the program (it needs a role, or graph:read for integrations)')
}

/** Program framework writes: PROGRAM_ADMIN only. */
export function requireProgramAdmin(actor: Actor): void {
  if (!isProgramAdmin(actor)) throw forbidden('Only a PROGRAM_ADMIN may change the program framework')
}
