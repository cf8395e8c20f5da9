import { test } from 'vitest'
import { DateTime } from 'luxon'
import { expandCycles, expandFreezeWindow } from '../src/index.ts'
test('x', () => {
  const c = expandCycles('WA', { rule: 'FREQ=MONTHLY;BYDAY=2TU', timeZone: 'America/Los_Angeles', startsOn: '2027-01-01', codeFreezeDaysBefore: 7 }, '2027-01-01', '2027-12-31')
  console.log(c.map(x => x.releaseDate + ' ' + x.codeFreeze).join('\n'))
  const occ = expandFreezeWindow({ id: 'f', name: 'Weekend', start: '2027-01-09T01:00:00.000Z', end: '2027-01-11T16:00:00.000Z', timeZone: 'America/Los_Angeles', recurrence: 'FREQ=WEEKLY', tiers: [] }, { start: '2027-03-01T00:00:00Z', end: '2027-03-25T00:00:00Z' })
  for (const o of occ) console.log(o.start, o.end, DateTime.fromISO(o.start, { zone: 'America/Los_Angeles' }).toFormat('ccc HH:mm ZZ'), DateTime.fromISO(o.end, { zone: 'America/Los_Angeles' }).toFormat('ccc HH:mm ZZ'))
})
