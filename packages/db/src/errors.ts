/** PostgreSQL error helpers that work on pg and PGlite alike. */
export function pgErrorCode(err: unknown): string | undefined {
  const e = err as { code?: unknown; cause?: { code?: unknown } }
  if (typeof e?.code === 'string') return e.code
  if (typeof e?.cause?.code === 'string') return e.cause.code
  return undefined
}

export const isUniqueViolation = (err: unknown) => pgErrorCode(err) === '23505'
