import fc from 'fast-check'
import ICAL from 'ical.js'
import { DateTime } from 'luxon'
import { describe, expect, it } from 'vitest'
import { formatCalendar, icsRecurrence } from '../../src/exports/calendar.export.ts'
import { vtimezoneComponent } from '../../src/exports/vtimezone.ts'
import { freezeOccurrences } from '@railyard/release-rules'
import type { CalendarData, FreezeWindowData } from '../../src/exports/export-data.ts'
import { LA, calendarData, laterWeeklyFreeze, monthEndFreeze, saturdayNightFreeze, weekendFreeze, yearEndFreeze } from './fixtures.ts'

const OPTS = { from: '2026-09-01', to: '2027-08-31', now: '2026-08-15T12:00:00Z', url: 'https://railyard.example.gov/calendar/WA-DSP.ics' }

function parse(ics: string) {
  const cal = new ICAL.Component(ICAL.parse(ics))
  for (const tz of cal.getAllSubcomponents('vtimezone')) ICAL.TimezoneService.register(tz)
  const events = cal.getAllSubcomponents('vevent').map((c) => ({ component: c, event: new ICAL.Event(c) }))
  return { cal, events, byUid: new Map(events.map((e) => [e.event.uid, e])) }
}

describe('calendar feed (RFC 5545)', () => {
  const ics = formatCalendar(calendarData, OPTS)
  const { cal, events, byUid } = parse(ics)

  it('names the calendar and lists cycles, code freezes, freezes and approved production windows with stable UIDs', () => {
    expect(cal.getFirstPropertyValue('x-wr-calname')).toBe('Washington Digital Services Program (WA-DSP) releases')
    expect(cal.getFirstPropertyValue('version')).toBe('2.0')
    expect(events).toHaveLength(7)
    expect([...byUid.keys()].sort()).toEqual(
      [
        'cycle-WA-DSP:2026-10-13@railyard',
        'cycle-WA-DSP:2026-11-10@railyard',
        'codefreeze-WA-DSP:2026-10-13@railyard',
        'codefreeze-WA-DSP:2026-11-10@railyard',
        'freeze-fw-weekend@railyard',
        'freeze-fw-year-end@railyard',
        'release-rel-1-prod@railyard',
      ].sort(),
    )
    // the same data gives the same feed (UIDs and DTSTAMP do not change between refreshes)
    expect(formatCalendar(calendarData, OPTS)).toBe(ics)
  })

  it('writes cycles and code freezes as all-day events', () => {
    const cycle = byUid.get('cycle-WA-DSP:2026-10-13@railyard')!.event
    expect(cycle.startDate.isDate).toBe(true)
    expect(cycle.startDate.toString()).toBe('2026-10-13')
    expect(cycle.endDate.toString()).toBe('2026-10-14')
    expect(cycle.summary).toBe('WA-DSP release: Release 2026-10-13')
    const freeze = byUid.get('codefreeze-WA-DSP:2026-10-13@railyard')!.event
    expect(freeze.startDate.isDate).toBe(true)
    expect(freeze.startDate.toString()).toBe('2026-10-06')
  })

  it('writes a recurring freeze with its RRULE and TZID, in local time', () => {
    const { component, event } = byUid.get('freeze-fw-weekend@railyard')!
    const dtstart = component.getFirstProperty('dtstart')!
    expect(dtstart.getParameter('tzid')).toBe(LA)
    expect(event.startDate.toString()).toBe('2026-07-17T17:00:00')
    expect(event.endDate.toString()).toBe('2026-07-20T08:00:00')
    expect(String(component.getFirstPropertyValue('rrule'))).toBe('FREQ=WEEKLY')
    expect(event.summary).toBe('Freeze: Weekend production freeze (PROD)')
    expect(event.description).toContain('No production changes outside staffed hours')
  })

  it('keeps the weekly freeze at 17:00 local after the daylight-saving change (ical.js expansion)', () => {
    const { event } = byUid.get('freeze-fw-weekend@railyard')!
    const it = event.iterator()
    const occurrences: ICAL.Time[] = []
    for (let next = it.next(); next && occurrences.length < 30; next = it.next()) occurrences.push(next)
    const summer = occurrences.find((t) => t.toString() === '2026-10-30T17:00:00')
    const winter = occurrences.find((t) => t.toString() === '2026-11-06T17:00:00')
    expect(summer, 'the last Friday before the change').toBeDefined()
    expect(winter, 'the first Friday after the change').toBeDefined()
    // 17:00 PDT is 00:00Z; 17:00 PST is 01:00Z: same wall clock, different instant
    expect(summer!.toJSDate().toISOString()).toBe('2026-10-31T00:00:00.000Z')
    expect(winter!.toJSDate().toISOString()).toBe('2026-11-07T01:00:00.000Z')
    const details = event.getOccurrenceDetails(winter!)
    expect(details.endDate.toString()).toBe('2026-11-09T08:00:00')
    expect(details.endDate.toJSDate().toISOString()).toBe('2026-11-09T16:00:00.000Z')
  })

  it('includes a VTIMEZONE for every TZID it uses', () => {
    const zones = cal.getAllSubcomponents('vtimezone').map((z) => z.getFirstPropertyValue('tzid'))
    expect(zones).toEqual([LA])
  })

  it('shows approved plans’ production windows only, cancelled releases and other plans left out', () => {
    const { event, component } = byUid.get('release-rel-1-prod@railyard')!
    expect(event.summary).toBe('DOH Immunization registry, phase 2 2.4.0 → PROD')
    expect(event.location).toBe('doh-prod')
    expect(component.getFirstProperty('dtstart')!.getParameter('tzid')).toBe(LA)
    expect(event.startDate.toJSDate().toISOString()).toBe('2026-10-14T01:00:00.000Z')
    expect(event.startDate.toString()).toBe('2026-10-13T18:00:00')
    expect(byUid.has('release-rel-cancelled-prod@railyard')).toBe(false)
    expect(byUid.has('release-rel-draft-prod@railyard')).toBe(false)
  })

  it('leaves out what falls outside the range', () => {
    const { byUid: narrow } = parse(formatCalendar(calendarData, { ...OPTS, from: '2026-11-01', to: '2026-11-30' }))
    expect(narrow.has('release-rel-1-prod@railyard')).toBe(false) // 2026-10-13
    expect(narrow.has('freeze-fw-year-end@railyard')).toBe(false) // starts 2026-12-18
    expect(narrow.has('freeze-fw-weekend@railyard')).toBe(true) // recurs into November
  })

  it('turns a floating UNTIL into UTC for a TZID start (RFC 5545 §3.3.10)', () => {
    expect(icsRecurrence('FREQ=WEEKLY;UNTIL=20270101T000000', LA)).toBe('RRULE:FREQ=WEEKLY;UNTIL=20270101T080000Z')
    expect(icsRecurrence('RRULE:FREQ=WEEKLY;UNTIL=20270101T000000Z', LA)).toBe('RRULE:FREQ=WEEKLY;UNTIL=20270101T000000Z')
    expect(icsRecurrence('freq=daily;until=20270315', LA)).toBe('RRULE:FREQ=DAILY;UNTIL=20270315T070000Z')
  })
})

