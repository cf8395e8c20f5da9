/** The roadmap's export controls: the program calendar (.ics), the CSV of the shown range, and print / PDF (the print stylesheet shows the roadmap alone). */
import { ExportButton, exportHref, paths } from '../../components/export-button.tsx'

export function RoadmapExports({ programKey, range }: { programKey: string; range: { from: string; to: string } }) {
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
      <button type="button" className="usa-button usa-button--outline" onClick={() => window.print()} data-testid="print-roadmap">
        Print / PDF
      </button>
    </>
  )
}
