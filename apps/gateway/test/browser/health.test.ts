/**
 * Issue #12 — the program office's cockpit in headless Chromium against the real stack with the
 * demo data: the program admin lands on program health, whose at-risk list links to the release;
 * the delivery metrics page draws its charts (Chart.js) and offers each as a table; axe-core finds
 * no violation on either page. Screenshots → docs/screenshots/health.png and metrics.png.
 */
import axe from 'axe-core'
import type { Browser, BrowserContext, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type GatewayHarness, startGatewayHarness } from '../harness.ts'
import { collectPageErrors, ensureWebBuilt, launchBrowser, screenshotPath, signInAs } from './browser.ts'

const AXE_SOURCE = axe.source

interface AxeViolation {
  id: string
  impact: string | null
  help: string
  nodes: { target: string[] }[]
}

/** axe-core's violations on the page as it is (injected through the DevTools protocol, not as a page script: the CSP stays). */
async function axeViolations(page: Page): Promise<string[]> {
  await page.evaluate(AXE_SOURCE)
  const violations = await page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run: (ctx: Document) => Promise<{ violations: AxeViolation[] }> } }).axe
    return (await axe.run(document)).violations
  })
  return violations.map((v) => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)
}

describe('program health and delivery metrics (headless Chromium)', () => {
  let h: GatewayHarness
  let browser: Browser
  let context: BrowserContext
  let page: Page
  let errors: string[]

  beforeAll(async () => {
    const webDist = ensureWebBuilt()
    h = await startGatewayHarness({ seed: true, releasesPerPlan: 2, webDist })
    browser = await launchBrowser()
    context = await browser.newContext({ viewport: { width: 1440, height: 900 } })
    page = await context.newPage()
    errors = collectPageErrors(page)
  }, 180_000)
  afterAll(async () => {
    await context?.close()
    await browser?.close()
    await h?.close()
  })

  it('the program admin’s home page is program health; a release at risk links to its release page', async () => {
    await signInAs(page, h.url, 'pat.admin')
    await page.getByTestId('health-page').waitFor({ timeout: 30_000 })
    const first = page.getByTestId('risk-list').locator('li.ry-risk').first()
    await first.waitFor({ timeout: 30_000 })
    // worst first
    const scores = await page
      .getByTestId('risk-list')
      .locator('li.ry-risk')
      .evaluateAll((lis) => lis.map((li) => Number(li.getAttribute('data-score'))))
    expect(scores.length).toBeGreaterThan(0)
    expect([...scores].sort((a, b) => b - a)).toEqual(scores)
    // the demo's DOT draft has alignment issues: its releases are at risk for it
    expect(await page.getByTestId('risk-list').getByText('Plan not aligned').count()).toBeGreaterThan(0)
    await page.getByTestId('drift-heatmap').waitFor()
    await page.getByTestId('plan-counts').waitFor()
    // the program admin's exception inbox (the demo's exceptions are decided already)
    expect(await page.getByTestId('health-exceptions').textContent()).toMatch(/No exception waits for a decision|requested by/)
    await page.screenshot({ path: screenshotPath('health.png'), fullPage: true })

    const releaseId = ((await first.getAttribute('data-testid')) ?? '').replace(/^risk-/, '')
    await first.getByTestId('risk-release-link').click()
    await page.getByTestId('release-page').waitFor({ timeout: 30_000 })
    expect(await page.getByTestId('release-page').getAttribute('data-release-id')).toBe(releaseId)
    expect(new URL(page.url()).pathname).toBe(`/releases/${releaseId}`)
    // the roadmap stays one click away
    await page.getByTestId('nav-roadmap').click()
    await page.locator('[data-testid="roadmap"][data-state="ready"]').waitFor({ timeout: 30_000 })
    expect(errors).toEqual([])
  })

  it('a count links to the list behind it', async () => {
    await page.goto(`${h.url}/health`)
    await page.getByTestId('plan-counts').waitFor({ timeout: 30_000 })
    await page
      .getByTestId('plan-counts')
      .getByRole('link', { name: /submitted plans of DOL/ })
      .click()
    await page.getByTestId('plans-filter').waitFor({ timeout: 30_000 })
    await page.getByTestId('plans-DOL').waitFor({ timeout: 30_000 })
    expect(await page.getByTestId('plans-DOH').count()).toBe(0)
    // DOL's one submitted plan, not its closed FY2026 one
    expect(await page.getByTestId('plans-DOL').locator('tbody tr').count()).toBe(1)
  })

  it('the metrics page shows the figures per agency and the program, draws the trends and offers them as tables', async () => {
    await page.goto(`${h.url}/metrics?from=2025-12-01&to=2026-12-01`)
    await page.getByTestId('metrics-table').waitFor({ timeout: 30_000 })
    // one row per agency (six), then the program
    expect(await page.getByTestId('metrics-table').locator('tbody tr').count()).toBe(7)
    const total = await page.getByTestId('metrics-row-Program').locator('td').allTextContents()
    expect(Number(total[0])).toBeGreaterThan(0) // the demo's production deployments of the year
    for (const key of ['deploymentFrequency', 'leadTimeHours', 'changeFailureRate', 'timeToRestoreHours', 'scheduleAdherence']) {
      await page.locator(`[data-testid="trend-${key}"][data-drawn="true"]`).waitFor({ timeout: 30_000 })
    }
    expect(await page.getByText('The chart could not be drawn').count()).toBe(0)
    // the chart is a canvas drawn by Chart.js
    expect(
      await page
        .getByTestId('trend-changeFailureRate')
        .locator('canvas')
        .evaluate((c: HTMLCanvasElement) => c.width > 0 && c.height > 0),
    ).toBe(true)
    // its table view: 12 months × (six agencies + the program)
    await page.getByTestId('trend-changeFailureRate-table-view').locator('summary').click()
    const table = page.getByTestId('trend-changeFailureRate-table')
    await table.waitFor()
    expect(await table.locator('tbody tr').count()).toBe(12)
    expect(await table.locator('thead th').count()).toBe(8)
    // CSV download of the same numbers
    const download = page.waitForEvent('download')
    await page.getByTestId('trend-changeFailureRate-csv').click()
    const file = await download
    expect(file.suggestedFilename()).toBe('changeFailureRate-by-month.csv')
    await page.evaluate(() => window.scrollTo(0, 0))
    await page.screenshot({ path: screenshotPath('metrics.png'), fullPage: true })
    expect(errors).toEqual([])
  })

  it('axe-core finds no violation on the health and metrics pages', async () => {
    await page.goto(`${h.url}/health`)
    await page.getByTestId('risk-list').waitFor({ timeout: 30_000 })
    expect(await axeViolations(page)).toEqual([])
    await page.goto(`${h.url}/metrics`)
    await page.locator('[data-testid="trend-scheduleAdherence"][data-drawn="true"]').waitFor({ timeout: 30_000 })
    expect(await axeViolations(page)).toEqual([])
  })
})
