import { describe, expect, it } from 'vitest'
import type { ReleaseEditorFieldsFragment, StrategyFieldsFragment } from '../src/gql/graphql.ts'
import { checkDraft, draftFromRelease, draftToInput, emptyDraft, sectionOf } from '../src/pages/plans/release-draft.ts'
import { compareStrategies, draftFromStrategy, draftToStrategyInput, strategyLines } from '../src/pages/program/strategy-model.ts'

const escalation = [{ level: 1, title: 'RM', contact: 'rm@example.gov', responseMinutes: 30 }]

const release: ReleaseEditorFieldsFragment = {
  id: 'r1',
  name: 'Portal',
  version: '2.4.0',
  type: 'MINOR',
  summary: null,
  status: 'PLANNED',
  currentTier: null,
  revision: 3,
  cycle: { id: 'SDP:2027-03-09', name: 'Release 2027-03-09', releaseDate: '2027-03-09' },
  scope: [{ key: 'DOH-1', title: 'Login', kind: 'FEATURE' }],
  artifacts: [{ name: 'web', version: '2.4.0', digest: 'sha256:ab', uri: null }],
  schedule: [
    { tier: 'DEV', start: '2027-03-01T16:00:00Z', end: '2027-03-02T16:00:00Z', environment: { id: 'e1', key: 'doh-dev', name: 'DOH DEV' } },
    { tier: 'PROD', start: '2027-03-09T17:00:00Z', end: '2027-03-09T19:00:00Z', environment: null },
  ],
  steps: [
    { order: 2, title: 'Smoke', owner: 'qa', durationMinutes: 10, tier: 'PROD' },
    { order: 1, title: 'Deploy', owner: 'ops', durationMinutes: 30, tier: null },
  ],
  validations: [{ tier: 'PROD', description: 'Smoke test', owner: 'qa' }],
  roles: [{ responsibility: 'RELEASE_MANAGER', person: 'Hana', contact: null }],
  requirements: [{ key: 'postgres', expected: '>=16 <17' }],
  dependencies: [
    { release: { id: 'r9', name: 'SSO', version: '3.0.0', agency: { code: 'DOT' } }, sharedComponent: null, versionRange: null, note: 'login' },
    { release: null, sharedComponent: { id: 'c1', key: 'sso', name: 'SSO' }, versionRange: '>=3', note: null },
  ],
  rollback: { strategy: 'FEATURE_FLAG', triggers: ['errors'], steps: ['flip'], maxMinutes: 5, rehearsedAt: null },
  escalation,
}

describe('release drafts', () => {
  it('turn a release into a ReleaseInput: nulls for blanks, ids for references, steps in order', () => {
    const input = draftToInput(draftFromRelease(release, escalation))
    expect(input).toEqual({
      name: 'Portal',
      version: '2.4.0',
      type: 'MINOR',
      summary: null,
      cycleId: 'SDP:2027-03-09',
      scope: [{ key: 'DOH-1', title: 'Login', kind: 'FEATURE' }],
      artifacts: [{ name: 'web', version: '2.4.0', digest: 'sha256:ab', uri: null }],
      schedule: [
        { tier: 'DEV', environmentId: 'e1', start: '2027-03-01T16:00:00Z', end: '2027-03-02T16:00:00Z' },
        { tier: 'PROD', environmentId: null, start: '2027-03-09T17:00:00Z', end: '2027-03-09T19:00:00Z' },
      ],
      steps: [
        { title: 'Deploy', owner: 'ops', durationMinutes: 30, tier: null },
        { title: 'Smoke', owner: 'qa', durationMinutes: 10, tier: 'PROD' },
      ],
      validations: [{ tier: 'PROD', description: 'Smoke test', owner: 'qa' }],
      roles: [{ responsibility: 'RELEASE_MANAGER', person: 'Hana', contact: null }],
      requirements: [{ key: 'postgres', expected: '>=16 <17' }],
      dependencies: [
        { releaseId: 'r9', sharedComponentId: null, versionRange: null, note: 'login' },
        { releaseId: null, sharedComponentId: 'c1', versionRange: '>=3', note: null },
      ],
      rollback: { strategy: 'FEATURE_FLAG', triggers: ['errors'], steps: ['flip'], maxMinutes: 5 },
      // the effective escalation equals the program's: keep following the program's
      escalation: null,
    })
  })

  it("keep a release's own escalation path, and drop the rollback when switched off", () => {
    const own = draftFromRelease({ ...release, escalation: [{ level: 1, title: 'Own', contact: 'x', responseMinutes: 5 }] }, escalation)
    expect(own.useProgramEscalation).toBe(false)
    expect(draftToInput(own).escalation).toEqual([{ level: 1, title: 'Own', contact: 'x', responseMinutes: 5 }])
    expect(draftToInput({ ...own, hasRollback: false }).rollback).toBeNull()
  })

  it('report shape problems with the paths the server uses, and map paths to editor sections', () => {
    const d = emptyDraft(['DEV', 'PROD'])
    const problems = checkDraft({ ...d, steps: [{ title: '', owner: 'ops', durationMinutes: null, tier: '' }] })
    const paths = problems.map((p) => p.path.join('.'))
    expect(paths).toEqual(
      expect.arrayContaining([
        'input.name',
        'input.schedule.0.start',
        'input.schedule.1.end',
        'input.steps.0.title',
        'input.steps.0.durationMinutes',
        'input.roles.0.person',
      ]),
    )
    expect(paths).not.toContain('input.version')
    expect(sectionOf(['input', 'schedule', 1, 'end'])).toBe('schedule')
    expect(sectionOf(['input', 'cycleId'])).toBe('basics')
    expect(checkDraft(draftFromRelease(release, escalation))).toEqual([])
  })
})

