import { rollupRoadmap } from '@railyard/release-rules'
import type { RoadmapPlanInput } from '@railyard/release-rules'
import { describe, expect, it } from 'vitest'
import {
  DAY_MS,
  LANE_HEADER_HEIGHT,
  ROW_HEIGHT,
  addMonths,
  computeTicks,
  dependencyLinks,
  endOfMonth,
  layoutRows,
  linkPath,
  makeScale,
  parseViewState,
  releaseMatches,
  serializeViewState,
  viewRange,
  nearRange,
  visibleLinks,
  weekday,
  xOf,
} from '../src/pages/roadmap/layout.ts'
import type { Filters, LaneAgency, RoadmapRelease } from '../src/pages/roadmap/layout.ts'
import { defined } from './defined.ts'

const noFilters: Filters = { agencies: [], tiers: [], statuses: [], cycle: null, q: '' }

function release(id: string, agency: string, windows: [string, string, string][], extra: Partial<RoadmapRelease> = {}): RoadmapRelease {
  return {
    id,
    planId: `plan-${agency}`,
    planTitle: `${agency} plan`,
    planStatus: 'APPROVED',
    agencyCode: agency,
    name: `${agency} release ${id}`,
    version: '1.0.0',
    type: 'MINOR',
    status: 'PLANNED',
    currentTier: null,
    cycleId: null,
    cycleName: null,
    windows: windows.map(([tier, start, end]) => ({
      tier,
      start,
      end,
      startMs: Date.parse(start),
      endMs: Date.parse(end),
      environmentKey: null,
      environmentName: null,
    })),
    dependsOn: [],
    sharedComponentIds: [],
    ...extra,
  }
}

function fixture(releases: RoadmapRelease[], agencies: string[]) {
  const laneAgencies: LaneAgency[] = agencies.map((code) => ({ id: `ag-${code}`, code, name: code, plans: [] }))
  const plans: RoadmapPlanInput[] = agencies.map((code) => ({
    id: `plan-${code}`,
    agencyId: code,
    status: 'APPROVED',
    releases: releases
      .filter((r) => r.agencyCode === code)
      .map((r) => ({
        id: r.id,
        agencyId: code,
        planId: r.planId,
        name: r.name,
        version: r.version,
        status: r.status as 'PLANNED',
        type: 'MINOR' as const,
        currentTier: null,
        schedule: r.windows.map((w) => ({ tier: w.tier, start: w.start, end: w.end })),
        dependsOn: r.dependsOn,
        sharedComponentIds: [],
      })),
  }))
  return { laneAgencies, rollup: rollupRoadmap(plans), byId: new Map(releases.map((r) => [r.id, r])) }
}

describe('view state in the URL', () => {
  it('round-trips every field and omits defaults', () => {
    const v = parseViewState(
      'zoom=week&from=2027-01-01&to=2027-03-31&agency=DOH,DOL&tier=PROD&status=PLANNED&cycle=SDP:2027-02-09&q=portal&release=r1&deps=0&critical=1',
    )
    expect(v).toEqual({
      zoom: 'week',
      from: '2027-01-01',
      to: '2027-03-31',
      agencies: ['DOH', 'DOL'],
      tiers: ['PROD'],
      statuses: ['PLANNED'],
      cycle: 'SDP:2027-02-09',
      q: 'portal',
      release: 'r1',
      deps: false,
      critical: true,
    })
    expect(parseViewState(serializeViewState(v))).toEqual(v)
    expect(serializeViewState(parseViewState('')).toString()).toBe('')
  })

  it('ignores malformed values and keeps unrelated parameters', () => {
    const v = parseViewState('zoom=decade&from=March&program=SDP')
    expect(v.zoom).toBe('month')
    expect(v.from).toBeNull()
    expect(serializeViewState({ ...v, zoom: 'quarter' }, new URLSearchParams('program=SDP')).toString()).toBe('program=SDP&zoom=quarter')
  })
})

