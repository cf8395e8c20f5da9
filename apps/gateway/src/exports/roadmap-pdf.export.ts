import { DateTime } from 'luxon'
import { instantToMillis } from '@railyard/release-rules'
import type { RoadmapPdfData } from './export-data.ts'
import { programZone, rangeBound } from './export-time.ts'
import { BOLD, FONT, type Pdf, fitText, newPdf, pdfBuffer, pdfText, writePageFooters } from './pdf-writer.ts'

export interface RoadmapPdfOptions {
  /** The range ('YYYY-MM-DD' days in the program's time zone, `to` inclusive, or ISO instants). */
  from: string
  to: string
  /** When the document is generated (an instant). */
  now: string
  /** Only these agencies (codes), release statuses and tiers; empty: all. */
  agencies?: readonly string[]
  statuses?: readonly string[]
  tiers?: readonly string[]
}

/** Tier colours in promotion-path order (the web roadmap's palette), then grey. */
const TIER_COLOURS = ['#2378c3', '#00a398', '#c05600', '#8168b3', '#b50909', '#4d8055']
const FREEZE_FILL = '#d83933'
const GRID = '#dfe1e2'
const TEXT = '#1b1b1b'
const MUTED = '#565c65'

const LABEL_WIDTH = 190
const AXIS_HEIGHT = 20
const AGENCY_ROW = 17
const PLAN_ROW = 13
const RELEASE_ROW = 15

interface Row {
  kind: 'agency' | 'plan' | 'release'
  label: string
  bars?: { tier: string; startMs: number; endMs: number }[]
  /** The last shown window, labelled after the bars. */
  note?: string
}

/**
 * The unified roadmap of a range as a landscape Gantt chart (pdfkit): one lane per agency, its
 * plans under it, one row per release with a bar per tier window (coloured by tier, the tier's
 * name inside when it fits), freeze occurrences as bands across the chart, month ticks and a
 * legend; every time is read and labelled in the program's time zone. Contains exactly the plans,
 * releases and freezes in `data` (what the caller may see), cut to the range.
 */
