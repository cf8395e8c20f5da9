import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { SCENARIO_PREFIX, decodeScenario, encodeScenario, normalizeScenario, scenarioProblems, shiftInstant } from '../src/scenario.rules.ts'
import type { Scenario, ScenarioEdit } from '../src/scenario.rules.ts'
import { LA, local } from './fixtures.ts'

const id = fc.oneof(
  fc.uuid(),
  fc.string({ minLength: 1, maxLength: 40 }).filter((s) => s.trim() !== ''),
)
const shift = fc.record({ days: fc.integer({ min: -3660, max: 3660 }), minutes: fc.integer({ min: -100_000, max: 100_000 }) }, { requiredKeys: [] })
const instant = fc.integer({ min: Date.UTC(2000, 0, 1), max: Date.UTC(2100, 0, 1) })
const tier = fc.constantFrom('DEV', 'TEST', 'UAT', 'PROD', 'Pré-prod ✓', 'a/b?c=d&e')
const edit: fc.Arbitrary<ScenarioEdit> = fc.oneof(
  fc.record({ kind: fc.constant('MOVE_RELEASE' as const), releaseId: id, shift }),
  fc.record({ kind: fc.constant('MOVE_RELEASE' as const), releaseId: id, shift, tiers: fc.uniqueArray(tier, { minLength: 1, maxLength: 4 }) }),
  fc.record({ kind: fc.constant('SHIFT_PLAN' as const), planId: id, shift }),
  fc.record({
    kind: fc.constant('SET_WINDOWS' as const),
    releaseId: id,
    windows: fc.uniqueArray(
      fc
        .tuple(tier, instant, fc.integer({ min: 1, max: 10 ** 9 }))
        .map(([t, s, len]) => ({ tier: t, start: new Date(s).toISOString(), end: new Date(s + len).toISOString() })),
      { minLength: 1, maxLength: 4, selector: (w) => w.tier },
    ),
  }),
)
const scenario: fc.Arbitrary<Scenario> = fc.record({ name: fc.string({ maxLength: 30 }), edits: fc.array(edit, { maxLength: 8 }) }, { requiredKeys: ['edits'] })

