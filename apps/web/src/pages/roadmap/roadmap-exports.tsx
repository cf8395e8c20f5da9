/**
 * The roadmap's export controls: the program calendar (.ics), the CSV of the shown range, a PDF
 * of the shown range and filters (a Gantt chart drawn by the gateway), and print (the print
 * stylesheet shows the roadmap alone).
 */
import { ExportButton, exportHref, paths } from '../../components/export-button.tsx'
import type { Filters } from './layout.ts'

export function RoadmapExports({
  programKey,
  range,
  filters,
}: {
  programKey: string
  range: { from: string; to: string }
  filters?: Pick<Filters, 'agencies' | 'statuses' | 'tiers'>
}) {
  const pdfParams = {
    from: range.from,
    to: range.to,
    agency: filters?.agencies.join(','),
    status: filters?.statuses.join(','),
    tier: filters?.tiers.join(','),
  }
  return (
    <>
      <ExportButton href={exportHref(paths.calendar(programKey))} className="usa-button usa-button--outline" testId="export-ics">
        Calendar (.ics)
      </ExportButton>
      <ExportButton
        href={exportHref(paths.roadmapCsv(programKey), { from: range.from, to: range.to })}
        className="usa-button usa-button--outline"
        testId="export-csv"
      >
        Download CSV
        <span className="usa-sr-only">
          {' '}
          of the roadmap from {range.from} to {range.to}
        </span>
      </ExportButton>
      <ExportButton href={exportHref(paths.roadmapPdf(programKey), pdfParams)} className="usa-button usa-button--outline" testId="export-roadmap-pdf">
        Download PDF
        <span className="usa-sr-only">
          {' '}
          of the roadmap from {range.from} to {range.to}
        </span>
      </ExportButton>
      <button type="button" className="usa-button usa-button--outline" onClick={() => window.print()} data-testid="print-roadmap">
        Print / PDF
      </button>
    </>
  )
}
