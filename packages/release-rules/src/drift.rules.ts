import type { ConfigItem, DriftItem, DriftResult } from './types.ts'

function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0
}

function toMap(items: ConfigItem[] | null): Map<string, string> {
  // a repeated key: the last value wins (use findDuplicateKeys to refuse such input)
  return new Map((items ?? []).map((i) => [i.key, i.value]))
}

/**
 * Drift between an approved baseline and the last reported state (null = no items):
 * key only in the baseline → MISSING; only in the report → UNEXPECTED; different value →
 * CHANGED. Items sorted by key (code-unit order). In sync when there are no items.
 */
export function computeDrift(baseline: ConfigItem[] | null, report: ConfigItem[] | null): DriftResult {
  const expected = toMap(baseline)
  const actual = toMap(report)
  const keys = [...new Set([...expected.keys(), ...actual.keys()])].sort(compareStrings)
  const items: DriftItem[] = []
  for (const key of keys) {
    const e = expected.get(key)
    const a = actual.get(key)
    if (e !== undefined && a === undefined) items.push({ key, expected: e, actual: null, kind: 'MISSING' })
    else if (e === undefined && a !== undefined) items.push({ key, expected: null, actual: a, kind: 'UNEXPECTED' })
    else if (e !== a) items.push({ key, expected: e ?? null, actual: a ?? null, kind: 'CHANGED' })
  }
  return { inSync: items.length === 0, items }
}

/** Keys that occur more than once, sorted. */
export function findDuplicateKeys(items: ConfigItem[]): string[] {
  const seen = new Set<string>()
  const dup = new Set<string>()
  for (const i of items) {
    if (seen.has(i.key)) dup.add(i.key)
    seen.add(i.key)
  }
  return [...dup].sort(compareStrings)
}