describe('VTIMEZONE generation', () => {
  it('writes yearly rules for zones that still switch', () => {
    const la = vtimezoneComponent(LA, 2025, 2035)!
    expect(la).toContain('RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=2SU')
    expect(la).toContain('RRULE:FREQ=YEARLY;BYMONTH=11;BYDAY=1SU')
    const berlin = vtimezoneComponent('Europe/Berlin', 2025, 2035)!
    expect(berlin).toContain('RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU')
    expect(berlin).toContain('RRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU')
    expect(berlin).toMatch(/DTSTART:20251026T030000\r\nRRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU\r\nTZOFFSETFROM:\+0200\r\nTZOFFSETTO:\+0100/)
  })

  it('writes one fixed observance for zones without changes, and null for unknown zones', () => {
    const tokyo = vtimezoneComponent('Asia/Tokyo', 2025, 2035)!
    expect(tokyo).toContain('TZOFFSETFROM:+0900\r\nTZOFFSETTO:+0900')
    expect(tokyo).not.toContain('RRULE')
    expect(vtimezoneComponent('Mars/Olympus_Mons', 2025, 2035)).toBeNull()
  })

  it('resolves local times through ical.js in a southern-hemisphere zone', () => {
    const vtz = new ICAL.Component(ICAL.parse(vtimezoneComponent('Australia/Sydney', 2025, 2035)!))
    const zone = new ICAL.Timezone(vtz)
    // January is daylight time (+11), July standard time (+10)
    const jan = ICAL.Time.fromData({ year: 2031, month: 1, day: 15, hour: 12, minute: 0 }, zone)
    const jul = ICAL.Time.fromData({ year: 2031, month: 7, day: 15, hour: 12, minute: 0 }, zone)
    expect(jan.toJSDate().toISOString()).toBe('2031-01-15T01:00:00.000Z')
    expect(jul.toJSDate().toISOString()).toBe('2031-07-15T02:00:00.000Z')
  })
})

