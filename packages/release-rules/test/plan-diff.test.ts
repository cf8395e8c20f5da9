import { describe, expect, it } from 'vitest'
import { type PlanContent, type PlanContentRelease, diffPlanContent, formatWindow } from '../src/index.ts'
import { LA, defined } from './fixtures.ts'

const A = 'aaaaaaaa-0000-4000-8000-000000000001'
const B = 'bbbbbbbb-0000-4000-8000-000000000002'
const C = 'cccccccc-0000-4000-8000-000000000003'

function release(over: Partial<PlanContentRelease> = {}): PlanContentRelease {
  return {
    id: A,
    name: 'Licensing portal',
    version: '2.4.0',
    type: 'MINOR',
    summary: 'Online renewals',
    cycleId: 'WA-DSP:2027-03-09',
    status: 'PLANNED',
    scope: [{ key: 'LIC-101', title: 'Online renewals', kind: 'FEATURE' }],
    artifacts: [{ name: 'portal-web', version: '2.4.0', digest: 'sha256:0f1e2d', uri: null }],
    schedule: [
      { tier: 'DEV', start: '2027-02-15T17:00:00.000Z', end: '2027-02-19T01:00:00.000Z', environmentId: null },
      { tier: 'TEST', start: '2027-02-22T17:00:00.000Z', end: '2027-02-26T01:00:00.000Z', environmentId: null },
      { tier: 'PROD', start: '2027-03-09T18:00:00.000Z', end: '2027-03-09T20:00:00.000Z', environmentId: null },
    ],
    steps: [
      { order: 1, title: 'Drain traffic', owner: 'ops', durationMinutes: 10, tier: 'PROD' },
      { order: 2, title: 'Deploy containers', owner: 'ops', durationMinutes: 20, tier: null },
    ],
    validations: [{ tier: 'PROD', description: 'Smoke test', owner: 'qa' }],
    roles: [
      { responsibility: 'RELEASE_MANAGER', person: 'Hana', contact: 'hana@doh.example.gov' },
      { responsibility: 'DEPLOYER', person: 'Ops team', contact: null },
    ],
    requirements: [{ key: 'postgres', expected: '>=15 <16' }],
    dependencies: [],
    rollback: { strategy: 'REDEPLOY_PREVIOUS', triggers: ['error rate above 2%'], steps: ['redeploy 2.3.x'], maxMinutes: 45 },
    escalation: null,
    ...over,
  }
}

function plan(releases: PlanContentRelease[], over: Partial<PlanContent> = {}): PlanContent {
  return { title: 'DOH H1 2027', periodStart: '2027-01-01', periodEnd: '2027-06-30', strategyVersion: 1, releases, ...over }
}

