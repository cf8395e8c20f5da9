import { describe, expect, it } from 'vitest'
import { ROADMAP_CSV_COLUMNS, csvField, formatRoadmapCsv } from '../../src/exports/roadmap-csv.export.ts'
import { roadmapData } from './fixtures.ts'

/** A strict RFC 4180 reader: CRLF records, quoted fields with doubled quotes. */
function readCsv(text: string): string[][] {
  const rows: string[][] = []
  let row: string[] = []
  let field = ''
  let i = 0
  let quoted = false
  while (i < text.length) {
    const c = text.charAt(i)
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"'
        i += 2
      } else if (c === '"') {
        quoted = false
        i++
      } else {
        field += c
        i++
      }
    } else if (c === '"' && field === '') {
      quoted = true
      i++
    } else if (c === ',') {
      row.push(field)
      field = ''
      i++
    } else if (c === '\r' && text[i + 1] === '\n') {
      row.push(field)
      rows.push(row)
      row = []
      field = ''
      i += 2
    } else if (c === '\n' || c === '\r' || c === '"') {
      throw new Error(`bare ${JSON.stringify(c)} at ${i}`)
    } else {
      field += c
      i++
    }
  }
  if (field !== '' || row.length) throw new Error('the last record has no CRLF')
  return rows
}

describe('roadmap CSV', () => {
  const text = formatRoadmapCsv(roadmapData)
  const rows = readCsv(text)

  it('has a header and one row per release window, ordered by agency, plan, release and tier', () => {
    expect(rows[0]).toEqual([...ROADMAP_CSV_COLUMNS])
    expect(rows).toHaveLength(1 + 4)
    expect(rows.slice(1).map((r) => [r[0], r[8]])).toEqual([
      ['DOH', 'DEV'],
      ['DOH', 'TEST'],
      ['DOH', 'PROD'],
      ['DOL', 'PROD'],
    ])
    expect(rows[3]).toEqual([
      'DOH',
      'DOH plan, FY2027',
      'APPROVED',
      'Portal, "beta"',
      '2.4.0-rc.1',
      'MINOR',
      'IN_PROGRESS',
      'DEV',
      'PROD',
      'doh-prod',
      '2027-03-10T01:00:00.000Z',
      '2027-03-10T05:00:00.000Z',
    ])
  })

  it('quotes fields with a comma or a quote (RFC 4180), doubling the quotes', () => {
    expect(text).toContain(',"Portal, ""beta""",')
    expect(text).toContain('"DOH plan, FY2027"')
    expect(csvField('a\r\nb')).toBe('"a\r\nb"')
    expect(csvField('plain')).toBe('plain')
    expect(text.endsWith('\r\n')).toBe(true)
  })

  it('neutralizes spreadsheet formulas and leaves a missing environment empty', () => {
    const dol = rows.find((r) => r[0] === 'DOL')!
    expect(dol[3]).toBe(`'=HYPERLINK("http://evil")`)
    expect(dol[7]).toBe('')
    expect(dol[9]).toBe('')
  })

  it('keeps only windows overlapping from/to, days read in the program time zone', () => {
    // the PROD windows start 2027-03-09 17:00/18:00 local (03-10 UTC): inside "to = 2027-03-09"
    const only = readCsv(formatRoadmapCsv(roadmapData, { from: '2027-03-07', to: '2027-03-09' }))
    expect(only.slice(1).map((r) => `${r[0]} ${r[8]}`)).toEqual(['DOH PROD', 'DOL PROD'])
    const before = readCsv(formatRoadmapCsv(roadmapData, { to: '2027-02-28' }))
    expect(before.slice(1).map((r) => `${r[0]} ${r[8]}`)).toEqual(['DOH DEV'])
    const instants = readCsv(formatRoadmapCsv(roadmapData, { from: '2027-03-10T04:00:00Z' }))
    expect(instants.slice(1).map((r) => `${r[0]} ${r[8]}`)).toEqual(['DOH PROD', 'DOL PROD'])
  })
})
