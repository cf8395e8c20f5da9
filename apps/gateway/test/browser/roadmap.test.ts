import type { Browser } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { DEMO_AGENCIES } from '../../src/seed/demo-personas.ts'
import { type GatewayHarness, startGatewayHarness } from '../harness.ts'
import { collectPageErrors, ensureWebBuilt, launchBrowser, screenshotPath } from './browser.ts'

describe('web client smoke test (headless Chromium)', () => {
  let h: GatewayHarness
  let browser: Browser
  beforeAll(async () => {
    const webDist = ensureWebBuilt()
    h = await startGatewayHarness({ seed: true, releasesPerPlan: 3, webDist })
    browser = await launchBrowser()
  })
  afterAll(async () => {
    await browser?.close()
    await h?.close()
  })

  it('signs in as a persona and shows the seeded agencies’ releases on the roadmap', async () => {
    const page = await browser.newPage({ viewport: { width: 1440, height: 900 } })
    const errors = collectPageErrors(page)
    const shell = await page.goto(`${h.url}/roadmap`)
    // Served under a CSP without inline scripts, never framed, no sniffing, no referrer.
    const headers = shell?.headers() ?? {}
    expect(headers['content-security-policy']).toMatch(/script-src 'self'(;|$)/)
    expect(headers['content-security-policy']).not.toMatch(/unsafe-inline|unsafe-eval/)
    expect(headers['content-security-policy']).toMatch(/frame-ancestors 'none'/)
    expect(headers['x-content-type-options']).toBe('nosniff')
    expect(headers['referrer-policy']).toBe('no-referrer')
    // Persona picker: the program admin sees every agency.
    await page.getByTestId('persona-pat.admin').click()
    const roadmap = page.getByTestId('roadmap')
    await roadmap.waitFor({ timeout: 30_000 })
    for (const a of DEMO_AGENCIES) await page.getByTestId(`lane-${a.code}`).waitFor({ timeout: 30_000 })
    // Release names from the seed are on the page.
    await page.getByText('Immunization registry').first().waitFor()
    await page.getByText('Driver licence renewal').first().waitFor()
    await page.locator('[data-testid="roadmap"][data-state="ready"]').waitFor()
    const bars = await page.locator('.ry-row--release').count()
    expect(bars).toBeGreaterThanOrEqual(6)
    await page.screenshot({ path: screenshotPath('roadmap.png'), fullPage: false })
    expect(errors).toEqual([])
  })

  it('prints the roadmap alone: no header, toolbar or panel; the bars are drawn; a PDF comes out', async () => {
    const page = await browser.newPage({ viewport: { width: 1440, height: 900 } })
    await page.goto(`${h.url}/roadmap`)
    await page.getByTestId('persona-pat.admin').click()
    await page.locator('[data-testid="roadmap"][data-state="ready"]').waitFor({ timeout: 30_000 })
    await page.getByTestId('print-roadmap').waitFor()
    expect(await page.getByTestId('site-header').isVisible()).toBe(true)
    await page.emulateMedia({ media: 'print' })
    expect(await page.getByTestId('site-header').isVisible()).toBe(false)
    expect(await page.getByTestId('print-roadmap').isVisible()).toBe(false)
    expect(await page.locator('.ry-row--release').first().isVisible()).toBe(true)
    expect(await page.getByTestId('lane-DOH').isVisible()).toBe(true)
    const pdf = await page.pdf({ landscape: true, printBackground: true })
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-')
    expect(pdf.length).toBeGreaterThan(10_000)
    await page.close()
  })
})
