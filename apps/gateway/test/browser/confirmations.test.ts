/**
 * Consequential actions ask first, in headless Chromium against the real stack: rejecting a plan
 * needs a reason (without one nothing is sent and the request stays in the inbox), and publishing
 * a program-wide strategy asks for what changed before anything is published; both dialogs pass
 * axe.
 */
import type { Browser, BrowserContext, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type GatewayHarness, startGatewayHarness } from '../harness.ts'
import { collectPageErrors, ensureWebBuilt, launchBrowser, runAxe, signInAs } from './browser.ts'

describe('confirmations with a required reason (headless Chromium)', () => {
  let h: GatewayHarness
  let browser: Browser
  let context: BrowserContext
  let page: Page
  let errors: string[]

  beforeAll(async () => {
    const webDist = ensureWebBuilt()
    h = await startGatewayHarness({ seed: true, releasesPerPlan: 1, webDist })
    browser = await launchBrowser()
    context = await browser.newContext({ viewport: { width: 1280, height: 900 } })
    page = await context.newPage()
    errors = collectPageErrors(page)
  })
  afterAll(async () => {
    await context?.close()
    await browser?.close()
    await h?.close()
  })

  it('reject: no reason, no rejection; with a reason the plan is rejected', async () => {
    await signInAs(page, h.url, 'pat.admin', '/approvals')
    const reject = page.locator('[data-testid^="reject-"]').first()
    await reject.waitFor({ timeout: 30_000 })
    const id = ((await reject.getAttribute('data-testid')) ?? '').replace(/^reject-/, '')
    await reject.click()
    const dialog = page.getByTestId(`reject-dialog-${id}`)
    await dialog.waitFor()
    expect(await runAxe(page)).toEqual([])
    await page.getByTestId(`reject-dialog-${id}-confirm`).click()
    await dialog.getByRole('alert').getByText('Give a reason').waitFor()
    expect(await dialog.isVisible()).toBe(true)
    // nothing was decided: after a reload the request still waits
    await page.reload()
    await page.getByTestId(`reject-${id}`).waitFor({ timeout: 30_000 })
    await page.getByTestId(`reject-${id}`).click()
    await page.getByTestId(`reject-dialog-${id}-reason`).fill('The PROD window overlaps the December freeze.')
    await page.getByTestId(`reject-dialog-${id}-confirm`).click()
    await page
      .getByTestId('approval-status')
      .getByText(/Rejected/)
      .waitFor({ timeout: 30_000 })
    expect(await page.getByTestId(`approval-${id}`).count()).toBe(0)
    expect(errors).toEqual([])
  })

  it('publish a strategy: asks what changed first; cancel publishes nothing', async () => {
    await page.goto(`${h.url}/program?view=edit`)
    const publish = page.getByTestId('publish-strategy')
    await publish.waitFor({ timeout: 30_000 })
    const label = (await publish.textContent()) ?? ''
    await publish.click()
    await page.getByTestId('publish-dialog').waitFor()
    expect(await runAxe(page)).toEqual([])
    await page.getByTestId('publish-dialog-cancel').click()
    expect(await page.getByTestId('publish-dialog').isVisible()).toBe(false)
    await page.reload()
    await page.getByTestId('publish-strategy').waitFor({ timeout: 30_000 })
    expect(await page.getByTestId('publish-strategy').textContent()).toBe(label)
    expect(errors).toEqual([])
  })
})
