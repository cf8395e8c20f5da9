import { describe, expect, it } from 'vitest'
import { changeFieldLabel } from '../src/pages/approvals/changes-since-approval.tsx'
import { exportHref, paths } from '../src/pages/roadmap/export-links.tsx'

describe('export links', () => {
  it('carry the token and the non-empty parameters, encoded', () => {
    expect(exportHref(paths.roadmapCsv('SDP'), 'a.b.c', { from: '2027-01-01', to: null, q: '' })).toBe('/exports/SDP/roadmap.csv?token=a.b.c&from=2027-01-01')
    expect(exportHref(paths.calendar('WA DSP'), null)).toBe('/calendar/WA%20DSP.ics')
    expect(exportHref(paths.rmp('p1', 'html'), 't+/=')).toBe('/exports/plans/p1/rmp.html?token=t%2B%2F%3D')
    expect(paths.argocd('SDP')).toBe('/exports/SDP/argocd-sync-windows.yaml')
    expect(paths.gitlab('SDP')).toBe('/exports/SDP/gitlab-freeze-periods.json')
  })
})

describe('change labels in the approvals inbox', () => {
  it('name added/removed releases, tier windows and known fields', () => {
    expect(changeFieldLabel({ kind: 'ADDED', field: 'release' })).toBe('Release added')
    expect(changeFieldLabel({ kind: 'REMOVED', field: 'release' })).toBe('Release removed')
    expect(changeFieldLabel({ kind: 'CHANGED', field: 'schedule.PROD' })).toBe('PROD window')
    expect(changeFieldLabel({ kind: 'CHANGED', field: 'rollback.maxMinutes' })).toBe('Rollback time limit')
    expect(changeFieldLabel({ kind: 'CHANGED', field: 'somethingNew' })).toBe('somethingNew')
  })
})
