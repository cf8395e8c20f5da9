import { CronExpressionParser } from 'cron-parser'
import fc from 'fast-check'
import { DateTime, IANAZone } from 'luxon'
import { describe, expect, it } from 'vitest'
import { parseDocument, parse as parseYaml } from 'yaml'
import { freezeOccurrences } from '@railyard/release-rules'
import { type ArgoSyncWindow, argoDuration, argoProjectName, formatArgoSyncWindows } from '../../src/exports/argocd-sync-windows.export.ts'
import type { FreezeExportData, FreezeWindowData } from '../../src/exports/export-data.ts'
import { formatCron, ruleCron } from '../../src/exports/freeze-cron.ts'
import { type GitlabFreezePeriodsExport, buildGitlabFreezePeriods, formatGitlabFreezePeriods } from '../../src/exports/gitlab-freeze-periods.export.ts'
import {
  LA,
  everyOtherDayFreeze,
  freezeExport,
  laterWeeklyFreeze,
  migrationFreeze,
  monthEndFreeze,
  nightlyFreeze,
  patchTuesdayFreeze,
  saturdayNightFreeze,
  testOnlyFreeze,
  weekendFreeze,
  yearEndFreeze,
} from './fixtures.ts'

/**
 * Each export is read by an implementation other than the one that wrote it: cron-parser computes
 * when each cron fires (in its time zone), and the tools' documented activation rules decide what
 * is frozen —
 *   GitLab: a period is active while its last freeze_start fired after its last freeze_end;
 *   Argo CD: a deny window is active from each schedule fire for `duration` of absolute time.
 * That is compared with freezeOccurrences (release-rules) at sampled instants: every 15 minutes
 * over the 12 months (or up to the export's stated validUntil), and every minute around both
 * daylight-saving changes. Nothing may be open during a freeze; at most an hour a year may be
 * frozen outside one.
 */

const NOW = '2026-08-15T12:00:00Z'
const MINUTE = 60_000
const HOUR = 60 * MINUTE
const DAY = 24 * HOUR

/** Fires of a cron in [from, to), by cron-parser. */
function fires(expr: string, tz: string, from: number, to: number): number[] {
  const it = CronExpressionParser.parse(expr, { currentDate: new Date(from - 1), tz })
  const out: number[] = []
  for (let t = it.next().getTime(); t < to; t = it.next().getTime()) out.push(t)
  return out
}

/** The last value ≤ t of an ascending list, or null. */
function lastAtOrBefore(list: number[], t: number): number | null {
  let lo = 0
  let hi = list.length - 1
  let found: number | null = null
  while (lo <= hi) {
    const mid = (lo + hi) >> 1
    const v = list[mid] ?? Number.POSITIVE_INFINITY
    if (v <= t) {
      found = v
      lo = mid + 1
    } else hi = mid - 1
  }
  return found
}

type Frozen = (t: number) => boolean

/** GitLab's rule, over cron-parser's fires (a fire at exactly t has fired by t). */
function gitlabFrozen(out: GitlabFreezePeriodsExport, from: number, to: number): Frozen {
  const periods = out.freezePeriods.map((p) => ({
    starts: fires(p.freeze_start, p.cron_timezone, from - 5 * 366 * DAY, to),
    ends: fires(p.freeze_end, p.cron_timezone, from - 5 * 366 * DAY, to),
  }))
  return (t) =>
    periods.some((p) => {
      const start = lastAtOrBefore(p.starts, t)
      const end = lastAtOrBefore(p.ends, t)
      return start !== null && (end === null || start > end)
    })
}

/** Go's time.ParseDuration for the h/m forms the export writes. */
function goDuration(text: string): number {
  const m = /^(?:(\d+)h)?(?:(\d+)m)?$/.exec(text)
  if (!m || (!m[1] && !m[2])) throw new Error(`unexpected duration ${text}`)
  return Number(m[1] ?? 0) * HOUR + Number(m[2] ?? 0) * MINUTE
}