describe('diffPlanContent', () => {
  it('unchanged content → no changes (also when undefined and null, or instant spellings, differ)', () => {
    expect(diffPlanContent(plan([release()]), plan([release()]))).toEqual([])
    const respelled = release({
      summary: undefined,
      schedule: release().schedule.map((w) => ({ ...w, start: w.start.replace('.000Z', 'Z'), environmentId: undefined })),
      artifacts: [{ name: 'portal-web', version: '2.4.0', digest: 'sha256:0f1e2d' }],
    })
    expect(diffPlanContent(plan([release({ summary: null })]), plan([respelled]))).toEqual([])
    expect(diffPlanContent(plan([]), plan([]))).toEqual([])
  })

  it('an added release is ADDED', () => {
    const added = release({ id: B, name: 'Notifications', version: '1.0.0', type: 'PATCH' })
    expect(diffPlanContent(plan([release()]), plan([release(), added]))).toEqual([
      { kind: 'ADDED', releaseId: B, releaseName: 'Notifications', field: 'release', before: null, after: 'Notifications 1.0.0 (PATCH)' },
    ])
  })

  it('a release no longer in the plan is REMOVED (after the changes of the current releases)', () => {
    const gone = release({ id: B, name: 'Notifications', version: '1.0.0' })
    expect(diffPlanContent(plan([gone, release()]), plan([release({ version: '2.4.1' })]))).toEqual([
      { kind: 'CHANGED', releaseId: A, releaseName: 'Licensing portal', field: 'version', before: '2.4.0', after: '2.4.1' },
      { kind: 'REMOVED', releaseId: B, releaseName: 'Notifications', field: 'release', before: 'Notifications 1.0.0 (MINOR)', after: null },
    ])
  })

  it('a changed version is one CHANGED entry naming the release by its current name', () => {
    expect(diffPlanContent(plan([release()]), plan([release({ version: '2.5.0', name: 'Licensing' })]))).toEqual([
      { kind: 'CHANGED', releaseId: A, releaseName: 'Licensing', field: 'name', before: 'Licensing portal', after: 'Licensing' },
      { kind: 'CHANGED', releaseId: A, releaseName: 'Licensing', field: 'version', before: '2.4.0', after: '2.5.0' },
    ])
  })

  it('a changed schedule window is reported per tier, formatted in the time zone', () => {
    const moved = release({
      schedule: [
        defined(release().schedule[0]),
        defined(release().schedule[1]),
        { tier: 'PROD', start: '2027-03-10T18:00:00Z', end: '2027-03-10T20:00:00Z', environmentId: null },
      ],
    })
    expect(diffPlanContent(plan([release()]), plan([moved]))).toEqual([
      {
        kind: 'CHANGED',
        releaseId: A,
        releaseName: 'Licensing portal',
        field: 'schedule.PROD',
        before: '2027-03-09 18:00–20:00 UTC',
        after: '2027-03-10 18:00–20:00 UTC',
      },
    ])
    expect(diffPlanContent(plan([release()]), plan([moved]), { timeZone: LA })[0]).toMatchObject({
      before: '2027-03-09 10:00–12:00 PST',
      after: '2027-03-10 10:00–12:00 PST',
    })
    // a tier dropped from the schedule, and an environment chosen for another
    const dropped = release({ schedule: [{ ...defined(release().schedule[0]), environmentId: C }, defined(release().schedule[2])] })
    expect(diffPlanContent(plan([release()]), plan([dropped])).map((c) => [c.field, c.before, c.after])).toEqual([
      ['schedule.DEV', '2027-02-15 17:00 – 2027-02-19 01:00 UTC', '2027-02-15 17:00 – 2027-02-19 01:00 UTC (environment cccccccc)'],
      ['schedule.TEST', '2027-02-22 17:00 – 2027-02-26 01:00 UTC', null],
    ])
  })

  it('a changed roles list names the roles only in the approved version and only in the current one', () => {
    const roles = [
      { responsibility: 'DEPLOYER', person: 'Ops crew', contact: null },
      { responsibility: 'RELEASE_MANAGER', person: 'Hana', contact: 'hana@doh.example.gov' },
      { responsibility: 'VALIDATOR', person: 'Kim', contact: 'kim@doh.example.gov' },
    ]
    expect(diffPlanContent(plan([release()]), plan([release({ roles })]))).toEqual([
      {
        kind: 'CHANGED',
        releaseId: A,
        releaseName: 'Licensing portal',
        field: 'roles',
        before: 'DEPLOYER: Ops team',
        after: 'DEPLOYER: Ops crew; VALIDATOR: Kim <kim@doh.example.gov>',
      },
    ])
    // the same roles in another order are no change
    expect(diffPlanContent(plan([release()]), plan([release({ roles: [...release().roles].reverse() })]))).toEqual([])
  })

  it('long lists are summarised: at most four items, then a count', () => {
    const scope = Array.from({ length: 7 }, (_, i) => ({ key: `LIC-${200 + i}`, title: `Item ${i}`, kind: 'FIX' }))
    const [change] = diffPlanContent(plan([release()]), plan([release({ scope })]))
    expect(change).toEqual({
      kind: 'CHANGED',
      releaseId: A,
      releaseName: 'Licensing portal',
      field: 'scope',
      before: 'LIC-101 Online renewals (FEATURE)',
      after: 'LIC-200 Item 0 (FIX); LIC-201 Item 1 (FIX); LIC-202 Item 2 (FIX); LIC-203 Item 3 (FIX); +3 more',
    })
  })

  it('steps keep their order; header, status, cycle, rollback, escalation and dependencies are compared', () => {
    const before = plan([release(), release({ id: B, name: 'Notifications', version: '1.0.0' })])
    const after = plan(
      [
        release({
          status: 'CANCELLED',
          cycleId: null,
          steps: [...release().steps].reverse().map((st, i) => ({ ...st, order: i + 1 })),
          rollback: { strategy: 'FEATURE_FLAG', triggers: ['error rate above 2%', 'p95 above 2s'], steps: ['redeploy 2.3.x'], maxMinutes: 30 },
          escalation: [{ level: 1, title: 'On call', contact: 'oncall@doh.example.gov', responseMinutes: 15 }],
          dependencies: [
            { releaseId: B, note: 'new API' },
            { releaseId: C },
            { sharedComponentId: 'dddddddd-0000-4000-8000-000000000004', versionRange: '^2.0.0' },
          ],
        }),
        release({ id: B, name: 'Notifications', version: '1.0.0', rollback: null }),
      ],
      { title: 'DOH first half 2027', periodEnd: '2027-07-31', strategyVersion: 2 },
    )
    expect(diffPlanContent(before, after, { releaseLabels: { [C]: 'Payments 3.1.0' } }).map((c) => [c.releaseId, c.field, c.before, c.after])).toEqual([
      [null, 'title', 'DOH H1 2027', 'DOH first half 2027'],
      [null, 'periodEnd', '2027-06-30', '2027-07-31'],
      [null, 'strategyVersion', 'v1', 'v2'],
      [A, 'cycle', 'WA-DSP:2027-03-09', null],
      [A, 'status', 'PLANNED', 'CANCELLED'],
      [
        A,
        'steps',
        '1. Drain traffic (ops, 10 min, PROD); 2. Deploy containers (ops, 20 min)',
        '1. Deploy containers (ops, 20 min); 2. Drain traffic (ops, 10 min, PROD)',
      ],
      [A, 'dependencies', null, 'Notifications 1.0.0 — new API; Payments 3.1.0; shared component dddddddd ^2.0.0'],
      [A, 'rollback.strategy', 'REDEPLOY_PREVIOUS', 'FEATURE_FLAG'],
      [A, 'rollback.maxMinutes', '45 min', '30 min'],
      [A, 'rollback.triggers', null, 'p95 above 2s'],
      [A, 'escalation', "the strategy's path", '1. On call (oncall@doh.example.gov, 15 min)'],
      [B, 'rollback', 'REDEPLOY_PREVIOUS within 45 min (1 trigger, 1 step)', null],
    ])
  })

  it('an unknown dependency target is named by its short id', () => {
    const changes = diffPlanContent(plan([release()]), plan([release({ dependencies: [{ releaseId: C }] })]))
    expect(changes.map((c) => c.after)).toEqual(['release cccccccc'])
  })
})

describe('formatWindow', () => {
  it('writes one day once, several days in full, and both zone names across a DST change', () => {
    expect(formatWindow({ start: '2027-03-09T18:00:00Z', end: '2027-03-09T20:00:00Z' })).toBe('2027-03-09 18:00–20:00 UTC')
    expect(formatWindow({ start: '2027-02-15T17:00:00Z', end: '2027-02-19T01:00:00Z' }, LA)).toBe('2027-02-15 09:00 – 2027-02-18 17:00 PST')
    expect(formatWindow({ start: '2027-03-13T17:00:00Z', end: '2027-03-15T16:00:00Z' }, LA)).toBe('2027-03-13 09:00 PST – 2027-03-15 09:00 PDT')
  })
})
