import { conflict, notFound } from './errors.ts'

/**
 * Compare-and-set helper for optimistic concurrency: `update` must update the row only when
 * its revision equals `expected` and return the number of updated rows. When nothing was
 * updated, `exists` tells NOT_FOUND from CONFLICT.
 */
export function staleRevision(entity: string, id: string, expected: number, current: number | null) {
  if (current === null) return notFound(entity, id)
  return conflict(`${entity} ${id} was changed by someone else: expectedRevision ${expected}, current revision ${current}. Reload and try again.`, {
    expectedRevision: expected,
    currentRevision: current,
  })
}
