import { conflict, notFound } from './errors.ts'

/**
 * The error for an optimistic-concurrency miss: NOT_FOUND when the row is gone (`current` null),
 * else CONFLICT naming the expected and the current revision. Callers update with
 * `… WHERE revision = expected` and raise this when nothing was updated.
 */
export function staleRevision(entity: string, id: string, expected: number, current: number | null) {
  if (current === null) return notFound(entity, id)
  return conflict(`${entity} ${id} was changed by someone else: expectedRevision ${expected}, current revision ${current}. Reload and try again.`, {
    expectedRevision: expected,
    currentRevision: current,
  })
}
