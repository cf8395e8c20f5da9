import type { RmpPlanData } from './export-data.ts'
import { type Block, type Inline, type RmpOptions, buildRmpDocument } from './rmp.document.ts'

/** The agency's Release Management Plan as Markdown (CommonMark + pipe tables), from live data. */
export function formatRmpMarkdown(plan: RmpPlanData, opts: RmpOptions): string {
  const doc = buildRmpDocument(plan, opts)
  const out: string[] = [`# ${text(doc.title)}`, '', `_${text(doc.subtitle)}_`, '']
  out.push(...blocks(doc.overview))
  out.push('## Contents', '')
  doc.sections.forEach((s, i) => out.push(`${i + 1}. [${text(s.title)}](#${s.id})`))
  out.push('')
  for (const s of doc.sections) {
    out.push(`<a id="${s.id}"></a>`, '', `## ${text(s.title)}`, '')
    out.push(...blocks(s.blocks))
  }
  out.push('---', '', `_${text(doc.footer)}_`, '')
  return out.join('\n')
}

function blocks(list: Block[]): string[] {
  const out: string[] = []
  for (const b of list) {
    switch (b.kind) {
      case 'heading':
        out.push(`${'#'.repeat(b.level ?? 3)} ${text(b.text)}`, '')
        break
      case 'paragraph': {
        // a paragraph must not start a list or a heading
        const body = inline(b.text)
          .replace(/^([-+=])/, '\\$1')
          .replace(/^(\d+)([.)])/, '$1\\$2')
        out.push(b.tone === 'warning' ? `> **Warning:** ${body}` : b.tone === 'muted' ? `_${body}_` : body, '')
        break
      }
      case 'list':
        b.items.forEach((item, i) => out.push(`${b.ordered ? `${i + 1}.` : '-'} ${inline(item)}`))
        out.push('')
        break
      case 'fields':
        for (const [k, v] of b.rows) out.push(`- **${text(k)}:** ${inline(v)}`)
        out.push('')
        break
      case 'table':
        out.push(`| ${b.head.map((h) => cell([h])).join(' | ')} |`)
        out.push(`|${b.head.map(() => ' --- ').join('|')}|`)
        for (const row of b.rows) out.push(`| ${row.map((c) => cell([c])).join(' | ')} |`)
        out.push('')
        break
    }
  }
  return out
}

function cell(parts: Inline[]): string {
  return inline(parts).replace(/\|/g, '\\|') || ' '
}

function inline(parts: Inline[]): string {
  return parts
    .map((p) => {
      if (typeof p === 'string') return text(p)
      if ('code' in p) return code(p.code)
      return `[${text(p.text)}](<${p.href.replace(/[<>\s]/g, encodeURIComponent)}>)`
    })
    .join('')
}

/** Plain text with Markdown punctuation (and raw HTML) escaped; line breaks become spaces. */
function text(s: string): string {
  return s.replace(/\r?\n|\r/g, ' ').replace(/[\\`*_[\]<>#~!&]/g, (c) => `\\${c}`)
}

/** A code span that holds any backticks in `s`. */
function code(s: string): string {
  const flat = s.replace(/\r?\n|\r/g, ' ')
  const longest = Math.max(0, ...(flat.match(/`+/g) ?? []).map((m) => m.length))
  const fence = '`'.repeat(longest + 1)
  const pad = flat.startsWith('`') || flat.endsWith('`') ? ' ' : ''
  return `${fence}${pad}${flat}${pad}${fence}`
}
