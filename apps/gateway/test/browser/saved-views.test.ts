import axeCore from 'axe-core'
import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { demoPersonas } from '../../src/seed/demo-personas.ts'
import { type GatewayHarness, startGatewayHarness } from '../harness.ts'
import { collectPageErrors, ensureWebBuilt, launchBrowser, signInAs } from './browser.ts'

/** axe-core on the saved-views parts of the page only (the menu and, when open, a dialog). */
async function axeOfViews(page: Page): Promise<string[]> {
  await page.evaluate(axeCore.source)
  return page.evaluate(async () => {
    const axe = (
      window as unknown as { axe: { run: (ctx: unknown, opts: unknown) => Promise<{ violations: { id: string; nodes: { target: string[] }[] }[] }> } }
    ).axe
    const include = ['[data-testid="views-menu"]', '[data-testid="view-dialog"]', '[data-testid="delete-view-dialog"]']
      .filter((s) => document.querySelector(s))
      .map((s) => [s])
    const r = await axe.run({ include }, { resultTypes: ['violations'] })
    return r.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)
  })
}

const ready = (page: Page) => page.locator('[data-testid="roadmap"][data-state="ready"]').waitFor({ timeout: 30_000 })
const query = (page: Page) => new URL(page.url()).searchParams

async function openViews(page: Page) {
  const menu = page.getByTestId('views-menu')
  if (!(await menu.evaluate((d) => (d as HTMLDetailsElement).open))) await menu.locator('summary').click()
  return menu
}

