/**
 * One figure's monthly trend: a Chart.js line chart (loaded on demand, its own chunk), a table
 * view of the same numbers for screen readers and keyboard users, and a CSV download.
 */
import { useEffect, useRef, useState } from 'react'
import type { Chart } from 'chart.js'
import { type Figure, type TrendMonth, trendCsv, trendSeries } from './metrics-model.ts'

/** Colours (≥ 3:1 against white) with a point shape each, so series differ by more than colour. */
const PALETTE = ['#005ea2', '#b50909', '#00754a', '#8b0a03', '#6b3fa0', '#936f38', '#1a1a1a']
const SHAPES = ['circle', 'rect', 'triangle', 'rectRot', 'star', 'crossRot', 'rectRounded'] as const

type ChartModule = typeof import('chart.js')

/** Chart.js with what a line chart needs registered, imported on first use (its own chunk). */
async function loadChartJs(): Promise<ChartModule> {
  const mod = await import('chart.js')
  mod.Chart.register(mod.LineController, mod.LineElement, mod.PointElement, mod.LinearScale, mod.CategoryScale, mod.Legend, mod.Tooltip)
  return mod
}

function drawChart(mod: ChartModule, canvas: HTMLCanvasElement, figure: Figure, months: readonly TrendMonth[]): Chart {
  const { months: labels, series } = trendSeries(months, figure.key)
  return new mod.Chart(canvas, {
    type: 'line',
    data: {
      labels,
      datasets: series.map((s, i) => {
        const total = s.label === 'Program'
        return {
          label: s.label,
          data: s.values,
          borderColor: total ? '#1a1a1a' : PALETTE[i % PALETTE.length],
          backgroundColor: total ? '#1a1a1a' : PALETTE[i % PALETTE.length],
          borderWidth: total ? 3 : 1.5,
          borderDash: total ? [] : [4, 3],
          pointStyle: SHAPES[i % SHAPES.length],
          pointRadius: 4,
          spanGaps: true,
        }
      }),
    },
    options: {
      responsive: true,
      maintainAspectRatio: false,
      animation: false,
      scales: { y: { beginAtZero: true, title: { display: true, text: figure.unit } } },
      plugins: { legend: { position: 'bottom', labels: { usePointStyle: true } } },
    },
  })
}

function downloadCsv(name: string, text: string) {
  const url = URL.createObjectURL(new Blob([text], { type: 'text/csv' }))
  const a = document.createElement('a')
  a.href = url
  a.download = name
  document.body.appendChild(a)
  a.click()
  a.remove()
  setTimeout(() => URL.revokeObjectURL(url), 1000)
}

export function TrendChart({ figure, months, periodLabel }: { figure: Figure; months: readonly TrendMonth[]; periodLabel: string }) {
  const canvas = useRef<HTMLCanvasElement>(null)
  const [drawn, setDrawn] = useState(false)
  const [failed, setFailed] = useState(false)
  useEffect(() => {
    let chart: Chart | null = null
    let cancelled = false
    const el = canvas.current
    if (el) {
      // after the import everything is synchronous: only the effect still current draws on the canvas
      loadChartJs()
        .then((mod) => {
          if (cancelled) return
          chart = drawChart(mod, el, figure, months)
          setFailed(false)
          setDrawn(true)
        })
        .catch(() => {
          if (!cancelled) setFailed(true)
        })
    }
    return () => {
      cancelled = true
      chart?.destroy()
    }
  }, [figure, months])
  const { months: labels, series } = trendSeries(months, figure.key)
  const id = `trend-${figure.key}`
  return (
    <section className="ry-card ry-trend" aria-labelledby={`${id}-title`} data-testid={id} data-drawn={drawn ? 'true' : 'false'}>
      <h3 id={`${id}-title`} className="margin-top-0">
        {figure.label} <span className="ry-muted">({figure.unit})</span>
      </h3>
      <p className="ry-muted">{figure.help}</p>
      <div className="ry-trend__canvas">
        <canvas ref={canvas} role="img" aria-label={`${figure.label} per month, ${periodLabel}; the table below lists the numbers`} />
      </div>
      {failed ? <p className="ry-muted">The chart could not be drawn; the table below has the numbers.</p> : null}
      <details className="ry-trend__table" data-testid={`${id}-table-view`}>
        <summary>Show as a table</summary>
        <div className="ry-table-scroll">
          <table className="usa-table usa-table--compact" data-testid={`${id}-table`}>
            <caption className="usa-sr-only">
              {figure.label} ({figure.unit}) per month
            </caption>
            <thead>
              <tr>
                <th scope="col">Month</th>
                {series.map((s) => (
                  <th key={s.label} scope="col">
                    {s.label}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {labels.map((m, i) => (
                <tr key={m}>
                  <th scope="row">{m}</th>
                  {series.map((s) => {
                    const v = s.values[i]
                    return <td key={s.label}>{v === null || v === undefined ? '—' : Math.round(v * 100) / 100}</td>
                  })}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </details>
      <button
        type="button"
        className="usa-button usa-button--outline usa-button--small margin-top-1"
        data-testid={`${id}-csv`}
        onClick={() => downloadCsv(`${figure.key}-by-month.csv`, trendCsv(months, figure.key))}
      >
        Download CSV<span className="usa-sr-only"> of {figure.label}</span>
      </button>
    </section>
  )
}
