import { describe, expect, it } from 'vitest'
import { driftHeatmap, planCounts, plansWaiting, upcomingFreezes } from '../src/pages/health/health-model.ts'
import { figureValue, formatFigure, trendCsv, trendSeries } from '../src/pages/metrics/metrics-model.ts'

const plan = (id: string, code: string, status: string, requestedAt?: string) => ({
  id,
  title: `Plan ${id}`,
  status,
  agency: { code },
  approvals: requestedAt ? [{ status: 'PENDING', requestedAt }] : [],
})

describe('program health figures', () => {
  it('counts plans by agency and status, agencies without plans included', () => {
    const counts = planCounts(
      [plan('a', 'DOH', 'APPROVED'), plan('b', 'DOH', 'CLOSED'), plan('c', 'DOL', 'APPROVED'), plan('d', 'DOH', 'APPROVED')],
      ['DOH', 'DOL', 'DOT'],
    )
    expect(counts.DOH).toEqual({ DRAFT: 0, SUBMITTED: 0, APPROVED: 2, REJECTED: 0, CLOSED: 1 })
    expect(counts.DOT?.APPROVED).toBe(0)
  })

  it('lists submitted plans by how long they waited, in whole days', () => {
    const now = Date.parse('2027-03-10T12:00:00Z')
    const waiting = plansWaiting(
      [plan('a', 'DOH', 'SUBMITTED', '2027-03-09T13:00:00Z'), plan('b', 'DOL', 'SUBMITTED', '2027-03-01T12:00:00Z'), plan('c', 'DOT', 'APPROVED')],
      now,
    )
    expect(waiting.map((w) => [w.id, w.days])).toEqual([
      ['b', 9],
      ['a', 0],
    ])
  })

  it('drift heatmap: tiers in promotion order × agencies, then shared; drifted environments and items per cell', () => {
    const env = (key: string, tier: string, code: string | null, items: number) => ({
      key,
      tier,
      agency: code ? { code } : null,
      drift: { inSync: items === 0, items: Array.from({ length: items }, (_, i) => ({ key: `k${i}` })) },
    })
    const map = driftHeatmap(
      [env('a', 'PROD', 'DOH', 2), env('b', 'DEV', 'DOH', 0), env('c', 'PROD', 'DOH', 1), env('s', 'TEST', null, 0)],
      ['DEV', 'TEST', 'PROD'],
      ['DOH', 'DOL'],
    )
    expect(map.tiers).toEqual(['DEV', 'TEST', 'PROD'])
    expect(map.columns).toEqual(['DOH', 'DOL', 'Shared'])
    expect(map.cells.PROD?.DOH).toEqual({ environments: 2, drifted: 2, items: 3 })
    expect(map.cells.DEV?.DOH).toEqual({ environments: 1, drifted: 0, items: 0 })
    expect(map.cells.PROD?.DOL).toBeUndefined()
  })

  it('upcoming freezes: occurrences of recurring windows in the next days, soonest first', () => {
    const weekly = {
      id: 'w',
      name: 'Weekend',
      reason: null,
      start: '2027-03-05T17:00:00-08:00',
      end: '2027-03-08T08:00:00-08:00',
      timeZone: 'America/Los_Angeles',
      recurrence: 'FREQ=WEEKLY',
      tiers: ['PROD'],
    }
    const list = upcomingFreezes([weekly], Date.parse('2027-03-09T00:00:00Z'), 14)
    expect(list.map((f) => f.start)).toEqual(['2027-03-13T01:00:00.000Z', '2027-03-20T00:00:00.000Z'])
  })
})

describe('delivery metrics presentation', () => {
  const row = (code: string | null, cfr: number | null) => ({
    agency: code ? { code } : null,
    deployments: 4,
    deploymentFrequency: 0.75,
    leadTimeHours: 41.25,
    changeFailureRate: cfr,
    timeToRestoreHours: null,
    scheduleAdherence: 0.5,
  })

  it('rates as percentages, no data for null', () => {
    expect(figureValue(row('DOH', 0.25), 'changeFailureRate')).toBe(25)
    expect(formatFigure(row('DOH', 0.25), 'changeFailureRate')).toBe('25%')
    expect(formatFigure(row('DOH', 0.25), 'leadTimeHours')).toBe('41.3 hours')
    expect(formatFigure(row('DOH', 0.25), 'timeToRestoreHours')).toBe('no data')
    expect(formatFigure(row('DOH', 0.25), 'deploymentFrequency')).toBe('0.75 per week')
  })

  it('series per agency and the program, and the same numbers as CSV', () => {
    const months = [
      { month: '2027-01', rows: [row('DOH', 0.5), row(null, 0.25)] },
      { month: '2027-02', rows: [row('DOH', null), row(null, 0)] },
    ]
    expect(trendSeries(months, 'changeFailureRate')).toEqual({
      months: ['2027-01', '2027-02'],
      series: [
        { label: 'DOH', values: [50, null] },
        { label: 'Program', values: [25, 0] },
      ],
    })
    expect(trendCsv(months, 'changeFailureRate')).toBe('month,DOH,Program\n2027-01,50,25\n2027-02,,0\n')
  })
})
