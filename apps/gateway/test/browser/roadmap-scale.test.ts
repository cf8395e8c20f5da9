/**
 * Issue #5, story 3 — the roadmap at program scale in headless Chromium: 40 agencies × 50
 * releases × 3 windows (seedScale through the gateway), opened as a PROGRAM_VIEWER.
 *
 * Asserted: only facts (2000 releases, 40 lanes, virtualised rows, the client's performance
 * marks present and ordered, scrolling renders the far lanes). The timings are REPORTED on one
 * console line, never asserted: the machine is shared and noisy.
 * Screenshot → docs/screenshots/roadmap-scale.png.
 */
import type { Browser, BrowserContext, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { seedScale } from '../../src/seed/scale-seed.ts'
import { type GatewayHarness, startGatewayHarness } from '../harness.ts'
import { collectPageErrors, ensureWebBuilt, launchBrowser, measureTimelineScroll, readRoadmapMarks, screenshotPath } from './browser.ts'

const AGENCIES = 40
const RELEASES_PER_PLAN = 50
const TOTAL = AGENCIES * RELEASES_PER_PLAN

describe('roadmap at program scale: 40 agencies × 50 releases (headless Chromium)', () => {
  let h: GatewayHarness
  let browser: Browser
  let context: BrowserContext
  let page: Page
  let errors: string[]
  let seedSeconds = 0

  beforeAll(async () => {
    const webDist = ensureWebBuilt()
    h = await startGatewayHarness({ webDist })
    const seeded = await seedScale({ graphql: h.stack.gateway.graphql, signer: h.auth.signer, agencies: AGENCIES, releasesPerPlan: RELEASES_PER_PLAN })
    seedSeconds = seeded.seconds
    const token = await h.auth.signer.sign({ sub: 'vera.viewer', name: 'Vera (program viewer)', roles: ['PROGRAM_VIEWER'] }, { expiresIn: '1h' })
    browser = await launchBrowser()
    context = await browser.newContext({ viewport: { width: 1440, height: 900 } })
    await context.addInitScript((t) => window.localStorage.setItem('railyard.token', t), token)
    page = await context.newPage()
    errors = collectPageErrors(page)
  }, 300_000)
  afterAll(async () => {
    await context?.close()
    await browser?.close()
    await h?.close()
  })

  it('renders all 2000 releases in 40 lanes, virtualised, and reports the client’s marks', { timeout: 180_000 }, async () => {
    await page.goto(`${h.url}/roadmap?program=SCALE&zoom=month`)
    const roadmap = page.locator('[data-testid="roadmap"][data-state="ready"]')
    await roadmap.waitFor({ timeout: 120_000 })
    const marks = await readRoadmapMarks(page)

    // The whole program is loaded (the default range spans the plans' periods) …
    expect(Number(await roadmap.getAttribute('data-release-count'))).toBe(TOTAL)
    const stats = (await page.getByTestId('roadmap-stats').textContent()) ?? ''
    expect(stats).toMatch(new RegExp(`^${TOTAL} releases in ${AGENCIES} agencies · ${TOTAL * 3} windows`))
    expect(await page.getByTestId('program-name').textContent()).toMatch(/^SCALE · /)
    // … but only the rows in view (plus overscan) are in the DOM.
    const rows = await page.locator('.ry-row--release').count()
    const laneHeaders = await page.locator('[data-testid^="lane-header-"]').count()
    expect(rows).toBeGreaterThan(0)
    expect(rows).toBeLessThan(TOTAL / 10)
    expect(laneHeaders).toBeGreaterThan(0)
    expect(laneHeaders).toBeLessThan(AGENCIES)
    await page.getByTestId('lane-header-AG01').waitFor()
    expect(await page.getByTestId('lane-AG40').count()).toBe(0)

    // The client's own marks are there, in order: data, then bars painted.
    expect(Number.isFinite(marks.data)).toBe(true)
    expect(Number.isFinite(marks.rendered)).toBe(true)
    expect(marks.rendered).toBeGreaterThanOrEqual(marks.data)
    expect(marks.complete).toBeGreaterThanOrEqual(marks.rendered)
    expect(marks.render).toBeGreaterThanOrEqual(0)

    await page.screenshot({ path: screenshotPath('roadmap-scale.png') })

    // Scroll the timeline for two seconds and count frames.
    const scroll = await measureTimelineScroll(page, 2000)
    expect(scroll.frames).toBeGreaterThan(0)
    expect(scroll.scrolledTo).toBeGreaterThan(0)
    const rowsAfterScroll = await page.locator('.ry-row--release').count()
    expect(rowsAfterScroll).toBeLessThan(TOTAL / 10)

    // Scrolling to the end renders the last lane (and drops the first): every lane exists, virtualised.
    await page.getByTestId('timeline').evaluate((el) => {
      el.scrollTop = el.scrollHeight
    })
    await page.getByTestId('lane-AG40').waitFor({ timeout: 30_000 })
    expect(await page.getByTestId('lane-AG40').locator('.ry-row--release').count()).toBeGreaterThan(0)
    expect(await page.getByTestId('lane-AG01').count()).toBe(0)
    expect(await page.locator('.ry-row--release').count()).toBeLessThan(TOTAL / 10)

    console.log(
      `[roadmap-scale] ${AGENCIES}×${RELEASES_PER_PLAN}: seed ${seedSeconds.toFixed(1)} s · data received ${marks.data.toFixed(0)} ms · ` +
        `first bars painted ${marks.rendered.toFixed(0)} ms · whole range painted ${marks.complete.toFixed(0)} ms (all from navigation start) · render after data ${marks.render.toFixed(0)} ms · ` +
        `releases ${TOTAL} · DOM rows ${rows} (lane headers ${laneHeaders}) · ` +
        `scroll 2 s: ${scroll.frames} frames, longest ${scroll.longestFrame.toFixed(0)} ms, jank (>50 ms) ${scroll.jank}`,
    )
    expect(errors).toEqual([])
  })
})
