import type { CalendarData, FreezeExportData, FreezeWindowData, RmpPlanData, RoadmapData, StrategyData } from '../../src/exports/export-data.ts'

/** Fixed export fixtures (America/Los_Angeles program; DST ends 2026-11-01, starts 2027-03-14). */
export const LA = 'America/Los_Angeles'

/** Weekly Friday 17:00 → Monday 08:00 local, production only. 17:00 PDT = 00:00Z. */
export const weekendFreeze: FreezeWindowData = {
  id: 'fw-weekend',
  name: 'Weekend production freeze',
  reason: 'No production changes outside staffed hours',
  start: '2026-07-18T00:00:00Z',
  end: '2026-07-20T15:00:00Z',
  timeZone: LA,
  recurrence: 'FREQ=WEEKLY',
  tiers: ['PROD'],
}

/** Single window 2026-12-18 00:00 PST → 2027-01-04 08:00 PST, TEST and PROD. */
export const yearEndFreeze: FreezeWindowData = {
  id: 'fw-year-end',
  name: 'Year-end freeze',
  reason: 'Holiday staffing; fiscal year-end',
  start: '2026-12-18T08:00:00Z',
  end: '2027-01-04T16:00:00Z',
  timeZone: LA,
  recurrence: null,
  tiers: ['TEST', 'PROD'],
}

/** TEST only: never in production exports. */
export const testOnlyFreeze: FreezeWindowData = {
  id: 'fw-test-only',
  name: 'Test lab maintenance',
  reason: null,
  start: '2026-08-05T16:00:00Z',
  end: '2026-08-05T20:00:00Z',
  timeZone: LA,
  recurrence: 'FREQ=WEEKLY',
  tiers: ['TEST'],
}

/** Every tier, second Tuesday of each month: nth-weekday rules have no cron form. */
export const patchTuesdayFreeze: FreezeWindowData = {
  id: 'fw-patch-tuesday',
  name: 'Patch Tuesday',
  reason: 'Operating system patching',
  start: '2026-08-11T16:00:00Z',
  end: '2026-08-11T20:00:00Z',
  timeZone: LA,
  recurrence: 'FREQ=MONTHLY;BYDAY=2TU',
  tiers: [],
}

/** Every tier, nightly on weekdays 22:00 → 06:00, Berlin time. */
export const nightlyFreeze: FreezeWindowData = {
  id: 'fw-nightly',
  name: 'Nightly batch',
  reason: null,
  start: '2026-09-07T20:00:00Z', // Monday 22:00 CEST
  end: '2026-09-08T04:00:00Z', // Tuesday 06:00 CEST
  timeZone: 'Europe/Berlin',
  recurrence: 'FREQ=DAILY;BYDAY=MO,TU,WE,TH,FR',
  tiers: [],
}

/** Production, 1st of each month 00:00 → 01:30 local. */
export const monthEndFreeze: FreezeWindowData = {
  id: 'fw-month-start',
  name: 'Month-start close',
  reason: 'Finance close',
  start: '2026-09-01T07:00:00Z',
  end: '2026-09-01T08:30:00Z',
  timeZone: LA,
  recurrence: 'FREQ=MONTHLY;BYMONTHDAY=1',
  tiers: ['PROD'],
}

/** Production, weekly Wednesday 09:00 → 11:00 local, from 3 February 2027: months after the exports' NOW. */
export const laterWeeklyFreeze: FreezeWindowData = {
  id: 'fw-later-weekly',
  name: 'Quarter-close reviews',
  reason: 'Finance systems change freeze',
  start: '2027-02-03T17:00:00Z', // Wed 09:00 PST
  end: '2027-02-03T19:00:00Z',
  timeZone: LA,
  recurrence: 'FREQ=WEEKLY',
  tiers: ['PROD'],
}

/** Production, every Saturday 22:00 → Sunday 06:00 local: the nights daylight time starts and ends are 7 and 9 hours long. */
export const saturdayNightFreeze: FreezeWindowData = {
  id: 'fw-saturday-night',
  name: 'Saturday night maintenance',
  reason: null,
  start: '2026-08-02T05:00:00Z', // Sat 2026-08-01 22:00 PDT
  end: '2026-08-02T13:00:00Z', // Sun 06:00 PDT
  timeZone: LA,
  recurrence: 'FREQ=WEEKLY',
  tiers: ['PROD'],
}

