import { describe, expect, it } from 'vitest'
import type { RoadmapPdfData } from '../../src/exports/export-data.ts'
import { pdfText } from '../../src/exports/pdf-writer.ts'
import { formatRmpPdf } from '../../src/exports/rmp-pdf.export.ts'
import { RMP_SECTIONS } from '../../src/exports/rmp.document.ts'
import { formatRoadmapPdf } from '../../src/exports/roadmap-pdf.export.ts'
import { rmpPlan, roadmapData } from './fixtures.ts'
import { readPdf } from './pdf-reader.ts'

const NOW = '2026-11-27T17:00:00Z'

/** The CSV fixture's plans, with a freeze occurrence inside the range and one outside it. */
const roadmapPdfData: RoadmapPdfData = {
  key: roadmapData.key,
  name: roadmapData.name,
  strategy: roadmapData.strategy,
  freezeOccurrences: [
    { start: '2027-02-26T01:00:00Z', end: '2027-03-01T16:00:00Z', window: { name: 'Weekend production freeze', tiers: ['PROD'] } },
    { start: '2027-06-01T07:00:00Z', end: '2027-06-02T07:00:00Z', window: { name: 'Outside the range', tiers: [] } },
  ],
  plans: roadmapData.plans.map((p) => ({
    id: p.id,
    title: p.title,
    status: p.status,
    agency: p.agency,
    releases: p.releases.map((r) => ({ id: r.id, name: r.name, version: r.version, status: r.status, schedule: r.schedule })),
  })),
}

describe('pdfText', () => {
  it('keeps what the standard fonts can show and spells out the rest', () => {
    expect(pdfText('Café – “quoted” — 2 € • ok')).toBe('Café – “quoted” — 2 € • ok')
    expect(pdfText('DEV → TEST ≥ 1 ✓ 日本')).toBe('DEV -> TEST >= 1 yes ??')
    expect(pdfText('a\tb\u0007c')).toBe('a bc')
  })
})

describe('Release Management Plan as PDF', () => {
  it('is a real PDF with the plan, its releases, every section heading and page numbers', async () => {
    const bytes = await formatRmpPdf(rmpPlan, { now: NOW })
    expect(bytes.subarray(0, 5).toString('latin1')).toBe('%PDF-')
    const pdf = await readPdf(bytes)
    expect(pdf.pages.length).toBeGreaterThanOrEqual(3)
    // portrait letter
    expect(pdf.pages[0]).toMatchObject({ width: 612, height: 792 })
    expect(pdf.info).toMatchObject({ Title: 'Release Management Plan: Department of Health - DOH release plan FY2027', Author: 'Railyard' })
    expect(pdf.text).toContain('Release Management Plan: Department of Health')
    expect(pdf.text).toContain('DOH release plan FY2027')
    // the release's name as plain text (no markup interpreted)
    expect(pdf.text).toContain('Immunization registry <script>alert(1)</script>')
    RMP_SECTIONS.forEach(([, title], i) => expect(pdf.text).toContain(`${i + 1}. ${title}`))
    // table contents: the schedule in the program's zone, the artifact digest, a freeze window
    expect(pdf.text).toContain('2027-03-09 18:00 PST')
    expect(pdf.text).toContain('sha256:0123456789abcdef')
    expect(pdf.text).toContain('Weekend production freeze')
    expect(pdf.text).toContain('Promotion path: DEV -> TEST -> PROD.')
    const n = pdf.pages.length
    pdf.pages.forEach((p, i) => expect(p.text).toContain(`Page ${i + 1} of ${n}`))
  })
})