describe('encodeScenario / decodeScenario', () => {
  it('round-trips every well-formed scenario, through a URL-safe string', () => {
    fc.assert(
      fc.property(scenario, (s) => {
        const text = encodeScenario(s)
        expect(text.startsWith(SCENARIO_PREFIX)).toBe(true)
        expect(text).toMatch(/^[A-Za-z0-9._~-]+$/)
        expect(encodeURIComponent(text)).toBe(text)
        expect(decodeScenario(text)).toEqual({ ok: true, scenario: normalizeScenario(s) })
      }),
    )
  })

  it('is compact and legible: a one-release move keeps its UUID as it is', () => {
    const text = encodeScenario({ edits: [{ kind: 'MOVE_RELEASE', releaseId: '0b7c6a4e-3f1d-4c2e-9a8b-7c6d5e4f3a2b', shift: { days: 3 } }] })
    expect(text).toBe('w1~~m.0b7c6a4e-3f1d-4c2e-9a8b-7c6d5e4f3a2b.3.0')
    expect(encodeScenario({ name: 'Slip a week', edits: [{ kind: 'SHIFT_PLAN', planId: 'p1', shift: { days: -7, minutes: 30 } }] })).toBe(
      'w1~Slip_20a_20week~p.p1.-7.30',
    )
  })

  it('keeps instants to the millisecond and normalizes offsets to UTC', () => {
    const s: Scenario = {
      edits: [{ kind: 'SET_WINDOWS', releaseId: 'r', windows: [{ tier: 'PROD', start: '2027-03-09T09:00:00.123-08:00', end: '2027-03-09T17:00:00-08:00' }] }],
    }
    const decoded = decodeScenario(encodeScenario(s))
    expect(decoded).toEqual({
      ok: true,
      scenario: {
        edits: [{ kind: 'SET_WINDOWS', releaseId: 'r', windows: [{ tier: 'PROD', start: '2027-03-09T17:00:00.123Z', end: '2027-03-10T01:00:00.000Z' }] }],
      },
    })
  })

  it('never throws on arbitrary text, and refuses what is not a scenario with a plain message', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.string(),
          fc.string().map((s) => SCENARIO_PREFIX + s),
        ),
        (text) => {
          const r = decodeScenario(text)
          if (!r.ok) expect(r.message).toMatch(/^This what-if link cannot be read: /)
        },
      ),
    )
    expect(decodeScenario('hello')).toEqual({ ok: false, message: 'This what-if link cannot be read: it is not a scenario.' })
    expect(decodeScenario('w1~~m.r.1')).toEqual({ ok: false, message: 'This what-if link cannot be read: it is damaged.' })
    expect(decodeScenario('w1~~m.r.01.0').ok).toBe(false) // numbers are written canonically
    expect(decodeScenario('w1~~x.r.1.0').ok).toBe(false)
    expect(decodeScenario('w1~~m.r_zz.1.0').ok).toBe(false) // a broken escape
    expect(decodeScenario('w1~~m.r_C3.1.0').ok).toBe(false) // not UTF-8
    expect(decodeScenario('w1~~w.r.PROD.a.5')).toEqual({ ok: false, message: 'This what-if link cannot be read: the end must be after the start.' })
    expect(decodeScenario('w1~~m.r.9999.0')).toEqual({
      ok: false,
      message: 'This what-if link cannot be read: days must be a whole number from −3660 to 3660.',
    })
    expect(decodeScenario('w1~Slip_20a_20week~p.plan-1.7.0')).toEqual({
      ok: true,
      scenario: { name: 'Slip a week', edits: [{ kind: 'SHIFT_PLAN', planId: 'plan-1', shift: { days: 7, minutes: 0 } }] },
    })
    expect(decodeScenario('w1~')).toEqual({ ok: true, scenario: { edits: [] } })
    expect(decodeScenario(SCENARIO_PREFIX + 'A'.repeat(20_000))).toEqual({ ok: false, message: 'This what-if link cannot be read: it is too long.' })
  })

  it('encodeScenario refuses a malformed scenario', () => {
    expect(() => encodeScenario({ edits: [{ kind: 'MOVE_RELEASE', releaseId: '', shift: { days: 1 } }] })).toThrow(RangeError)
  })
})

describe('scenarioProblems', () => {
  it('names the field of each problem', () => {
    expect(
      scenarioProblems({
        edits: [
          { kind: 'MOVE_RELEASE', releaseId: 'r', shift: { days: 1, minutes: 0.5 }, tiers: [] },
          {
            kind: 'SET_WINDOWS',
            releaseId: 'r',
            windows: [
              { tier: 'PROD', start: '2027-03-09T10:00:00Z', end: '2027-03-09T09:00:00Z' },
              { tier: 'PROD', start: 'x', end: 'y' },
            ],
          },
          { kind: 'RENAME' },
        ],
      }).map((p) => p.path),
    ).toEqual([
      ['edits', 0, 'shift', 'minutes'],
      ['edits', 0, 'tiers'],
      ['edits', 1, 'windows', 0, 'end'],
      ['edits', 1, 'windows', 1, 'tier'],
      ['edits', 1, 'windows', 1, 'start'],
      ['edits', 1, 'windows', 1, 'end'],
      ['edits', 2, 'kind'],
    ])
    expect(scenarioProblems({ edits: Array.from({ length: 101 }, () => ({ kind: 'SHIFT_PLAN', planId: 'p', shift: {} })) })).toHaveLength(1)
    expect(scenarioProblems(null)).toHaveLength(1)
  })
})

describe('shiftInstant', () => {
  it('moves days in local time and minutes in absolute time', () => {
    expect(shiftInstant(local('2027-03-09T09:00'), { days: 7 }, LA)).toBe(local('2027-03-16T09:00'))
    expect(shiftInstant(local('2027-03-09T09:00'), { minutes: 7 * 1440 }, LA)).toBe(local('2027-03-16T10:00'))
    expect(shiftInstant('2027-03-09T09:00:00Z', { days: -1, minutes: 30 }, 'UTC')).toBe('2027-03-08T09:30:00.000Z')
  })
})
