import { describe, expect, it } from 'vitest'
import { parse as parseYaml, parseDocument } from 'yaml'
import { argoDuration, argoProjectName, formatArgoSyncWindows } from '../../src/exports/argocd-sync-windows.export.ts'
import { freezeWindowCron } from '../../src/exports/freeze-cron.ts'
import { buildGitlabFreezePeriods, formatGitlabFreezePeriods } from '../../src/exports/gitlab-freeze-periods.export.ts'
import { LA, freezeExport, monthEndFreeze, nightlyFreeze, patchTuesdayFreeze, testOnlyFreeze, weekendFreeze, yearEndFreeze } from './fixtures.ts'

const NOW = '2026-08-15T12:00:00Z'
const cron = (w: Parameters<typeof freezeWindowCron>[0], now = NOW) => freezeWindowCron(w, { now })

describe('freeze windows as cron', () => {
  it('a weekly Friday 17:00 → Monday 08:00 freeze', () => {
    expect(cron(weekendFreeze)).toMatchObject({ ok: true, startCron: '0 17 * * 5', endCron: '0 8 * * 1', timeZone: LA, durationMinutes: 63 * 60 })
  })

  it('a single window is pinned to its minute, hour, day and month', () => {
    expect(cron(yearEndFreeze)).toMatchObject({ ok: true, recurring: false, startCron: '0 0 18 12 *', endCron: '0 8 4 1 *' })
  })

  it('a single window that has ended is not exported (a cron would repeat it next year)', () => {
    const r = cron(yearEndFreeze, '2027-02-01T00:00:00Z')
    expect(r.ok).toBe(false)
    expect(!r.ok && r.reason).toMatch(/ended on 2027-01-04/)
  })

  it('a daily rule on weekdays crossing midnight shifts the end days', () => {
    expect(cron(nightlyFreeze)).toMatchObject({
      ok: true,
      startCron: '0 22 * * 1,2,3,4,5',
      endCron: '0 6 * * 2,3,4,5,6',
      timeZone: 'Europe/Berlin',
      durationMinutes: 480,
    })
  })

  it('a weekly freeze at a local time that a daylight-saving change skips once a year', () => {
    // Sunday 02:30 does not exist on 2027-03-14 in Los Angeles; cron and the rule both move it to 03:30
    const w = { ...weekendFreeze, start: '2026-11-08T10:30:00Z', end: '2026-11-08T12:30:00Z' }
    expect(cron(w)).toMatchObject({ ok: true, startCron: '30 2 * * 0', endCron: '30 4 * * 0', durationMinutes: 120 })
  })

  it('a monthly rule on a day of the month', () => {
    expect(cron(monthEndFreeze)).toMatchObject({ ok: true, startCron: '0 0 1 * *', endCron: '30 1 1 * *', durationMinutes: 90 })
  })

  it('a yearly rule on a fixed date', () => {
    const w = { ...yearEndFreeze, recurrence: 'FREQ=YEARLY' }
    expect(cron(w)).toMatchObject({ ok: true, recurring: true, startCron: '0 0 18 12 *', endCron: '0 8 4 1 *' })
  })

  it.each([
    [patchTuesdayFreeze, /nth-weekday/],
    [{ ...weekendFreeze, recurrence: 'FREQ=WEEKLY;COUNT=10' }, /COUNT\/UNTIL/],
    [{ ...weekendFreeze, recurrence: 'FREQ=WEEKLY;INTERVAL=2' }, /every 2 weeks/],
    [{ ...weekendFreeze, recurrence: 'FREQ=HOURLY' }, /more often than daily/],
    [{ ...weekendFreeze, recurrence: 'FREQ=MONTHLY;BYSETPOS=1;BYDAY=MO,TU' }, /BYSETPOS/],
    // 30 h every day: occurrences overlap
    [{ ...nightlyFreeze, recurrence: 'FREQ=DAILY', end: '2026-09-09T02:00:00Z' }, /overlap/],
    // the 30th + 3 days ends on the 2nd or the 3rd depending on the month
    [{ ...monthEndFreeze, start: '2026-09-30T07:00:00Z', end: '2026-10-03T07:00:00Z', recurrence: 'FREQ=MONTHLY' }, /end/],
    [{ ...weekendFreeze, recurrence: 'FREQ=WEEKLY;BYHOUR=9' }, /BYHOUR/],
    [{ ...weekendFreeze, recurrence: 'FREQ=SOMETIMES' }, /invalid recurrence/],
  ])('unsupported: %o', (w, reason) => {
    const r = cron(w)
    expect(r.ok).toBe(false)
    expect(!r.ok && r.reason).toMatch(reason)
  })
})