interface AppProject {
  apiVersion: string
  kind: string
  metadata: { name: string; annotations: Record<string, string> }
  spec: { syncWindows: ArgoSyncWindow[] }
}

/** Argo CD's rule, over cron-parser's fires. */
function argoFrozen(doc: AppProject, from: number, to: number): Frozen {
  const windows = doc.spec.syncWindows.map((w) => {
    expect(w.kind).toBe('deny')
    const d = goDuration(w.duration)
    return { d, starts: fires(w.schedule, w.timeZone, from - d - DAY, to) }
  })
  return (t) =>
    windows.some((w) => {
      const f = lastAtOrBefore(w.starts, t)
      return f !== null && t < f + w.d
    })
}

function truthFrozen(windows: FreezeWindowData[], tier: string, from: number, to: number): Frozen {
  const spans = freezeOccurrences(windows, new Date(from).toISOString(), new Date(to).toISOString(), tier).map((o) => ({
    start: Date.parse(o.start),
    end: Date.parse(o.end),
  }))
  return (t) => spans.some((s) => s.start <= t && t < s.end)
}

/** Instants of daylight-saving changes of a zone in [from, to). */
function transitions(zone: string, from: number, to: number): number[] {
  const tz = IANAZone.create(zone)
  const out: number[] = []
  for (let t = from; t < to; t += HOUR) if (tz.offset(t) !== tz.offset(t + HOUR)) out.push(t + HOUR)
  return out
}

interface Comparison {
  samples: number
  gaps: string[]
  overMinutes: number
}

/** Compares an export with the truth: every 15 minutes over [from, to), every minute within two days of each daylight-saving change. */
function compare(exported: Frozen, truth: Frozen, from: number, to: number, zones: string[]): Comparison {
  const r: Comparison = { samples: 0, gaps: [], overMinutes: 0 }
  const check = (t: number, stepMinutes: number) => {
    r.samples++
    const e = exported(t)
    const f = truth(t)
    if (f && !e && r.gaps.length < 5) r.gaps.push(new Date(t).toISOString())
    if (e && !f) r.overMinutes += stepMinutes
  }
  for (let t = from; t < to; t += 15 * MINUTE) check(t, 0)
  const dense = new Set<number>()
  for (const z of zones)
    for (const x of transitions(z, from, to)) for (let t = Math.max(from, x - 2 * DAY); t < Math.min(to, x + 2 * DAY); t += MINUTE) dense.add(t)
  for (const t of dense) check(t, 1)
  // the 15-minute samples count for the over-freeze only outside the densely sampled days
  for (let t = from; t < to; t += 15 * MINUTE) if (!dense.has(t) && exported(t) && !truth(t)) r.overMinutes += 15
  return r
}

const ALL = [
  weekendFreeze,
  yearEndFreeze,
  testOnlyFreeze,
  patchTuesdayFreeze,
  nightlyFreeze,
  monthEndFreeze,
  laterWeeklyFreeze,
  saturdayNightFreeze,
  migrationFreeze,
]

const gitlab = (data: FreezeExportData, now = NOW, tier?: string) =>
  JSON.parse(formatGitlabFreezePeriods(data, { now, tier }).body) as GitlabFreezePeriodsExport
const argo = (data: FreezeExportData, now = NOW, tier?: string) => parseYaml(formatArgoSyncWindows(data, { now, tier }).body) as AppProject

