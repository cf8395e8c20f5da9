/// <reference lib="dom" />
/**
 * Accessibility of every page, in headless Chromium against the real stack with the demo data:
 * axe-core finds no violation on any page for any kind of persona (the persona picker included);
 * in forced-colors (Windows high-contrast) emulation the roadmap's bars, markers and legend are
 * still drawn; and a keyboard-only user opens a release from its bar and approves a plan from the
 * approval inbox.
 */
import type { Browser, BrowserContext, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type GatewayHarness, startGatewayHarness } from '../harness.ts'
import { type AxeFinding, collectPageErrors, ensureWebBuilt, launchBrowser, runAxe, screenshotPath, signInAs, switchPersona } from './browser.ts'

describe('accessibility (axe-core, forced colours, keyboard only)', () => {
  let h: GatewayHarness
  let browser: Browser
  let context: BrowserContext
  let page: Page
  let errors: string[]

  beforeAll(async () => {
    const webDist = ensureWebBuilt()
    h = await startGatewayHarness({ seed: true, releasesPerPlan: 2, webDist })
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

  const open = async (path: string, testId: string) => {
    await page.goto(`${h.url}${path}`)
    await page.getByTestId(testId).first().waitFor({ timeout: 30_000 })
  }
  const ready = () => page.locator('[data-testid="roadmap"][data-state="ready"]').waitFor({ timeout: 30_000 })

  let releaseId = ''
  let found: Record<string, AxeFinding[]> = {}
  const check = async (label: string) => {
    const v = await runAxe(page)
    if (v.length > 0) found[label] = v
  }
  const report = () => {
    const seen = found
    found = {}
    if (Object.keys(seen).length > 0) console.log(JSON.stringify(seen, null, 1))
    expect(seen).toEqual({})
  }

  it('axe: no violation on the persona picker', async () => {
    await page.goto(h.url)
    await page.getByTestId('persona-pat.admin').waitFor({ timeout: 30_000 })
    await check('persona picker')
    await signInAs(page, h.url, 'hana.doh')
    await ready()
    const bar = page.getByTestId('lane-DOH').locator('[data-testid^="release-"][data-status]').first()
    releaseId = ((await bar.getAttribute('data-testid')) ?? '').replace(/^release-/, '')
    report()
  })

  for (const sub of ['hana.doh', 'mia.doh', 'vera.viewer', 'pat.admin'])
    it(`axe: no violation on any page as ${sub}`, { timeout: 240_000 }, async () => {
      await switchPersona(page, sub)
      await open('/roadmap', 'roadmap')
      await ready()
      await check(`${sub} roadmap`)
      await open(`/roadmap?release=${releaseId}`, 'release-panel')
      await check(`${sub} roadmap with the release panel`)
      await open('/roadmap?zoom=week', 'roadmap')
      await ready()
      await check(`${sub} roadmap week`)
      await open('/plans', 'plans-page')
      await page.getByTestId('plans-DOH').waitFor({ timeout: 30_000 })
      await check(`${sub} plans`)
      const planLink = page.getByTestId('plans-DOH').locator('[data-testid^="plan-row-"] a').first()
      const href = (await planLink.getAttribute('href')) ?? ''
      expect(href).toMatch(/^\/plans\//)
      await open(href, 'plan-editor')
      await check(`${sub} plan`)
      await open(`${href}?release=${releaseId}`, 'release-editor')
      await check(`${sub} plan with a release`)
      if (sub === 'hana.doh' || sub === 'mia.doh') {
        await open('/plans/new?agency=DOH', 'new-plan')
        await check(`${sub} new plan`)
      }
      await open('/approvals', 'approvals-page')
      await page.waitForLoadState('networkidle')
      await check(`${sub} approvals`)
      await open(`/releases/${releaseId}`, 'gates')
      await page.getByTestId('release-environments').getByText('Readiness per scheduled window').waitFor({ timeout: 30_000 })
      await check(`${sub} release`)
      await open('/environments', 'environments-page')
      await page.getByTestId('env-group-SHARED').waitFor({ timeout: 30_000 })
      await page.locator('[data-testid="bookings-calendar"][data-state="ready"]').waitFor({ timeout: 30_000 })
      await check(`${sub} environments`)
      await open('/program', 'program-page')
      await page.getByTestId('strategy-view').waitFor({ timeout: 30_000 })
      await check(`${sub} program`)
      await open('/program?view=compare', 'strategy-compare')
      await check(`${sub} program compare`)
      if (sub === 'pat.admin') {
        await open('/program?view=edit', 'strategy-editor')
        await check(`${sub} program editor`)
      }
      report()
      expect(errors).toEqual([])
    })

  it('forced colours (high contrast): the roadmap’s bars, markers and legend are still drawn', async () => {
    await switchPersona(page, 'pat.admin')
    await open('/roadmap', 'roadmap')
    await ready()
    const cdp = await context.newCDPSession(page)
    await cdp.send('Emulation.setEmulatedMedia', { features: [{ name: 'forced-colors', value: 'active' }] })
    try {
      expect(await page.evaluate(() => matchMedia('(forced-colors: active)').matches)).toBe(true)
      // a mark is visible when it paints something that differs from the page's canvas: a border
      // of its own colour, a background colour or a pattern
      const visibility = await page.evaluate(() => {
        const canvas = getComputedStyle(document.body).backgroundColor
        const painted = (el: Element) => {
          const cs = getComputedStyle(el)
          const sides = ['Top', 'Right', 'Bottom', 'Left'] as const
          const border = sides.some(
            (side) =>
              parseFloat(cs.getPropertyValue(`border-${side.toLowerCase()}-width`)) >= 1 &&
              cs.getPropertyValue(`border-${side.toLowerCase()}-style`) !== 'none' &&
              cs.getPropertyValue(`border-${side.toLowerCase()}-color`) !== canvas,
          )
          const fill = cs.backgroundColor !== canvas && cs.backgroundColor !== 'rgba(0, 0, 0, 0)'
          return border || fill || cs.backgroundImage !== 'none'
        }
        const check = (selector: string) => {
          const els = Array.from(document.querySelectorAll(selector))
          return { count: els.length, hidden: els.filter((el) => !painted(el)).length }
        }
        return {
          bars: check('.ry-bar'),
          cycles: check('.ry-cycle'),
          codeFreezes: check('.ry-codefreeze'),
          freezes: check('.ry-freeze'),
          today: check('.ry-today'),
          swatches: check('.ry-legend .ry-swatch'),
        }
      })
      for (const [mark, v] of Object.entries(visibility)) {
        if (mark !== 'freezes' && mark !== 'codeFreezes') expect(v.count, mark).toBeGreaterThan(0)
        expect(v.hidden, mark).toBe(0)
      }
      // and the bars are told apart from the track they sit on
      const bar = page.locator('.ry-bar').first()
      const [barBorder, trackBg] = await Promise.all([
        bar.evaluate((el) => getComputedStyle(el).borderTopColor),
        bar.evaluate((el) => (el.parentElement ? getComputedStyle(el.parentElement) : getComputedStyle(el)).backgroundColor),
      ])
      expect(barBorder).not.toBe(trackBg)
      await page.screenshot({ path: screenshotPath('roadmap-forced-colors.png') })
    } finally {
      await cdp.send('Emulation.setEmulatedMedia', { features: [] })
      await cdp.detach()
    }
  })

  /** Presses Tab until the focused element matches `selector` (at most `max` presses). */
  const tabTo = async (selector: string, max = 150) => {
    for (let i = 0; i < max; i++) {
      await page.keyboard.press('Tab')
      if (await page.evaluate((sel) => document.activeElement?.matches(sel) ?? false, selector)) return
    }
    throw new Error(`Tab never reached ${selector}`)
  }

  it('keyboard only: every bar is focusable with a distinct name; open a release from its bar, approve from the inbox', async () => {
    await switchPersona(page, 'pat.admin')
    await open('/roadmap', 'roadmap')
    await ready()
    // every bar is a button in the tab order, and no two row buttons read the same
    const bars = await page
      .locator('.ry-bar')
      .evaluateAll((els) => els.map((el) => ({ tag: el.tagName, tabIndex: (el as HTMLElement).tabIndex, name: el.getAttribute('aria-label') ?? '' })))
    expect(bars.length).toBeGreaterThan(0)
    for (const b of bars) {
      expect(b.tag).toBe('BUTTON')
      expect(b.tabIndex).toBe(0)
    }
    const rowNames = await page.locator('.ry-release-name').evaluateAll((els) => els.map((el) => el.textContent?.trim() ?? ''))
    expect(new Set(rowNames).size).toBe(rowNames.length)

    await page.locator('body').focus()
    await tabTo('.ry-bar')
    const row = await page.evaluate(() =>
      (document.activeElement?.closest('[data-testid^="release-"]')?.getAttribute('data-testid') ?? '').replace(/^release-/, ''),
    )
    expect(row).not.toBe('')
    await page.keyboard.press('Enter')
    await page.getByTestId('release-panel').waitFor()
    await tabTo('[data-testid="panel-open-release"]')
    await page.keyboard.press('Enter')
    await page.getByTestId('release-page').waitFor({ timeout: 30_000 })
    expect(await page.getByTestId('release-page').getAttribute('data-release-id')).toBe(row)

    // Space opens a bar too
    await open('/roadmap', 'roadmap')
    await ready()
    await page.locator('body').focus()
    await tabTo('.ry-bar')
    await page.keyboard.press('Space')
    await page.getByTestId('release-panel').waitFor()

    // to the inbox through the header's navigation, then approve
    await tabTo('a[href="/approvals"]')
    await page.keyboard.press('Enter')
    await page.getByTestId('approvals-page').waitFor()
    await page.locator('[data-testid^="approve-"]').first().waitFor({ timeout: 30_000 })
    await tabTo('[data-testid^="approve-"]')
    await page.keyboard.press('Enter')
    await page
      .getByTestId('approval-status')
      .getByText(/Approved/)
      .waitFor({ timeout: 30_000 })
    expect(errors).toEqual([])
  })
})
