import { sql } from 'kysely'
import type { DbHandle } from '@railyard/db'

/** Runs `fn` over `items`, at most `width` at a time (one shared stack, two cores). */
export async function pool<T>(items: T[], width: number, fn: (item: T, index: number) => Promise<void>): Promise<void> {
  let next = 0
  const worker = async () => {
    while (next < items.length) {
      const i = next++
      await fn(items[i] as T, i)
    }
  }
  await Promise.all(Array.from({ length: width }, worker))
}

/** A hash of every row of every table of each service's schema, by `schema.table`. */
export async function dbFingerprint(dbs: Record<string, DbHandle<unknown>>): Promise<Record<string, string>> {
  const out: Record<string, string> = {}
  for (const handle of Object.values(dbs)) {
    const tables = await sql<{
      name: string
    }>`select table_name as name from information_schema.tables where table_schema = ${handle.schema} and table_type = 'BASE TABLE' order by 1`.execute(
      handle.db,
    )
    for (const { name } of tables.rows) {
      const r = await sql<{
        n: string
        h: string | null
      }>`select count(*)::text as n, md5(string_agg(t::text, '|' order by t::text)) as h from ${sql.table(`${handle.schema}.${name}`)} t`.execute(handle.db)
      out[`${handle.schema}.${name}`] = `${r.rows[0]?.n}:${r.rows[0]?.h ?? ''}`
    }
  }
  return out
}

/** Every row of every table of each service's schema, by `schema.table`: row hash → the row as JSON. */
export type RowSnapshot = Map<string, Map<string, Record<string, unknown>>>

export async function rowSnapshot(dbs: Record<string, DbHandle<unknown>>): Promise<RowSnapshot> {
  const out: RowSnapshot = new Map()
  for (const handle of Object.values(dbs)) {
    const tables = await sql<{
      name: string
    }>`select table_name as name from information_schema.tables where table_schema = ${handle.schema} and table_type = 'BASE TABLE' order by 1`.execute(
      handle.db,
    )
    for (const { name } of tables.rows) {
      const r = await sql<{
        h: string
        j: Record<string, unknown>
      }>`select md5(t::text) as h, to_jsonb(t) as j from ${sql.table(`${handle.schema}.${name}`)} t`.execute(handle.db)
      out.set(`${handle.schema}.${name}`, new Map(r.rows.map((row) => [row.h, row.j])))
    }
  }
  return out
}

/**
 * The columns that name the person a row belongs to (its subject, creator, actor or audience), as
 * the rows arrive: the databases' camel-case plugin renames the keys of the row objects too.
 */
const OWNER_COLUMNS = ['subject', 'createdBy', 'actor', 'audienceSubject', 'revokedBy'] as const

/**
 * Rows added or removed between two snapshots that do not belong to `subject` (none belong to a
 * null subject): what a self-service mutation must never produce.
 */
export function rowsNotOwnedBy(before: RowSnapshot, after: RowSnapshot, subject: string | null): string[] {
  const out: string[] = []
  const owned = (row: Record<string, unknown>) => subject !== null && OWNER_COLUMNS.some((c) => row[c] === subject)
  for (const table of new Set([...before.keys(), ...after.keys()])) {
    const b = before.get(table) ?? new Map<string, Record<string, unknown>>()
    const a = after.get(table) ?? new Map<string, Record<string, unknown>>()
    for (const [h, row] of a) if (!b.has(h) && !owned(row)) out.push(`${table}: added/changed ${JSON.stringify(row).slice(0, 200)}`)
    for (const [h, row] of b) if (!a.has(h) && !owned(row)) out.push(`${table}: removed/changed ${JSON.stringify(row).slice(0, 200)}`)
  }
  return out
}