describe('Roadmap as PDF', () => {
  it('draws a landscape chart of the range: lanes per agency and plan, release rows, freezes, legend, zone-labelled times', async () => {
    const bytes = await formatRoadmapPdf(roadmapPdfData, { from: '2027-02-01', to: '2027-03-31', now: NOW })
    const pdf = await readPdf(bytes)
    expect(pdf.pages).toHaveLength(1)
    expect(pdf.pages[0]).toMatchObject({ width: 792, height: 612 })
    const { text } = pdf
    expect(text).toContain('Roadmap: Washington Digital Services Program (WA-DSP)')
    expect(text).toContain('2027-02-01 to 2027-03-31. Times in America/Los_Angeles (PST).')
    // lanes: agencies by code, each with its plan and releases
    expect(text).toContain('DOH - Department of Health')
    expect(text).toContain('DOH plan, FY2027 (approved)')
    expect(text).toContain('Portal, "beta" 2.4.0-rc.1')
    expect(text).toContain('DOL - Department of Licensing')
    expect(text.indexOf('DOH - Department of Health')).toBeLessThan(text.indexOf('DOL - Department of Licensing'))
    // the legend names the tiers shown, and the freeze of the range with its local times
    expect(text).toContain('Legend: DEV window TEST window PROD window Freeze')
    expect(text).toContain('Weekend production freeze (PROD) 2027-02-25 17:00 PST – 2027-03-01 08:00 PST')
    expect(text).not.toContain('Outside the range')
    // the last window of a row, labelled in the program's zone
    expect(text).toContain('PROD 2027-03-09 17:00 PST')
    expect(text).toContain('Feb 2027')
    expect(text).toContain('Mar 2027')
    expect(text).toContain('Page 1 of 1')
  })

  it('filters like the roadmap page and says so when nothing is left', async () => {
    const doh = (await readPdf(await formatRoadmapPdf(roadmapPdfData, { from: '2027-02-01', to: '2027-03-31', now: NOW, agencies: ['DOH'] }))).text
    expect(doh).toContain('DOH plan, FY2027')
    expect(doh).not.toContain('DOL plan')
    const planned = (await readPdf(await formatRoadmapPdf(roadmapPdfData, { from: '2027-02-01', to: '2027-03-31', now: NOW, statuses: ['PLANNED'] }))).text
    expect(planned).toContain('DOL plan')
    expect(planned).not.toContain('DOH plan, FY2027')
    const devOnly = (await readPdf(await formatRoadmapPdf(roadmapPdfData, { from: '2027-02-01', to: '2027-03-31', now: NOW, tiers: ['DEV'] }))).text
    expect(devOnly).toContain('Legend: DEV window Freeze')
    expect(devOnly).not.toContain('DOL plan')
    const empty = (await readPdf(await formatRoadmapPdf(roadmapPdfData, { from: '2028-01-01', to: '2028-02-01', now: NOW }))).text
    expect(empty).toContain('No releases in this range.')
  })

  it('runs onto more pages with the axis repeated when the lanes do not fit', async () => {
    const doh = roadmapPdfData.plans.find((p) => p.id === 'plan-doh')
    const release = doh?.releases[0]
    if (!doh || !release) throw new Error('fixture: the DOH plan and its release')
    const many: RoadmapPdfData = {
      ...roadmapPdfData,
      plans: Array.from({ length: 6 }, (_, i) => ({
        ...doh,
        id: `plan-${i}`,
        title: `Plan ${i}`,
        releases: Array.from({ length: 8 }, (_, j) => ({ ...release, id: `r-${i}-${j}`, name: `Release ${i}.${j}` })),
      })),
    }
    const pdf = await readPdf(await formatRoadmapPdf(many, { from: '2027-02-01', to: '2027-03-31', now: NOW }))
    expect(pdf.pages.length).toBeGreaterThan(1)
    for (const [i, p] of pdf.pages.entries()) {
      expect(p.text).toContain('Agency / plan / release')
      expect(p.text).toContain(`Page ${i + 1} of ${pdf.pages.length}`)
    }
    for (let i = 0; i < 6; i++) for (let j = 0; j < 8; j++) expect(pdf.text).toContain(`Release ${i}.${j} 2.4.0-rc.1`)
  })
})
