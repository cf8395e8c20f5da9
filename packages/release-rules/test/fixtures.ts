import { DateTime } from 'luxon'
import type { CriterionSpec, FreezeWindowSpec, QualityGateSpec, ReleaseForAlignment, ReleaseNode, StageWindowSpec, StrategySnapshot } from '../src/index.ts'

export const LA = 'America/Los_Angeles'

/** Instant (canonical UTC string) of a local wall-clock time in a zone. */
export function local(iso: string, zone: string = LA): string {
  const dt = DateTime.fromISO(iso, { zone })
  if (!dt.isValid) throw new Error(`bad local time ${iso}`)
  return dt.toUTC().toISO()
}

/** Luxon view of an instant in a zone. */
export function inZone(instant: string, zone: string = LA): DateTime {
  return DateTime.fromISO(instant, { zone })
}

export function win(tier: string, start: string, end: string, environmentId: string | null = null): StageWindowSpec {
  return { tier, start, end, environmentId }
}

/** Friday 17:00 → Monday 08:00 America/Los_Angeles, weekly, PROD only; first occurrence 2027-01-08. */
export const weekendFreeze: FreezeWindowSpec = {
  id: 'fw-weekend',
  name: 'Weekend freeze',
  reason: 'No production changes over the weekend',
  start: '2027-01-09T01:00:00.000Z',
  end: '2027-01-11T16:00:00.000Z',
  timeZone: LA,
  recurrence: 'FREQ=WEEKLY',
  tiers: ['PROD'],
}

export const yearEndFreeze: FreezeWindowSpec = {
  id: 'fw-year-end',
  name: 'Year-end freeze',
  reason: null,
  start: local('2027-12-20T00:00'),
  end: local('2028-01-04T00:00'),
  timeZone: LA,
  recurrence: null,
  tiers: [],
}

export const unitTests: CriterionSpec = {
  key: 'unit-tests',
  description: 'Unit test pass rate %',
  kind: 'METRIC_AT_LEAST',
  threshold: 95,
  evidenceRequired: false,
}
export const uatSignoff: CriterionSpec = { key: 'uat-signoff', description: 'UAT sign-off', kind: 'ATTESTATION', evidenceRequired: true }
export const criticalVulns: CriterionSpec = {
  key: 'critical-vulns',
  description: 'Open critical vulnerabilities',
  kind: 'METRIC_AT_MOST',
  threshold: 0,
  evidenceRequired: true,
}

export const testGate: QualityGateSpec = { id: 'g-test', key: 'test-entry', name: 'Test entry', tier: 'TEST', criteria: [unitTests] }
export const prodGate: QualityGateSpec = { id: 'g-prod', key: 'prod-entry', name: 'Production entry', tier: 'PROD', criteria: [uatSignoff] }

export function strategy(overrides: Partial<StrategySnapshot> = {}): StrategySnapshot {
  return {
    version: 2,
    cadence: { rule: 'FREQ=MONTHLY;BYDAY=2TU', timeZone: LA, startsOn: '2027-01-01', codeFreezeDaysBefore: 7 },
    promotionPath: ['DEV', 'TEST', 'PROD'],
    qualityGates: [testGate, prodGate],
    readinessCriteria: [criticalVulns],
    freezeWindows: [weekendFreeze, yearEndFreeze],
    ...overrides,
  }
}

/**
 * A release that is aligned with `strategy()` over the period 2027-01-01 .. 2027-06-30:
 * DEV Mon–Tue 22–23 Feb, TEST Mon–Wed 1–3 Mar, PROD Tue 9 Mar 09:00–17:00 local (the 2nd
 * Tuesday, a cycle date), all roles, a rollback plan, PROD validation, one dependency that
 * reaches PROD first.
 */
export function alignedRelease(overrides: Partial<ReleaseForAlignment> = {}): ReleaseForAlignment {
  return {
    id: 'rel-1',
    name: 'Benefits portal',
    version: '2.4.0',
    type: 'MINOR',
    status: 'PLANNED',
    cycleId: null,
    schedule: [
      win('DEV', local('2027-02-22T09:00'), local('2027-02-23T17:00')),
      win('TEST', local('2027-03-01T09:00'), local('2027-03-03T17:00')),
      win('PROD', local('2027-03-09T09:00'), local('2027-03-09T17:00')),
    ],
    hasRollback: true,
    roles: [{ responsibility: 'RELEASE_MANAGER' }, { responsibility: 'DEPLOYER' }, { responsibility: 'VALIDATOR' }],
    validations: [{ tier: 'TEST' }, { tier: 'PROD' }],
    dependencyReleaseIds: ['dep-1'],
    ...overrides,
  }
}

export function node(id: string, overrides: Partial<ReleaseNode> = {}): ReleaseNode {
  return {
    id,
    agencyId: 'A',
    planId: 'plan-A',
    name: `Release ${id}`,
    version: '1.0.0',
    status: 'PLANNED',
    type: 'MINOR',
    currentTier: null,
    schedule: [],
    dependsOn: [],
    sharedComponentIds: [],
    ...overrides,
  }
}

/** A schedule DEV/TEST/PROD of one day each starting at the given UTC day. */
export function schedule(day: string, prodDay: string = day): StageWindowSpec[] {
  const d = DateTime.fromISO(day, { zone: 'utc' })
  const p = DateTime.fromISO(prodDay, { zone: 'utc' })
  const iso = (x: DateTime) => x.toISO() as string
  return [
    win('DEV', iso(d.minus({ days: 4 })), iso(d.minus({ days: 3 }))),
    win('TEST', iso(d.minus({ days: 2 })), iso(d.minus({ days: 1 }))),
    win('PROD', iso(p), iso(p.plus({ hours: 8 }))),
  ]
}

/** The value, failing the test when it is missing (instead of a non-null assertion). */
export function defined<T>(value: T | null | undefined, what = 'value'): T {
  if (value === null || value === undefined) throw new Error(`expected ${what} to be present`)
  return value
}