/**
 * A strict RFC 5545 reader built on ical.js: ical.js parses the feed, resolves TZIDs through the
 * feed's VTIMEZONEs and expands RRULEs; each instance's end follows RFC 5545 §3.8.5.3/§3.3.6 —
 * DTEND gives every instance the same EXACT duration as the first; DURATION adds its days as
 * nominal days (same local time), then its hours, minutes and seconds exactly. (ical.js itself
 * adds any duration to the local clock, a lenient reading; the two must agree with the truth.)
 */
function strictOccurrences(ics: string, rangeStart: number, rangeEnd: number): Map<string, { start: number; end: number; lenientEnd: number }[]> {
  const cal = new ICAL.Component(ICAL.parse(ics))
  for (const tz of cal.getAllSubcomponents('vtimezone')) ICAL.TimezoneService.register(tz)
  const out = new Map<string, { start: number; end: number; lenientEnd: number }[]>()
  for (const c of cal.getAllSubcomponents('vevent')) {
    const event = new ICAL.Event(c)
    const uid = event.uid
    if (!uid.startsWith('freeze-')) continue
    const dtstart = event.startDate
    const dtend = c.getFirstPropertyValue('dtend')
    const duration = c.getFirstPropertyValue('duration')
    const exact = dtend instanceof ICAL.Time ? dtend.toUnixTime() - dtstart.toUnixTime() : null
    const starts: ICAL.Time[] = []
    if (event.isRecurring()) {
      const it = event.iterator()
      for (let next = it.next(); next && next.toUnixTime() * 1000 < rangeEnd; next = it.next()) starts.push(next)
    } else starts.push(dtstart)
    for (const s of starts) {
      let end: number
      if (exact !== null) end = s.toUnixTime() + exact
      else if (duration instanceof ICAL.Duration) {
        const t = s.clone()
        t.adjust(duration.weeks * 7 + duration.days, 0, 0, 0)
        end = t.toUnixTime() + duration.hours * 3600 + duration.minutes * 60 + duration.seconds
      } else throw new Error(`${uid}: neither DTEND nor DURATION`)
      const lenient = event.isRecurring() ? event.getOccurrenceDetails(s).endDate : event.endDate
      const occurrence = { start: s.toUnixTime() * 1000, end: end * 1000, lenientEnd: lenient.toUnixTime() * 1000 }
      if (occurrence.start >= rangeEnd || occurrence.end <= rangeStart) continue
      const key = uid.replace(/^freeze-/, '').replace(/(-\d{8}T\d{6}Z)?@railyard$/, '')
      out.set(key, [...(out.get(key) ?? []), occurrence])
    }
  }
  return out
}