/** Every tier, one-off, 2026-08-10 08:00 → 2026-08-20 18:00 local: in progress at the exports' NOW. */
export const migrationFreeze: FreezeWindowData = {
  id: 'fw-migration',
  name: 'Data-centre migration',
  reason: 'Network cut-over',
  start: '2026-08-10T15:00:00Z',
  end: '2026-08-21T01:00:00Z',
  timeZone: LA,
  recurrence: null,
  tiers: [],
}

/** Production, every other day 12:00 → 13:00 local: no cron form, and more occurrences than dated entries. */
export const everyOtherDayFreeze: FreezeWindowData = {
  id: 'fw-every-other-day',
  name: 'Alternate-day batch',
  reason: null,
  start: '2026-08-01T19:00:00Z',
  end: '2026-08-01T20:00:00Z',
  timeZone: LA,
  recurrence: 'FREQ=DAILY;INTERVAL=2',
  tiers: ['PROD'],
}

export const freezeExport = (windows: FreezeWindowData[], key = 'WA-DSP'): FreezeExportData => ({
  key,
  name: 'Washington Digital Services Program',
  strategy: { promotionPath: ['DEV', 'TEST', 'PROD'], freezeWindows: windows },
})

const window = (tier: string, start: string, end: string, env: string | null) => ({ tier, start, end, environment: env ? { key: env } : null })

export const calendarData: CalendarData = {
  key: 'WA-DSP',
  name: 'Washington Digital Services Program',
  strategy: {
    promotionPath: ['DEV', 'TEST', 'PROD'],
    cadence: { timeZone: LA },
    freezeWindows: [
      weekendFreeze,
      yearEndFreeze,
      // ended long before the feed's range: left out
      { ...yearEndFreeze, id: 'fw-old', name: 'Old freeze', start: '2025-12-18T08:00:00Z', end: '2026-01-04T16:00:00Z' },
    ],
  },
  cycles: [
    { id: 'WA-DSP:2026-10-13', name: 'Release 2026-10-13', codeFreeze: '2026-10-06', releaseDate: '2026-10-13' },
    { id: 'WA-DSP:2026-11-10', name: 'Release 2026-11-10', codeFreeze: '2026-11-03', releaseDate: '2026-11-10' },
  ],
  plans: [
    {
      id: 'plan-doh',
      title: 'DOH plan FY2027',
      status: 'APPROVED',
      agency: { code: 'DOH', name: 'Department of Health' },
      releases: [
        {
          id: 'rel-1',
          name: 'Immunization registry, phase 2',
          version: '2.4.0',
          type: 'MINOR',
          status: 'PLANNED',
          schedule: [
            window('DEV', '2026-10-01T16:00:00Z', '2026-10-05T00:00:00Z', 'doh-dev'),
            window('TEST', '2026-10-06T16:00:00Z', '2026-10-10T00:00:00Z', 'doh-test'),
            window('PROD', '2026-10-14T01:00:00Z', '2026-10-14T05:00:00Z', 'doh-prod'),
          ],
        },
        {
          id: 'rel-cancelled',
          name: 'Cancelled thing',
          version: '2.5.0',
          type: 'MINOR',
          status: 'CANCELLED',
          schedule: [window('PROD', '2026-11-11T02:00:00Z', '2026-11-11T06:00:00Z', 'doh-prod')],
        },
      ],
    },
    {
      id: 'plan-dot',
      title: 'DOT draft',
      status: 'DRAFT',
      agency: { code: 'DOT', name: 'Department of Transportation' },
      releases: [
        {
          id: 'rel-draft',
          name: 'Draft release',
          version: '1.0.0',
          type: 'MAJOR',
          status: 'PLANNED',
          schedule: [window('PROD', '2026-11-11T02:00:00Z', '2026-11-11T06:00:00Z', 'dot-prod')],
        },
      ],
    },
  ],
}

