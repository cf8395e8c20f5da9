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
