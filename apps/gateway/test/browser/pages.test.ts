/**
 * Every page of the web client, in headless Chromium against the real stack with the demo data:
 * each renders without a page error, and offers exactly what the viewer's role may do (the UI's
 * permission decisions, apps/web/src/permissions.ts) — a DOH manager executes DOH's releases and
 * books DOH's environments, a DOH member and the program viewer only read, the program admin
 * edits the framework and registers shared environments. The release page and the environments
 * page show readiness with the same table.
 */
import type { Browser, BrowserContext, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type GatewayHarness, startGatewayHarness } from '../harness.ts'
import { collectPageErrors, ensureWebBuilt, launchBrowser, signInAs, switchPersona } from './browser.ts'

describe('every page, as each kind of persona (headless Chromium)', () => {
  let h: GatewayHarness
  let browser: Browser
  let context: BrowserContext
  let page: Page
  let errors: string[]
  /** a release of DOH (its plan is APPROVED in the demo data) */
  let dohRelease = ''

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

  const open = async (path: string, testId: string) => {
    await page.goto(`${h.url}${path}`)
    await page.getByTestId(testId).waitFor({ timeout: 30_000 })
  }
  const count = (testId: string) => page.getByTestId(testId).count()

  it('a DOH manager: executes DOH’s releases, books and registers DOH’s environments, creates DOH plans', async () => {
    await signInAs(page, h.url, 'hana.doh')
    await page.locator('[data-testid="roadmap"][data-state="ready"]').waitFor({ timeout: 30_000 })
    const row = page.getByTestId('lane-DOH').locator('[data-testid^="release-"][data-status]').first()
    dohRelease = ((await row.getAttribute('data-testid')) ?? '').replace(/^release-/, '')
    expect(dohRelease).not.toBe('')
    expect(await count('new-plan-DOH')).toBe(1)
    expect(await count('new-plan-DOL')).toBe(0)

    // the release panel opens the release page
    await page.locator(`#relbtn-${dohRelease}`).click()
    await page.getByTestId('panel-open-release').click()
    await page.getByTestId('release-page').waitFor()
    expect(await page.getByTestId('release-page').getAttribute('data-release-id')).toBe(dohRelease)
    await page.getByTestId('gates').waitFor()
    expect(await count('checkpoint-form')).toBe(1)
    if ((await count('next-tier')) > 0) expect(await count('promote')).toBe(1)
    // the environments section, with the shared readiness table (or its empty note)
    await page.getByTestId('release-environments').getByText('Readiness per scheduled window').waitFor()

    await open('/environments', 'environments-page')
    await page.getByTestId('env-doh-test').waitFor({ timeout: 30_000 })
    expect(await count('book-doh-test')).toBe(1)
    expect(await count('book-shared-sso-stage')).toBe(0)
    expect(await count('register-environment')).toBe(1)
    // readiness of a release on the environments page: the same table as on the release page
    await page.getByTestId('readiness-release').selectOption(dohRelease)
    await page.getByTestId('readiness-lookup').getByText('Open the release').waitFor({ timeout: 30_000 })

    await open('/plans', 'plans-page')
    await page.getByTestId('plans-DOH').waitFor({ timeout: 30_000 }) // the list has loaded
    expect(await count('new-plan-DOH')).toBe(1)
    await open('/program', 'program-page')
    await page.getByTestId('strategy-view').waitFor({ timeout: 30_000 })
    expect(await count('program-tab-edit')).toBe(0)
    expect(errors).toEqual([])
  })

  it('a DOH member and the program viewer read the same release page without any execution control', async () => {
    for (const sub of ['mia.doh', 'vera.viewer']) {
      await switchPersona(page, sub)
      await open(`/releases/${dohRelease}`, 'gates')
      await page.getByTestId('release-environments').getByText('Readiness per scheduled window').waitFor({ timeout: 30_000 })
      for (const control of ['checkpoint-form', 'promote', 'rehearse-rollback', 'record-validation']) expect(await count(control), `${sub}: ${control}`).toBe(0)
      await open('/environments', 'environments-page')
      await page.getByTestId('env-group-SHARED').waitFor({ timeout: 30_000 })
      expect(await count('register-environment'), sub).toBe(0)
      expect(await page.locator('[data-testid^="book-"]').count(), sub).toBe(0)
    }
    // a member creates plans of their agency, the program viewer none
    await open('/plans', 'plans-page')
    await page.getByTestId('plans-DOH').waitFor({ timeout: 30_000 })
    expect(await page.locator('[data-testid^="new-plan-"]').count()).toBe(0)
    await switchPersona(page, 'mia.doh')
    await open('/plans', 'plans-page')
    await page.getByTestId('plans-DOH').waitFor({ timeout: 30_000 })
    expect(await count('new-plan-DOH')).toBe(1)
    expect(errors).toEqual([])
  })

  it('the program admin: edits the framework, registers and books shared environments, decides approvals', async () => {
    await switchPersona(page, 'pat.admin')
    await open('/program', 'program-page')
    await page.getByTestId('program-tab-edit').click()
    await page.getByTestId('strategy-editor').waitFor()
    expect(await count('publish-strategy')).toBe(1)
    await page.getByTestId('program-tab-compare').click()
    await page.getByTestId('strategy-compare').waitFor()

    await open('/environments', 'environments-page')
    await page.getByTestId('env-shared-sso-stage').waitFor({ timeout: 30_000 })
    expect(await count('register-environment')).toBe(1)
    expect(await count('book-shared-sso-stage')).toBe(1)
    expect(await count('book-doh-test')).toBe(0)

    // DOL's plan waits for the program office
    await open('/approvals', 'approvals-page')
    await page.locator('[data-testid^="approve-"]').first().waitFor({ timeout: 30_000 })
    expect(await page.locator('[data-testid^="reject-"]').count()).toBeGreaterThan(0)

    await open(`/releases/${dohRelease}`, 'gates')
    for (const control of ['checkpoint-form', 'promote']) expect(await count(control), control).toBe(0)
    expect(errors).toEqual([])
  })
})
