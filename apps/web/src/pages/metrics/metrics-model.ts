/**
 * The delivery metrics page's figures as text, series and CSV (pure; tested in
 * apps/web/test/metrics-model.test.ts). Definitions: DESIGN.md "Program health".
 */

export interface FiguresRow {
  agency: { code: string } | null
  deployments: number
  deploymentFrequency: number
  leadTimeHours: number | null
  changeFailureRate: number | null
  timeToRestoreHours: number | null
  scheduleAdherence: number | null
}

export type FigureKey = 'deploymentFrequency' | 'leadTimeHours' | 'changeFailureRate' | 'timeToRestoreHours' | 'scheduleAdherence'

export interface Figure {
  key: FigureKey
  label: string
  unit: string
  /** what it means, in one sentence */
  help: string
}

/** The five figures, in the page's order. */
export const FIGURES: readonly Figure[] = [
  { key: 'deploymentFrequency', label: 'Deployment frequency', unit: 'per week', help: 'Successful production deployments per 7 days.' },
  {
    key: 'leadTimeHours',
    label: 'Lead time',
    unit: 'hours',
    help: 'Median hours from a release’s first recorded deployment to its first successful production deployment.',
  },
  { key: 'changeFailureRate', label: 'Change failure rate', unit: '%', help: 'Share of production deployments that failed or were rolled back.' },
  { key: 'timeToRestoreHours', label: 'Time to restore', unit: 'hours', help: 'Median hours from a failed production deployment to the next successful one.' },
  {
    key: 'scheduleAdherence',
    label: 'Schedule adherence',
    unit: '%',
    help: 'Share of releases whose first successful production deployment started inside the scheduled production window.',
  },
]

/** The value as charted and tabled: rates as percentages, others as given; null stays null. */
export function figureValue(row: FiguresRow, key: FigureKey): number | null {
  const v = row[key]
  if (v === null) return null
  return key === 'changeFailureRate' || key === 'scheduleAdherence' ? v * 100 : v
}

/** The value for people: '2.3 per week', '41.5 hours', '25%', or 'no data'. */
export function formatFigure(row: FiguresRow, key: FigureKey): string {
  const v = figureValue(row, key)
  if (v === null) return 'no data'
  const f = FIGURES.find((x) => x.key === key)
  // small rates (a few deployments a year) keep two decimals
  const n = Math.abs(v) < 1 && v !== 0 ? Math.round(v * 100) / 100 : Math.round(v * 10) / 10
  return f?.unit === '%' ? `${n}%` : `${n} ${f?.unit ?? ''}`.trim()
}

export const rowLabel = (row: FiguresRow) => row.agency?.code ?? 'Program'

export interface TrendMonth {
  month: string
  rows: FiguresRow[]
}

export interface Series {
  label: string
  values: (number | null)[]
}

/** One series per row label (agencies, then the program) of a figure over the months. */
export function trendSeries(months: readonly TrendMonth[], key: FigureKey): { months: string[]; series: Series[] } {
  const labels: string[] = []
  for (const m of months) for (const r of m.rows) if (!labels.includes(rowLabel(r))) labels.push(rowLabel(r))
  return {
    months: months.map((m) => m.month),
    series: labels.map((label) => ({
      label,
      values: months.map((m) => {
        const row = m.rows.find((r) => rowLabel(r) === label)
        return row ? figureValue(row, key) : null
      }),
    })),
  }
}

const csvCell = (v: string) => (/[",\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v)

/** CSV of a figure's trend: month, then one column per series; empty cells for no data. */
export function trendCsv(months: readonly TrendMonth[], key: FigureKey): string {
  const { months: ms, series } = trendSeries(months, key)
  const lines = [['month', ...series.map((s) => s.label)].map(csvCell).join(',')]
  ms.forEach((m, i) => {
    lines.push([m, ...series.map((s) => (s.values[i] === null || s.values[i] === undefined ? '' : String(s.values[i])))].map(csvCell).join(','))
  })
  return `${lines.join('\n')}\n`
}
