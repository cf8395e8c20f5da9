/**
 * Presentation helpers shared by the pages: enum names as words, counts with their noun, the one
 * way a release is named across agencies, and a criterion's rule. Times are in lib/time.ts.
 */

/** An enum value as lower-case words: 'ROLLED_BACK' → 'rolled back'. */
export function enumText(value: string): string {
  return value.replace(/_/g, ' ').toLowerCase()
}

/** '1 release', '3 releases'; `many` for irregular plurals ('agencies'). */
export function plural(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`
}

/** A release named across agencies: 'DOH · Immunization registry 2.4.0'. */
export function releaseLabel(agencyCode: string, name: string, version: string): string {
  return `${agencyCode} · ${name} ${version}`
}

/** The rule of a readiness criterion: 'attestation', '≥ 80', '≤ 0.5'. */
export function criterionRule(c: { kind: string; threshold?: number | null }): string {
  if (c.kind === 'ATTESTATION') return 'attestation'
  return `${c.kind === 'METRIC_AT_LEAST' ? '≥' : '≤'} ${c.threshold ?? '?'}`
}
