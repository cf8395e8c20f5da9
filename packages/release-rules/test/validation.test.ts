import { describe, expect, it } from 'vitest'
import { isValidDate, isValidInstant, isValidSemver, isValidSemverRange, isValidTimeZone, parseRRule, satisfiesRequirement } from '../src/index.ts'

describe('isValidTimeZone', () => {
  it.each(['America/Los_Angeles', 'Europe/London', 'Australia/Sydney', 'UTC', 'Asia/Kolkata'])('accepts %s', (tz) => {
    expect(isValidTimeZone(tz)).toBe(true)
  })
  it.each(['', 'Mars/Olympus', 'Pacific Time', 'PST', 'EST5EDT', '+05:00', '-08:00', ' America/Los_Angeles', 'America/Los_Angeles '])('rejects %j', (tz) => {
    expect(isValidTimeZone(tz)).toBe(false)
  })
})

describe('parseRRule', () => {
  it.each([
    'FREQ=MONTHLY;BYDAY=2TU',
    'RRULE:FREQ=MONTHLY;BYDAY=2TU',
    'rrule:freq=weekly;byday=fr',
    'FREQ=WEEKLY;INTERVAL=2;BYDAY=MO,WE,FR',
    'FREQ=MONTHLY;BYDAY=-1FR',
    'FREQ=MONTHLY;BYMONTHDAY=-1',
    'FREQ=YEARLY;BYMONTH=12;BYMONTHDAY=24',
    'FREQ=YEARLY;BYWEEKNO=20;BYDAY=MO',
    'FREQ=DAILY;COUNT=10',
    'FREQ=DAILY;UNTIL=20271231',
    'FREQ=DAILY;UNTIL=20271231T235959Z',
    'FREQ=MONTHLY;BYDAY=MO,TU,WE,TH,FR;BYSETPOS=-1',
    'FREQ=WEEKLY;WKST=SU;BYDAY=SA',
    'FREQ=DAILY;BYHOUR=8,17;BYMINUTE=0;BYSECOND=0',
  ])('accepts %s', (rule) => {
    expect(parseRRule(rule)).toEqual({ ok: true })
  })

  it.each([
    ['', /empty/i],
    ['garbage', /NAME=VALUE/],
    ['FREQ=FORTNIGHTLY', /Unknown FREQ/],
    ['BYDAY=MO', /FREQ is required/],
    ['FREQ=DAILY;FOO=1', /Unknown rule part 'FOO'/],
    ['FREQ=DAILY;FREQ=WEEKLY', /more than once/],
    ['FREQ=WEEKLY;INTERVAL=0', /INTERVAL must be a positive integer/],
    ['FREQ=DAILY;COUNT=abc', /COUNT must be a positive integer/],
    ['FREQ=DAILY;COUNT=0', /COUNT/],
    ['FREQ=DAILY;COUNT=3;UNTIL=20271231', /UNTIL and COUNT/],
    ['FREQ=DAILY;UNTIL=20270230', /UNTIL/],
    ['FREQ=DAILY;UNTIL=tomorrow', /UNTIL/],
    ['FREQ=DAILY;BYHOUR=25', /BYHOUR value 25 is out of range/],
    ['FREQ=MONTHLY;BYMONTHDAY=40', /BYMONTHDAY value 40/],
    ['FREQ=MONTHLY;BYMONTHDAY=0', /BYMONTHDAY value 0/],
    ['FREQ=YEARLY;BYMONTH=13', /BYMONTH value 13/],
    ['FREQ=WEEKLY;BYDAY=XX', /BYDAY value 'XX'/],
    ['FREQ=WEEKLY;BYDAY=2TU', /only allowed with FREQ=MONTHLY or FREQ=YEARLY/],
    ['FREQ=MONTHLY;BYDAY=6TU', /ordinal/],
    ['FREQ=WEEKLY;BYMONTHDAY=1', /BYMONTHDAY is not allowed with FREQ=WEEKLY/],
    ['FREQ=MONTHLY;BYWEEKNO=1', /BYWEEKNO is only allowed with FREQ=YEARLY/],
    ['FREQ=MONTHLY;BYYEARDAY=1', /BYYEARDAY is not allowed/],
    ['FREQ=MONTHLY;BYSETPOS=1', /BYSETPOS needs another/],
    ['FREQ=WEEKLY;WKST=XX', /WKST/],
    ['DTSTART:20270101T000000Z\nRRULE:FREQ=DAILY', /single RRULE line/],
    ['DTSTART=20270101;FREQ=DAILY', /DTSTART/],
    ['FREQ=DAILY;DTSTART=20270101', /DTSTART/],
    ['EXDATE:20270101', /Only an RRULE/],
  ])('rejects %j', (rule, message) => {
    const r = parseRRule(rule)
    expect(r.ok).toBe(false)
    if (!r.ok) expect(r.message).toMatch(message)
  })
})

