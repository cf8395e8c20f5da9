/**
 * Calendar subscriptions, the header's "More" disclosure and the communication pages, in headless
 * Chromium against the real stack: a feed created on the program page works in a calendar app
 * without signing in, shows when it was last used and stops working once revoked (after a
 * confirmation); the More disclosure works from the keyboard; the notifications, notification
 * settings and webhooks pages work and pass axe.
 */
import type { Browser, BrowserContext, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { mountExports } from '../../src/exports/routes.ts'
import { type GatewayHarness, startGatewayHarness } from '../harness.ts'
import { collectPageErrors, ensureWebBuilt, launchBrowser, runAxe, signInAs, switchPersona } from './browser.ts'

describe('calendar subscriptions and communication pages (headless Chromium)', () => {
  let h: GatewayHarness
  let browser: Browser
  let context: BrowserContext
  let page: Page
  let errors: string[]

  beforeAll(async () => {
    const webDist = ensureWebBuilt()
    h = await startGatewayHarness({ seed: true, releasesPerPlan: 1, webDist, routes: (app, deps) => mountExports(app, deps) })
    browser = await launchBrowser()
    context = await browser.newContext({ viewport: { width: 1280, height: 900 } })
    await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: h.url })
    page = await context.newPage()
    errors = collectPageErrors(page)
  })
  afterAll(async () => {
    await context?.close()
    await browser?.close()
    await h?.close()
  })

  it('calendar subscription: created on the program page, works without signing in, last use shown, revoked after a confirmation', async () => {
    await signInAs(page, h.url, 'hana.doh', '/program')
    await page.getByTestId('calendar-subscriptions').waitFor({ timeout: 30_000 })
    await page.getByTestId('calendar-feed-name').fill('Work laptop – Outlook')
    await page.getByTestId('calendar-feed-create').click()
    const urlField = page.getByTestId('calendar-feed-url')
    await urlField.waitFor({ timeout: 30_000 })
    const url = await urlField.inputValue()
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/calendar\/feeds\/rycf_[A-Za-z0-9_-]{43}\.ics$/)
    await page.getByTestId('calendar-feed-copy').click()
    await page.getByTestId('calendar-feed-copied').getByText('Copied').waitFor()
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(url)
    expect(await runAxe(page)).toEqual([])

    // a calendar app: no credential at all
    const res = await fetch(url)
    expect(res.status).toBe(200)
    expect(res.headers.get('content-type')).toBe('text/calendar; charset=utf-8')
    expect(await res.text()).toContain('BEGIN:VCALENDAR')

    // listed (the address masked), with its last use
    await page.reload()
    const row = page.getByTestId('calendar-feeds').locator('tbody tr').filter({ hasText: 'Work laptop – Outlook' })
    await row.waitFor({ timeout: 30_000 })
    expect(await row.getByTestId('calendar-feed-last-used').textContent()).toMatch(/\d{1,2}:\d{2} (AM|PM) P[SD]T$/)
    expect(await page.content()).not.toContain((url.split('/').pop() ?? url).replace('.ics', ''))

    // revoke: asks first; cancel keeps it
    const revoke = row.locator('[data-testid^="calendar-feed-revoke-"]')
    await revoke.click()
    const dialog = page.getByTestId('calendar-feed-revoke-dialog')
    await dialog.waitFor()
    expect(await runAxe(page)).toEqual([])
    await page.getByTestId('calendar-feed-revoke-dialog-cancel').click()
    expect((await fetch(url)).status).toBe(200)
    await revoke.click()
    await page.getByTestId('calendar-feed-revoke-dialog-confirm').click()
    await page
      .getByTestId('calendar-feed-status')
      .getByText(/Revoked/)
      .waitFor({ timeout: 30_000 })
    expect(await row.textContent()).toContain('Revoked')
    expect((await fetch(url)).status).toBe(410)
    expect(errors).toEqual([])
  })

  it('header: the More disclosure opens, closes with Escape and lists the secondary pages, from the keyboard', async () => {
    await page.goto(`${h.url}/roadmap`)
    const more = page.getByTestId('nav-more')
    await more.waitFor({ timeout: 30_000 })
    // the page's own heading is there before axe looks at it
    await page.locator('[data-testid="roadmap"][data-state="ready"]').waitFor({ timeout: 30_000 })
    expect(await more.getAttribute('aria-expanded')).toBe('false')
    expect(await page.getByTestId('nav-more-list').isVisible()).toBe(false)
    await more.focus()
    await page.keyboard.press('Enter')
    expect(await more.getAttribute('aria-expanded')).toBe('true')
    await page.getByTestId('nav-more-list').waitFor()
    expect(await runAxe(page)).toEqual([])
    await page.keyboard.press('Escape')
    expect(await more.getAttribute('aria-expanded')).toBe('false')
    expect(await page.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe('nav-more')
    await page.keyboard.press('Enter')
    await page.keyboard.press('Tab')
    expect(await page.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe('nav-environments')
    await page.keyboard.press('Enter')
    await page.getByTestId('environments-page').waitFor({ timeout: 30_000 })
    expect(await more.getAttribute('aria-expanded')).toBe('false')
    // the disclosure says where you are
    expect(await more.textContent()).toContain('current page: Environments')
  })

  it('notifications, notification settings and webhooks pages work and pass axe', async () => {
    await page.goto(`${h.url}/notifications`)
    await page.getByTestId('notifications-page').waitFor({ timeout: 30_000 })
    await page.locator('[data-testid="notifications-list"], [data-testid="notifications-empty"]').first().waitFor({ timeout: 30_000 })
    expect(await runAxe(page)).toEqual([])

    await page.goto(`${h.url}/settings/notifications`)
    const email = page.getByTestId('pref-DEPENDENCY_RESCHEDULED-EMAIL')
    await email.waitFor({ timeout: 30_000 })
    expect(await page.getByTestId('pref-DEPENDENCY_RESCHEDULED-IN_APP').isChecked()).toBe(true)
    expect(await runAxe(page)).toEqual([])
    const before = await email.isChecked()
    // (USWDS draws the box on the label; the input itself is off-screen)
    await page.locator('label[for="pref-DEPENDENCY_RESCHEDULED-EMAIL"]').click()
    expect(await email.isChecked()).toBe(!before)
    await page.getByTestId('notification-settings-save').click()
    await page.getByTestId('notification-settings-status').getByText('Saved').waitFor({ timeout: 30_000 })
    await page.reload()
    await email.waitFor({ timeout: 30_000 })
    expect(await email.isChecked()).toBe(!before)
    // the daily e-mail digest: one setting more, saved with the same button
    const digest = page.getByTestId('pref-email-digest')
    const digestBefore = await digest.isChecked()
    await page.locator('label[for="pref-email-digest"]').click()
    expect(await digest.isChecked()).toBe(!digestBefore)
    await page.getByTestId('notification-settings-save').click()
    await page.getByTestId('notification-settings-status').getByText('Saved').waitFor({ timeout: 30_000 })
    await page.reload()
    await digest.waitFor({ timeout: 30_000 })
    expect(await digest.isChecked()).toBe(!digestBefore)
    expect(await runAxe(page)).toEqual([])

    // webhooks: an agency manager manages their agency's subscriptions
    await page.goto(`${h.url}/webhooks`)
    await page.getByTestId('webhook-form').waitFor({ timeout: 30_000 })
    expect(await runAxe(page)).toEqual([])
    await page.getByTestId('webhook-url').fill('https://hooks.example.gov/railyard')
    await page.getByTestId('webhook-create').click()
    const secret = page.getByTestId('webhook-secret')
    await secret.waitFor({ timeout: 30_000 })
    expect(await secret.inputValue()).toMatch(/^whsec_/)
    const card = page.locator('section[data-testid^="webhook-"]').filter({ hasText: 'https://hooks.example.gov/railyard' })
    await card.waitFor({ timeout: 30_000 })
    expect(await card.textContent()).toContain('events addressed to DOH')
    expect(await runAxe(page)).toEqual([])
    await card.locator('[data-testid^="webhook-delete-"]').click()
    await page.getByTestId('webhook-delete-dialog').waitFor()
    await page.getByTestId('webhook-delete-dialog-confirm').click()
    await page
      .getByTestId('webhooks-status')
      .getByText(/Deleted/)
      .waitFor({ timeout: 30_000 })

    // an agency viewer is told who manages them, and the link is not offered
    await switchPersona(page, 'val.doh')
    await page.goto(`${h.url}/webhooks`)
    await page.getByTestId('webhooks-forbidden').waitFor({ timeout: 30_000 })
    expect(await page.getByTestId('nav-webhooks').count()).toBe(0)
    expect(await runAxe(page)).toEqual([])
    expect(errors).toEqual([])
  })
})
