import type { RmpPlanData } from './export-data.ts'
import { BOLD, FONT, MONO, type Pdf, newPdf, pdfBuffer, pdfText, writePageFooters } from './pdf-writer.ts'
import { type Block, type Inline, type RmpOptions, buildRmpDocument } from './rmp.document.ts'

/**
 * The agency's Release Management Plan as a PDF: the same document (rmp.document.ts) as rmp.html
 * and rmp.md, drawn with pdfkit — title, overview, contents, one numbered section per RMP part
 * with its headings, field lists and ruled tables (header row repeated on every page a table
 * runs onto), and "Page n of N" on every page.
 */
export async function formatRmpPdf(plan: RmpPlanData, opts: RmpOptions): Promise<Buffer> {
  const d = buildRmpDocument(plan, opts)
  const doc = newPdf({ title: `${d.title} - ${plan.title}`, subject: d.subtitle, now: opts.now, layout: 'portrait' })
  const w = new BlockWriter(doc)
  doc.font(BOLD).fontSize(20).fillColor('#1b1b1b').text(pdfText(d.title))
  doc.moveDown(0.2)
  doc.font(FONT).fontSize(12).fillColor('#444444').text(pdfText(d.subtitle))
  doc.moveDown(0.8)
  w.blocks(d.overview)

  w.sectionHeading('Contents')
  d.sections.forEach((s, i) =>
    doc
      .font(FONT)
      .fontSize(10)
      .fillColor('#1b1b1b')
      .text(pdfText(`${i + 1}. ${s.title}`), { indent: 10 }),
  )
  d.sections.forEach((s, i) => {
    w.sectionHeading(`${i + 1}. ${s.title}`)
    w.blocks(s.blocks)
  })
  doc.moveDown(1)
  doc.font(FONT).fontSize(8).fillColor('#555555').text(pdfText(d.footer))
  writePageFooters(doc, `${d.title} - ${plan.title}`)
  return pdfBuffer(doc)
}

const inlineText = (parts: Inline[]) => parts.map((p) => (typeof p === 'string' ? p : 'code' in p ? p.code : p.text)).join('')

const CELL_PAD = 4
const TEXT = '#1b1b1b'
const RULE = '#a9aeb1'
const HEAD_FILL = '#e6e6e6'

/** Writes rmp.document blocks at the document's cursor, breaking pages before headings and table rows. */
class BlockWriter {
  constructor(private readonly doc: Pdf) {}

  private get left() {
    return this.doc.page.margins.left
  }
  private get width() {
    return this.doc.page.width - this.doc.page.margins.left - this.doc.page.margins.right
  }
  private get bottom() {
    return this.doc.page.height - this.doc.page.margins.bottom
  }

  /** A new page when less than `space` points are left on this one. */
  private ensure(space: number): void {
    if (this.doc.y + space > this.bottom) this.doc.addPage()
  }

  sectionHeading(text: string): void {
    this.doc.moveDown(0.8)
    this.ensure(80)
    this.doc.x = this.left
    this.doc.font(BOLD).fontSize(15).fillColor(TEXT).text(pdfText(text))
    const y = this.doc.y + 2
    this.doc
      .moveTo(this.left, y)
      .lineTo(this.left + this.width, y)
      .lineWidth(0.75)
      .strokeColor(RULE)
      .stroke()
    this.doc.moveDown(0.5)
  }

  blocks(list: Block[]): void {
    for (const b of list) this.block(b)
  }

  private block(b: Block): void {
    const doc = this.doc
    doc.x = this.left
    switch (b.kind) {
      case 'heading': {
        doc.moveDown(0.4)
        this.ensure(50)
        doc
          .font(BOLD)
          .fontSize(b.level === 4 ? 10.5 : 12)
          .fillColor(TEXT)
          .text(pdfText(b.text), this.left, doc.y, { width: this.width })
        doc.moveDown(0.25)
        return
      }
      case 'paragraph': {
        this.ensure(20)
        const color = b.tone === 'muted' ? '#555555' : b.tone === 'warning' ? '#8b0a03' : TEXT
        doc.fontSize(10).fillColor(color)
        if (b.tone === 'warning') doc.font(BOLD).text('Warning: ', this.left, doc.y, { continued: true, width: this.width })
        this.inline(b.text, { width: this.width })
        doc.moveDown(0.4)
        return
      }
      case 'list': {
        doc.fontSize(10).fillColor(TEXT)
        b.items.forEach((item, i) => {
          this.ensure(14)
          doc.font(FONT).text(pdfText(b.ordered ? `${i + 1}. ` : '• '), this.left + 8, doc.y, { continued: true, width: this.width - 8 })
          this.inline(item, { width: this.width - 8 })
        })
        doc.moveDown(0.4)
        return
      }
      case 'fields':
        this.table(
          null,
          b.rows.map(([k, v]) => [k, inlineText(v)]),
          true,
        )
        return
      case 'table':
        this.table(
          b.head,
          b.rows.map((r) => r.map((c) => inlineText([c]))),
          false,
        )
        return
    }
  }

