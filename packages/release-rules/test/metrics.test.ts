import { describe, expect, it } from 'vitest'
import { deliveryMetrics, deliveryMetricsArgumentErrors, median, monthlyDeliveryMetrics } from '../src/metrics.rules.ts'
import type { DeliveryMetricsInput, DeploymentOutcome, DeploymentRecord, MetricsRelease } from '../src/metrics.rules.ts'
import { win } from './fixtures.ts'

/*
 * Fixture (every figure below is computed by hand from it). Promotion path DEV → TEST → PROD;
 * period [2027-03-01T00:00Z, 2027-03-15T00:00Z) = 14 days.
 *
 * DOH
 *   R1  PROD window 03-09 16:00 – 03-10 00:00
 *       DEV ok 02-25 12:00 (first deployment) · TEST ok 03-03 12:00 · PROD FAILED 03-09 18:00 · PROD ok 03-09 21:00
 *       → lead 02-25 12:00 → 03-09 21:00 = 297 h, on time; restore 3 h
 *   R2  PROD window 03-05 16:00 – 03-06 00:00
 *       DEV ok 03-02 00:00 · PROD ok 03-08 10:00 (late) · PROD ROLLED_BACK 03-12 00:00 · PROD ok 03-20 00:00 (after the period)
 *       → lead 03-02 00:00 → 03-08 10:00 = 154 h, not on time; restore 03-12 → 03-20 = 192 h
 *   R3  DEV ok 02-10 · PROD ok 02-20 (first success before the period) · PROD ok 03-04 → no lead time
 *   R7  PROD ok 02-28 23:59:59.999 (just before the period) → nothing in the period
 * DOL
 *   R4  PROD window 03-10 00:00 – 03-11 00:00
 *       TEST FAILED 03-01 00:00 (first deployment) · PROD ok 03-10 00:00 (window start: inside) ·
 *       PROD FAILED 03-14 23:00 · PROD ok 03-15 00:00 (= to: outside the period, but restores the failure)
 *       → lead 216 h, on time; restore 1 h
 *   R5  PROD window 03-06 00:00 – 03-08 00:00; PROD ok 03-07 00:00 on the shared PROD environment (first deployment)
 *       → lead 0 h, on time
 * ECY: no releases.
 * Invisible release RX (not given): PROD deployments in the period are ignored.
 */

const Z = (s: string) => `2027-${s}Z`
let seq = 0
function dep(releaseId: string, environmentId: string, outcome: DeploymentOutcome, startedAt: string): DeploymentRecord {
  seq += 1
  return { id: `d${seq}`, releaseId, environmentId, outcome, startedAt: Z(startedAt), finishedAt: null }
}

const releases: MetricsRelease[] = [
  { id: 'R1', agencyId: 'DOH', schedule: [win('DEV', Z('02-24T00:00:00'), Z('02-26T00:00:00')), win('PROD', Z('03-09T16:00:00'), Z('03-10T00:00:00'))] },
  { id: 'R2', agencyId: 'DOH', schedule: [win('PROD', Z('03-05T16:00:00'), Z('03-06T00:00:00'))] },
  { id: 'R3', agencyId: 'DOH', schedule: [] },
  { id: 'R7', agencyId: 'DOH', schedule: [] },
  { id: 'R4', agencyId: 'DOL', schedule: [win('PROD', Z('03-10T00:00:00'), Z('03-11T00:00:00'))] },
  { id: 'R5', agencyId: 'DOL', schedule: [win('PROD', Z('03-06T00:00:00'), Z('03-08T00:00:00'))] },
]

