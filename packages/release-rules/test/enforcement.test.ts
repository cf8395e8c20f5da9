import { describe, expect, it } from 'vitest'
import {
  DEPLOYMENT_BLOCKER_ORDER,
  WAIVABLE_BLOCKER_CODES,
  defaultEnforcement,
  effectiveEnforcement,
  exceptionWaives,
  isWaivableBlocker,
  validateEnforcement,
  validateExceptionRequest,
} from '../src/index.ts'
import type { DeploymentExceptionSpec } from '../src/index.ts'

const PATH = ['DEV', 'TEST', 'UAT', 'PROD']

describe('deploy enforcement tiers', () => {
  it('default: the last tier of the promotion path, for both', () => {
    expect(defaultEnforcement(PATH)).toEqual({ windowTiers: ['PROD'], readinessTiers: ['PROD'] })
    expect(defaultEnforcement([])).toEqual({ windowTiers: [], readinessTiers: [] })
    expect(effectiveEnforcement({ promotionPath: PATH })).toEqual({ windowTiers: ['PROD'], readinessTiers: ['PROD'] })
    expect(effectiveEnforcement({ promotionPath: PATH, enforcement: null })).toEqual({ windowTiers: ['PROD'], readinessTiers: ['PROD'] })
    // an explicit empty list enforces nothing (it is not "omitted")
    expect(effectiveEnforcement({ promotionPath: PATH, enforcement: { windowTiers: [], readinessTiers: ['UAT'] } })).toEqual({
      windowTiers: [],
      readinessTiers: ['UAT'],
    })
  })

  it('validation: omitted means the default', () => {
    expect(validateEnforcement(undefined, PATH)).toEqual({ value: { windowTiers: ['PROD'], readinessTiers: ['PROD'] }, errors: [] })
    expect(validateEnforcement(null, PATH).errors).toEqual([])
  })

  it('validation: tiers must be on the path, once each; the value is trimmed and in path order', () => {
    expect(validateEnforcement({ windowTiers: ['PROD', ' UAT '], readinessTiers: [] }, PATH)).toEqual({
      value: { windowTiers: ['UAT', 'PROD'], readinessTiers: [] },
      errors: [],
    })
    const r = validateEnforcement({ windowTiers: ['PROD', 'STAGING', 'PROD'], readinessTiers: ['', 'QA'] }, PATH)
    expect(r.errors).toEqual([
      { path: ['input', 'enforcement', 'windowTiers', 1], message: "'STAGING' is not a tier of the promotion path DEV → TEST → UAT → PROD" },
      { path: ['input', 'enforcement', 'windowTiers', 2], message: "'PROD' is listed twice" },
      { path: ['input', 'enforcement', 'readinessTiers', 0], message: 'tier must not be empty' },
      { path: ['input', 'enforcement', 'readinessTiers', 1], message: "'QA' is not a tier of the promotion path DEV → TEST → UAT → PROD" },
    ])
    expect(validateEnforcement({ windowTiers: ['X'], readinessTiers: [] }, PATH, ['strategy', 'enforcement']).errors[0]?.path).toEqual([
      'strategy',
      'enforcement',
      'windowTiers',
      0,
    ])
  })
})

describe('blocker codes', () => {
  it('only FROZEN, OUTSIDE_WINDOW and ENVIRONMENT_NOT_READY are waivable', () => {
    expect(DEPLOYMENT_BLOCKER_ORDER.filter(isWaivableBlocker)).toEqual(['FROZEN', 'OUTSIDE_WINDOW', 'ENVIRONMENT_NOT_READY'])
    expect(WAIVABLE_BLOCKER_CODES).toHaveLength(3)
    expect(isWaivableBlocker('GATE_UNMET')).toBe(false)
  })
})

describe('exception requests', () => {
  const ok = { tier: 'PROD', waives: ['FROZEN'], start: '2027-03-13T00:00:00Z', end: '2027-03-14T00:00:00Z', justification: 'Security fix for CVE-2027-1234' }

  it('a complete request has no problems', () => {
    expect(validateExceptionRequest(ok, PATH)).toEqual([])
  })

  it('names every problem with its field path', () => {
    const errors = validateExceptionRequest(
      { tier: 'QA', waives: ['GATE_UNMET', 'FROZEN', 'FROZEN'], start: '2027-03-14T00:00:00Z', end: '2027-03-13T00:00:00Z', justification: '  ' },
      PATH,
    )
    expect(errors.map((e) => e.path.join('.'))).toEqual(['input.tier', 'input.waives.0', 'input.waives.2', 'input.end', 'input.justification'])
    expect(errors[1]?.message).toMatch(/GATE_UNMET cannot be waived/)
    expect(validateExceptionRequest({ ...ok, waives: [] }, PATH)[0]).toEqual({ path: ['input', 'waives'], message: expect.stringMatching(/at least one/) })
    expect(validateExceptionRequest({ ...ok, start: 'tomorrow' }, PATH, []).map((e) => e.path)).toEqual([['start']])
  })
})

describe('exceptionWaives', () => {
  const e: DeploymentExceptionSpec = {
    id: 'ex-1',
    releaseId: 'rel-1',
    tier: 'PROD',
    waives: ['FROZEN', 'GATE_UNMET'],
    start: '2027-03-13T00:00:00Z',
    end: '2027-03-14T00:00:00Z',
    status: 'APPROVED',
  }
  const at = Date.parse('2027-03-13T12:00:00Z')

  it('only an approved exception of the release and tier, covering the instant, for a waivable code it names', () => {
    expect(exceptionWaives(e, 'rel-1', 'PROD', 'FROZEN', at)).toBe(true)
    expect(exceptionWaives(e, 'rel-1', 'PROD', 'FROZEN', Date.parse(e.start))).toBe(true)
    expect(exceptionWaives(e, 'rel-1', 'PROD', 'FROZEN', Date.parse(e.end))).toBe(false)
    expect(exceptionWaives(e, 'rel-1', 'PROD', 'OUTSIDE_WINDOW', at)).toBe(false)
    expect(exceptionWaives(e, 'rel-1', 'PROD', 'GATE_UNMET', at)).toBe(false)
    expect(exceptionWaives(e, 'rel-2', 'PROD', 'FROZEN', at)).toBe(false)
    expect(exceptionWaives(e, 'rel-1', 'TEST', 'FROZEN', at)).toBe(false)
    expect(exceptionWaives({ ...e, status: 'PENDING' }, 'rel-1', 'PROD', 'FROZEN', at)).toBe(false)
    expect(exceptionWaives({ ...e, status: 'REJECTED' }, 'rel-1', 'PROD', 'FROZEN', at)).toBe(false)
  })
})
