/**
 * The one time rule, in headless Chromium against the real stack: the same approval request shows
 * the same time, labelled with its zone's abbreviation, in the approval inbox and on the plan
 * page — in the program's zone by default, in the viewer's own zone after the header's switch
 * (remembered across a reload). The browser runs in Berlin so the two zones differ.
 */
import type { Browser, BrowserContext, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type GatewayHarness, startGatewayHarness } from '../harness.ts'
import { collectPageErrors, ensureWebBuilt, launchBrowser, signInAs } from './browser.ts'

describe('times: one zone, labelled, the same on every page (headless Chromium)', () => {
  let h: GatewayHarness
  let browser: Browser
  let context: BrowserContext
  let page: Page
  let errors: string[]

  beforeAll(async () => {
    const webDist = ensureWebBuilt()
    h = await startGatewayHarness({ seed: true, releasesPerPlan: 1, webDist })
    browser = await launchBrowser()
    context = await browser.newContext({ viewport: { width: 1280, height: 900 }, timezoneId: 'Europe/Berlin' })
    page = await context.newPage()
    errors = collectPageErrors(page)
  })
  afterAll(async () => {
    await context?.close()
    await browser?.close()
    await h?.close()
  })

  /** The request's time in the inbox, then on its plan's page. */
  const bothTimes = async () => {
    await page.goto(`${h.url}/approvals`)
    const inbox = page.locator('[data-testid^="requested-at-"]').first()
    await inbox.waitFor({ timeout: 30_000 })
    const id = ((await inbox.getAttribute('data-testid')) ?? '').replace(/^requested-at-/, '')
    const inboxText = (await inbox.textContent())?.trim() ?? ''
    const planHref = (await page.getByTestId(`approval-${id}`).locator('h2 a').getAttribute('href')) ?? ''
    await page.goto(`${h.url}${planHref}`)
    const onPlan = page.getByTestId(`requested-at-${id}`)
    await onPlan.waitFor({ timeout: 30_000 })
    return { inbox: inboxText, plan: (await onPlan.textContent())?.trim() ?? '' }
  }

  it('shows the request in the program’s zone by default, then in the viewer’s zone after the switch', async () => {
    await signInAs(page, h.url, 'pat.admin', '/approvals')
    const programZone = await bothTimes()
    // the demo program runs on Pacific time; the label says so
    expect(programZone.inbox).toMatch(/\d{1,2}:\d{2} (AM|PM) P[SD]T$/)
    expect(programZone.plan).toBe(programZone.inbox)
    expect(programZone.inbox).not.toMatch(/\d{4}-\d{2}-\d{2}T/)

    await page.getByTestId('zone-switch').selectOption('local')
    const local = await bothTimes()
    expect(local.inbox).toMatch(/\d{1,2}:\d{2} (AM|PM) GMT\+[12]$/)
    expect(local.plan).toBe(local.inbox)
    expect(local.inbox).not.toBe(programZone.inbox)
    // remembered across a reload
    await page.reload()
    await page.getByTestId('zone-switch').waitFor({ timeout: 30_000 })
    expect(await page.getByTestId('zone-switch').inputValue()).toBe('local')
    await page.getByTestId('zone-switch').selectOption('program')
    expect(errors).toEqual([])
  })

  it('the header, with the time-zone switch, fits one row at 1280 px', async () => {
    for (const path of ['/', '/approvals']) {
      await page.goto(`${h.url}${path}`)
      await page.getByTestId('zone-switch').waitFor({ timeout: 30_000 })
      // one row: every item of the bar starts above the bottom of every other item
      const rows = await page.evaluate(() => {
        const bar = document.querySelector('.ry-header__bar')
        const items = Array.from(bar?.children ?? [])
          .map((el) => el.getBoundingClientRect())
          .filter((r) => r.width > 0 && r.height > 0)
        return {
          overflow: (bar?.scrollWidth ?? 0) - (bar?.clientWidth ?? 0),
          right: Math.max(...items.map((r) => r.right)),
          count: items.length,
          top: Math.max(...items.map((r) => r.top)),
          bottom: Math.min(...items.map((r) => r.bottom)),
          width: window.innerWidth,
        }
      })
      expect(rows.width).toBe(1280)
      expect(rows.count).toBeGreaterThanOrEqual(3)
      expect(rows.top, path).toBeLessThan(rows.bottom)
      // and nothing is pushed out of the window
      expect(rows.overflow, path).toBeLessThanOrEqual(0)
      expect(rows.right, path).toBeLessThanOrEqual(1280)
    }
  })
})
