// `tsx apps/gateway/bench/pdf-bench.ts [--quick]`: how long the roadmap PDF takes to draw and how
// big it is, for programs of 4, 40 and 80 agencies × 50 releases × 3 windows over a year (the data
// as the export query returns it, built here: no database, no network — the drawing alone), and the
// Release Management Plan PDF of a plan with 10 and 50 releases. Median of the runs; figures, not
// assertions (the machine is shared, so its load is printed with them).
import { loadavg } from 'node:os'
import type { RmpPlanData, RoadmapPdfData } from '../src/exports/export-data.ts'
import { formatRmpPdf } from '../src/exports/rmp-pdf.export.ts'
import { formatRoadmapPdf } from '../src/exports/roadmap-pdf.export.ts'

const QUICK = process.argv.includes('--quick')
const RUNS = QUICK ? 3 : 7
const NOW = '2026-12-04T12:00:00Z'
const DAY = 86_400_000
const START = Date.parse('2027-01-01T17:00:00Z')
const iso = (ms: number) => new Date(ms).toISOString()

function roadmap(agencies: number, releases: number): RoadmapPdfData {
  return {
    key: 'BENCH',
    name: 'Bench program',
    strategy: { promotionPath: ['DEV', 'TEST', 'PROD'], cadence: { timeZone: 'America/Los_Angeles' } },
    freezeOccurrences: Array.from({ length: 52 }, (_, w) => ({
      start: iso(START + (w * 7 + 4) * DAY),
      end: iso(START + (w * 7 + 6.6) * DAY),
      window: { name: 'Weekend production freeze', tiers: ['PROD'] },
    })),
    plans: Array.from({ length: agencies }, (_, a) => ({
      id: `plan-${a}`,
      title: `A${a} release plan 2027`,
      status: 'APPROVED' as const,
      agency: { code: `A${a}`, name: `Agency ${a}` },
      releases: Array.from({ length: releases }, (_, r) => {
        const t0 = START + ((r * 7 + a) % 340) * DAY
        return {
          id: `r-${a}-${r}`,
          name: `Release ${a}.${r}`,
          version: `1.${r}.0`,
          status: 'PLANNED' as const,
          schedule: [
            { tier: 'DEV', start: iso(t0), end: iso(t0 + 5 * DAY), environment: null },
            { tier: 'TEST', start: iso(t0 + 7 * DAY), end: iso(t0 + 12 * DAY), environment: null },
            { tier: 'PROD', start: iso(t0 + 14 * DAY), end: iso(t0 + 14 * DAY + 4 * 3_600_000), environment: null },
          ],
        }
      }),
    })),
  }
}

async function measure(run: () => Promise<Buffer>): Promise<{ ms: number; bytes: number }> {
  const times: number[] = []
  let bytes = 0
  for (let i = 0; i < RUNS; i++) {
    const t = performance.now()
    bytes = (await run()).length
    times.push(performance.now() - t)
  }
  times.sort((a, b) => a - b)
  return { ms: times[Math.floor(times.length / 2)] ?? Number.NaN, bytes }
}

const { rmpPlan } = await import('../test/exports/fixtures.ts')
function rmp(releases: number): RmpPlanData {
  const [first] = rmpPlan.releases
  if (!first) throw new Error('the RMP fixture has a release')
  return { ...rmpPlan, releases: Array.from({ length: releases }, (_, i) => ({ ...first, id: `rel-${i}`, name: `Release ${i}` })) }
}

console.log(
  `PDF exports, median of ${RUNS} runs (load average ${loadavg()
    .map((l) => l.toFixed(2))
    .join(' ')})`,
)
for (const agencies of QUICK ? [4, 40] : [4, 40, 80]) {
  const data = roadmap(agencies, 50)
  const { ms, bytes } = await measure(() => formatRoadmapPdf(data, { from: '2027-01-01', to: '2027-12-31', now: NOW }))
  console.log(
    `roadmap.pdf  ${String(agencies).padStart(3)} agencies × 50 releases × 3 windows, 1 year: ${ms.toFixed(0).padStart(6)} ms  ${(bytes / 1024).toFixed(0).padStart(6)} KiB`,
  )
}
for (const releases of [10, 50]) {
  const plan = rmp(releases)
  const { ms, bytes } = await measure(() => formatRmpPdf(plan, { now: NOW }))
  console.log(
    `rmp.pdf      ${String(releases).padStart(3)} releases:                             ${ms.toFixed(0).padStart(6)} ms  ${(bytes / 1024).toFixed(0).padStart(6)} KiB`,
  )
}
