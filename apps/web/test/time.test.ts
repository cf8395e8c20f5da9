import { describe, expect, it } from 'vitest'
import { formatInstant, fromLocalInput, toLocalInput, todayIn, zoneAbbreviation, zoneOffsetMs } from '../src/lib/time.ts'
import { fieldErrorMap, pathKey, ApiError } from '../src/api/client.ts'
import { matchPath } from '../src/router.tsx'

const LA = 'America/Los_Angeles'

describe('wall-clock conversion in a time zone', () => {
  it('reads an instant as local wall-clock time, with DST', () => {
    expect(toLocalInput('2027-01-15T18:00:00Z', LA)).toBe('2027-01-15T10:00') // PST, UTC-8
    expect(toLocalInput('2027-07-15T17:00:00Z', LA)).toBe('2027-07-15T10:00') // PDT, UTC-7
    expect(toLocalInput('', LA)).toBe('')
  })

  it('turns local wall-clock time back into the instant', () => {
    expect(fromLocalInput('2027-01-15T10:00', LA)).toBe('2027-01-15T18:00:00.000Z')
    expect(fromLocalInput('2027-07-15T10:00', LA)).toBe('2027-07-15T17:00:00.000Z')
    expect(fromLocalInput('2027-03-14T01:30', LA)).toBe('2027-03-14T09:30:00.000Z') // just before the change
    expect(fromLocalInput('2027-03-14T03:30', LA)).toBe('2027-03-14T10:30:00.000Z') // just after
    expect(fromLocalInput('not a time', LA)).toBe('')
  })

  it('round-trips every hour of a DST week', () => {
    for (let h = 0; h < 24 * 7; h++) {
      const ms = Date.parse('2027-11-01T00:00:00Z') + h * 3_600_000
      const local = toLocalInput(new Date(ms).toISOString(), LA)
      const back = Date.parse(fromLocalInput(local, LA))
      // the repeated hour (fall back) is ambiguous: either reading is acceptable
      expect(Math.abs(back - ms) === 0 || Math.abs(back - ms) === 3_600_000).toBe(true)
    }
  })

  it('knows offsets and today in the zone', () => {
    expect(zoneOffsetMs(Date.parse('2027-01-15T18:00:00Z'), LA)).toBe(-8 * 3_600_000)
    expect(zoneOffsetMs(Date.parse('2027-01-15T18:00:00Z'), 'UTC')).toBe(0)
    expect(todayIn(LA, Date.parse('2027-01-16T05:00:00Z'))).toBe('2027-01-15')
  })
})

describe('field errors and routes', () => {
  it('maps extensions.fieldErrors paths to input keys', () => {
    const e = ApiError.fromErrors([
      {
        message: 'Invalid input',
        extensions: {
          code: 'BAD_USER_INPUT',
          fieldErrors: [
            { path: ['input', 'schedule', 1, 'end'], message: 'End must be after start' },
            { path: ['input', 'version'], message: 'Not semver' },
            { path: ['input', 'version'], message: 'Required' },
          ],
        },
      },
    ])
    expect(e.code).toBe('BAD_USER_INPUT')
    const map = fieldErrorMap(e)
    expect(map.get('input.schedule.1.end')).toBe('End must be after start')
    expect(map.get('input.version')).toBe('Not semver Required')
    expect(pathKey(['input', 'steps', 0, 'title'])).toBe('input.steps.0.title')
    expect(fieldErrorMap(null).size).toBe(0)
  })

  it('matches route patterns with params', () => {
    expect(matchPath('/plans/:id', '/plans/abc%20d')).toEqual({ id: 'abc d' })
    expect(matchPath('/plans/:id', '/plans')).toBeNull()
    expect(matchPath('/', '/')).toEqual({})
    expect(matchPath('/plans/new', '/plans/new/')).toEqual({})
  })
})

describe('formatInstant: the one way a time is shown', () => {
  it('labels the time with its zone’s abbreviation, with DST', () => {
    expect(formatInstant('2027-01-15T18:00:00Z', LA)).toBe('Jan 15, 2027, 10:00 AM PST')
    expect(formatInstant('2027-07-15T17:00:00Z', LA)).toBe('Jul 15, 2027, 10:00 AM PDT')
    expect(formatInstant(Date.UTC(2027, 0, 15, 18), 'UTC')).toBe('Jan 15, 2027, 6:00 PM UTC')
    expect(formatInstant('not a time', LA)).toBe('not a time')
  })
  it('names zones without an English abbreviation by their offset', () => {
    expect(zoneAbbreviation(Date.UTC(2027, 0, 15), 'Europe/Berlin')).toBe('GMT+1')
    expect(zoneAbbreviation(Date.UTC(2027, 6, 15), 'Europe/Berlin')).toBe('GMT+2')
  })
})