describe('calendar helpers', () => {
  it('adds months clamping to the month end, and finds weekdays', () => {
    expect(addMonths('2027-01-31', 1)).toBe('2027-02-28')
    expect(addMonths('2028-01-31', 1)).toBe('2028-02-29')
    expect(addMonths('2027-03-15', -3)).toBe('2026-12-15')
    expect(endOfMonth('2027-02-10')).toBe('2027-02-28')
    expect(weekday('2027-03-09')).toBe(2) // a Tuesday
    expect(weekday('2027-03-14')).toBe(7) // a Sunday
  })

  it('fits the range to the data in whole months, else around today; the URL wins', () => {
    expect(viewRange({ from: null, to: null }, '2027-02-10', '2027-05-03', '2026-01-01')).toEqual({ from: '2027-01-01', to: '2027-06-30' })
    expect(viewRange({ from: null, to: null }, null, null, '2027-04-20')).toEqual({ from: '2027-03-01', to: '2027-08-31' })
    expect(viewRange({ from: '2027-01-01', to: '2027-01-31' }, '2026-01-01', '2028-01-01', '2027-04-20')).toEqual({ from: '2027-01-01', to: '2027-01-31' })
  })
})

describe('time scale and ticks', () => {
  const tz = 'America/Los_Angeles'
  // 2027-03-01 00:00 PST = 08:00Z; 2027-04-01 00:00 PDT = 07:00Z (DST starts 2027-03-14)
  const start = Date.parse('2027-03-01T08:00:00Z')
  const end = Date.parse('2027-05-01T07:00:00Z')

  it('places instants linearly by pixels per day', () => {
    const s = makeScale(start, end, 'month')
    expect(xOf(s, start)).toBe(0)
    expect(xOf(s, start + 10 * DAY_MS)).toBeCloseTo(10 * s.pxPerDay)
    expect(s.width).toBe(Math.round(((end - start) / DAY_MS) * s.pxPerDay))
  })

  it('puts month ticks at local midnight in the program time zone, across DST', () => {
    const s = makeScale(start, end, 'quarter')
    const t = computeTicks('2027-03-01', '2027-04-30', tz, s, 'quarter')
    expect(t.months.map((m) => m.date)).toEqual(['2027-03-01', '2027-04-01'])
    expect(t.months[0]?.x).toBe(0)
    // April 1 local midnight is 07:00Z: 31 days minus the hour lost to DST
    expect(t.months[1]?.x).toBeCloseTo(xOf(s, Date.parse('2027-04-01T07:00:00Z')))
    expect(t.major.map((m) => m.label)).toEqual(['Q2 2027']) // quarters start in April
  })

  it('has weekly minor ticks on Mondays at month zoom and daily ones at week zoom', () => {
    const s = makeScale(start, end, 'month')
    const t = computeTicks('2027-03-01', '2027-03-31', tz, s, 'month')
    expect(t.minor.map((m) => m.date)).toEqual(['2027-03-01', '2027-03-08', '2027-03-15', '2027-03-22', '2027-03-29'])
    const w = computeTicks('2027-03-01', '2027-03-07', tz, makeScale(start, end, 'week'), 'week')
    expect(w.minor).toHaveLength(7)
    expect(w.major.map((m) => m.date)).toEqual(['2027-03-01'])
  })
})

