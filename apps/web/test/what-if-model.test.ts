import { MAX_SCENARIO_EDITS, decodeScenario, encodeScenario, previewScenario } from '@railyard/release-rules/what-if'
import type { Scenario } from '@railyard/release-rules/what-if'
import { afterEach, describe, expect, it, vi } from 'vitest'
import type { ReleaseEditorFieldsFragment } from '../src/gql/graphql.ts'
import { buildModel } from '../src/pages/roadmap/roadmap-data.ts'
import type { RoadmapMeta, RoadmapReleasesData } from '../src/pages/roadmap/roadmap-data.ts'
import { applyMutations, releaseInputWithSchedule } from '../src/pages/roadmap/what-if-apply.ts'
import {
  EMPTY_SCENARIO,
  addShift,
  describePreview,
  dragDays,
  editText,
  modelWithSchedules,
  previewCounts,
  removeEdit,
  whatIfInput,
} from '../src/pages/roadmap/what-if-model.ts'
import type { WhatIfDataView } from '../src/pages/roadmap/what-if-model.ts'
import { defined } from './defined.ts'

const ZONE = 'America/Los_Angeles'
const cadence = { rule: 'FREQ=MONTHLY;BYDAY=2TU', timeZone: ZONE, startsOn: '2026-12-01', codeFreezeDaysBefore: 7 }
const holiday = {
  id: 'fw1',
  name: 'Mid-January freeze',
  reason: null,
  start: '2027-01-19T08:00:00Z',
  end: '2027-01-23T08:00:00Z',
  timeZone: ZONE,
  recurrence: null,
  tiers: ['PROD'],
}

const meta: RoadmapMeta = {
  id: 'prog',
  key: 'SDP',
  name: 'Statewide Digital',
  strategy: { version: 2, promotionPath: ['DEV', 'TEST', 'PROD'], cadence, freezeWindows: [holiday] },
  agencies: [
    { id: 'a1', code: 'DOH', name: 'Health', plans: [{ id: 'p1', title: 'DOH FY27', status: 'APPROVED', periodStart: '2026-12-01', periodEnd: '2027-06-30' }] },
    {
      id: 'a2',
      code: 'ECY',
      name: 'Ecology',
      plans: [{ id: 'p2', title: 'ECY FY27', status: 'APPROVED', periodStart: '2026-12-01', periodEnd: '2027-06-30' }],
    },
  ],
}

const win = (tier: string, start: string, end: string, env: string | null = null) => ({
  tier,
  start,
  end,
  environment: env ? { id: env, key: env, name: `${env} (${tier})` } : null,
})

/** DOH Registry reaches PROD on 2027-01-12; ECY Air, which depends on it, on 2027-03-09 (both second Tuesdays). */
const releases: RoadmapReleasesData = {
  id: 'prog',
  agencies: [
    {
      id: 'a1',
      code: 'DOH',
      plans: [
        {
          id: 'p1',
          releases: [
            {
              id: 'A',
              name: 'Registry',
              version: '3.1.0',
              type: 'MAJOR',
              status: 'PLANNED',
              currentTier: null,
              cycle: { id: 'SDP:2027-01-12', name: 'January' },
              schedule: [
                win('DEV', '2026-12-28T17:00:00Z', '2027-01-04T01:00:00Z'),
                win('TEST', '2027-01-04T17:00:00Z', '2027-01-11T01:00:00Z'),
                win('PROD', '2027-01-13T02:00:00Z', '2027-01-13T06:00:00Z'),
              ],
              dependencies: [],
            },
          ],
        },
      ],
    },
    {
      id: 'a2',
      code: 'ECY',
      plans: [
        {
          id: 'p2',
          releases: [
            {
              id: 'B',
              name: 'Air',
              version: '2.4.0',
              type: 'PATCH',
              status: 'PLANNED',
              currentTier: null,
              cycle: { id: 'SDP:2027-03-09', name: 'March' },
              schedule: [
                win('DEV', '2027-02-22T17:00:00Z', '2027-02-27T01:00:00Z', 'ecy-dev'),
                win('TEST', '2027-03-01T17:00:00Z', '2027-03-06T01:00:00Z', 'ecy-test'),
                win('PROD', '2027-03-10T02:00:00Z', '2027-03-10T06:00:00Z', 'ecy-prod'),
              ],
              dependencies: [{ release: { id: 'A' }, sharedComponent: null }],
            },
          ],
        },
      ],
    },
  ],
}

