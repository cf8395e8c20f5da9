/** A federation reference to an entity another subgraph resolves (Program, Agency, Environment, SharedComponent). */
export interface EntityRef {
  id: string
}

/** A reference, or null when there is no id. */
export const ref = (id: string | null | undefined): EntityRef | null => (id ? { id } : null)

const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i

/** Ids are UUIDs; anything else names nothing (and must not reach SQL as a uuid). */
export const isUuid = (id: string | null | undefined): id is string => typeof id === 'string' && UUID_RE.test(id)
