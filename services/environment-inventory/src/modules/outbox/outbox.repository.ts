import { type Kysely, type Selectable, sql } from 'kysely'
import type { OutboxEventTable } from '@railyard/graphql-kit'
import type { Database } from '../../database.ts'
import { onlyUuids } from '../../ids.ts'

type OutboxEventRow = Selectable<OutboxEventTable>

/** Events not yet acknowledged by the relay, oldest first. */
export async function findUnrelayedEvents(db: Kysely<Database>, limit: number): Promise<OutboxEventRow[]> {
  return db.selectFrom('outboxEvent').selectAll().where('processedAt', 'is', null).orderBy('at').orderBy('id').limit(limit).execute()
}

/** Marks events relayed; returns how many were still unrelayed. */
export async function markRelayed(db: Kysely<Database>, ids: readonly string[]): Promise<number> {
  const valid = [...new Set(onlyUuids(ids))]
  if (valid.length === 0) return 0
  const r = await db
    .updateTable('outboxEvent')
    .set({ processedAt: sql<string>`now()` })
    .where('id', 'in', valid)
    .where('processedAt', 'is', null)
    .executeTakeFirst()
  return Number(r.numUpdatedRows)
}