const content = { hasRollback: true, roles: [{ responsibility: 'RELEASE_MANAGER' }, { responsibility: 'DEPLOYER' }] }
const data: WhatIfDataView = {
  strategies: [{ version: 2, promotionPath: ['DEV', 'TEST', 'PROD'], cadence, freezeWindows: [holiday] }],
  sharedComponentOwners: {},
  // ECY Air's own PROD booking, and DOH's booking of the same environment in January
  bookings: [
    { id: 'bk1', environmentId: 'ecy-prod', releaseId: 'B', start: '2027-03-10T00:00:00Z', end: '2027-03-10T08:00:00Z' },
    { id: 'bk2', environmentId: 'ecy-prod', releaseId: 'A', start: '2027-01-11T20:00:00Z', end: '2027-01-12T08:00:00Z' },
  ],
  plans: [
    {
      id: 'p2',
      status: 'APPROVED',
      revision: 7,
      strategyVersion: 2,
      canEdit: true,
      releases: [{ id: 'B', revision: 4, ...content, validations: [{ tier: 'PROD' }], canEdit: true }],
    },
  ],
}

const model = buildModel(meta, releases, ZONE)
const names = {
  release: (id: string) => {
    const r = model.byId.get(id)
    return r ? `${r.agencyCode} ${r.name} ${r.version}` : id
  },
  plan: (id: string) => (id === 'p2' ? 'ECY “ECY FY27”' : id),
  environment: (id: string) => id,
}

describe('what-if on the roadmap: editing a scenario', () => {
  it('snaps a drag to whole days at the zoom’s scale', () => {
    expect(dragDays(0, 9)).toBe(0)
    expect(dragDays(4, 9)).toBe(0)
    expect(dragDays(5, 9)).toBe(1)
    expect(dragDays(-4.6, 9)).toBe(-1)
    expect(dragDays(-270, 9)).toBe(-30)
    expect(dragDays(90, 3)).toBe(30)
    expect(Object.is(dragDays(-1, 9), 0)).toBe(true)
    expect(dragDays(10, 0)).toBe(0)
  })

  it('adds shifts, merging consecutive shifts of one release and dropping one that cancels out', () => {
    let s = defined(addShift(EMPTY_SCENARIO, { releaseId: 'B' }, -30))
    s = defined(addShift(s, { releaseId: 'B' }, -7))
    expect(s.edits).toEqual([{ kind: 'MOVE_RELEASE', releaseId: 'B', shift: { days: -37, minutes: 0 } }])
    s = defined(addShift(s, { planId: 'p1' }, 14))
    expect(s.edits).toHaveLength(2)
    expect(editText(defined(s.edits[1]), names)).toBe('Plan p1: every open release later by 14 days')
    expect(editText(defined(s.edits[0]), names)).toBe('ECY Air 2.4.0: every window earlier by 37 days')
    expect(defined(addShift(s, { planId: 'p1' }, -14)).edits).toHaveLength(1)
    expect(removeEdit(s, 0).edits).toEqual([s.edits[1]])
    expect(addShift(s, { releaseId: 'B' }, 0)).toBe(s)
  })

  it('refuses an edit past the scenario limits (null) rather than making a link that cannot be read', () => {
    let s: Scenario = EMPTY_SCENARIO
    for (let i = 0; i < MAX_SCENARIO_EDITS; i++) s = defined(addShift(s, { releaseId: `r${i}` }, 1))
    expect(addShift(s, { releaseId: 'another' }, 1)).toBeNull()
    expect(addShift(EMPTY_SCENARIO, { releaseId: 'B' }, 4000)).toBeNull()
    expect(addShift({ edits: [{ kind: 'MOVE_RELEASE', releaseId: 'B', shift: { days: 3000 } }] }, { releaseId: 'B' }, 1000)).toBeNull()
    // what the panel keeps in the URL reads back the same
    const decoded = decodeScenario(encodeScenario(s))
    expect(decoded.ok && decoded.scenario.edits.length).toBe(MAX_SCENARIO_EDITS)
    // a damaged or oversized link is a message, not an exception
    expect(decodeScenario(`w1~~${'m.x.1.0~'.repeat(2100)}`)).toEqual({ ok: false, message: 'This what-if link cannot be read: it is too long.' })
    expect(decodeScenario('w1~~m.zz')).toEqual({ ok: false, message: 'This what-if link cannot be read: it is damaged.' })
  })
})