describe('rows', () => {
  const releases = [
    release('d1', 'DOH', [
      ['DEV', '2027-03-02T16:00:00Z', '2027-03-05T16:00:00Z'],
      ['PROD', '2027-03-09T16:00:00Z', '2027-03-10T16:00:00Z'],
    ]),
    release('d2', 'DOH', [['PROD', '2027-04-09T16:00:00Z', '2027-04-10T16:00:00Z']], { status: 'CANCELLED', dependsOn: ['l1'] }),
    release('l1', 'DOL', [['PROD', '2027-03-20T16:00:00Z', '2027-03-21T16:00:00Z']]),
  ]
  const { laneAgencies, rollup, byId } = fixture(releases, ['DOL', 'DOH', 'ECY'])
  const scale = makeScale(Date.parse('2027-03-01T08:00:00Z'), Date.parse('2027-05-01T07:00:00Z'), 'month')
  const base = { agencies: laneAgencies, rollup, byId, promotionPath: ['DEV', 'TEST', 'PROD'], scale, collapsed: new Set<string>() }

  it('lays out a header per agency (by code), then its releases, or an empty row', () => {
    const l = layoutRows({ ...base, filters: noFilters })
    expect(l.lanes.map((x) => x.agency.code)).toEqual(['DOH', 'DOL', 'ECY'])
    expect(l.rows.map((r) => (r.kind === 'release' ? r.release.id : r.kind))).toEqual(['lane', 'd1', 'd2', 'lane', 'l1', 'lane', 'empty'])
    expect(l.rows[1]?.top).toBe(LANE_HEADER_HEIGHT)
    expect(l.lanes[1]?.top).toBe(LANE_HEADER_HEIGHT + 2 * ROW_HEIGHT)
    expect(l.height).toBe(l.rows.reduce((s, r) => s + r.height, 0))
    expect(l.rowOf.get('l1')).toBe(4)
    const d1 = defined(l.rows[1])
    expect(d1.kind === 'release' && d1.bars.map((b) => [b.tier, b.tierIndex])).toEqual([
      ['DEV', 0],
      ['PROD', 2],
    ])
    expect(l.releaseCount).toBe(3)
    expect(l.windowCount).toBe(4)
  })

  it('filters by agency, status, tier and text; tier filtering also drops other bars', () => {
    expect(layoutRows({ ...base, filters: { ...noFilters, agencies: ['DOL'] } }).lanes.map((x) => x.agency.code)).toEqual(['DOL'])
    const planned = layoutRows({ ...base, filters: { ...noFilters, statuses: ['PLANNED'] } })
    expect([...planned.rowOf.keys()]).toEqual(['d1', 'l1'])
    const dev = layoutRows({ ...base, filters: { ...noFilters, tiers: ['DEV'] } })
    expect([...dev.rowOf.keys()]).toEqual(['d1'])
    const row = defined(dev.rows[defined(dev.rowOf.get('d1'))])
    expect(row.kind === 'release' && row.bars.map((b) => b.tier)).toEqual(['DEV'])
    expect(releaseMatches(defined(byId.get('l1')), { ...noFilters, q: 'dol rel' })).toBe(true)
    expect(releaseMatches(defined(byId.get('l1')), { ...noFilters, q: 'nothing' })).toBe(false)
  })

  it('collapses a lane to its header but keeps the count', () => {
    const l = layoutRows({ ...base, filters: noFilters, collapsed: new Set(['DOH']) })
    expect(l.rows.filter((r) => r.laneIndex === 0).map((r) => r.kind)).toEqual(['lane'])
    expect(l.lanes[0]?.releaseCount).toBe(2)
    expect(l.lanes[0]?.collapsed).toBe(true)
  })

  it('links a dependency to its dependent between last-tier windows, flagging order conflicts', () => {
    const l = layoutRows({ ...base, filters: noFilters })
    const links = dependencyLinks(l, base.promotionPath, rollup.conflicts, scale)
    expect(links).toHaveLength(1)
    const link = defined(links[0])
    expect(link).toMatchObject({ fromId: 'l1', toId: 'd2', fromRow: 4, toRow: 2, conflict: false })
    expect(link.x1).toBeCloseTo(xOf(scale, Date.parse('2027-03-21T16:00:00Z')))
    expect(link.x2).toBeCloseTo(xOf(scale, Date.parse('2027-04-09T16:00:00Z')))
    expect(visibleLinks(links, 0, 1)).toHaveLength(0)
    expect(visibleLinks(links, 3, 3)).toHaveLength(0) // only passes through the rendered rows
    expect(visibleLinks(links, 4, 6)).toHaveLength(1)
    // both ends rendered and close: a curve from one bar to the other
    expect(linkPath(link, 0, 6)).toMatch(new RegExp(`^M${link.x1.toFixed(1)},${link.y1.toFixed(1)} C.* ${link.x2.toFixed(1)},${link.y2.toFixed(1)}$`))
    // only the dependent rendered: a stub arriving at its bar
    expect(linkPath(link, 0, 3)).toMatch(new RegExp(` ${link.x2.toFixed(1)},${link.y2.toFixed(1)}$`))
    expect(linkPath(link, 0, 3)).not.toContain(`M${link.x1.toFixed(1)},`)
  })

  it('marks DEPENDENCY_ORDER conflicts from the rules on the link', () => {
    const rs = [
      release('a', 'DOH', [['PROD', '2027-03-09T16:00:00Z', '2027-03-10T16:00:00Z']], { dependsOn: ['b'] }),
      release('b', 'DOL', [['PROD', '2027-03-20T16:00:00Z', '2027-03-21T16:00:00Z']]),
    ]
    const f = fixture(rs, ['DOH', 'DOL'])
    expect(f.rollup.conflicts.map((c) => c.kind)).toEqual(['DEPENDENCY_ORDER'])
    const l = layoutRows({ ...base, agencies: f.laneAgencies, rollup: f.rollup, byId: f.byId, filters: noFilters })
    expect(dependencyLinks(l, base.promotionPath, f.rollup.conflicts, scale).map((x) => x.conflict)).toEqual([true])
  })

  it('lays out 2,000 releases in one pass', () => {
    const many: RoadmapRelease[] = []
    const codes = Array.from({ length: 40 }, (_, i) => `A${String(i).padStart(2, '0')}`)
    for (const code of codes)
      for (let i = 0; i < 50; i++) {
        const s = Date.parse('2027-01-04T16:00:00Z') + ((i * 7) % 300) * DAY_MS
        many.push(
          release(`${code}-${i}`, code, [
            ['DEV', new Date(s).toISOString(), new Date(s + 3 * DAY_MS).toISOString()],
            ['TEST', new Date(s + 3 * DAY_MS).toISOString(), new Date(s + 6 * DAY_MS).toISOString()],
            ['PROD', new Date(s + 7 * DAY_MS).toISOString(), new Date(s + 8 * DAY_MS).toISOString()],
          ]),
        )
      }
    const f = fixture(many, codes)
    const wide = makeScale(Date.parse('2027-01-01T08:00:00Z'), Date.parse('2028-01-01T08:00:00Z'), 'week')
    const l = layoutRows({ ...base, agencies: f.laneAgencies, rollup: f.rollup, byId: f.byId, filters: noFilters, scale: wide })
    expect(l.releaseCount).toBe(2000)
    expect(l.windowCount).toBe(6000)
    expect(l.rows).toHaveLength(2040)
  })
})

describe('nearRange (what is fetched first)', () => {
  it('is a month before to three months after today, inside the range', () => {
    expect(nearRange({ from: '2026-10-01', to: '2027-12-31' }, '2026-11-27')).toEqual({ from: '2026-10-01', to: '2027-02-28' })
    expect(nearRange({ from: '2026-01-01', to: '2027-12-31' }, '2026-11-27')).toEqual({ from: '2026-10-01', to: '2027-02-28' })
  })
  it('clamps today into the range', () => {
    expect(nearRange({ from: '2027-01-01', to: '2027-12-31' }, '2026-11-27')).toEqual({ from: '2027-01-01', to: '2027-04-30' })
  })
  it('is null when one query would fetch about as much', () => {
    expect(nearRange({ from: '2026-11-01', to: '2027-03-31' }, '2026-11-27')).toBeNull()
  })
})