describe('GitLab freeze periods', () => {
  const data = freezeExport([weekendFreeze, yearEndFreeze, testOnlyFreeze, patchTuesdayFreeze, nightlyFreeze])

  it('exports the windows of the production tier (and of every tier) as API payloads', () => {
    const out = JSON.parse(formatGitlabFreezePeriods(data, { now: NOW }))
    expect(Object.keys(out).sort()).toEqual(['freezePeriods', 'unsupported'])
    expect(out.freezePeriods).toEqual([
      { freeze_start: '0 17 * * 5', freeze_end: '0 8 * * 1', cron_timezone: LA },
      { freeze_start: '0 0 18 12 *', freeze_end: '0 8 4 1 *', cron_timezone: LA },
      { freeze_start: '0 22 * * 1,2,3,4,5', freeze_end: '0 6 * * 2,3,4,5,6', cron_timezone: 'Europe/Berlin' },
    ])
    expect(out.unsupported).toEqual([{ id: 'fw-patch-tuesday', name: 'Patch Tuesday', reason: expect.stringMatching(/nth-weekday/) }])
  })

  it('takes another tier on request', () => {
    const out = buildGitlabFreezePeriods(data, { now: NOW, tier: 'TEST' })
    expect(out.freezePeriods.map((p) => p.freeze_start)).toEqual(['0 0 18 12 *', '0 9 * * 3', '0 22 * * 1,2,3,4,5'])
  })

  it('is empty for a program without a strategy', () => {
    expect(buildGitlabFreezePeriods({ key: 'X', name: 'X', strategy: null }, { now: NOW })).toEqual({ freezePeriods: [], unsupported: [] })
  })
})

describe('Argo CD sync windows', () => {
  const data = freezeExport([weekendFreeze, testOnlyFreeze, monthEndFreeze, patchTuesdayFreeze])
  const text = formatArgoSyncWindows(data, { now: NOW })
  const doc = parseYaml(text)

  it('is an AppProject named after the program key, one deny window per production freeze', () => {
    expect(doc.apiVersion).toBe('argoproj.io/v1alpha1')
    expect(doc.kind).toBe('AppProject')
    expect(doc.metadata).toEqual({ name: 'wa-dsp' })
    expect(doc.spec.syncWindows).toEqual([
      { kind: 'deny', schedule: '0 17 * * 5', duration: '63h', applications: ['*'], timeZone: LA, manualSync: true },
      { kind: 'deny', schedule: '0 0 1 * *', duration: '90m', applications: ['*'], timeZone: LA, manualSync: true },
    ])
  })

  it('names each window and what was skipped in comments', () => {
    const parsed = parseDocument(text)
    expect(parsed.errors).toEqual([])
    expect(parsed.commentBefore).toContain('Patch Tuesday (fw-patch-tuesday): BYDAY=2TU')
    expect(text).toContain('# Weekend production freeze — No production changes outside staffed hours')
  })

  it('writes durations in whole hours or minutes and safe project names', () => {
    expect(argoDuration(120)).toBe('2h')
    expect(argoDuration(90)).toBe('90m')
    expect(argoProjectName('WA-DSP')).toBe('wa-dsp')
    expect(argoProjectName('Health & Human_Services')).toBe('health-human-services')
  })

  it('has an empty list when nothing applies', () => {
    expect(parseYaml(formatArgoSyncWindows(freezeExport([testOnlyFreeze]), { now: NOW })).spec.syncWindows).toEqual([])
  })
})