describe.each([
  ['a summer day', NOW],
  ['inside the year-end freeze, on a weekend', '2026-12-20T20:00:00Z'],
  ['before daylight time starts', '2027-03-01T18:07:30Z'],
])('freeze exports read by their tools over 12 months, now = %s', (_label, now) => {
  const data = freezeExport(ALL)
  const from = Math.floor(Date.parse(now) / MINUTE) * MINUTE
  const to = DateTime.fromMillis(from, { zone: 'utc' }).plus({ months: 12 }).toMillis()
  const truth = truthFrozen(ALL, 'PROD', from, to)
  const zones = [LA, 'Europe/Berlin']

  it('GitLab freeze periods: never open during a freeze, never frozen outside one, for the whole 12 months', () => {
    const out = gitlab(data, now)
    expect(out.validUntil).toBe(new Date(to).toISOString())
    expect(out.unsupported).toEqual([])
    const r = compare(gitlabFrozen(out, from, to), truth, from, to, zones)
    expect(r.samples).toBeGreaterThan(40_000)
    expect(r.gaps).toEqual([])
    expect(r.overMinutes).toBe(0)
  })

  it('Argo CD sync windows: never open during a freeze, never frozen outside one, for the whole 12 months', () => {
    const doc = argo(data, now)
    expect(doc.metadata.annotations['railyard.io/valid-until']).toBe(new Date(to).toISOString())
    const r = compare(argoFrozen(doc, from, to), truth, from, to, zones)
    expect(r.gaps).toEqual([])
    expect(r.overMinutes).toBe(0)
  })
})