export async function formatRoadmapPdf(data: RoadmapPdfData, opts: RoadmapPdfOptions): Promise<Buffer> {
  const zone = programZone(data.strategy)
  const fromMs = rangeBound(opts.from, zone, 'from') ?? 0
  const toMs = rangeBound(opts.to, zone, 'to') ?? fromMs + 1
  const path = data.strategy?.promotionPath ?? []
  const colour = (tier: string) => TIER_COLOURS[path.indexOf(tier)] ?? '#71767a'
  const at = (ms: number) => {
    const dt = DateTime.fromMillis(ms, { zone }).setLocale('en-US')
    return `${dt.toFormat('yyyy-LL-dd HH:mm')} ${dt.offsetNameShort ?? zone}`
  }
  const day = (ms: number) => DateTime.fromMillis(ms, { zone }).toFormat('yyyy-LL-dd')
  const abbreviation = DateTime.fromMillis(fromMs, { zone }).setLocale('en-US').offsetNameShort ?? zone

  const rows = roadmapRows(data, { fromMs, toMs, at, opts })
  const title = `Roadmap: ${data.name} (${data.key})`
  const doc = newPdf({ title, subject: `${day(fromMs)} to ${day(toMs - 1)}`, now: opts.now, layout: 'landscape', margin: 36 })
  const tiersShown = [...new Set(rows.flatMap((r) => r.bars?.map((b) => b.tier) ?? []))].sort(
    (a, b) => (path.indexOf(a) + 1 || 99) - (path.indexOf(b) + 1 || 99) || a.localeCompare(b),
  )
  const freezes = data.freezeOccurrences
    .map((f) => ({ name: f.window.name, tiers: f.window.tiers, startMs: instantToMillis(f.start), endMs: instantToMillis(f.end) }))
    .filter((f) => f.startMs < toMs && f.endMs > fromMs && (!opts.tiers?.length || f.tiers.length === 0 || f.tiers.some((t) => opts.tiers?.includes(t))))

  // ---------------------------------------------------------------- first page: title, legend, freezes
  const left = doc.page.margins.left
  const width = doc.page.width - left - doc.page.margins.right
  doc.font(BOLD).fontSize(16).fillColor(TEXT).text(pdfText(title), left, doc.page.margins.top, { width })
  doc
    .font(FONT)
    .fontSize(9)
    .fillColor(MUTED)
    .text(
      pdfText(
        `${day(fromMs)} to ${day(toMs - 1)}. Times in ${zone} (${abbreviation}). Generated ${at(instantToMillis(opts.now))} from live data: the plans and releases you may see.`,
      ),
      { width },
    )
  doc.moveDown(0.4)
  legend(doc, tiersShown.length ? tiersShown : path, colour)
  if (freezes.length) {
    doc.moveDown(0.3)
    doc
      .font(FONT)
      .fontSize(8)
      .fillColor(MUTED)
      .text(
        pdfText(
          `Freezes: ${freezes
            .slice(0, 12)
            .map((f) => `${f.name} (${f.tiers.length ? f.tiers.join(', ') : 'all tiers'}) ${at(f.startMs)} – ${at(f.endMs)}`)
            .join('; ')}${freezes.length > 12 ? `; and ${freezes.length - 12} more` : ''}.`,
        ),
        left,
        doc.y,
        { width },
      )
  }
  doc.moveDown(0.6)

  // ---------------------------------------------------------------- the chart, page by page
  const chartX = left + LABEL_WIDTH
  const chartW = width - LABEL_WIDTH
  const xOf = (ms: number) => chartX + ((Math.min(Math.max(ms, fromMs), toMs) - fromMs) / (toMs - fromMs)) * chartW
  const bottom = () => doc.page.height - doc.page.margins.bottom
  let y = doc.y

  const frame = () => {
    const top = y
    const end = bottom()
    // freeze bands behind everything
    for (const f of freezes) {
      const x1 = xOf(f.startMs)
      const x2 = Math.max(xOf(f.endMs), x1 + 1.5)
      doc
        .save()
        .fillColor(FREEZE_FILL, 0.14)
        .rect(x1, top, x2 - x1, end - top)
        .fill()
        .restore()
    }
    // month ticks and labels
    const months = monthStarts(fromMs, toMs, zone)
    const monthWidth = chartW / Math.max(1, (toMs - fromMs) / (30.44 * 86_400_000))
    doc.font(FONT).fontSize(7).fillColor(MUTED)
    for (const m of months) {
      const x = xOf(m.toMillis())
      doc.moveTo(x, top).lineTo(x, end).lineWidth(0.4).strokeColor(GRID).stroke()
      const label = monthWidth >= 42 ? m.toFormat('LLL yyyy') : monthWidth >= 20 ? m.toFormat('LLL') : m.month === 1 ? m.toFormat('yyyy') : ''
      if (label && x + 2 < chartX + chartW - 10) doc.text(label, x + 2, top + 6, { lineBreak: false })
    }
    doc.moveTo(chartX, top).lineTo(chartX, end).lineWidth(0.6).strokeColor('#a9aeb1').stroke()
    doc
      .moveTo(left, top + AXIS_HEIGHT)
      .lineTo(left + width, top + AXIS_HEIGHT)
      .lineWidth(0.6)
      .strokeColor('#a9aeb1')
      .stroke()
    doc
      .font(BOLD)
      .fontSize(7.5)
      .fillColor(MUTED)
      .text('Agency / plan / release', left, top + 6, { lineBreak: false })
    y = top + AXIS_HEIGHT + 2
  }

  if (rows.length === 0) {
    doc
      .font(FONT)
      .fontSize(11)
      .fillColor(TEXT)
      .text('No releases in this range.', left, y + 10)
  } else {
    frame()
    for (const r of rows) {
      const h = r.kind === 'agency' ? AGENCY_ROW : r.kind === 'plan' ? PLAN_ROW : RELEASE_ROW
      if (y + h > bottom()) {
        doc.addPage()
        y = doc.page.margins.top
        frame()
      }
      drawRow(doc, r, { y, h, left, width, chartX, chartW, xOf, colour })
      y += h
    }
  }
  writePageFooters(doc, title)
  return pdfBuffer(doc)
}

interface RowGeometry {
  y: number
  h: number
  left: number
  width: number
  chartX: number
  chartW: number
  xOf: (ms: number) => number
  colour: (tier: string) => string
}

