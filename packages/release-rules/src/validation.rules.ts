import { IANAZone } from 'luxon'
import semver from 'semver'
import type { SemVer } from 'semver'
import { parseRecurrence } from './recurrence.rules.ts'
import { isDateString, isInstantString } from './time.rules.ts'

/** An IANA time zone name known to the runtime (e.g. 'America/Los_Angeles', 'UTC'); fixed offsets are refused. */
export function isValidTimeZone(tz: string): boolean {
  if (typeof tz !== 'string' || tz.trim() !== tz || tz === '') return false
  if (/^[+-]|^\d/.test(tz)) return false
  // ICU also accepts abbreviations and legacy names (PST, EST5EDT) that are not IANA zone names:
  // IANA names are Area/Location (America/Los_Angeles, Etc/GMT+8) or UTC.
  if (tz !== 'UTC' && !tz.includes('/')) return false
  return IANAZone.isValidZone(tz)
}

/** Validate an RFC 5545 RRULE (with or without the 'RRULE:' prefix; DTSTART is refused). */
export function parseRRule(rule: string): { ok: true } | { ok: false; message: string } {
  const r = parseRecurrence(rule)
  return r.ok ? { ok: true } : { ok: false, message: r.message }
}

/** Strict semver 2.0.0: no leading 'v' or '=', no surrounding spaces, no loose forms. */
export function isValidSemver(v: string): boolean {
  if (typeof v !== 'string' || !/^\d/.test(v) || v.trim() !== v) return false
  return semver.valid(v) !== null
}

/** A non-empty node-semver range such as '>=17 <18', '^2.4.0', '1.x || 2.x'. */
export function isValidSemverRange(r: string): boolean {
  if (typeof r !== 'string' || r.trim() === '') return false
  try {
    return semver.validRange(r) !== null
  } catch {
    return false
  }
}

const VERSIONISH_RE = /^v?\d+(?:\.\d+){0,2}(?:[-+][0-9A-Za-z.+-]*)?$/

function asVersion(actual: string): SemVer | null {
  const t = actual.trim()
  if (!VERSIONISH_RE.test(t)) return null
  const strict = semver.parse(t)
  if (strict) return strict
  return semver.coerce(t)
}

/**
 * Does a reported configuration value meet a requirement?
 * Exact string equality; otherwise, when `actual` looks like a version (e.g. '17.2', 'v2.4.1')
 * and `expected` is a valid semver range, semver satisfaction of the coerced version
 * (e.g. ('17.2', '>=17 <18') → true).
 */
export function satisfiesRequirement(actual: string, expected: string): boolean {
  if (actual === expected) return true
  if (typeof actual !== 'string' || typeof expected !== 'string') return false
  if (!isValidSemverRange(expected)) return false
  const version = asVersion(actual)
  if (!version) return false
  return semver.satisfies(version, expected, { includePrerelease: version.prerelease.length > 0 })
}

/** A real calendar date written 'YYYY-MM-DD'. */
export function isValidDate(d: string): boolean {
  return isDateString(d)
}

/** An ISO-8601 date-time with an offset or Z, e.g. '2027-03-09T18:00:00Z' or '2027-03-09T10:00:00-08:00'. */
export function isValidInstant(s: string): boolean {
  return isInstantString(s)
}

/**
 * Links Railyard stores and shows (evidence, artifacts, environments) must be `http:` or `https:`
 * URLs (DESIGN "Writes"): never `javascript:`, `data:`, `file:` or a relative reference.
 */
export function isHttpUrl(s: string): boolean {
  if (!URL.canParse(s)) return false
  const { protocol } = new URL(s)
  return protocol === 'http:' || protocol === 'https:'
}