const deployments: DeploymentRecord[] = [
  dep('R1', 'doh-dev', 'SUCCEEDED', '02-25T12:00:00'),
  dep('R1', 'doh-test', 'SUCCEEDED', '03-03T12:00:00'),
  dep('R1', 'doh-prod', 'FAILED', '03-09T18:00:00'),
  dep('R1', 'doh-prod', 'SUCCEEDED', '03-09T21:00:00'),
  dep('R2', 'doh-dev', 'SUCCEEDED', '03-02T00:00:00'),
  dep('R2', 'doh-prod', 'SUCCEEDED', '03-08T10:00:00'),
  dep('R2', 'doh-prod', 'ROLLED_BACK', '03-12T00:00:00'),
  dep('R2', 'doh-prod', 'SUCCEEDED', '03-20T00:00:00'),
  dep('R3', 'doh-dev', 'SUCCEEDED', '02-10T00:00:00'),
  dep('R3', 'doh-prod', 'SUCCEEDED', '02-20T00:00:00'),
  dep('R3', 'doh-prod', 'SUCCEEDED', '03-04T00:00:00'),
  dep('R7', 'doh-prod', 'SUCCEEDED', '02-28T23:59:59.999'),
  dep('R4', 'dol-test', 'FAILED', '03-01T00:00:00'),
  dep('R4', 'dol-prod', 'SUCCEEDED', '03-10T00:00:00'),
  dep('R4', 'dol-prod', 'FAILED', '03-14T23:00:00'),
  dep('R4', 'dol-prod', 'SUCCEEDED', '03-15T00:00:00'),
  dep('R5', 'shared-prod', 'SUCCEEDED', '03-07T00:00:00'),
  dep('RX', 'doh-prod', 'SUCCEEDED', '03-05T00:00:00'),
  dep('RX', 'doh-prod', 'FAILED', '03-06T00:00:00'),
]

const environments = [
  { id: 'doh-dev', tier: 'DEV' },
  { id: 'doh-test', tier: 'TEST' },
  { id: 'doh-prod', tier: 'PROD' },
  { id: 'dol-test', tier: 'TEST' },
  { id: 'dol-prod', tier: 'PROD' },
  { id: 'shared-prod', tier: 'PROD' },
]

function input(overrides: Partial<DeliveryMetricsInput> = {}): DeliveryMetricsInput {
  return {
    from: Z('03-01T00:00:00'),
    to: Z('03-15T00:00:00'),
    promotionPath: ['DEV', 'TEST', 'PROD'],
    agencyIds: ['DOH', 'DOL', 'ECY'],
    releases,
    environments,
    deployments,
    ...overrides,
  }
}

const period = { from: '2027-03-01T00:00:00.000Z', to: '2027-03-15T00:00:00.000Z' }

describe('median', () => {
  it('is the middle value of an odd count, the average of the middle two of an even count, null for none', () => {
    expect(median([5, 1, 3])).toBe(3)
    expect(median([4, 1, 3, 2])).toBe(2.5)
    expect(median([7])).toBe(7)
    expect(median([])).toBeNull()
  })
})