function drawRow(doc: Pdf, r: Row, g: RowGeometry): void {
  if (r.kind === 'agency') {
    doc.rect(g.left, g.y + 1, g.width, g.h - 2).fill('#f0f0f0')
    doc.font(BOLD).fontSize(9).fillColor(TEXT)
    doc.text(fitText(doc, pdfText(r.label), g.width - 6), g.left + 3, g.y + 4, { lineBreak: false })
    return
  }
  if (r.kind === 'plan') {
    doc.font(BOLD).fontSize(7.5).fillColor(MUTED)
    doc.text(fitText(doc, pdfText(r.label), LABEL_WIDTH - 12), g.left + 8, g.y + 3, { lineBreak: false })
    return
  }
  doc.font(FONT).fontSize(8).fillColor(TEXT)
  doc.text(fitText(doc, pdfText(r.label), LABEL_WIDTH - 18), g.left + 14, g.y + 4, { lineBreak: false })
  doc
    .moveTo(g.chartX, g.y + g.h)
    .lineTo(g.chartX + g.chartW, g.y + g.h)
    .lineWidth(0.25)
    .strokeColor(GRID)
    .stroke()
  let lastX = g.chartX
  for (const b of r.bars ?? []) {
    const x1 = g.xOf(b.startMs)
    const x2 = Math.max(g.xOf(b.endMs), x1 + 2)
    doc.rect(x1, g.y + 3, x2 - x1, g.h - 6).fill(g.colour(b.tier))
    // an outline too: bars stay visible in greyscale and high-contrast prints
    doc
      .rect(x1, g.y + 3, x2 - x1, g.h - 6)
      .lineWidth(0.4)
      .strokeColor('#1b1b1b')
      .stroke()
    doc.font(BOLD).fontSize(6)
    const label = pdfText(b.tier)
    if (doc.widthOfString(label) + 3 < x2 - x1) doc.fillColor('#ffffff').text(label, x1 + 1.5, g.y + 5, { lineBreak: false })
    lastX = Math.max(lastX, x2)
  }
  if (r.note) {
    doc.font(FONT).fontSize(6)
    const note = pdfText(r.note)
    const w = doc.widthOfString(note)
    if (lastX + 3 + w < g.chartX + g.chartW) doc.fillColor(MUTED).text(note, lastX + 3, g.y + 5, { lineBreak: false })
  }
}

function legend(doc: Pdf, tiers: readonly string[], colour: (tier: string) => string): void {
  const left = doc.page.margins.left
  const y = doc.y
  let x = left
  doc
    .font(BOLD)
    .fontSize(8)
    .fillColor(TEXT)
    .text('Legend:', x, y + 1, { lineBreak: false })
  x += doc.widthOfString('Legend:') + 8
  doc.font(FONT).fontSize(8)
  for (const t of tiers) {
    doc.rect(x, y, 16, 9).fill(colour(t))
    doc.rect(x, y, 16, 9).lineWidth(0.4).strokeColor('#1b1b1b').stroke()
    doc.fillColor(TEXT).text(pdfText(`${t} window`), x + 20, y + 1, { lineBreak: false })
    x += 20 + doc.widthOfString(pdfText(`${t} window`)) + 12
  }
  doc.save().fillColor(FREEZE_FILL, 0.3).rect(x, y, 16, 9).fill().restore()
  doc.fillColor(TEXT).text('Freeze', x + 20, y + 1, { lineBreak: false })
  doc.x = left
  doc.y = y + 13
}

/** The first instant of every month (in `zone`) inside [fromMs, toMs). */
function monthStarts(fromMs: number, toMs: number, zone: string): DateTime[] {
  const out: DateTime[] = []
  let m = DateTime.fromMillis(fromMs, { zone }).startOf('month')
  if (m.toMillis() < fromMs) m = m.plus({ months: 1 })
  while (m.toMillis() < toMs && out.length < 12 * 6) {
    out.push(m)
    m = m.plus({ months: 1 })
  }
  return out
}

/** Agency, plan and release rows of what overlaps the range (agencies by code, plans by title, releases in plan order). */
function roadmapRows(data: RoadmapPdfData, c: { fromMs: number; toMs: number; at: (ms: number) => string; opts: RoadmapPdfOptions }): Row[] {
  const { agencies = [], statuses = [], tiers = [] } = c.opts
  const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0)
  const plans = data.plans
    .filter((p) => agencies.length === 0 || agencies.includes(p.agency.code))
    .sort((a, b) => cmp(a.agency.code, b.agency.code) || cmp(a.title, b.title) || cmp(a.id, b.id))
  const rows: Row[] = []
  let agency: string | null = null
  for (const plan of plans) {
    const releaseRows: Row[] = []
    for (const r of plan.releases) {
      if (statuses.length && !statuses.includes(r.status)) continue
      const bars = r.schedule
        .filter((w) => tiers.length === 0 || tiers.includes(w.tier))
        .map((w) => ({ tier: w.tier, startMs: instantToMillis(w.start), endMs: instantToMillis(w.end) }))
        .filter((b) => b.startMs < c.toMs && b.endMs > c.fromMs)
      if (bars.length === 0) continue
      const last = bars.reduce((a, b) => (b.startMs > a.startMs ? b : a))
      releaseRows.push({ kind: 'release', label: `${r.name} ${r.version}`, bars, note: `${last.tier} ${c.at(last.startMs)}` })
    }
    if (releaseRows.length === 0) continue
    if (agency !== plan.agency.code) {
      agency = plan.agency.code
      rows.push({ kind: 'agency', label: `${plan.agency.code} - ${plan.agency.name}` })
    }
    rows.push({ kind: 'plan', label: `${plan.title} (${plan.status.toLowerCase()})` })
    rows.push(...releaseRows)
  }
  return rows
}