describe('the feed means exactly freezeOccurrences to a strict RFC 5545 reader', () => {
  const nightly: FreezeWindowData = {
    id: 'fw-nightly-la',
    name: 'Nightly batch',
    reason: null,
    start: '2026-08-04T05:00:00Z', // Mon 22:00 PDT
    end: '2026-08-04T13:00:00Z', // Tue 06:00 PDT
    timeZone: LA,
    recurrence: 'FREQ=DAILY',
    tiers: [],
  }
  // Sundays 01:30 → 03:00: on 2026-11-01 01:30 happens twice (the first one counts, RFC 5545 §3.3.5)
  const sundayEarly: FreezeWindowData = {
    ...nightly,
    id: 'fw-sunday-early',
    name: 'Sunday early',
    start: '2026-08-02T08:30:00Z',
    end: '2026-08-02T10:00:00Z',
    recurrence: 'FREQ=WEEKLY',
  }
  const windows = [weekendFreeze, yearEndFreeze, laterWeeklyFreeze, saturdayNightFreeze, nightly, sundayEarly, monthEndFreeze]
  const data: CalendarData = { ...calendarData, strategy: { promotionPath: ['DEV', 'TEST', 'PROD'], cadence: { timeZone: LA }, freezeWindows: windows } }
  const from = '2026-09-01'
  const to = '2027-08-31'
  const ics = formatCalendar(data, { ...OPTS, from, to })
  const rangeStart = Date.parse('2026-09-01T07:00:00Z')
  const rangeEnd = Date.parse('2027-09-01T07:00:00Z')
  const read = strictOccurrences(ics, rangeStart, rangeEnd)

  it.each(windows.map((w) => [w.id, w] as const))('%s', (_id, w) => {
    const truth = freezeOccurrences([w], new Date(rangeStart).toISOString(), new Date(rangeEnd).toISOString()).map((o) => ({
      start: Date.parse(o.start),
      end: Date.parse(o.end),
    }))
    const got = (read.get(w.id) ?? []).sort((a, b) => a.start - b.start)
    expect(truth.length).toBeGreaterThan(0)
    expect(got.map(({ start, end }) => ({ start, end }))).toEqual(truth)
    // the lenient reading (ical.js's own) agrees as well
    expect(got.map((o) => o.lenientEnd)).toEqual(truth.map((o) => o.end))
  })

  it('the weekly freeze is one recurring event with a nominal DURATION; windows no rule and duration can say are listed one by one', () => {
    expect(ics).toMatch(
      /UID:freeze-fw-weekend@railyard\r\n[\s\S]*?DTSTART;TZID=America\/Los_Angeles:20260717T170000\r\nDURATION:P2DT15H\r\nRRULE:FREQ=WEEKLY\r\n/,
    )
    expect(ics).toMatch(/UID:freeze-fw-later-weekly@railyard\r\n[\s\S]*?DTSTART;TZID=America\/Los_Angeles:20270203T090000\r\nDURATION:PT2H\r\n/)
    expect(ics).toContain('UID:freeze-fw-year-end@railyard')
    // Saturday 22:00 → Sunday 06:00 is PT8H, but 7 or 9 exact hours on the nights the clocks change
    expect(ics).not.toContain('UID:freeze-fw-saturday-night@railyard')
    expect(ics).toContain('UID:freeze-fw-saturday-night-20270314T060000Z@railyard')
    expect(ics).not.toContain('UID:freeze-fw-nightly-la@railyard')
    // the 1st of the month 00:00 → 01:30 ends at 01:30 on 1 November 2026, a local time that happens twice: one by one, that end in UTC
    expect(ics).not.toContain('UID:freeze-fw-month-start@railyard')
    expect(ics).toMatch(
      /UID:freeze-fw-month-start-20261101T070000Z@railyard\r\n[\s\S]*?DTSTART;TZID=America\/Los_Angeles:20261101T000000\r\nDTEND:20261101T083000Z\r\n/,
    )
  })

  it('in both daylight-saving weeks the weekly freeze ends Monday 08:00 local', () => {
    const weekend = read.get('fw-weekend') ?? []
    const fall = weekend.find((o) => o.start === Date.parse('2026-10-31T00:00:00Z'))
    const spring = weekend.find((o) => o.start === Date.parse('2027-03-13T01:00:00Z'))
    expect(fall?.end).toBe(Date.parse('2026-11-02T16:00:00Z')) // 08:00 PST, 64 hours
    expect(spring?.end).toBe(Date.parse('2027-03-15T15:00:00Z')) // 08:00 PDT, 62 hours
  })

  it('(the reader is strict: with a DTEND instead, it gives 07:00 and 09:00 in those weeks, as RFC 5545 requires)', () => {
    const withDtend = ics.replace('DURATION:P2DT15H', 'DTEND;TZID=America/Los_Angeles:20260720T080000')
    const weekend = strictOccurrences(withDtend, rangeStart, rangeEnd).get('fw-weekend') ?? []
    expect(weekend.find((o) => o.start === Date.parse('2026-10-31T00:00:00Z'))?.end).toBe(Date.parse('2026-11-02T15:00:00Z'))
    expect(weekend.find((o) => o.start === Date.parse('2027-03-13T01:00:00Z'))?.end).toBe(Date.parse('2027-03-15T16:00:00Z'))
  })
})

