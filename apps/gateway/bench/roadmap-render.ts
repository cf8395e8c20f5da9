import { type RoadmapMarks, launchBrowser, measureTimelineScroll, readRoadmapMarks } from '../test/browser/browser.ts'

/** What one page load of the roadmap measured: the client's marks (ms from navigation start). */
export type RenderRun = RoadmapMarks

export interface RenderResult {
  runs: RenderRun[]
  lanes: number
  rows: number
  releaseCount: number
  scroll: { frames: number; longestFrame: number; jank: number }
}

/**
 * Opens the roadmap in headless Chromium as `token`'s actor, `runs` times, and reads the
 * client's own performance marks (roadmap:data, roadmap:rendered); then scrolls the timeline
 * for two seconds and counts frames (a frame > 50 ms is jank).
 */
export async function renderRoadmap(o: {
  url: string
  token: string
  programKey: string
  runs: number
  zoom?: 'quarter' | 'month' | 'week'
}): Promise<RenderResult> {
  const browser = await launchBrowser()
  const runs: RenderRun[] = []
  let lanes = 0
  let rows = 0
  let releaseCount = 0
  let scroll = { frames: 0, longestFrame: 0, jank: 0 }
  try {
    for (let i = 0; i < o.runs; i++) {
      const context = await browser.newContext({ viewport: { width: 1440, height: 900 } })
      await context.addInitScript((token) => window.localStorage.setItem('railyard.token', token), o.token)
      const page = await context.newPage()
      await page.goto(`${o.url}/roadmap?program=${encodeURIComponent(o.programKey)}&zoom=${o.zoom ?? 'month'}`)
      await page.locator('[data-testid="roadmap"][data-state="ready"]').waitFor({ timeout: 120_000 })
      const m = await readRoadmapMarks(page)
      runs.push(m)
      if (i === o.runs - 1) {
        lanes = await page.locator('[data-testid^="lane-header-"]').count()
        rows = await page.locator('.ry-row--release').count()
        releaseCount = Number(await page.getByTestId('roadmap').getAttribute('data-release-count'))
        const { frames, longestFrame, jank } = await measureTimelineScroll(page, 2000)
        scroll = { frames, longestFrame, jank }
      }
      await context.close()
    }
  } finally {
    await browser.close()
  }
  return { runs, lanes, rows, releaseCount, scroll }
}
