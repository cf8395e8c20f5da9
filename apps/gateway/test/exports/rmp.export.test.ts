import { describe, expect, it } from 'vitest'
import { formatRmpHtml } from '../../src/exports/rmp-html.export.ts'
import { formatRmpMarkdown } from '../../src/exports/rmp-markdown.export.ts'
import { RMP_SECTIONS, buildRmpDocument } from '../../src/exports/rmp.document.ts'
import { rmpPlan } from './fixtures.ts'

const NOW = '2026-11-27T17:00:00Z'

describe('Release Management Plan document', () => {
  it('uses the plan’s pinned strategy version, not the latest', () => {
    const doc = buildRmpDocument(rmpPlan, { now: NOW })
    const fw = doc.overview.find((b) => b.kind === 'fields')
    expect(JSON.stringify(fw)).toContain('version 1, published 2026-06-01 10:00 PDT (the program has published a newer version)')
    expect(doc.sections.map((s) => s.title)).toEqual(RMP_SECTIONS.map(([, t]) => t))
  })
})

describe('RMP as Markdown', () => {
  const md = formatRmpMarkdown(rmpPlan, { now: NOW })

  it('has every section heading', () => {
    for (const title of [
      'Scope',
      'Sequencing',
      'Roles (RACI)',
      'Dependencies',
      'Packaging and versioning',
      'Rollback',
      'Readiness checkpoints',
      'Quality gates and approvals',
      'Escalation',
      'Communication',
      'Post-release validation',
    ]) {
      expect(md).toContain(`\n## ${title}\n`)
    }
    expect(md.startsWith('# Release Management Plan: Department of Health\n')).toBe(true)
  })

  it('carries the live data: windows in local time, digests, decisions, impact, rehearsal', () => {
    expect(md).toContain('| PROD | `doh-prod` | 2027-03-09 18:00 PST | 2027-03-09 22:00 PST |')
    expect(md).toContain('`sha256:0123456789abcdef`')
    expect(md).toContain('Aligned with the program framework.')
    expect(md).toContain('Department of Social and Health Services (DSHS)')
    expect(md).toContain('not rehearsed yet')
    expect(md).toContain('DSHS: SSO upgrade 5.0.0')
    expect(md).toContain('| Unmet criteria |')
    // deployment steps in their order
    expect(md.indexOf('Announce maintenance window')).toBeLessThan(md.indexOf('Deploy container image'))
    // communications role is who informs impacted agencies
    expect(md).toMatch(/DOH comms desk \\<comms@doh\.example\.gov\\>/)
  })

  it('escapes Markdown and HTML in data', () => {
    expect(md).not.toContain('<script>')
    expect(md).toContain('\\<script\\>alert(1)\\</script\\>')
    // a pipe inside a table cell does not split the cell
    expect(md).toContain('| `DOH-100` | Bulk upload \\| CSV | FEATURE |')
  })
})

describe('RMP as printable HTML', () => {
  const html = formatRmpHtml(rmpPlan, { now: NOW })

  it('escapes data, so a release name cannot inject script', () => {
    expect(html).not.toContain('<script')
    expect(html).toContain('Immunization registry &lt;script&gt;alert(1)&lt;/script&gt;')
    expect(html).toContain('Adds &lt;b&gt;bulk&lt;/b&gt; upload &amp; | pipes')
    // only http(s) evidence becomes a link
    expect(html).not.toContain('href="javascript:')
    expect(html).toContain('<a href="https://scan.example.gov/report/1" rel="noopener noreferrer">')
  })

  it('is printable: @page, a print stylesheet and a hint', () => {
    expect(html).toContain('@page')
    expect(html).toContain('@media print')
    expect(html).toContain('Print / Save as PDF')
    expect(html).toMatch(/<p class="hint no-print">/)
    expect(html.startsWith('<!doctype html>')).toBe(true)
  })

  it('has every section with its heading and a table of contents', () => {
    for (const [id, title] of RMP_SECTIONS) {
      expect(html).toContain(`<section id="${id}">\n<h2>${title}</h2>`)
      expect(html).toContain(`<li><a href="#${id}">${title}</a></li>`)
    }
  })
})
