import PDFDocument from 'pdfkit'

/**
 * Shared helpers of the PDF exports (rmp-pdf.export.ts, roadmap-pdf.export.ts), drawn with pdfkit
 * in its built-in Helvetica: text goes through `pdfText` (the standard fonts encode WinAnsi only),
 * every page gets "Page n of N" and the document's title in its footer, and the document is
 * collected into one Buffer.
 */

export type Pdf = InstanceType<typeof PDFDocument>

export const FONT = 'Helvetica'
export const BOLD = 'Helvetica-Bold'
export const MONO = 'Courier'

export interface PdfSetup {
  title: string
  subject: string
  /** When the document was generated (ISO instant): its creation date. */
  now: string
  layout: 'portrait' | 'landscape'
  margin?: number
}

/** A new letter-size document with its metadata; pages are buffered so footers can be written at the end. */
export function newPdf(s: PdfSetup): Pdf {
  const margin = s.margin ?? 50
  return new PDFDocument({
    size: 'LETTER',
    layout: s.layout,
    margins: { top: margin, bottom: margin + 14, left: margin, right: margin },
    bufferPages: true,
    autoFirstPage: true,
    lang: 'en-US',
    displayTitle: true,
    pdfVersion: '1.7',
    tagged: false,
    info: {
      Title: pdfText(s.title),
      Subject: pdfText(s.subject),
      Author: 'Railyard',
      Creator: 'Railyard',
      CreationDate: new Date(s.now),
      ModDate: new Date(s.now),
    },
  })
}

// Characters the standard fonts' WinAnsi encoding has beyond Latin-1 (typographic quotes, dashes, bullet, ellipsis, euro …).
const WIN_ANSI_EXTRA = new Set('€‚ƒ„…†‡ˆ‰Š‹ŒŽ‘’“”•–—˜™š›œžŸ')
const REPLACEMENTS: Record<string, string> = { '→': '->', '←': '<-', '≥': '>=', '≤': '<=', '✓': 'yes', '×': 'x', '\u00a0': ' ' }

/** Text the built-in fonts can show: known symbols spelt out, anything else outside WinAnsi as '?'. */
export function pdfText(s: string): string {
  let out = ''
  for (const ch of s) {
    const code = ch.codePointAt(0) ?? 0
    if (ch === '\t') out += ' '
    else if (code < 0x20) out += ch === '\n' ? '\n' : ''
    else if (code < 0x7f || (code >= 0xa0 && code <= 0xff) || WIN_ANSI_EXTRA.has(ch)) out += ch
    else out += REPLACEMENTS[ch] ?? '?'
  }
  return out
}

/** `text` (already pdfText) cut with '…' to fit `width` points in the current font and size. */
export function fitText(doc: Pdf, text: string, width: number): string {
  if (doc.widthOfString(text) <= width) return text
  let n = text.length
  while (n > 0 && doc.widthOfString(`${text.slice(0, n).trimEnd()}…`) > width) n--
  return n > 0 ? `${text.slice(0, n).trimEnd()}…` : ''
}

/** Writes "title · Page n of N" at the foot of every buffered page. */
export function writePageFooters(doc: Pdf, title: string): void {
  const range = doc.bufferedPageRange()
  for (let i = range.start; i < range.start + range.count; i++) {
    doc.switchToPage(i)
    const { margins, width, height } = doc.page
    const bottom = margins.bottom
    // writing below the bottom margin would open a new page: lift the margin while the footer is drawn
    doc.page.margins.bottom = 0
    const page = `Page ${i - range.start + 1} of ${range.count}`
    doc.font(FONT).fontSize(8).fillColor('#555555')
    const y = height - bottom + 18
    doc.text(fitText(doc, pdfText(title), (width - margins.left - margins.right) / 2), margins.left, y, { lineBreak: false })
    doc.text(page, width - margins.right - doc.widthOfString(page), y, { lineBreak: false })
    doc.page.margins.bottom = bottom
  }
}

/** Ends the document and resolves to its bytes. */
export function pdfBuffer(doc: Pdf): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = []
    doc.on('data', (c: Buffer) => chunks.push(c))
    doc.on('end', () => resolve(Buffer.concat(chunks)))
    doc.on('error', reject)
    doc.end()
  })
}