describe('what-if on the roadmap: the preview', () => {
  const input = whatIfInput(model, data)

  it('builds the rules’ input: revisions and alignment fields only where the plan is read in full, pinned strategies', () => {
    const b = defined(input.releases.find((r) => r.id === 'B'))
    const a = defined(input.releases.find((r) => r.id === 'A'))
    expect(b).toMatchObject({ revision: 4, cycleId: 'SDP:2027-03-09', content: { hasRollback: true, validations: [{ tier: 'PROD' }] } })
    expect(a).toMatchObject({ revision: null, content: null })
    expect(input.plans.map((p) => [p.id, p.status, p.revision, p.strategy.version])).toEqual([
      ['p1', 'APPROVED', null, 2],
      ['p2', 'APPROVED', 7, 2],
    ])
    expect(input.bookings).toHaveLength(2)
  })

  it('moving ECY Air before the DOH release it depends on shows the broken dependency, the alignment error and the plan returning to DRAFT', () => {
    // 2027-03-09 18:00 PST − 57 days = 2027-01-11 18:00 PST, before DOH Registry's PROD (2027-01-12 18:00 PST)
    const scenario = defined(addShift(EMPTY_SCENARIO, { releaseId: 'B' }, -57))
    const preview = previewScenario(input, scenario)
    expect(preview.ok).toBe(true)
    expect(preview.mutations).toEqual([
      expect.objectContaining({
        releaseId: 'B',
        planId: 'p2',
        expectedRevision: 4,
        schedule: expect.arrayContaining([expect.objectContaining({ tier: 'PROD', start: '2027-01-12T02:00:00.000Z' })]),
      }),
    ])
    expect(preview.plansReturningToDraft).toEqual(['p2'])
    const sections = describePreview(preview, names, ZONE)
    const deps = defined(sections.find((s) => s.id === 'dependencies'))
    expect(deps.added.map((l) => l.text)).toEqual(['ECY Air 2.4.0 would reach its last tier before DOH Registry 3.1.0, which it depends on'])
    const alignment = defined(sections.find((s) => s.id === 'alignment'))
    expect(alignment.added.some((l) => l.text.startsWith('Error in ECY “ECY FY27”:') && /depend/i.test(l.text))).toBe(true)
    // the PROD window now overlaps DOH's booking of ecy-prod and leaves its own booking
    const bookings = defined(sections.find((s) => s.id === 'bookings'))
    expect(bookings.added.map((l) => l.text)).toEqual([
      expect.stringContaining("overlaps DOH Registry 3.1.0's booking of ecy-prod"),
      expect.stringContaining('is not covered by its own booking of ecy-prod'),
    ])
    expect(bookings.added[0]?.text).toMatch(/PST/) // times labelled with the zone's abbreviation
    const impact = defined(sections.find((s) => s.id === 'impact'))
    expect(impact.added.map((l) => l.text)).toEqual([]) // DOH is impacted already (the dependency)
    expect(previewCounts(sections).added).toBe(deps.added.length + alignment.added.length + bookings.added.length)
  })

  it('a move into the mid-January freeze is a freeze hit; moving back is no change at all', () => {
    const into = defined(addShift(EMPTY_SCENARIO, { releaseId: 'B' }, -48))
    const sections = describePreview(previewScenario(input, into), names, ZONE)
    const freezes = defined(sections.find((s) => s.id === 'freezes'))
    expect(freezes.added).toHaveLength(1)
    expect(freezes.added[0]?.text).toContain('the PROD window')
    expect(freezes.added[0]?.text).toContain('“Mid-January freeze”')
    const back = defined(addShift(into, { releaseId: 'B' }, 48))
    expect(back.edits).toEqual([])
  })

  it('puts the scenario’s schedules into the roadmap model: bars, rules input and environment names follow', () => {
    const preview = previewScenario(input, defined(addShift(EMPTY_SCENARIO, { releaseId: 'B' }, -57)))
    const shown = modelWithSchedules(model, new Map(preview.changes.map((c) => [c.releaseId, c.after])))
    const b = defined(shown.byId.get('B'))
    expect(b.windows.map((w) => [w.tier, w.start, w.environmentName])).toEqual([
      ['DEV', '2026-12-27T17:00:00.000Z', 'ecy-dev (DEV)'],
      ['TEST', '2027-01-03T17:00:00.000Z', 'ecy-test (TEST)'],
      ['PROD', '2027-01-12T02:00:00.000Z', 'ecy-prod (PROD)'],
    ])
    expect(b.windows[2]?.startMs).toBe(Date.parse('2027-01-12T02:00:00Z'))
    expect(shown.plans.find((p) => p.id === 'p2')?.releases[0]?.schedule).toEqual(preview.changes[0]?.after)
    expect(shown.byId.get('A')).toBe(model.byId.get('A'))
    expect(modelWithSchedules(model, new Map())).toBe(model)
  })
})

