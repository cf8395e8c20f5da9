/** PostgreSQL error helpers that work on pg and PGlite alike. */
export function pgErrorCode(err: unknown): string | undefined {
  const e = err as { code?: unknown; cause?: { code?: unknown } }
  if (typeof e?.code === 'string') return e.code
  if (typeof e?.cause?.code === 'string') return e.cause.code
  return undefined
}

export const isUniqueViolation = (err: unknown) => pgErrorCode(err) === '23505'
export const isExclusionViolation = (err: unknown) => pgErrorCode(err) === '23P01'
export const isSerializationFailure = (err: unknown) => ['40001', '40P01'].includes(pgErrorCode(err) ?? '')

export function constraintName(err: unknown): string | undefined {
  const e = err as { constraint?: unknown; cause?: { constraint?: unknown } }
  return (typeof e?.constraint === 'string' ? e.constraint : undefined) ??
    (typeof e?.cause?.constraint === 'string' ? e.cause.constraint : undefined)
}
