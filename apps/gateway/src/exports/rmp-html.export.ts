import type { RmpPlanData } from './export-data.ts'
import { type Block, type Inline, type RmpOptions, buildRmpDocument } from './rmp.document.ts'

/**
 * The agency's Release Management Plan as a self-contained, printable HTML page (no scripts,
 * no external resources; a print stylesheet with @page so "Print / Save as PDF" gives a clean
 * document). Every string from the data is HTML-escaped; only http(s) links become anchors.
 */
export function formatRmpHtml(plan: RmpPlanData, opts: RmpOptions): string {
  const doc = buildRmpDocument(plan, opts)
  const toc = doc.sections.map((s) => `<li><a href="#${s.id}">${esc(s.title)}</a></li>`).join('')
  const sections = doc.sections.map((s) => `<section id="${s.id}">\n<h2>${esc(s.title)}</h2>\n${blocks(s.blocks)}\n</section>`).join('\n')
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${esc(doc.title)} — ${esc(plan.title)}</title>
<style>${STYLE}</style>
</head>
<body>
<header>
<p class="hint no-print">Print / Save as PDF: use your browser's Print command (Ctrl+P or ⌘P) and choose "Save as PDF" as the destination.</p>
<h1>${esc(doc.title)}</h1>
<p class="subtitle">${esc(doc.subtitle)}</p>
</header>
<main>
<section id="overview">
${blocks(doc.overview)}
</section>
<nav class="toc"><h2>Contents</h2><ol>${toc}</ol></nav>
${sections}
</main>
<footer>${esc(doc.footer)}</footer>
</body>
</html>
`
}

function blocks(list: Block[]): string {
  return list
    .map((b) => {
      switch (b.kind) {
        case 'heading':
          return `<h${b.level ?? 3}>${esc(b.text)}</h${b.level ?? 3}>`
        case 'paragraph':
          return `<p${b.tone ? ` class="${b.tone}"` : ''}>${b.tone === 'warning' ? '<strong>Warning:</strong> ' : ''}${inline(b.text)}</p>`
        case 'list': {
          const tag = b.ordered ? 'ol' : 'ul'
          return `<${tag}>${b.items.map((i) => `<li>${inline(i)}</li>`).join('')}</${tag}>`
        }
        case 'fields':
          return `<table class="fields"><tbody>${b.rows.map(([k, v]) => `<tr><th scope="row">${esc(k)}</th><td>${inline(v)}</td></tr>`).join('')}</tbody></table>`
        case 'table':
          return `<table><thead><tr>${b.head.map((h) => `<th scope="col">${esc(h)}</th>`).join('')}</tr></thead><tbody>${b.rows
            .map((r) => `<tr>${r.map((c) => `<td>${inline([c])}</td>`).join('')}</tr>`)
            .join('')}</tbody></table>`
      }
    })
    .join('\n')
}

function inline(parts: Inline[]): string {
  return parts
    .map((p) => {
      if (typeof p === 'string') return esc(p)
      if ('code' in p) return `<code>${esc(p.code)}</code>`
      return /^https?:\/\//i.test(p.href) ? `<a href="${esc(p.href)}" rel="noopener noreferrer">${esc(p.text)}</a>` : esc(p.text)
    })
    .join('')
}

const HTML_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' }

/** Escapes text for HTML element content and double-quoted attribute values. */
function esc(s: string): string {
  return s.replace(/[&<>"']/g, (c) => HTML_ESCAPES[c] ?? c)
}

const STYLE = `
:root { color-scheme: light; }
body { font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, Helvetica, Arial, sans-serif; color: #1b1f24; max-width: 1100px; margin: 0 auto; padding: 24px; }
h1 { font-size: 26px; margin: 0 0 4px; }
h2 { font-size: 19px; margin: 28px 0 8px; padding-bottom: 4px; border-bottom: 2px solid #d0d7de; }
h3 { font-size: 15px; margin: 18px 0 6px; }
h4 { font-size: 14px; margin: 12px 0 4px; }
.subtitle { color: #57606a; margin: 0 0 16px; }
.hint { background: #fff8c5; border: 1px solid #d4a72c; padding: 8px 12px; border-radius: 6px; }
table { border-collapse: collapse; width: 100%; margin: 6px 0 12px; }
th, td { border: 1px solid #d0d7de; padding: 4px 8px; text-align: left; vertical-align: top; }
thead th { background: #f6f8fa; }
table.fields { width: auto; }
table.fields th { background: #f6f8fa; white-space: nowrap; }
code { font: 12px/1.4 ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; background: #f6f8fa; padding: 0 3px; border-radius: 3px; word-break: break-all; }
.warning { color: #9a3412; }
.muted { color: #57606a; font-style: italic; }
.toc ol { columns: 2; }
footer { margin-top: 32px; color: #57606a; font-size: 12px; border-top: 1px solid #d0d7de; padding-top: 8px; }
@page { size: A4; margin: 16mm 14mm 18mm; }
@media print {
  body { font-size: 10.5pt; max-width: none; padding: 0; }
  .no-print { display: none !important; }
  a { color: inherit; text-decoration: none; }
  h2, h3, h4 { break-after: avoid; page-break-after: avoid; }
  section { break-before: auto; }
  table { break-inside: auto; }
  tr, .fields { break-inside: avoid; page-break-inside: avoid; }
  thead { display: table-header-group; }
  th, thead th, table.fields th, code { background: none; }
  .toc ol { columns: 2; }
}
`
