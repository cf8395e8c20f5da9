import { instantToMillis, overlapsMillis } from '@railyard/release-rules'
import type { RoadmapData } from './export-data.ts'
import { programZone, rangeBound } from './export-time.ts'

export const ROADMAP_CSV_COLUMNS = [
  'agency',
  'plan',
  'planStatus',
  'release',
  'version',
  'type',
  'status',
  'currentTier',
  'tier',
  'environment',
  'start',
  'end',
] as const

export interface RoadmapCsvOptions {
  /**
   * Only windows overlapping the range: 'YYYY-MM-DD' days in the program's time zone (`to`
   * inclusive) or ISO instants; either may be absent.
   */
  from?: string | null
  to?: string | null
}

/**
 * The unified roadmap as CSV (RFC 4180: CRLF line ends, a header row, fields with a comma,
 * quote or line break in double quotes with quotes doubled): one row per schedule window of
 * every release in `data` — i.e. every window the viewer may see — ordered by agency, plan,
 * release (in plan order) and tier (in schedule order). start/end are ISO instants (UTC).
 * A text field that a spreadsheet would run as a formula (starting with = + - @ or a tab) is
 * prefixed with an apostrophe.
 */
export function formatRoadmapCsv(data: RoadmapData, opts: RoadmapCsvOptions = {}): string {
  const zone = programZone(data.strategy)
  const from = rangeBound(opts.from, zone, 'from') ?? Number.NEGATIVE_INFINITY
  const to = rangeBound(opts.to, zone, 'to') ?? Number.POSITIVE_INFINITY
  const plans = [...data.plans].sort((a, b) => cmp(a.agency.code, b.agency.code) || cmp(a.title, b.title) || cmp(a.id, b.id))
  const lines = [ROADMAP_CSV_COLUMNS.join(',')]
  for (const plan of plans) {
    for (const r of plan.releases) {
      for (const w of r.schedule) {
        const start = instantToMillis(w.start)
        const end = instantToMillis(w.end)
        if (!overlapsMillis(start, end, from, to)) continue
        const row = [
          text(plan.agency.code),
          text(plan.title),
          plan.status,
          text(r.name),
          text(r.version),
          r.type,
          r.status,
          text(r.currentTier ?? ''),
          text(w.tier),
          text(w.environment?.key ?? ''),
          new Date(start).toISOString(),
          new Date(end).toISOString(),
        ]
        lines.push(row.map(csvField).join(','))
      }
    }
  }
  return `${lines.join('\r\n')}\r\n`
}

/** RFC 4180 field: quoted when it holds a comma, a double quote, CR or LF. */
export function csvField(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value
}

/** Neutralizes spreadsheet formulas in free text (CSV injection). */
function text(value: string): string {
  return /^[=+\-@\t\r]/.test(value) ? `'${value}` : value
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0
}