describe('semver', () => {
  it.each(['1.2.3', '0.0.0', '2.4.0-rc.1', '1.0.0+build.7', '10.20.30-alpha.1+meta'])('isValidSemver(%s) is true', (v) => {
    expect(isValidSemver(v)).toBe(true)
  })
  it.each(['v1.2.3', '=1.2.3', '1.2', '1', '01.2.3', '1.2.3.4', ' 1.2.3', '1.2.3 ', '', 'latest', '1.2.3-'])('isValidSemver(%j) is false', (v) => {
    expect(isValidSemver(v)).toBe(false)
  })
  it.each(['>=17 <18', '^2.4.0', '~1.2', '1.x || 2.x', '*', '1.2.3', '>=1.0.0-rc.1'])('isValidSemverRange(%s) is true', (r) => {
    expect(isValidSemverRange(r)).toBe(true)
  })
  it.each(['', '   ', 'latest', 'on', '>=banana', '1.2.3 - '])('isValidSemverRange(%j) is false', (r) => {
    expect(isValidSemverRange(r)).toBe(false)
  })
})

describe('satisfiesRequirement', () => {
  it.each([
    ['17.2', '>=17 <18', true],
    ['16.1', '>=17 <18', false],
    ['18.0', '>=17 <18', false],
    ['on', 'on', true],
    ['off', 'on', false],
    ['ON', 'on', false],
    ['2.4.1', '^2.4.0', true],
    ['3.0.0', '^2.4.0', false],
    ['v2.5.0', '^2.4.0', true],
    ['17', '>=17 <18', true],
    ['17.3.0-rc.1', '>=17 <18', true],
    ['18.0.0-beta.1', '>=17 <18', false],
    ['postgres', '>=17 <18', false],
    ['17.2', '17.2', true],
    ['17.2.0', '17.2.0', true],
    ['17.2.1', '17.2.0', false],
    ['abc17', '>=17', false],
    ['true', 'yes', false],
  ] as const)('(%j, %j) → %s', (actual, expected, result) => {
    expect(satisfiesRequirement(actual, expected)).toBe(result)
  })
})

describe('dates and instants', () => {
  it.each([
    ['2027-03-09', true],
    ['2028-02-29', true],
    ['2027-02-29', false],
    ['2027-13-01', false],
    ['2027-04-31', false],
    ['2027-3-9', false],
    ['2027-03-09T00:00:00Z', false],
    ['', false],
  ] as const)('isValidDate(%j) → %s', (d, ok) => {
    expect(isValidDate(d)).toBe(ok)
  })

  it.each([
    ['2027-03-09T18:00:00Z', true],
    ['2027-03-09T18:00:00.000Z', true],
    ['2027-03-09T10:00:00-08:00', true],
    ['2027-03-09T23:30:00+05:30', true],
    ['2027-03-09T18:00Z', true],
    ['2027-03-09T18:00:00.123456Z', true],
    ['2027-03-09T18:00:00', false],
    ['2027-03-09', false],
    ['2027-02-30T00:00:00Z', false],
    ['2027-03-09T24:00:00Z', false],
    ['2027-03-09T18:61:00Z', false],
    ['2027-03-09 18:00:00Z', false],
    ['next tuesday', false],
  ] as const)('isValidInstant(%j) → %s', (s, ok) => {
    expect(isValidInstant(s)).toBe(ok)
  })
})
