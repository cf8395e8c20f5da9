import { describe, expect, it } from 'vitest'
import { changeFieldLabel } from '../src/pages/approvals/changes-since-approval.tsx'
import { exportHref, filenameOf, paths } from '../src/components/export-button.tsx'

describe('export links', () => {
  it('carry the non-empty parameters, encoded, and never a token', () => {
    expect(exportHref(paths.roadmapCsv('SDP'), { from: '2027-01-01', to: null, q: '' })).toBe('/exports/SDP/roadmap.csv?from=2027-01-01')
    expect(exportHref(paths.calendar('WA DSP'))).toBe('/calendar/WA%20DSP.ics')
    expect(exportHref(paths.rmp('p1', 'html'))).toBe('/exports/plans/p1/rmp.html')
    expect(exportHref(paths.rmp('p1', 'pdf'))).toBe('/exports/plans/p1/rmp.pdf')
    expect(exportHref(paths.roadmapPdf('SDP'), { from: '2027-01-01', to: '2027-06-30', agency: 'DOH,DOL', status: '', tier: undefined })).toBe(
      '/exports/SDP/roadmap.pdf?from=2027-01-01&to=2027-06-30&agency=DOH%2CDOL',
    )
    expect(paths.argocd('SDP')).toBe('/exports/SDP/argocd-sync-windows.yaml')
    expect(paths.gitlab('SDP')).toBe('/exports/SDP/gitlab-freeze-periods.json')
  })

  it('save files under the name the server gives, else the last path segment', () => {
    expect(filenameOf('attachment; filename="SDP-roadmap.csv"', '/exports/SDP/roadmap.csv?from=x')).toBe('SDP-roadmap.csv')
    expect(filenameOf('inline; filename=plan.html', '/x')).toBe('plan.html')
    expect(filenameOf(null, '/exports/SDP/roadmap.csv?from=x')).toBe('roadmap.csv')
    expect(filenameOf('', '/calendar/WA%20DSP.ics')).toBe('WA DSP.ics')
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