describe('what a cron cannot say', () => {
  const from = Date.parse(NOW)
  const to = DateTime.fromMillis(from, { zone: 'utc' }).plus({ months: 12 }).toMillis()

  it('the weekly Friday 17:00 → Monday 08:00 freeze is one GitLab period; for Argo CD a 62h window plus a 2h one before Monday 08:00', () => {
    expect(gitlab(freezeExport([weekendFreeze])).freezePeriods).toEqual([{ freeze_start: '0 17 * * 5', freeze_end: '0 8 * * 1', cron_timezone: LA }])
    expect(argo(freezeExport([weekendFreeze])).spec.syncWindows).toEqual([
      { kind: 'deny', schedule: '0 17 * * 5', duration: '62h', applications: ['*'], timeZone: LA, manualSync: true },
      { kind: 'deny', schedule: '0 6 * * 1', duration: '2h', applications: ['*'], timeZone: LA, manualSync: true },
    ])
  })

  it('in both daylight-saving weeks Argo CD frees the tier at 08:00 local, not an hour off', () => {
    const frozen = argoFrozen(argo(freezeExport([weekendFreeze])), from, to)
    // DST ends Sun 2026-11-01: Monday 08:00 PST = 16:00Z; DST starts Sun 2027-03-14: Monday 08:00 PDT = 15:00Z
    for (const end of ['2026-11-02T16:00:00Z', '2027-03-15T15:00:00Z']) {
      expect(frozen(Date.parse(end) - MINUTE)).toBe(true)
      expect(frozen(Date.parse(end))).toBe(false)
    }
  })

  it('a one-off window is one dated period, not repeated a year later, and not exported once it has ended', () => {
    const out = gitlab(freezeExport([yearEndFreeze]))
    expect(out.freezePeriods).toEqual([{ freeze_start: '0 0 18 12 *', freeze_end: '0 8 4 1 *', cron_timezone: LA }])
    expect(out.windows[0]).toMatchObject({ id: 'fw-year-end', form: 'dated', entries: 1 })
    // read a year on, the cron would fire again on 18 December 2027: the export says it holds until 15 August 2027
    expect(out.validUntil).toBe('2027-08-15T12:00:00.000Z')
    expect(gitlab(freezeExport([yearEndFreeze]), '2027-02-01T00:00:00Z').freezePeriods).toEqual([])
    // in progress when exported: it starts "now" (in UTC, so that a year on is exactly the end of the 12 months)
    const inside = gitlab(freezeExport([yearEndFreeze]), '2026-12-20T20:00:00Z')
    expect(inside.freezePeriods).toEqual([{ freeze_start: '0 20 20 12 *', freeze_end: '0 16 4 1 *', cron_timezone: 'UTC' }])
  })

  it('a window that starts months later does not freeze from the moment it is imported', () => {
    const data = freezeExport([laterWeeklyFreeze])
    for (const frozen of [gitlabFrozen(gitlab(data), from, to), argoFrozen(argo(data), from, to)]) {
      expect(frozen(from)).toBe(false)
      expect(frozen(Date.parse('2027-01-27T17:30:00Z'))).toBe(false) // the Wednesday before the first one
      expect(frozen(Date.parse('2027-02-03T17:30:00Z'))).toBe(true) // the first one
      expect(frozen(Date.parse('2027-06-02T16:30:00Z'))).toBe(true) // Wed 09:30 PDT
    }
    const out = gitlab(data)
    expect(out.windows[0]?.form).toBe('cron+dated')
    expect(out.windows[0]?.notes.join(' ')).toMatch(/starts on Wed 2027-02-03 09:00 PST: the rule's schedule is limited to Mar, Apr, May, Jun, Jul/)
    expect(out.freezePeriods[0]).toEqual({ freeze_start: '0 9 * 3,4,5,6,7 3', freeze_end: '0 11 * * 3', cron_timezone: LA })
  })

  it('what no entry can say within 12 months is listed as unsupported, with the date until which the export is valid — in the response and in the file', () => {
    const data = freezeExport([weekendFreeze, everyOtherDayFreeze])
    const gl = formatGitlabFreezePeriods(data, { now: NOW })
    const out = JSON.parse(gl.body) as GitlabFreezePeriodsExport
    expect(gl.unsupported).toBe(1)
    expect(out.validUntil).toBe(gl.validUntil)
    expect(Date.parse(out.validUntil)).toBeLessThan(to)
    expect(out.unsupported).toEqual([
      { id: 'fw-every-other-day', name: 'Alternate-day batch', reason: expect.stringMatching(/open during this freeze/), validUntil: out.validUntil },
    ])
    expect(out.note).toContain(`until ${out.validUntil} (not the whole 12 months: see unsupported)`)
    expect(out.windows.find((w) => w.id === 'fw-every-other-day')?.notes.join(' ')).toMatch(/INTERVAL=2: cron cannot say "every 2 days"/)

    const validUntil = Date.parse(out.validUntil)
    const truth = truthFrozen([weekendFreeze, everyOtherDayFreeze], 'PROD', from, to)
    const frozen = gitlabFrozen(out, from, to)
    // exact until then …
    expect(compare(frozen, truth, from, validUntil, [LA])).toMatchObject({ gaps: [], overMinutes: 0 })
    // … and wrong right after: the claim is tight
    expect(truth(validUntil)).toBe(true)
    expect(frozen(validUntil)).toBe(false)

    const yaml = formatArgoSyncWindows(data, { now: NOW })
    expect(yaml.unsupported).toBe(1)
    const doc = parseDocument(yaml.body)
    expect(doc.errors).toEqual([])
    expect(doc.commentBefore).toContain(`Valid until ${yaml.validUntil}`)
    expect(doc.commentBefore).toMatch(/Unsupported \(not right for the whole 12 months\):\n - Alternate-day batch \(fw-every-other-day\): .*; valid until /)
    expect((doc.toJS() as AppProject).metadata.annotations['railyard.io/valid-until']).toBe(yaml.validUntil)
    expect(compare(argoFrozen(doc.toJS() as AppProject, from, Date.parse(yaml.validUntil)), truth, from, Date.parse(yaml.validUntil), [LA])).toMatchObject({
      gaps: [],
      overMinutes: 0,
    })
  })

  it('a monthly freeze of three days from the 30th ends on the 2nd or the 3rd: the rule cron fails the simulation, dated entries are exact', () => {
    const w: FreezeWindowData = {
      ...monthEndFreeze,
      id: 'fw-month-end',
      start: '2026-09-30T07:00:00Z',
      end: '2026-10-03T07:00:00Z',
      recurrence: 'FREQ=MONTHLY',
    }
    const data = freezeExport([w])
    const truth = truthFrozen([w], 'PROD', from, to)
    const gl = gitlab(data)
    // a cron pair would be 0 0 30 * * / 0 0 3 * *, but 30 October + 3 days is 2 November
    expect(gl.windows[0]).toMatchObject({ form: 'dated', entries: 10 })
    expect(gl.freezePeriods[1]).toEqual({ freeze_start: '0 0 30 10 *', freeze_end: '0 0 2 11 *', cron_timezone: LA })
    expect(compare(gitlabFrozen(gl, from, to), truth, from, to, [LA])).toMatchObject({ gaps: [], overMinutes: 0 })
    expect(compare(argoFrozen(argo(data), from, to), truth, from, to, [LA])).toMatchObject({ gaps: [], overMinutes: 0 })
  })

  it('a freeze whose daylight-saving nights are 7 and 9 hours long (Saturday 22:00 → Sunday 06:00) stays exact for Argo CD', () => {
    const doc = argo(freezeExport([saturdayNightFreeze]))
    const truth = truthFrozen([saturdayNightFreeze], 'PROD', from, to)
    expect(compare(argoFrozen(doc, from, to), truth, from, to, [LA])).toMatchObject({ gaps: [], overMinutes: 0 })
    // 2027-03-14: Sunday 06:00 PDT = 13:00Z (7 hours after Saturday 22:00 PST)
    const frozen = argoFrozen(doc, from, to)
    expect(frozen(Date.parse('2027-03-14T12:59:00Z'))).toBe(true)
    expect(frozen(Date.parse('2027-03-14T13:00:00Z'))).toBe(false)
  })
})

describe('GitLab and Argo CD exports: shape', () => {
  const data = freezeExport([weekendFreeze, yearEndFreeze, testOnlyFreeze, patchTuesdayFreeze, nightlyFreeze])

  it('GitLab: API payloads plus what they hold and until when', () => {
    const out = buildGitlabFreezePeriods(data, { now: NOW })
    expect(Object.keys(out)).toEqual(['note', 'tier', 'validFrom', 'validUntil', 'freezePeriods', 'windows', 'unsupported'])
    expect(out).toMatchObject({ tier: 'PROD', validFrom: '2026-08-15T12:00:00.000Z', validUntil: '2027-08-15T12:00:00.000Z', unsupported: [] })
    for (const p of out.freezePeriods) expect(Object.keys(p)).toEqual(['freeze_start', 'freeze_end', 'cron_timezone'])
    expect(out.freezePeriods.slice(0, 2)).toEqual([
      { freeze_start: '0 17 * * 5', freeze_end: '0 8 * * 1', cron_timezone: LA },
      { freeze_start: '0 0 18 12 *', freeze_end: '0 8 4 1 *', cron_timezone: LA },
    ])
    // the test-only window is not production's; Patch Tuesday (every tier, second Tuesday) is dated
    expect(out.windows.map((w) => [w.id, w.form])).toEqual([
      ['fw-weekend', 'cron'],
      ['fw-year-end', 'dated'],
      ['fw-patch-tuesday', 'dated'],
      ['fw-nightly', 'cron+dated'],
    ])
    expect(out.windows[2]?.notes[0]).toMatch(/BYDAY=2TU: nth-weekday rules/)
  })

  it('takes another tier on request', () => {
    const out = buildGitlabFreezePeriods(data, { now: NOW, tier: 'TEST' })
    expect(out.tier).toBe('TEST')
    expect(out.windows.map((w) => w.id)).toEqual(['fw-year-end', 'fw-test-only', 'fw-patch-tuesday', 'fw-nightly'])
    expect(out.freezePeriods).toContainEqual({ freeze_start: '0 9 * * 3', freeze_end: '0 13 * * 3', cron_timezone: LA })
  })

  it('is empty, and valid for 12 months, for a program without a strategy', () => {
    const out = buildGitlabFreezePeriods({ key: 'X', name: 'X', strategy: null }, { now: NOW })
    expect(out).toMatchObject({ freezePeriods: [], unsupported: [], windows: [], validUntil: '2027-08-15T12:00:00.000Z' })
  })

  it('Argo CD: an AppProject named after the program key, windows named in comments, validity in the header and annotations', () => {
    const text = formatArgoSyncWindows(freezeExport([weekendFreeze, testOnlyFreeze, monthEndFreeze, patchTuesdayFreeze]), { now: NOW }).body
    const parsed = parseDocument(text)
    expect(parsed.errors).toEqual([])
    const doc = parsed.toJS() as AppProject
    expect(doc.apiVersion).toBe('argoproj.io/v1alpha1')
    expect(doc.kind).toBe('AppProject')
    expect(doc.metadata).toEqual({
      name: 'wa-dsp',
      annotations: { 'railyard.io/valid-from': '2026-08-15T12:00:00.000Z', 'railyard.io/valid-until': '2027-08-15T12:00:00.000Z' },
    })
    expect(text).toContain('# Weekend production freeze — No production changes outside staffed hours\n')
    expect(text).toContain('(end-anchored part: keeps the end exact across daylight-saving changes)')
    expect(text).toMatch(/# Patch Tuesday — Operating system patching \(occurrence Tue 2026-09-08 09:00 PDT – Tue 2026-09-08 13:00 PDT; dated\)/)
    expect(parsed.commentBefore).toContain('Valid until 2027-08-15T12:00:00.000Z')
    expect(parsed.commentBefore).toContain('Patch Tuesday (fw-patch-tuesday): The rule cannot be written as cron: BYDAY=2TU')
    expect(doc.spec.syncWindows.every((w) => w.manualSync && w.applications[0] === '*')).toBe(true)
  })

  it('writes durations in whole hours or minutes and safe project names', () => {
    expect(argoDuration(120)).toBe('2h')
    expect(argoDuration(90)).toBe('90m')
    expect(argoProjectName('WA-DSP')).toBe('wa-dsp')
    expect(argoProjectName('Health & Human_Services')).toBe('health-human-services')
  })

  it('has an empty list when nothing applies', () => {
    expect(argo(freezeExport([testOnlyFreeze])).spec.syncWindows).toEqual([])
  })
})

describe('rule crons', () => {
  const rc = (w: FreezeWindowData) => {
    const r = ruleCron(w)
    return r.ok ? { start: formatCron(r.start), end: formatCron(r.end), minutes: r.wallMinutes } : { reason: r.reason }
  }

  it('derives start and end schedules from the rule, in the window time zone', () => {
    expect(rc(weekendFreeze)).toEqual({ start: '0 17 * * 5', end: '0 8 * * 1', minutes: 63 * 60 })
    expect(rc(nightlyFreeze)).toEqual({ start: '0 22 * * 1,2,3,4,5', end: '0 6 * * 2,3,4,5,6', minutes: 480 })
    expect(rc(monthEndFreeze)).toEqual({ start: '0 0 1 * *', end: '30 1 1 * *', minutes: 90 })
    expect(rc({ ...yearEndFreeze, recurrence: 'FREQ=YEARLY' })).toEqual({ start: '0 0 18 12 *', end: '0 8 4 1 *', minutes: 17 * 24 * 60 + 8 * 60 })
  })

  it.each([
    [patchTuesdayFreeze, /nth-weekday/],
    [{ ...weekendFreeze, recurrence: 'FREQ=WEEKLY;INTERVAL=2' }, /every 2 weeks/],
    [{ ...weekendFreeze, recurrence: 'FREQ=HOURLY' }, /more often than daily/],
    [{ ...weekendFreeze, recurrence: 'FREQ=MONTHLY;BYSETPOS=1;BYDAY=MO,TU' }, /BYSETPOS/],
    [{ ...monthEndFreeze, start: '2026-09-29T07:00:00Z', end: '2026-10-03T07:00:00Z', recurrence: 'FREQ=MONTHLY;BYMONTHDAY=29,30' }, /month end/],
    [{ ...weekendFreeze, recurrence: 'FREQ=WEEKLY;BYHOUR=9' }, /BYHOUR/],
    [{ ...weekendFreeze, recurrence: 'FREQ=SOMETIMES' }, /invalid recurrence/],
    [yearEndFreeze, /single window/],
  ])('has none for %o', (w, reason) => {
    expect(rc(w)).toEqual({ reason: expect.stringMatching(reason) })
  })
})

describe('generated windows (property): up to the stated validUntil, never open during a freeze, at most an hour a year frozen outside one', () => {
  const zones = [LA, 'Europe/Berlin', 'Australia/Sydney', 'America/New_York']
  const rules = [
    null,
    'FREQ=WEEKLY',
    'FREQ=DAILY',
    'FREQ=DAILY;BYDAY=MO,TU,WE,TH,FR',
    'FREQ=MONTHLY',
    'FREQ=WEEKLY;COUNT=12',
    'FREQ=MONTHLY;BYDAY=1MO',
    'FREQ=YEARLY',
  ]
  const arb = fc.record({
    zone: fc.constantFrom(...zones),
    rule: fc.constantFrom(...rules),
    startDay: fc.integer({ min: -400, max: 300 }),
    startMinute: fc.integer({ min: 0, max: 24 * 4 - 1 }).map((q) => q * 15),
    lengthMinutes: fc.oneof(
      fc.integer({ min: 1, max: 16 }).map((q) => q * 30),
      fc.integer({ min: 1, max: 4 * 24 }).map((h) => h * 60),
    ),
    nowDay: fc.integer({ min: 0, max: 365 }),
    target: fc.constantFrom('gitlab' as const, 'argocd' as const),
  })

  it('holds for both exports', () => {
    let checked = 0
    fc.assert(
      fc.property(arb, (c) => {
        const now = Date.parse('2026-06-01T00:00:00Z') + c.nowDay * DAY + 7 * MINUTE
        const first = DateTime.fromMillis(now, { zone: c.zone }).startOf('day').plus({ days: c.startDay, minutes: c.startMinute })
        const end = first.plus({ minutes: c.lengthMinutes })
        // a daily freeze shorter than a day, a weekly one shorter than a week (occurrences must not overlap)
        if (c.rule?.startsWith('FREQ=DAILY') && c.lengthMinutes >= 24 * 60) return
        const w: FreezeWindowData = {
          id: 'fw-generated',
          name: 'Generated',
          reason: null,
          start: first.toUTC().toISO() ?? '',
          end: end.toUTC().toISO() ?? '',
          timeZone: c.zone,
          recurrence: c.rule,
          tiers: [],
        }
        const data = freezeExport([w])
        const iso = new Date(now).toISOString()
        const from = Math.floor(now / MINUTE) * MINUTE
        const horizon = DateTime.fromMillis(from, { zone: 'utc' }).plus({ months: 12 }).toMillis()
        let frozen: Frozen
        let validUntil: number
        if (c.target === 'gitlab') {
          const out = gitlab(data, iso)
          validUntil = Date.parse(out.validUntil)
          frozen = gitlabFrozen(out, from, horizon)
        } else {
          const doc = argo(data, iso)
          validUntil = Date.parse(doc.metadata.annotations['railyard.io/valid-until'] ?? '')
          frozen = argoFrozen(doc, from, horizon)
        }
        expect(validUntil).toBeGreaterThan(from)
        expect(validUntil).toBeLessThanOrEqual(horizon)
        const r = compare(frozen, truthFrozen([w], 'PROD', from, horizon), from, validUntil, [c.zone])
        expect(r.gaps).toEqual([])
        expect(r.overMinutes).toBeLessThanOrEqual(60)
        checked++
      }),
      { numRuns: 24, seed: 20261215 },
    )
    expect(checked).toBeGreaterThan(12)
  }, 300_000)
})