  /** Inline parts as one paragraph: literal text (keys, versions, digests) in Courier. */
  private inline(parts: Inline[], opts: { width: number }): void {
    const doc = this.doc
    const list = parts.length ? parts : ['']
    list.forEach((p, i) => {
      const last = i === list.length - 1
      const code = typeof p !== 'string' && 'code' in p
      doc.font(code ? MONO : FONT).text(pdfText(typeof p === 'string' ? p : code ? p.code : p.text), { ...opts, continued: !last })
    })
  }

  /** A ruled table; `fields` tables have no header and a bold first column. */
  private table(head: string[] | null, rows: string[][], fields: boolean): void {
    const doc = this.doc
    const size = 8.5
    const columns = Math.max(head?.length ?? 0, ...rows.map((r) => r.length))
    if (columns === 0) return
    doc.fontSize(size)
    // widths in proportion to each column's widest cell (bounded), spread over the text width, but
    // never narrower than the column's longest word (so words are not broken) while that fits
    const measure = (c: number) => {
      const cells = [...(head ? [head[c] ?? ''] : []), ...rows.map((r) => r[c] ?? '')]
      let widest = 0
      let word = 0
      cells.forEach((t, i) => {
        doc.font(fields ? (c === 0 ? BOLD : FONT) : head && i === 0 ? BOLD : FONT)
        const text = pdfText(t)
        widest = Math.max(widest, doc.widthOfString(text))
        for (const w of text.split(/\s+/)) word = Math.max(word, doc.widthOfString(w))
      })
      return { natural: Math.min(Math.max(widest + 2 * CELL_PAD, 40), 260), word: Math.min(word + 2 * CELL_PAD + 1, 200) }
    }
    const m = Array.from({ length: columns }, (_, c) => measure(c))
    const total = m.reduce((a, b) => a + b.natural, 0)
    let widths = m.map((x) => Math.max(x.word, (x.natural / total) * this.width))
    const over = widths.reduce((a, b) => a + b, 0) - this.width
    if (over > 0) {
      // give back the excess from the columns wider than their longest word, in proportion to their slack
      const slack = widths.map((w, c) => Math.max(0, w - (m[c]?.word ?? 0)))
      const totalSlack = slack.reduce((a, b) => a + b, 0)
      widths = totalSlack >= over ? widths.map((w, c) => w - ((slack[c] ?? 0) / totalSlack) * over) : widths.map((w) => (w / (this.width + over)) * this.width)
    }

    const rowHeight = (cells: string[], bold: (c: number) => boolean) =>
      Math.max(
        ...widths.map((wd, c) =>
          doc
            .font(bold(c) ? BOLD : FONT)
            .fontSize(size)
            .heightOfString(pdfText(cells[c] ?? ''), { width: wd - 2 * CELL_PAD }),
        ),
      ) +
      2 * CELL_PAD -
      1
    const drawRow = (cells: string[], bold: (c: number) => boolean, fill: string | null) => {
      const h = rowHeight(cells, bold)
      const y = doc.y
      let x = this.left
      widths.forEach((wd, c) => {
        if (fill) doc.rect(x, y, wd, h).fill(fill)
        doc.rect(x, y, wd, h).lineWidth(0.5).strokeColor(RULE).stroke()
        doc
          .font(bold(c) ? BOLD : FONT)
          .fontSize(size)
          .fillColor(TEXT)
          .text(pdfText(cells[c] ?? ''), x + CELL_PAD, y + CELL_PAD, { width: wd - 2 * CELL_PAD })
        x += wd
      })
      doc.x = this.left
      doc.y = y + h
    }
    const headBold = () => true
    const cellBold = (c: number) => fields && c === 0
    const drawHead = () => head && drawRow(head, headBold, HEAD_FILL)

    doc.moveDown(0.2)
    this.ensure((head ? rowHeight(head, headBold) : 0) + (rows[0] ? rowHeight(rows[0], cellBold) : 0))
    drawHead()
    for (const r of rows) {
      if (doc.y + rowHeight(r, cellBold) > this.bottom) {
        doc.addPage()
        drawHead()
      }
      drawRow(r, cellBold, null)
    }
    doc.x = this.left
    doc.moveDown(0.6)
  }
}