export const roadmapData: RoadmapData = {
  key: 'WA-DSP',
  name: 'Washington Digital Services Program',
  strategy: { promotionPath: ['DEV', 'TEST', 'PROD'], cadence: { timeZone: LA } },
  plans: [
    {
      id: 'plan-dol',
      title: 'DOL plan',
      status: 'SUBMITTED',
      agency: { code: 'DOL', name: 'Department of Licensing' },
      releases: [
        {
          id: 'rel-dol',
          name: '=HYPERLINK("http://evil")',
          version: '1.0.0',
          type: 'PATCH',
          status: 'PLANNED',
          currentTier: null,
          schedule: [window('PROD', '2027-03-10T02:00:00Z', '2027-03-10T06:00:00Z', null)],
        },
      ],
    },
    {
      id: 'plan-doh',
      title: 'DOH plan, FY2027',
      status: 'APPROVED',
      agency: { code: 'DOH', name: 'Department of Health' },
      releases: [
        {
          id: 'rel-doh',
          name: 'Portal, "beta"',
          version: '2.4.0-rc.1',
          type: 'MINOR',
          status: 'IN_PROGRESS',
          currentTier: 'DEV',
          schedule: [
            window('DEV', '2027-02-20T17:00:00Z', '2027-02-27T01:00:00Z', 'doh-dev'),
            window('TEST', '2027-03-01T17:00:00Z', '2027-03-06T01:00:00Z', 'doh-test'),
            window('PROD', '2027-03-10T01:00:00Z', '2027-03-10T05:00:00Z', 'doh-prod'),
          ],
        },
      ],
    },
  ],
}

const strategyV1: StrategyData = {
  version: 1,
  publishedAt: '2026-06-01T17:00:00Z',
  notes: 'Monthly train',
  cadence: { rule: 'FREQ=MONTHLY;BYDAY=2TU', timeZone: LA, startsOn: '2026-07-14', codeFreezeDaysBefore: 7 },
  promotionPath: ['DEV', 'TEST', 'PROD'],
  qualityGates: [
    {
      key: 'prod-entry',
      name: 'Ready for production',
      tier: 'PROD',
      criteria: [
        { key: 'uat-signoff', description: 'UAT sign-off', kind: 'ATTESTATION', threshold: null, evidenceRequired: true },
        { key: 'open-sev1', description: 'No open severity-1 defects', kind: 'METRIC_AT_MOST', threshold: 0, evidenceRequired: false },
      ],
    },
  ],
  readinessCriteria: [{ key: 'security-scan', description: 'Security scan reviewed', kind: 'ATTESTATION', threshold: null, evidenceRequired: true }],
  planApproval: {
    name: 'Agency plan approval',
    steps: [
      { order: 1, name: 'Agency release manager review', approverRole: 'AGENCY_MANAGER', minApprovals: 1, separationOfDuties: true },
      { order: 2, name: 'Program office approval', approverRole: 'PROGRAM_ADMIN', minApprovals: 1, separationOfDuties: true },
    ],
  },
  escalationPath: [
    { level: 1, title: 'Agency release manager', contact: 'release@doh.example.gov', responseMinutes: 30 },
    { level: 2, title: 'Program coordinator', contact: 'coord@example.gov', responseMinutes: 60 },
  ],
  freezeWindows: [weekendFreeze, yearEndFreeze],
}

