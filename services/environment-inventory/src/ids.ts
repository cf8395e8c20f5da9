const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i

/**
 * Ids of this service (and of the other subgraphs, which follow the same template) are UUIDs.
 * Anything else cannot exist, so it is answered as "not found" without asking the database
 * (which would refuse to compare it with a uuid column).
 */
export const isUuid = (id: string): boolean => UUID_RE.test(id)

export const onlyUuids = (ids: readonly string[]): string[] => ids.filter(isUuid)