describe('saved roadmap views (issue 12, headless Chromium)', () => {
  let h: GatewayHarness
  let browser: Browser
  beforeAll(async () => {
    const webDist = ensureWebBuilt()
    h = await startGatewayHarness({ seed: true, releasesPerPlan: 2, webDist })
    browser = await launchBrowser()
  })
  afterAll(async () => {
    await browser?.close()
    await h?.close()
  })

  it('saves a view with a filter and a range, and restores it after navigating away', async () => {
    const page = await browser.newPage({ viewport: { width: 1440, height: 900 } })
    const errors = collectPageErrors(page)
    await signInAs(page, h.url, demoPersonas.manager('DOH').sub, '/roadmap')
    await ready(page)

    // filter to DOH and show the first half of 2027
    await page.getByTestId('filter-agency').locator('summary').click()
    await page.getByTestId('filter-agency-DOH').check()
    await page.getByTestId('filter-agency').locator('summary').click() // closes the menu
    await page.getByTestId('range-from').fill('2027-01-01')
    await page.getByTestId('range-to').fill('2027-06-30')
    await page.waitForFunction(() => new URL(location.href).searchParams.get('to') === '2027-06-30')
    expect(query(page).get('agency')).toBe('DOH')
    expect(query(page).get('from')).toBe('2027-01-01')

    // Views → Save current view… (a modal dialog: focus is in the name field)
    const menu = await openViews(page)
    await expect.poll(() => menu.getByTestId('views-none').textContent()).toBe('You have no saved views yet.')
    expect(await axeOfViews(page)).toEqual([])
    await page.getByTestId('views-save').click()
    const dialog = page.getByTestId('view-dialog')
    await dialog.waitFor()
    expect(await page.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe('view-name')
    // a program admin's "Share with everyone" is not offered to an agency manager
    expect(await dialog.getByTestId('view-shared').count()).toBe(0)
    expect(await axeOfViews(page)).toEqual([])
    // an empty name is refused next to its field, nothing saved
    await dialog.getByTestId('view-dialog-submit').click()
    await dialog.getByTestId('view-name-error').waitFor()
    await page.getByTestId('view-name').fill('DOH first half')
    await page.getByTestId('view-name').press('Enter')
    await dialog.waitFor({ state: 'detached' })
    await expect.poll(() => page.getByTestId('views-status').textContent()).toBe('Saved the current view as “DOH first half”.')

    // a second view with the same name is a conflict shown at the name
    await (await openViews(page)).getByTestId('views-save').click()
    await page.getByTestId('view-name').fill('doh FIRST half')
    await page.getByTestId('view-dialog-submit').click()
    await expect.poll(() => page.getByTestId('view-name-error').textContent()).toContain('You already have a view named')
    await page.getByTestId('view-dialog-cancel').click()

    // navigate away, come back to a plain roadmap
    await page.getByTestId('nav-plans').click()
    await page.waitForURL(/\/plans/)
    await page.getByTestId('nav-roadmap').click()
    await ready(page)
    expect(query(page).get('agency')).toBeNull()
    expect(await page.getByTestId('lane-ECY').count()).toBe(1)

    // restore it from the menu, with the keyboard
    const restore = (await openViews(page)).getByRole('button', { name: 'DOH first half', exact: true })
    await restore.focus()
    await page.keyboard.press('Enter')
    await page.waitForFunction(() => new URL(location.href).searchParams.get('agency') === 'DOH')
    await ready(page)
    expect(query(page).get('from')).toBe('2027-01-01')
    expect(query(page).get('to')).toBe('2027-06-30')
    expect(await page.getByTestId('range-from').inputValue()).toBe('2027-01-01')
    expect(await page.getByTestId('range-to').inputValue()).toBe('2027-06-30')
    expect(await page.getByTestId('filter-agency').locator('summary').textContent()).toBe('Agencies (1)')
    expect(await page.getByTestId('lane-DOH').count()).toBe(1)
    expect(await page.getByTestId('lane-ECY').count()).toBe(0)
    // the menu marks the view shown
    const shown = (await openViews(page)).locator('[data-testid="saved-view"][data-name="DOH first half"]').getByTestId('saved-view-restore')
    expect(await shown.getAttribute('aria-current')).toBe('true')
    expect(await shown.textContent()).toBe('DOH first half')
    // (its accessible name says so too: "DOH first half (shown)")
    expect(await page.getByRole('button', { name: 'DOH first half (shown)' }).count()).toBe(1)

    // rename it, then delete it after confirming
    const item = page.locator('[data-testid="saved-view"][data-name="DOH first half"]')
    await item.getByTestId('saved-view-edit').click()
    await page.getByTestId('view-name').fill('DOH H1 2027')
    await page.getByTestId('view-dialog-submit').click()
    await page.getByTestId('view-dialog').waitFor({ state: 'detached' })
    const renamed = (await openViews(page)).locator('[data-testid="saved-view"][data-name="DOH H1 2027"]')
    await renamed.waitFor()
    await renamed.getByTestId('saved-view-delete').click()
    const confirm = page.getByTestId('delete-view-dialog')
    await confirm.waitFor({ state: 'visible' })
    expect(await confirm.getByRole('heading').textContent()).toBe('Delete the view “DOH H1 2027”?')
    expect(await axeOfViews(page)).toEqual([])
    await confirm.getByTestId('delete-view-dialog-confirm').click()
    await expect.poll(() => page.getByTestId('views-status').textContent()).toBe('Deleted the view “DOH H1 2027”.')
    expect(await (await openViews(page)).getByTestId('saved-view').count()).toBe(0)
    expect(errors).toEqual([])
    await page.close()
  })

  it('a view the program admin shares appears for an agency user, who restores it but cannot change it; private views stay private', async () => {
    const admin = await browser.newPage({ viewport: { width: 1440, height: 900 } })
    await signInAs(admin, h.url, demoPersonas.admin.sub, '/roadmap?tier=PROD&zoom=week')
    await ready(admin)
    await (await openViews(admin)).getByTestId('views-save').click()
    await admin.getByTestId('view-name').fill('Production windows')
    await admin.getByTestId('view-shared').check()
    expect(await axeOfViews(admin)).toEqual([])
    await admin.getByTestId('view-dialog-submit').click()
    await expect.poll(() => admin.getByTestId('views-status').textContent()).toBe('Saved the current view as “Production windows”.')
    await (await openViews(admin)).getByTestId('views-save').click()
    await admin.getByTestId('view-name').fill('Admin scratch')
    await admin.getByTestId('view-dialog-submit').click()
    await expect.poll(() => admin.getByTestId('views-status').textContent()).toBe('Saved the current view as “Admin scratch”.')
    await admin.close()

    const dol = await browser.newPage({ viewport: { width: 1440, height: 900 } })
    const errors = collectPageErrors(dol)
    await signInAs(dol, h.url, demoPersonas.manager('DOL').sub, '/roadmap')
    await ready(dol)
    const menu = await openViews(dol)
    const shared = menu.locator('[data-testid="saved-view"][data-name="Production windows"]')
    await shared.waitFor()
    expect(await menu.locator('[data-testid="saved-view"][data-name="Admin scratch"]').count()).toBe(0)
    expect(await shared.getByTestId('saved-view-edit').count()).toBe(0)
    expect(await shared.getByTestId('saved-view-delete').count()).toBe(0)
    expect(await menu.getByText('Shared with everyone').count()).toBe(1)
    await shared.getByTestId('saved-view-restore').click()
    await dol.waitForFunction(() => new URL(location.href).searchParams.get('tier') === 'PROD')
    await ready(dol)
    expect(query(dol).get('zoom')).toBe('week')
    expect(await dol.getByTestId('zoom-week').getAttribute('aria-pressed')).toBe('true')
    expect(await dol.getByTestId('filter-tier').locator('summary').textContent()).toBe('Tiers (1)')
    expect(errors).toEqual([])
    await dol.close()
  })
})