describe('deliveryMetrics', () => {
  it('gives one row per agency in the given order, then the program total, with every figure as computed by hand', () => {
    expect(deliveryMetrics(input())).toEqual([
      {
        agencyId: 'DOH',
        ...period,
        deployments: 5, // R1 ×2, R2 ×2 (03-20 is after the period), R3 ×1 (02-20 before), R7 none (one ms before)
        deploymentFrequency: 1.5, // 3 successes × 7 / 14 days
        leadTimeHours: 225.5, // median of 154 and 297 (R3's first success is before the period)
        changeFailureRate: 0.4, // FAILED + ROLLED_BACK = 2 of 5
        timeToRestoreHours: 97.5, // median of 3 and 192
        scheduleAdherence: 0.5, // R1 inside its PROD window, R2 late
      },
      {
        agencyId: 'DOL',
        ...period,
        deployments: 3, // R4 ×2 (03-15 00:00 = to is outside), R5 ×1 on the shared PROD environment; R4's TEST failure is not the last tier
        deploymentFrequency: 1, // 2 × 7 / 14
        leadTimeHours: 108, // median of 216 (from R4's failed TEST deployment) and 0 (R5's first deployment is its PROD one)
        changeFailureRate: 1 / 3,
        timeToRestoreHours: 1, // R4 03-14 23:00 → 03-15 00:00, a success after the period still restores
        scheduleAdherence: 1, // R4 at its window's start (inclusive), R5 inside
      },
      {
        agencyId: 'ECY',
        ...period,
        deployments: 0,
        deploymentFrequency: 0,
        leadTimeHours: null,
        changeFailureRate: null,
        timeToRestoreHours: null,
        scheduleAdherence: null,
      },
      {
        agencyId: null,
        ...period,
        deployments: 8,
        deploymentFrequency: 2.5, // 5 × 7 / 14
        leadTimeHours: 185, // median of 0, 154, 216, 297 = (154 + 216) / 2
        changeFailureRate: 0.375, // 3 / 8
        timeToRestoreHours: 3, // median of 1, 3, 192 (odd count)
        scheduleAdherence: 0.75, // R1, R4, R5 of R1, R2, R4, R5
      },
    ])
  })

  it('counts only the releases given: the invisible release RX changes nothing, and a release left out drops from every row', () => {
    const withoutR2 = deliveryMetrics(input({ releases: releases.filter((r) => r.id !== 'R2') }))
    const doh = withoutR2[0]
    expect(doh).toMatchObject({ agencyId: 'DOH', deployments: 3, leadTimeHours: 297, changeFailureRate: 1 / 3, timeToRestoreHours: 3, scheduleAdherence: 1 })
    expect(withoutR2[3]).toMatchObject({ agencyId: null, deployments: 6, leadTimeHours: 216, timeToRestoreHours: 2 })
  })

  it('the total covers every release given, also those of agencies without a row', () => {
    const rows = deliveryMetrics(input({ agencyIds: ['DOL'] }))
    expect(rows.map((r) => [r.agencyId, r.deployments])).toEqual([
      ['DOL', 3],
      [null, 8],
    ])
  })

  it('an empty period: no deployments, frequency 0, every median and rate null', () => {
    const rows = deliveryMetrics(input({ from: Z('04-01T00:00:00'), to: Z('04-08T00:00:00') }))
    for (const row of rows) {
      expect(row).toMatchObject({
        deployments: 0,
        deploymentFrequency: 0,
        leadTimeHours: null,
        changeFailureRate: null,
        timeToRestoreHours: null,
        scheduleAdherence: null,
      })
    }
  })

  it('a period with only failures: a failure rate of 1 and no lead time or adherence', () => {
    const rows = deliveryMetrics(input({ from: Z('03-14T00:00:00'), to: Z('03-15T00:00:00'), agencyIds: ['DOL'] }))
    expect(rows[0]).toEqual({
      agencyId: 'DOL',
      from: '2027-03-14T00:00:00.000Z',
      to: '2027-03-15T00:00:00.000Z',
      deployments: 1,
      deploymentFrequency: 0,
      leadTimeHours: null,
      changeFailureRate: 1,
      timeToRestoreHours: 1,
      scheduleAdherence: null,
    })
  })

  it('the last tier is the last of the latest promotion path: with DEV → TEST it is TEST', () => {
    const rows = deliveryMetrics(input({ promotionPath: ['DEV', 'TEST'] }))
    // TEST deployments in the period: R1 ok 03-03 12:00 (lead from 02-25 12:00: 6 days = 144 h; R1 has no TEST window),
    // R4 FAILED 03-01 00:00 (R4 never succeeds in TEST)
    expect(rows[0]).toMatchObject({ agencyId: 'DOH', deployments: 1, deploymentFrequency: 0.5, leadTimeHours: 144, changeFailureRate: 0, scheduleAdherence: 0 })
    expect(rows[1]).toMatchObject({
      agencyId: 'DOL',
      deployments: 1,
      deploymentFrequency: 0,
      leadTimeHours: null,
      changeFailureRate: 1,
      timeToRestoreHours: null,
    })
  })

  it('a deployment to an unknown environment has no tier, but counts as a first recorded deployment', () => {
    const extra = dep('R1', 'gone-env', 'SUCCEEDED', '02-21T12:00:00')
    const rows = deliveryMetrics(input({ deployments: [...deployments, extra], agencyIds: ['DOH'] }))
    // R1's lead time is now 02-21 12:00 → 03-09 21:00 = 393 h; median of 154 and 393
    expect(rows[0]).toMatchObject({ deployments: 5, leadTimeHours: 273.5 })
  })

  it('a restore needs a strictly later success of the same release; several failures share the first success after them', () => {
    const rs: MetricsRelease[] = [
      { id: 'A', agencyId: 'X', schedule: [] },
      { id: 'B', agencyId: 'X', schedule: [] },
    ]
    const ds = [
      dep('A', 'prod', 'FAILED', '05-01T00:00:00'),
      dep('A', 'prod', 'ROLLED_BACK', '05-01T06:00:00'),
      dep('A', 'prod', 'SUCCEEDED', '05-01T10:00:00'),
      dep('A', 'prod', 'SUCCEEDED', '05-02T10:00:00'),
      dep('B', 'prod', 'FAILED', '05-03T00:00:00'),
      dep('B', 'prod', 'SUCCEEDED', '05-03T00:00:00'), // same instant: not later
    ]
    const rows = deliveryMetrics({
      from: Z('05-01T00:00:00'),
      to: Z('05-08T00:00:00'),
      promotionPath: ['PROD'],
      agencyIds: ['X'],
      releases: rs,
      environments: [{ id: 'prod', tier: 'PROD' }],
      deployments: ds,
    })
    // A: 10 h and 4 h to 05-01 10:00; B: none → median of 4 and 10
    expect(rows[0]).toMatchObject({ deployments: 6, timeToRestoreHours: 7, changeFailureRate: 0.5, deploymentFrequency: 3 })
  })

  it('refuses a period that does not end after it starts, and explains why as field errors', () => {
    expect(() => deliveryMetrics(input({ to: Z('03-01T00:00:00') }))).toThrow(RangeError)
    expect(deliveryMetricsArgumentErrors({ from: Z('03-02T00:00:00'), to: Z('03-01T00:00:00') })).toEqual([
      { path: ['to'], message: 'The end of the period must be after its start.' },
    ])
    expect(deliveryMetricsArgumentErrors({ from: 'yesterday', to: Z('03-01T00:00:00') }).map((e) => e.path)).toEqual([['from']])
    expect(deliveryMetricsArgumentErrors({ from: Z('03-01T00:00:00'), to: Z('03-02T00:00:00') })).toEqual([])
  })
})

