/**
 * Issue #5, story 2 — environment drift in headless Chromium against the real stack: the DOH
 * manager sees doh-test's drift (the demo data reports a changed postgres.version, a missing
 * tls.min_version and an unexpected debug.enabled after its baseline), accepts the reported
 * state as the new baseline, and the environment is in sync — also after a reload.
 * Screenshot of the drift → docs/screenshots/environments.png.
 */
import type { Browser, BrowserContext, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type GatewayHarness, startGatewayHarness } from '../harness.ts'
import { collectPageErrors, ensureWebBuilt, launchBrowser, screenshotPath, signInAs } from './browser.ts'

describe('environments: drift and accepting a baseline (headless Chromium)', () => {
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
  })
  afterAll(async () => {
    await context?.close()
    await browser?.close()
    await h?.close()
  })

  const card = (key: string) => page.getByTestId(`env-${key}`)
  const driftRows = (key: string) =>
    page
      .getByTestId(`drift-${key}`)
      .locator('tbody tr')
      .evaluateAll((trs) => trs.map((tr) => Array.from(tr.querySelectorAll('th, td'), (c) => c.textContent?.trim() ?? '')))

  it('the DOH manager sees doh-test’s drift: changed, missing and unexpected keys', async () => {
    await signInAs(page, h.url, 'hana.doh', '/environments')
    await page.getByTestId('environments-page').waitFor()
    await card('doh-test').waitFor({ timeout: 30_000 })

    // What a DOH manager sees: DOH's environments and the shared one, not other agencies'.
    for (const key of ['doh-dev', 'doh-test', 'doh-prod', 'shared-sso-stage']) expect(await card(key).count()).toBe(1)
    for (const key of ['dot-prod', 'dol-test', 'dshs-dev']) expect(await card(key).count()).toBe(0)

    expect(await card('doh-test').getAttribute('data-in-sync')).toBe('false')
    expect(await page.getByTestId('env-doh-test-sync').textContent()).toBe('DRIFT')
    const rows = await driftRows('doh-test')
    expect(rows.sort()).toEqual(
      [
        ['debug.enabled', '—', 'true', 'unexpected'],
        ['postgres.version', '15.8', '15.9', 'changed'],
        ['tls.min_version', '1.2', '—', 'missing'],
      ].sort(),
    )
    // Its siblings reported exactly their baseline.
    for (const key of ['doh-dev', 'doh-prod']) {
      expect(await card(key).getAttribute('data-in-sync')).toBe('true')
      expect(await page.getByTestId(`drift-${key}`).count()).toBe(0)
      expect(await page.getByTestId(`approve-baseline-${key}`).count()).toBe(0)
    }

    // Screenshot: the DOH environments with doh-test's drift in view.
    await page.getByTestId('env-agency-filter').selectOption('DOH')
    await page.getByTestId('env-group-SHARED').waitFor({ state: 'detached' })
    // scroll the DOH group's heading to just below the (sticky) site header
    await page.getByTestId('env-group-DOH').evaluate((el) => {
      const header = document.querySelector('[data-testid="site-header"]')?.getBoundingClientRect().height ?? 0
      window.scrollTo(0, el.getBoundingClientRect().top + window.scrollY - header - 16)
    })
    const box = await page.getByTestId('drift-doh-test').boundingBox()
    expect(box!.y + box!.height).toBeLessThanOrEqual(900) // the drift table is in the picture
    await page.screenshot({ path: screenshotPath('environments.png') })
  })

  it('accepting the reported state as baseline clears the drift', async () => {
    const before = await card('doh-test').textContent()
    expect(before).toContain('Baseline v1')
    await page.getByTestId('baseline-note-doh-test').fill('Postgres 15.9 patch and debug flag accepted after review')
    await page.getByTestId('approve-baseline-doh-test').click()

    await page.locator('[data-testid="env-doh-test"][data-in-sync="true"]').waitFor({ timeout: 30_000 })
    expect(await page.getByTestId('env-doh-test-sync').textContent()).toBe('IN SYNC')
    expect(await page.getByTestId('drift-doh-test').count()).toBe(0)
    expect(await page.getByTestId('approve-baseline-doh-test').count()).toBe(0)
    expect(await page.getByTestId('environments-status').textContent()).toContain('doh-test: the last report is now baseline v2.')
    const after = await card('doh-test').textContent()
    expect(after).toContain('Baseline v2 approved by hana.doh')
    expect(after).toContain('Postgres 15.9 patch and debug flag accepted after review')

    // The new baseline is the report: its items are what was reported (no tls.min_version, debug.enabled on).
    await card('doh-test').locator('details summary').click()
    const items = await card('doh-test').locator('details li').allTextContents()
    expect(items.map((s) => s.trim()).sort()).toEqual(['debug.enabled = true', 'java.runtime = 21', 'postgres.version = 15.9', 'replicas = 1'])

    // Stored, not just shown: still in sync after a reload.
    await page.reload()
    await card('doh-test').waitFor({ timeout: 30_000 })
    expect(await card('doh-test').getAttribute('data-in-sync')).toBe('true')
    expect(await card('doh-test').textContent()).toContain('Baseline v2')
    expect(errors).toEqual([])
  })
})