const editorRelease = (id: string, revision: number): ReleaseEditorFieldsFragment => ({
  id,
  name: 'Air',
  version: '2.4.0',
  type: 'PATCH',
  summary: 'Fixes',
  status: 'PLANNED',
  currentTier: null,
  revision,
  cycle: { id: 'SDP:2027-03-09', name: 'March', releaseDate: '2027-03-09' },
  scope: [],
  artifacts: [],
  schedule: [win('PROD', '2027-03-10T02:00:00Z', '2027-03-10T06:00:00Z', 'ecy-prod')],
  steps: [],
  validations: [{ tier: 'PROD', description: 'Smoke', owner: 'qa' }],
  roles: [{ responsibility: 'DEPLOYER', person: 'Ops', contact: null }],
  requirements: [],
  dependencies: [{ release: { id: 'A', name: 'Registry', version: '3.1.0', agency: { code: 'DOH' } }, sharedComponent: null, versionRange: null, note: null }],
  rollback: null,
  escalation: [{ level: 1, title: 'RM', contact: 'rm@example.gov', responseMinutes: 30 }],
})

describe('what-if on the roadmap: applying', () => {
  afterEach(() => {
    vi.unstubAllGlobals()
  })

  it('sends the release’s whole input with only the schedule replaced', () => {
    const input = releaseInputWithSchedule(
      editorRelease('B', 4),
      [{ level: 1, title: 'RM', contact: 'rm@example.gov', responseMinutes: 30 }],
      [{ tier: 'PROD', start: '2027-01-12T02:00:00.000Z', end: '2027-01-12T06:00:00.000Z', environmentId: 'ecy-prod' }],
    )
    expect(input).toMatchObject({
      name: 'Air',
      version: '2.4.0',
      cycleId: 'SDP:2027-03-09',
      schedule: [{ tier: 'PROD', environmentId: 'ecy-prod', start: '2027-01-12T02:00:00.000Z', end: '2027-01-12T06:00:00.000Z' }],
      dependencies: [{ releaseId: 'A', sharedComponentId: null, versionRange: null, note: null }],
      rollback: null,
      escalation: null, // the program's escalation path still applies
    })
  })

  it('saves one release after another with its revision and stops at the first refusal (CONFLICT), saying what was and was not saved', async () => {
    const sent: { op: string; variables: Record<string, unknown> }[] = []
    const json = (body: unknown) => ({ status: 200, statusText: 'OK', json: () => Promise.resolve(body) })
    vi.stubGlobal('fetch', (_url: string, init: { body: string }) => {
      const { operationName, variables } = JSON.parse(init.body) as { operationName: string; variables: Record<string, unknown> }
      sent.push({ op: operationName, variables })
      const id = String(variables.id)
      if (operationName === 'WhatIfRelease') {
        return Promise.resolve(
          json({ data: { release: { ...editorRelease(id, 1), plan: { id: 'p2', program: { id: 'prog', strategy: { version: 2, escalationPath: [] } } } } } }),
        )
      }
      if (id === 'R2') return Promise.resolve(json({ data: null, errors: [{ message: 'Release R2 changed meanwhile', extensions: { code: 'CONFLICT' } }] }))
      return Promise.resolve(json({ data: { updateRelease: { id, revision: 2, plan: { id: 'p2', status: 'DRAFT', revision: 9 } } } }))
    })
    const schedule = [{ tier: 'PROD', start: '2027-01-12T02:00:00.000Z', end: '2027-01-12T06:00:00.000Z', environmentId: null }]
    const progress: number[] = []
    const outcome = await applyMutations(
      [
        { releaseId: 'R1', planId: 'p2', expectedRevision: 1, schedule },
        { releaseId: 'R2', planId: 'p2', expectedRevision: 3, schedule },
        { releaseId: 'R3', planId: 'p2', expectedRevision: 1, schedule },
      ],
      (n) => progress.push(n),
    )
    expect(outcome.applied).toEqual([{ releaseId: 'R1', planId: 'p2', planStatus: 'DRAFT' }])
    expect(outcome.failed?.releaseId).toBe('R2')
    expect(outcome.failed?.error.code).toBe('CONFLICT')
    expect(outcome.notTried).toEqual(['R3'])
    expect(progress).toEqual([1])
    // in order, each update with the revision the scenario was read at (not the one read again)
    expect(sent.map((x) => `${x.op}:${String(x.variables.id)}`)).toEqual([
      'WhatIfRelease:R1',
      'WhatIfUpdateRelease:R1',
      'WhatIfRelease:R2',
      'WhatIfUpdateRelease:R2',
    ])
    expect(sent[3]?.variables.expectedRevision).toBe(3)
    expect((sent[1]?.variables.input as { schedule: unknown }).schedule).toEqual([
      { tier: 'PROD', environmentId: null, start: '2027-01-12T02:00:00.000Z', end: '2027-01-12T06:00:00.000Z' },
    ])
  })
})
