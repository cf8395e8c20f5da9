import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs'

export interface ReadPdf {
  pages: { width: number; height: number; text: string }[]
  /** Every page's text, whitespace collapsed. */
  text: string
  info: Record<string, unknown>
}

/**
 * Reads a PDF with pdfjs-dist (Mozilla's reader, not the library that wrote it): each page's
 * size and text, and the document information (Title, Author …).
 */
export async function readPdf(bytes: Uint8Array): Promise<ReadPdf> {
  // pdfjs takes ownership of the buffer it is given: hand it a copy
  const pdf = await getDocument({ data: new Uint8Array(bytes), isEvalSupported: false, useSystemFonts: false, disableFontFace: true, verbosity: 0 }).promise
  try {
    const pages: ReadPdf['pages'] = []
    for (let i = 1; i <= pdf.numPages; i++) {
      const page = await pdf.getPage(i)
      const { width, height } = page.getViewport({ scale: 1 })
      const content = await page.getTextContent()
      const text = content.items
        .map((it) => ('str' in it ? it.str : ''))
        .join(' ')
        .replace(/\s+/g, ' ')
      pages.push({ width, height, text })
    }
    const meta = await pdf.getMetadata()
    return { pages, text: pages.map((p) => p.text).join(' '), info: (meta.info ?? {}) as Record<string, unknown> }
  } finally {
    await pdf.destroy()
  }
}
