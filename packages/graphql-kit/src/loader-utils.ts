/** Orders batch results like the keys a DataLoader asked for (missing → null). */
export function byKey<K, V>(keys: readonly K[], rows: readonly V[], keyOf: (v: V) => K): (V | null)[] {
  const m = new Map(rows.map((r) => [keyOf(r), r] as const))
  return keys.map((k) => m.get(k) ?? null)
}

/** Groups batch results per key, in key order (missing → []). */
export function groupByKey<K, V>(keys: readonly K[], rows: readonly V[], keyOf: (v: V) => K): V[][] {
  const m = new Map<K, V[]>()
  for (const r of rows) {
    const k = keyOf(r)
    const list = m.get(k)
    if (list) list.push(r)
    else m.set(k, [r])
  }
  return keys.map((k) => m.get(k) ?? [])
}

/** loadMany that rethrows the first error and drops missing entries. */
export async function loadPresent<K, V>(loader: { loadMany(keys: readonly K[]): Promise<(V | Error | null | undefined)[]> }, keys: readonly K[]): Promise<V[]> {
  const out: V[] = []
  for (const v of await loader.loadMany(keys)) {
    if (v instanceof Error) throw v
    if (v !== null && v !== undefined) out.push(v)
  }
  return out
}

const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i

/** Ids are UUIDs: anything else names nothing, and must never reach SQL as a uuid (it would be a database error). */
export const isUuid = (id: unknown): id is string => typeof id === 'string' && UUID_RE.test(id)

/** The ids of a batch worth asking the database about. */
export const onlyUuids = (ids: readonly string[]): string[] => ids.filter(isUuid)

/** Memoizes a request's async computations by key (a DataLoader without batching): the same field under many parents is computed once. */
export type Memo = <T>(key: string, compute: () => Promise<T>) => Promise<T>

export function createMemo(): Memo {
  const cache = new Map<string, Promise<unknown>>()
  return <T>(key: string, compute: () => Promise<T>): Promise<T> => {
    const hit = cache.get(key) as Promise<T> | undefined
    if (hit) return hit
    const p = compute()
    cache.set(key, p)
    return p
  }
}
