/**
 * @railyard/release-rules — Railyard's domain rules as pure functions (no I/O, no clock:
 * "now" is always a parameter). Instants are ISO-8601 strings with an offset or Z; calendar
 * days are 'YYYY-MM-DD' strings read in a named IANA time zone; intervals are half-open.
 *
 * Every module is also its own subpath (`@railyard/release-rules/risks`, `/metrics`, `/what-if`,
 * `/roadmap`, `/time`, …; types from `/types`), so a page bundles only the rules it uses.
 */
export type * from './types.ts'
export * from './validation.rules.ts'
export * from './time.rules.ts'
export * from './cycles.rules.ts'
export * from './freezes.rules.ts'
export * from './alignment.rules.ts'
export * from './gates.rules.ts'
export * from './enforcement.rules.ts'
export * from './deployment.rules.ts'
export * from './drift.rules.ts'
export * from './readiness.rules.ts'
export * from './roadmap.rules.ts'
export * from './plan-diff.rules.ts'
export * from './metrics.rules.ts'
export * from './risks.rules.ts'
export * from './what-if.rules.ts'
