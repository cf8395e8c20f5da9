import { hasRole, hasScope } from '@railyard/auth'
import { FieldErrors, forbidden } from '@railyard/graphql-kit'
import type { Context } from '../../context.ts'
import { findUnrelayedEvents, markRelayed } from './outbox.repository.ts'

/**
 * The relay of this service's outbox to agency-plans (docs/notifications.md, "The relay"):
 * agency-plans pulls unrelayed events, stores them in its own outbox (unique on the source event
 * id) and acknowledges them. Pull and acknowledge are separate, so a relay killed in between
 * gets the same events again and stores them again as a no-op: at least once, never twice.
 */
const RELAY_SCOPE = 'outbox:relay'

const DEFAULT_FIRST = 100
const MAX_FIRST = 500

function requireRelay(ctx: Context): void {
  if (!(hasRole(ctx.actor, 'INTEGRATION') && hasScope(ctx.actor, RELAY_SCOPE))) throw forbidden('Only Railyard’s relay reads the outbox')
}

/** inventoryOutboxEvents: unrelayed events, oldest first, as JSON objects. */
export async function inventoryOutboxEvents(ctx: Context, first: number | null | undefined): Promise<Record<string, unknown>[]> {
  requireRelay(ctx)
  const limit = first ?? DEFAULT_FIRST
  const errors = new FieldErrors()
  errors.check(Number.isInteger(limit) && limit >= 1 && limit <= MAX_FIRST, ['first'], `first must be between 1 and ${MAX_FIRST}`)
  errors.throwIfAny()
  const rows = await findUnrelayedEvents(ctx.db, limit)
  return rows.map((r) => ({
    id: r.id,
    type: r.type,
    subjectId: r.subjectId,
    data: r.data,
    actor: r.actor,
    actorAgency: r.actorAgency,
    requestId: r.requestId,
    at: new Date(r.at).toISOString(),
  }))
}

/** acknowledgeInventoryOutboxEvents: marks the events relayed. */
export async function acknowledgeInventoryOutboxEvents(ctx: Context, ids: readonly string[]): Promise<number> {
  requireRelay(ctx)
  const errors = new FieldErrors()
  errors.check(ids.length <= MAX_FIRST, ['ids'], `at most ${MAX_FIRST} ids`)
  errors.throwIfAny()
  return markRelayed(ctx.db, ids)
}