describe('monthlyDeliveryMetrics', () => {
  it('splits the period into calendar months (clipped to it), each with the same rows', () => {
    const buckets = monthlyDeliveryMetrics(input({ from: Z('02-15T00:00:00'), to: Z('04-01T00:00:00'), agencyIds: ['DOH'] }), 'UTC')
    expect(buckets.map((b) => [b.month, b.from, b.to])).toEqual([
      ['2027-02', '2027-02-15T00:00:00.000Z', '2027-03-01T00:00:00.000Z'],
      ['2027-03', '2027-03-01T00:00:00.000Z', '2027-04-01T00:00:00.000Z'],
    ])
    const [feb, mar] = buckets
    // February (14 days): R3 ok 02-20 (its first success: lead 02-10 → 02-20 = 240 h), R7 ok 02-28 23:59:59.999 (lead 0)
    expect(feb?.rows[0]).toMatchObject({ agencyId: 'DOH', deployments: 2, deploymentFrequency: 1, leadTimeHours: 120, scheduleAdherence: 0 })
    // March (31 days): R1 ×2, R2 ×3 (03-20 now inside), R3 ×1
    expect(mar?.rows[0]).toMatchObject({ agencyId: 'DOH', deployments: 6, leadTimeHours: 225.5, changeFailureRate: 2 / 6, timeToRestoreHours: 97.5 })
    expect(mar?.rows[0]?.deploymentFrequency).toBeCloseTo((4 * 7) / 31, 12)
  })

  it('reads months in the given zone: a deployment at 23:30 PDT on 31 March is in March, and March is an hour short', () => {
    const rs: MetricsRelease[] = [{ id: 'A', agencyId: 'X', schedule: [] }]
    const buckets = monthlyDeliveryMetrics(
      {
        from: '2027-03-01T08:00:00Z', // 1 March 00:00 PST
        to: '2027-05-01T07:00:00Z', // 1 May 00:00 PDT
        promotionPath: ['PROD'],
        agencyIds: [],
        releases: rs,
        environments: [{ id: 'prod', tier: 'PROD' }],
        deployments: [dep('A', 'prod', 'SUCCEEDED', '04-01T06:30:00')],
      },
      'America/Los_Angeles',
    )
    expect(buckets.map((b) => [b.month, b.from, b.to, b.rows[0]?.deployments])).toEqual([
      ['2027-03', '2027-03-01T08:00:00.000Z', '2027-04-01T07:00:00.000Z', 1],
      ['2027-04', '2027-04-01T07:00:00.000Z', '2027-05-01T07:00:00.000Z', 0],
    ])
    // 31 days less the hour lost to daylight saving time
    expect(buckets[0]?.rows[0]?.deploymentFrequency).toBeCloseTo(7 / (31 - 1 / 24), 12)
  })

  it('refuses an invalid zone', () => {
    expect(() => monthlyDeliveryMetrics(input(), 'Mars/Olympus')).toThrow(RangeError)
  })
})
