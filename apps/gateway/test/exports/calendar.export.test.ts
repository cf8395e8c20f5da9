import ICAL from 'ical.js'
import { describe, expect, it } from 'vitest'
import { formatCalendar, icsRecurrence } from '../../src/exports/calendar.export.ts'
import { vtimezoneComponent } from '../../src/exports/vtimezone.ts'
import { LA, calendarData } from './fixtures.ts'

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