export const rmpPlan: RmpPlanData = {
  id: 'plan-doh',
  title: 'DOH release plan FY2027',
  status: 'APPROVED',
  periodStart: '2026-11-01',
  periodEnd: '2027-10-31',
  revision: 7,
  strategyVersion: 1,
  updatedAt: '2026-11-20T18:30:00Z',
  updatedBy: 'hana.doh',
  agency: { code: 'DOH', name: 'Department of Health' },
  program: {
    key: 'WA-DSP',
    name: 'Washington Digital Services Program',
    strategyVersions: [{ ...strategyV1, version: 2, notes: 'newer' }, strategyV1],
  },
  alignment: {
    aligned: true,
    stale: true,
    strategyVersion: 1,
    issues: [{ code: 'STALE_STRATEGY', severity: 'WARNING', message: 'The program has published strategy v2', release: null }],
  },
  approvals: [
    {
      id: 'req-1',
      status: 'APPROVED',
      currentStep: null,
      requestedBy: 'mia.doh',
      requestedAt: '2026-11-18T17:00:00Z',
      workflow: strategyV1.planApproval,
      decisions: [
        { step: 1, decidedBy: 'hana.doh', decision: 'APPROVE', comment: 'Scope and sequencing reviewed.', decidedAt: '2026-11-19T17:00:00Z' },
        { step: 2, decidedBy: 'pat.admin', decision: 'APPROVE', comment: 'Aligned with the program framework.', decidedAt: '2026-11-20T17:00:00Z' },
      ],
    },
  ],
  releases: [
    {
      id: 'rel-1',
      name: 'Immunization registry <script>alert(1)</script>',
      version: '2.4.0',
      type: 'MINOR',
      summary: 'Adds <b>bulk</b> upload & | pipes',
      status: 'IN_PROGRESS',
      currentTier: 'TEST',
      cycle: { id: 'WA-DSP:2027-03-09', name: 'Release 2027-03-09', codeFreeze: '2027-03-02', releaseDate: '2027-03-09' },
      scope: [{ key: 'DOH-100', title: 'Bulk upload | CSV', kind: 'FEATURE' }],
      artifacts: [{ name: 'doh-imm', version: '2.4.0', digest: 'sha256:0123456789abcdef', uri: 'https://registry.example.gov/v2/doh/imm/manifests/2.4.0' }],
      schedule: [
        { tier: 'DEV', start: '2027-02-22T17:00:00Z', end: '2027-02-28T01:00:00Z', environment: { key: 'doh-dev', name: 'DOH development' } },
        { tier: 'TEST', start: '2027-03-01T17:00:00Z', end: '2027-03-06T01:00:00Z', environment: { key: 'doh-test', name: 'DOH test' } },
        { tier: 'PROD', start: '2027-03-10T02:00:00Z', end: '2027-03-10T06:00:00Z', environment: { key: 'doh-prod', name: 'DOH production' } },
      ],
      steps: [
        { order: 2, title: 'Deploy container image', owner: 'Deployer', durationMinutes: 30, tier: null },
        { order: 1, title: 'Announce maintenance window', owner: 'Communications', durationMinutes: 10, tier: 'PROD' },
      ],
      validations: [{ tier: 'PROD', description: 'Synthetic transactions succeed for 30 minutes', owner: 'QA lead' }],
      roles: [
        { responsibility: 'RELEASE_MANAGER', person: 'DOH release manager', contact: 'release@doh.example.gov' },
        { responsibility: 'DEPLOYER', person: 'DOH platform team', contact: null },
        { responsibility: 'COMMUNICATIONS', person: 'DOH comms desk', contact: 'comms@doh.example.gov' },
      ],
      requirements: [{ key: 'postgres.version', expected: '>=15 <17' }],
      dependencies: [
        { release: null, sharedComponent: { key: 'sso', name: 'Statewide single sign-on', currentVersion: '4.2.0' }, versionRange: '^4.2.0', note: 'Login' },
        {
          release: { id: 'rel-dshs', name: 'SSO upgrade', version: '5.0.0', agency: { code: 'DSHS', name: 'DSHS' } },
          sharedComponent: null,
          versionRange: null,
          note: null,
        },
      ],
      dependents: [],
      impactedAgencies: [{ code: 'DSHS', name: 'Department of Social and Health Services' }],
      rollback: {
        strategy: 'REDEPLOY_PREVIOUS',
        triggers: ['Error rate above 2% for 10 minutes'],
        steps: ['Redeploy previous image', 'Verify health checks'],
        maxMinutes: 30,
        rehearsedAt: null,
      },
      escalation: strategyV1.escalationPath,
      gates: [{ gate: { key: 'prod-entry', name: 'Ready for production', tier: 'PROD' }, passed: false, unmetCriteria: ['uat-signoff'] }],
      checkpoints: [
        {
          criterionKey: 'open-sev1',
          met: true,
          value: 0,
          evidenceUrl: 'javascript:alert(1)',
          recordedBy: 'hana.doh',
          recordedAt: '2026-11-21T17:00:00Z',
          note: null,
        },
        {
          criterionKey: 'security-scan',
          met: true,
          value: null,
          evidenceUrl: 'https://scan.example.gov/report/1',
          recordedBy: 'hana.doh',
          recordedAt: '2026-11-21T18:00:00Z',
          note: 'clean',
        },
      ],
      postReleaseValidation: null,
    },
  ],
}
