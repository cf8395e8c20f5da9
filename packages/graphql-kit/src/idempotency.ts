import { createHash } from 'node:crypto'
import { type Generated, type Kysely, sql } from 'kysely'
import type { MigrationSet } from '@railyard/db'

/**
 * Idempotency-Key for mutations (DESIGN "Writes"): a mutation request carrying the header has
 * exactly one effect per actor and key for 24 h — a retry, even one sent while the first is still
 * running, gets the first answer again (same status and body); the same key with a different
 * operation or variables is CONFLICT. Kept in a table of the gateway's own schema, so that every
 * mutation of every subgraph passes through it and a replay returns the whole answer the client
 * saw (all subgraphs' fields of one document), not one subgraph's part.
 */

/** At most 255 characters (DESIGN). */
export const IDEMPOTENCY_KEY_MAX = 255
/** How long a key is kept. */
export const IDEMPOTENCY_TTL_HOURS = 24

export interface IdempotencyKeyTable {
  actor: string
  key: string
  fingerprint: string
  /** null while the first request runs. */
  response: unknown
  createdAt: Generated<string>
}

export interface IdempotencyDatabase {
  idempotencyKey: IdempotencyKeyTable
}

/** The response kept for replay. */
export interface StoredResponse {
  status: number
  body: unknown
  headers: Record<string, string>
}

/** Migrations of the gateway's schema (`gateway`): the idempotency_key table. */
export const idempotencyMigrations: MigrationSet = {
  '20261202_1700_idempotency_key': {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable('idempotency_key')
        .addColumn('actor', 'text', (c) => c.notNull())
        .addColumn('key', 'text', (c) => c.notNull())
        .addColumn('fingerprint', 'text', (c) => c.notNull())
        .addColumn('response', 'jsonb')
        .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
        .addPrimaryKeyConstraint('idempotency_key_pk', ['actor', 'key'])
        .execute()
      await db.schema.createIndex('idempotency_key_created_idx').on('idempotency_key').column('created_at').execute()
    },
    async down(db: Kysely<unknown>) {
      await db.schema.dropTable('idempotency_key').execute()
    },
  },
}

export type Claim =
  /** This request runs the mutation and must call `finish` or `abandon`. */
  | { kind: 'claimed' }
  /** An earlier request with this key answered this. */
  | { kind: 'replay'; response: StoredResponse }
  /** The key was used for another operation or other variables. */
  | { kind: 'mismatch' }
  /** The first request is still running after the wait. */
  | { kind: 'in-progress' }

export interface IdempotencyStore {
  claim(actor: string, key: string, fingerprint: string, waitMs: number): Promise<Claim>
  finish(actor: string, key: string, response: StoredResponse): Promise<void>
  /** The first request failed in a way worth retrying (5xx): the key is free again. */
  abandon(actor: string, key: string): Promise<void>
}

/** The operation a key was first used for: document, operation name and variables (key order ignored). */
export function idempotencyFingerprint(query: string, operationName: string | undefined, variables: Record<string, unknown>): string {
  return createHash('sha256')
    .update(JSON.stringify([query, operationName ?? null, canonical(variables)]))
    .digest('hex')
}

function canonical(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(canonical)
  if (v && typeof v === 'object') {
    return Object.fromEntries(
      Object.keys(v)
        .sort()
        .map((k) => [k, canonical((v as Record<string, unknown>)[k])]),
    )
  }
  return v
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))

/** The store on a table created by `idempotencyMigrations` (PostgreSQL or PGlite). */
export function createIdempotencyStore(service: Kysely<unknown>): IdempotencyStore {
  const db = service as Kysely<IdempotencyDatabase>
  const expired = sql<boolean>`created_at < now() - make_interval(hours => ${IDEMPOTENCY_TTL_HOURS})`
  return {
    async claim(actor, key, fingerprint, waitMs) {
      const deadline = Date.now() + waitMs
      for (;;) {
        // Keys older than 24 h are forgotten (this one, and any other on the way).
        await db.deleteFrom('idempotencyKey').where(expired).execute()
        const inserted = await db
          .insertInto('idempotencyKey')
          .values({ actor, key, fingerprint, response: null })
          .onConflict((oc) => oc.columns(['actor', 'key']).doNothing())
          .returning('actor')
          .executeTakeFirst()
        if (inserted) return { kind: 'claimed' }
        const row = await db
          .selectFrom('idempotencyKey')
          .select(['fingerprint', 'response'])
          .where('actor', '=', actor)
          .where('key', '=', key)
          .executeTakeFirst()
        if (!row) continue // abandoned meanwhile: claim it again
        if (row.fingerprint !== fingerprint) return { kind: 'mismatch' }
        if (row.response !== null && row.response !== undefined) return { kind: 'replay', response: row.response as StoredResponse }
        if (Date.now() >= deadline) return { kind: 'in-progress' }
        await sleep(25)
      }
    },
    async finish(actor, key, response) {
      await db
        .updateTable('idempotencyKey')
        .set({ response: JSON.stringify(response) })
        .where('actor', '=', actor)
        .where('key', '=', key)
        .execute()
    },
    async abandon(actor, key) {
      await db.deleteFrom('idempotencyKey').where('actor', '=', actor).where('key', '=', key).where('response', 'is', null).execute()
    },
  }
}