const v1: StrategyFieldsFragment = {
  version: 1,
  publishedAt: '2026-01-05T17:00:00Z',
  publishedBy: 'pat.admin',
  notes: 'first',
  cadence: { rule: 'FREQ=MONTHLY;BYDAY=2TU', timeZone: 'America/Los_Angeles', startsOn: '2026-07-14', codeFreezeDaysBefore: 7 },
  promotionPath: ['DEV', 'TEST', 'PROD'],
  qualityGates: [
    {
      id: 'g1',
      key: 'prod',
      name: 'PROD entry',
      tier: 'PROD',
      criteria: [{ key: 'cov', description: 'Coverage', kind: 'METRIC_AT_LEAST', threshold: 80, evidenceRequired: false }],
    },
  ],
  readinessCriteria: [{ key: 'cab', description: 'CAB', kind: 'ATTESTATION', threshold: null, evidenceRequired: true }],
  planApproval: { name: 'Approval', steps: [{ order: 1, name: 'PMO', approverRole: 'PROGRAM_ADMIN', minApprovals: 1, separationOfDuties: false }] },
  escalationPath: escalation,
  freezeWindows: [
    {
      id: 'f1',
      name: 'Year end',
      reason: null,
      start: '2026-12-18T08:00:00Z',
      end: '2027-01-04T16:00:00Z',
      timeZone: 'America/Los_Angeles',
      recurrence: null,
      tiers: [],
    },
  ],
  enforcement: { windowTiers: ['TEST', 'PROD'], readinessTiers: ['PROD'] },
}

describe('strategy drafts and comparison', () => {
  it('round-trip a published strategy into the publish input', () => {
    const input = draftToStrategyInput(draftFromStrategy(v1))
    expect(input.promotionPath).toEqual(['DEV', 'TEST', 'PROD'])
    expect(input.qualityGates).toEqual([
      {
        key: 'prod',
        name: 'PROD entry',
        tier: 'PROD',
        criteria: [{ key: 'cov', description: 'Coverage', kind: 'METRIC_AT_LEAST', threshold: 80, evidenceRequired: false }],
      },
    ])
    expect(input.planApproval.steps).toEqual([{ name: 'PMO', approverRole: 'PROGRAM_ADMIN', minApprovals: 1, separationOfDuties: false }])
    expect(input.enforcement).toEqual({ windowTiers: ['TEST', 'PROD'], readinessTiers: ['PROD'] })
    expect(input.freezeWindows).toEqual([
      {
        name: 'Year end',
        reason: null,
        start: '2026-12-18T08:00:00Z',
        end: '2027-01-04T16:00:00Z',
        timeZone: 'America/Los_Angeles',
        recurrence: null,
        tiers: [],
      },
    ])
  })

  it('line up two versions and tell what changed, was added or removed', () => {
    const v2: StrategyFieldsFragment = {
      ...v1,
      version: 2,
      notes: 'second',
      promotionPath: ['DEV', 'TEST', 'UAT', 'PROD'],
      readinessCriteria: [],
      freezeWindows: [
        ...v1.freezeWindows,
        {
          id: 'f2',
          name: 'Weekend',
          reason: null,
          start: '2026-07-17T00:00:00Z',
          end: '2026-07-20T15:00:00Z',
          timeZone: 'America/Los_Angeles',
          recurrence: 'FREQ=WEEKLY',
          tiers: ['PROD'],
        },
      ],
    }
    const rows = compareStrategies(v1, v2)
    const kind = (section: string, item: string) => rows.find((r) => r.section === section && r.item === item)?.kind
    expect(kind('General', 'notes')).toBe('changed')
    expect(kind('Promotion path', 'tiers')).toBe('changed')
    expect(kind('Enterprise readiness', 'cab')).toBe('removed')
    expect(kind('Freeze windows', 'Weekend')).toBe('added')
    expect(kind('Freeze windows', 'Year end')).toBe('same')
    expect(rows.filter((r) => r.kind !== 'same')).toHaveLength(4)
    expect(compareStrategies(v1, v1).every((r) => r.kind === 'same')).toBe(true)
    expect(strategyLines(v1).find((l) => l.item === 'prod / cov')?.value).toBe('Coverage (≥ 80)')
  })
})
