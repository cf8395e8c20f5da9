/**
 * An audit entry's before → after as lines a person can read: the top-level fields that
 * changed (added, removed or different), each value as short JSON. Bookkeeping fields that
 * change with every write (timestamps, revision counters, who wrote it) are left out unless
 * they are all that changed.
 */
export interface DiffLine {
  field: string
  before: string | null
  after: string | null
}

const NOISE = new Set(['updatedAt', 'updatedBy', 'createdAt', 'createdBy', 'revision'])
const MAX = 120

/** A value as compact JSON, cut to 120 characters. */
export function shortJson(v: unknown): string {
  const text = typeof v === 'string' ? JSON.stringify(v) : (JSON.stringify(v) ?? 'null')
  return text.length > MAX ? `${text.slice(0, MAX - 1)}…` : text
}

const asObject = (v: unknown): Record<string, unknown> | null => (v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : null)

export function auditDiff(before: unknown, after: unknown): DiffLine[] {
  const b = asObject(before)
  const a = asObject(after)
  if (!b && !a)
    return before === after ? [] : [{ field: '(value)', before: before == null ? null : shortJson(before), after: after == null ? null : shortJson(after) }]
  const keys = [...new Set([...Object.keys(b ?? {}), ...Object.keys(a ?? {})])].sort()
  const lines: DiffLine[] = []
  for (const k of keys) {
    const has = { b: !!b && k in b, a: !!a && k in a }
    const bv = has.b ? b?.[k] : undefined
    const av = has.a ? a?.[k] : undefined
    if (has.b && has.a && JSON.stringify(bv) === JSON.stringify(av)) continue
    lines.push({ field: k, before: has.b ? shortJson(bv) : null, after: has.a ? shortJson(av) : null })
  }
  const meaningful = lines.filter((l) => !NOISE.has(l.field))
  return meaningful.length > 0 ? meaningful : lines
}
