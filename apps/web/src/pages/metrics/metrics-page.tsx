/**
 * Delivery metrics (`/metrics`): the five DORA-style figures per agency and for the program over
 * a chosen period (default: the last 12 whole months), and their monthly trends as charts, each
 * with a table view and a CSV download. Months and dates are the program's time zone.
 */
import { useMemo } from 'react'
import { useQuery } from '../../api/hooks.ts'
import { EmptyState, ErrorAlert, Loading } from '../../components/status.tsx'
import { graphql } from '../../gql/index.ts'
import { browserTimeZone, fromLocalInput, todayIn, zoneAbbreviation } from '../../lib/time.ts'
import { Link, useSearchParams } from '../../router.tsx'
import { useViewer } from '../../viewer.tsx'
import { FIGURES, type FiguresRow, formatFigure, rowLabel } from './metrics-model.ts'
import { TrendChart } from './trend-chart.tsx'

const MetricsZoneDocument = graphql(`
  query MetricsZone($key: String!) {
    program(key: $key) {
      id
      strategy {
        version
        cadence {
          timeZone
        }
      }
    }
  }
`)

const DeliveryMetricsDocument = graphql(`
  query DeliveryMetricsPage($key: String!, $from: DateTime!, $to: DateTime!) {
    program(key: $key) {
      id
      deliveryMetrics(from: $from, to: $to) {
        ...DeliveryFigures
      }
      deliveryTrend(from: $from, to: $to) {
        month
        rows {
          ...DeliveryFigures
        }
      }
    }
  }
  fragment DeliveryFigures on DeliveryMetrics {
    agency {
      id
      code
    }
    deployments
    deploymentFrequency
    leadTimeHours
    changeFailureRate
    timeToRestoreHours
    scheduleAdherence
  }
`)

/** First day of the month `delta` months from the month of `ymd`, as YYYY-MM-DD. */
function monthStart(ymd: string, delta: number): string {
  const [y, m] = ymd.split('-').map(Number) as [number, number]
  const d = new Date(Date.UTC(y, m - 1 + delta, 1))
  return d.toISOString().slice(0, 10)
}

const isDate = (v: string | null): v is string => !!v && /^\d{4}-\d{2}-\d{2}$/.test(v)

export function MetricsPage(_props: { params: Record<string, string> }) {
  const { program } = useViewer()
  const zoneQ = useQuery(MetricsZoneDocument, { key: program?.key ?? '' }, { skip: !program })
  const tz = zoneQ.data?.program?.strategy?.cadence.timeZone ?? null
  const [params, setParams] = useSearchParams()
  const today = todayIn(tz ?? browserTimeZone())
  const fromDate = isDate(params.get('from')) ? (params.get('from') as string) : monthStart(today, -12)
  const toDate = isDate(params.get('to')) ? (params.get('to') as string) : monthStart(today, 0)
  const from = tz ? fromLocalInput(`${fromDate}T00:00`, tz) : ''
  const to = tz ? fromLocalInput(`${toDate}T00:00`, tz) : ''
  const valid = !!from && !!to && from < to
  const q = useQuery(DeliveryMetricsDocument, { key: program?.key ?? '', from, to }, { skip: !program || !valid })
  const setPeriod = (name: 'from' | 'to', value: string) => {
    const next = new URLSearchParams(params)
    next.set(name, value)
    setParams(next)
  }
  // the zone's name at the start of the period
  const zone = tz && from ? zoneAbbreviation(Date.parse(from), tz) : ''
  const periodLabel = `${fromDate} to ${toDate} (${zone})`
  const trend = useMemo(() => q.data?.program?.deliveryTrend ?? [], [q.data])
  const rows: FiguresRow[] = q.data?.program?.deliveryMetrics ?? []
  return (
    <div className="grid-container-widescreen padding-y-2" data-testid="metrics-page">
      <h1>Delivery metrics</h1>
      <p className="ry-muted">
        How each agency delivers to production, from the deployments recorded in Railyard. <Link to="/health">Program health</Link> shows what needs attention
        now.
      </p>
      <form className="ry-period" onSubmit={(e) => e.preventDefault()} data-testid="metrics-period">
        <label className="usa-label" htmlFor="metrics-from">
          From (first day, {zone || 'program time'})
        </label>
        <input
          id="metrics-from"
          className="usa-input"
          type="date"
          value={fromDate}
          onChange={(e) => isDate(e.target.value) && setPeriod('from', e.target.value)}
        />
        <label className="usa-label" htmlFor="metrics-to">
          To (day after the last, {zone || 'program time'})
        </label>
        <input id="metrics-to" className="usa-input" type="date" value={toDate} onChange={(e) => isDate(e.target.value) && setPeriod('to', e.target.value)} />
      </form>
      {!program ? <EmptyState title="No program yet" /> : null}
      {tz && !valid ? <p className="usa-error-message">The end of the period must be after its start.</p> : null}
      <ErrorAlert error={zoneQ.error ?? q.error} onReload={() => void q.refetch()} />
      {q.loading && !q.data ? <Loading label="Loading delivery metrics…" /> : null}
      {q.data ? (
        <>
          <FiguresTable rows={rows} periodLabel={periodLabel} />
          <h2>Monthly trends</h2>
          <div className="ry-trends">
            {FIGURES.map((f) => (
              <TrendChart key={f.key} figure={f} months={trend} periodLabel={periodLabel} />
            ))}
          </div>
        </>
      ) : null}
    </div>
  )
}

function FiguresTable({ rows, periodLabel }: { rows: FiguresRow[]; periodLabel: string }) {
  return (
    <section className="ry-card" aria-labelledby="figures-title" data-testid="metrics-figures">
      <h2 id="figures-title" className="margin-top-0">
        Figures, {periodLabel}
      </h2>
      <div className="ry-table-scroll">
        <table className="usa-table usa-table--borderless usa-table--compact width-full" data-testid="metrics-table">
          <caption className="usa-sr-only">Delivery figures per agency and for the program</caption>
          <thead>
            <tr>
              <th scope="col">Agency</th>
              <th scope="col">Production deployments</th>
              {FIGURES.map((f) => (
                <th key={f.key} scope="col">
                  {f.label}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => (
              <tr key={rowLabel(r)} data-testid={`metrics-row-${rowLabel(r)}`} className={r.agency ? undefined : 'ry-total-row'}>
                <th scope="row">{r.agency ? <Link to={`/roadmap?agency=${encodeURIComponent(r.agency.code)}`}>{r.agency.code}</Link> : 'Program'}</th>
                <td>{r.deployments}</td>
                {FIGURES.map((f) => (
                  <td key={f.key}>{formatFigure(r, f.key)}</td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  )
}
