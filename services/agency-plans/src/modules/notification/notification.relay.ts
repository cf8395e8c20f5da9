import { type Kysely, sql } from 'kysely'
import type { TokenSigner } from '@railyard/auth'
import type { SubgraphClient } from '@railyard/graphql-kit'
import type { Database } from '../../database.ts'

/**
 * The relay from environment-inventory's outbox into this service's (docs/notifications.md,
 * "The relay"). environment-inventory writes DRIFT_DETECTED and BOOKING_CONFLICT's source events
 * in its own transactions, to its own database (which may be another database, in another
 * process); agency-plans owns people, preferences, notifications and delivery. So the relay:
 *
 *   1. pulls unrelayed events over environment-inventory's internal `inventoryOutboxEvents`
 *      field (an internal token: INTEGRATION with the `outbox:relay` scope, never seen by a client);
 *   2. stores each in this service's outbox_event with dedupe key `inventory:<source event id>`
 *      (UNIQUE: storing an event twice is a no-op), one transaction;
 *   3. acknowledges them (`acknowledgeInventoryOutboxEvents`); they are not handed out again.
 *
 * A relay killed between 2 and 3 gets the same events on its next round and stores nothing new:
 * each event reaches the dispatcher exactly once, whichever replica relays, however often.
 */

export interface InventoryRelay {
  client: SubgraphClient
  /** A token environment-inventory accepts for the relay (see RELAY_PRINCIPAL). */
  token(): Promise<string>
}

/** agency-plans' identity towards environment-inventory's outbox: it may relay it, nothing else. */
export const RELAY_PRINCIPAL = {
  sub: 'railyard-agency-plans',
  name: 'Railyard agency-plans (outbox relay)',
  roles: ['INTEGRATION' as const],
  scopes: ['outbox:relay'],
}

/** A relay whose token is an internal one of this installation (signed per round, valid 60 s). */
export function internalRelay(client: SubgraphClient, signer: TokenSigner): InventoryRelay {
  return { client, token: () => signer.sign(RELAY_PRINCIPAL, { expiresIn: '60s' }) }
}

interface RelayedEvent {
  id: string
  type: string
  subjectId: string
  data: Record<string, unknown>
  actor: string | null
  actorAgency: string | null
  requestId: string | null
  at: string
}

const PULL = `query AgencyPlansRelayPull($first: Int) { events: inventoryOutboxEvents(first: $first) }`
const ACK = `mutation AgencyPlansRelayAck($ids: [ID!]!) { acknowledged: acknowledgeInventoryOutboxEvents(ids: $ids) }`

/** The type an inventory event has in this outbox (producers switch on it). */
const relayedType = (type: string) => `inventory.${type}`
const relayDedupeKey = (sourceEventId: string) => `inventory:${sourceEventId}`

/** Step 1: unrelayed events of environment-inventory, oldest first. */
export async function pullInventoryEvents(relay: InventoryRelay, token: string, limit: number): Promise<RelayedEvent[]> {
  const d = await relay.client.request<{ events: RelayedEvent[] }>(PULL, { first: limit }, token)
  return d.events
}

/** Step 2: stores the events in this outbox, once each (ON CONFLICT on the dedupe key); returns how many were new. */
export async function storeRelayedEvents(db: Kysely<Database>, events: readonly RelayedEvent[]): Promise<number> {
  if (events.length === 0) return 0
  const rows = await db
    .insertInto('outboxEvent')
    .values(
      events.map((e) => ({
        type: relayedType(e.type),
        subjectId: e.subjectId,
        data: JSON.stringify({ ...e.data, sourceEventId: e.id }),
        dedupeKey: relayDedupeKey(e.id),
        actor: e.actor,
        actorAgency: e.actorAgency,
        requestId: e.requestId,
        at: sql<string>`${e.at}::timestamptz`,
      })),
    )
    .onConflict((oc) => oc.column('dedupeKey').doNothing())
    .returning('id')
    .execute()
  return rows.length
}

/** One round of the relay (steps 1–3): how many events were pulled and how many of them were new here. */
export async function relayInventoryOnce(db: Kysely<Database>, relay: InventoryRelay, limit = 100): Promise<{ pulled: number; stored: number }> {
  const token = await relay.token()
  const events = await pullInventoryEvents(relay, token, limit)
  if (events.length === 0) return { pulled: 0, stored: 0 }
  const stored = await storeRelayedEvents(db, events)
  await relay.client.request<{ acknowledged: number }>(ACK, { ids: events.map((e) => e.id) }, token)
  return { pulled: events.length, stored }
}

/** Relays until environment-inventory has nothing unrelayed (tests; the dispatcher relays one batch per round); returns the new events. */
export async function relayInventoryAll(db: Kysely<Database>, relay: InventoryRelay, maxRounds = 20): Promise<number> {
  let stored = 0
  for (let i = 0; i < maxRounds; i++) {
    const round = await relayInventoryOnce(db, relay)
    stored += round.stored
    if (round.pulled === 0) break
  }
  return stored
}