describe('generated freeze windows (property): the strict and the lenient reading of the feed are freezeOccurrences', () => {
  const zones = [LA, 'Europe/Berlin', 'Australia/Sydney', 'America/New_York', 'Asia/Kolkata']
  const rules = [
    null,
    'FREQ=WEEKLY',
    'FREQ=DAILY',
    'FREQ=WEEKLY;BYDAY=MO,FR',
    'FREQ=MONTHLY',
    'FREQ=MONTHLY;BYDAY=2TU',
    'FREQ=WEEKLY;COUNT=20',
    'FREQ=DAILY;INTERVAL=3',
    'FREQ=YEARLY',
  ]
  const arb = fc.record({
    zone: fc.constantFrom(...zones),
    rule: fc.constantFrom(...rules),
    startDay: fc.integer({ min: -500, max: 300 }),
    startMinute: fc.integer({ min: 0, max: 24 * 4 - 1 }).map((q) => q * 15),
    lengthMinutes: fc.oneof(
      fc.integer({ min: 1, max: 16 }).map((q) => q * 30),
      fc.integer({ min: 1, max: 70 }).map((h) => h * 60),
    ),
  })

  it('for every generated window over a year', () => {
    let listed = 0
    let recurring = 0
    fc.assert(
      fc.property(arb, (c) => {
        if (c.rule?.includes('DAILY') && c.lengthMinutes >= 24 * 60) return
        const first = DateTime.fromISO('2026-09-01T00:00', { zone: c.zone }).plus({ days: c.startDay, minutes: c.startMinute })
        const w: FreezeWindowData = {
          id: 'fw-generated',
          name: 'Generated',
          reason: null,
          start: first.toUTC().toISO() ?? '',
          end: first.plus({ minutes: c.lengthMinutes }).toUTC().toISO() ?? '',
          timeZone: c.zone,
          recurrence: c.rule,
          tiers: [],
        }
        const data: CalendarData = { ...calendarData, strategy: { promotionPath: ['PROD'], cadence: { timeZone: LA }, freezeWindows: [w] } }
        const ics = formatCalendar(data, { ...OPTS, from: '2026-09-01', to: '2027-08-31' })
        const rangeStart = Date.parse('2026-09-01T07:00:00Z')
        const rangeEnd = Date.parse('2027-09-01T07:00:00Z')
        const truth = freezeOccurrences([w], new Date(rangeStart).toISOString(), new Date(rangeEnd).toISOString()).map((o) => ({
          start: Date.parse(o.start),
          end: Date.parse(o.end),
        }))
        const got = (strictOccurrences(ics, rangeStart, rangeEnd).get('fw-generated') ?? []).sort((a, b) => a.start - b.start)
        expect(got.map(({ start, end }) => ({ start, end }))).toEqual(truth)
        expect(got.map((o) => o.lenientEnd)).toEqual(truth.map((o) => o.end))
        if (ics.includes('UID:freeze-fw-generated@railyard') && c.rule) recurring++
        else if (c.rule) listed++
      }),
      { numRuns: 60, seed: 5545 },
    )
    // both ways of writing a recurring freeze are exercised
    expect(recurring).toBeGreaterThan(10)
    expect(listed).toBeGreaterThan(2)
  }, 120_000)
})
