/**
 * Issue #5, story 1 — a DOT plan from first click to the roadmap, in headless Chromium against
 * the real stack (three subgraphs + gateway + built web client, demo data):
 *   a. tara.dot creates a plan and a release; a bad version shows a field error next to its
 *      input; a missing rollback plan shows MISSING_ROLLBACK; fixed → aligned → submitted;
 *   b. theo.dot (step 1, separation of duties) and pat.admin (step 2) approve from the inbox;
 *   c. the roadmap shows the release on the DOT lane with its DEV/TEST/PROD bars;
 *   d. screenshot of the plan editor with its alignment panel → docs/screenshots/plan-editor.png.
 * Everything is done through the UI; ids are read from the page (URL, data-testid).
 */
import type { Browser, BrowserContext, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type GatewayHarness, startGatewayHarness } from '../harness.ts'
import { collectPageErrors, ensureWebBuilt, launchBrowser, screenshotPath, signInAs, switchPersona } from './browser.ts'

const TITLE = 'DOT ferry modernisation plan 2027'
const RELEASE = 'Ferry ticketing revamp'
// The demo cadence: second Tuesday of the month in America/Los_Angeles → 2027-02-09 is a cycle.
const CYCLE = 'SDP:2027-02-09'
const WINDOWS = [
  { tier: 'DEV', env: 'dot-dev (DEV)', start: '2027-01-25T09:00', end: '2027-01-31T17:00' },
  { tier: 'TEST', env: 'dot-test (TEST)', start: '2027-02-01T09:00', end: '2027-02-05T17:00' },
  { tier: 'PROD', env: 'dot-prod (PROD)', start: '2027-02-09T18:00', end: '2027-02-09T22:00' },
]

describe('plan flow: create, align, submit, approve, roadmap (headless Chromium)', () => {
  let h: GatewayHarness
  let browser: Browser
  let context: BrowserContext
  let page: Page
  let errors: string[]
  let planId = ''
  let releaseId = ''

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

  const byTestId = (id: string) => page.getByTestId(id)
  const alignment = () => page.locator('[data-testid="alignment"]')

  it('a. a DOT manager creates a plan and adds a release, sees the field error and the alignment error, fixes both and submits', async () => {
    await signInAs(page, h.url, 'tara.dot', '/plans/new?agency=DOT')
    await byTestId('new-plan').waitFor()
    expect(await byTestId('field-input.agencyId').inputValue()).toBe('DOT')
    await byTestId('field-input.title').fill(TITLE)
    await byTestId('field-input.periodStart').fill('2027-01-01')
    await byTestId('field-input.periodEnd').fill('2027-12-31')
    await byTestId('create-plan').click()

    // The plan editor of the new plan, at /plans/:id.
    const editor = page.locator('[data-testid="plan-editor"][data-plan-id]')
    await editor.waitFor({ timeout: 30_000 })
    planId = (await editor.getAttribute('data-plan-id'))!
    expect(page.url()).toContain(`/plans/${planId}`)
    expect(await byTestId('plan-title').textContent()).toBe(TITLE)
    expect(await byTestId('plan-status').getAttribute('data-status')).toBe('DRAFT')
    await byTestId('no-releases').waitFor()

    // A new release: basics (with a version that is not semver).
    await byTestId('add-release').click()
    await byTestId('field-input.name').fill(RELEASE)
    await byTestId('field-input.version').fill('abc')
    await byTestId('field-input.type').selectOption('MAJOR')
    await byTestId('field-input.cycleId').selectOption(CYCLE)
    await byTestId('field-input.summary').fill('New ticketing for the ferry reservations system.')

    // Schedule: the editor starts with one row per tier of the promotion path.
    await byTestId('tab-schedule').click()
    for (const [i, w] of WINDOWS.entries()) {
      expect(await byTestId(`field-input.schedule.${i}.tier`).inputValue()).toBe(w.tier)
      await byTestId(`field-input.schedule.${i}.environmentId`).selectOption({ label: w.env })
      await byTestId(`field-input.schedule.${i}.start`).fill(w.start)
      await byTestId(`field-input.schedule.${i}.end`).fill(w.end)
    }
    expect(await page.locator('[data-testid^="schedule-row-"]').count()).toBe(3)

    // Roles: the release manager and deployer rows are there; name them.
    await byTestId('tab-roles').click()
    expect(await byTestId('field-input.roles.0.responsibility').inputValue()).toBe('RELEASE_MANAGER')
    expect(await byTestId('field-input.roles.1.responsibility').inputValue()).toBe('DEPLOYER')
    await byTestId('field-input.roles.0.person').fill('Tara (DOT release manager)')
    await byTestId('field-input.roles.0.contact').fill('release@dot.example.gov')
    await byTestId('field-input.roles.1.person').fill('DOT platform team')

    // Validation for the last tier.
    await byTestId('tab-validations').click()
    await byTestId('validations-add').click()
    expect(await byTestId('field-input.validations.0.tier').inputValue()).toBe('PROD')
    await byTestId('field-input.validations.0.description').fill('Book a test ferry ticket end to end')
    await byTestId('field-input.validations.0.owner').fill('DOT QA lead')

    // Leave the rollback plan out (for now).
    await byTestId('tab-rollback').click()
    await byTestId('rollback-enabled').uncheck()
    expect(await byTestId('field-input.rollback.strategy').count()).toBe(0)

    // Save: the server refuses the version; the error sits next to the version input, on the Basics tab.
    await byTestId('save-release').click()
    const versionError = byTestId('field-input.version-error')
    await versionError.waitFor({ timeout: 30_000 })
    expect(await byTestId('tab-basics').getAttribute('aria-selected')).toBe('true')
    const versionInput = byTestId('field-input.version')
    expect(await versionInput.getAttribute('aria-invalid')).toBe('true')
    expect(await versionInput.getAttribute('aria-describedby')).toContain(await versionError.getAttribute('id'))
    const versionGroup = page.locator('.usa-form-group', { has: versionInput })
    expect(await versionGroup.getByTestId('field-input.version-error').count()).toBe(1)
    expect(await byTestId('field-input.name-error').count()).toBe(0)
    const summary = byTestId('release-error-summary')
    expect(await summary.getAttribute('data-code')).toBe('BAD_USER_INPUT')
    expect(await summary.textContent()).toContain('input.version')
    // Nothing was saved.
    await byTestId('unsaved').waitFor()
    expect(await byTestId('no-releases').count()).toBe(0) // the list shows the "New release" entry
    expect(await page.locator('[data-testid^="select-release-"]').count()).toBe(0)

    // Fix the version and save: the release is added, and the alignment panel names the missing rollback.
    await versionInput.fill('4.0.0')
    await byTestId('save-release').click()
    await page.waitForURL(/[?&]release=(?!new)[^&]+/, { timeout: 30_000 })
    releaseId = new URL(page.url()).searchParams.get('release')!
    await byTestId(`select-release-${releaseId}`).waitFor()
    expect(await byTestId('field-input.version-error').count()).toBe(0)
    await page.locator('[data-testid="alignment"][data-aligned="false"]').waitFor({ timeout: 30_000 })
    const rollbackIssue = alignment().locator('[data-code="MISSING_ROLLBACK"]')
    await rollbackIssue.waitFor()
    expect(await rollbackIssue.getAttribute('data-severity')).toBe('ERROR')
    expect(await rollbackIssue.textContent()).toContain(RELEASE)
    // Only the rollback is missing: every other rule the release was written to meet holds.
    const codes = await alignment()
      .locator('[data-testid^="alignment-issue-"]')
      .evaluateAll((els) => els.map((e) => e.getAttribute('data-code')))
    expect(codes).toEqual(['MISSING_ROLLBACK'])
    expect(await byTestId('submit-plan').isDisabled()).toBe(true)

    // d. The screenshot: the editor with the alignment panel showing the issue, on the Rollback tab.
    await byTestId('tab-rollback').click()
    await page.evaluate(() => window.scrollTo(0, 0))
    const box = await alignment().boundingBox()
    expect(box).not.toBeNull()
    expect(box!.y + Math.min(box!.height, 200)).toBeLessThanOrEqual(900) // the panel is in view
    expect(box!.x).toBeGreaterThan(700) // beside the editor, not below it
    await page.screenshot({ path: screenshotPath('plan-editor.png') })

    // Fix it: add a rollback plan and save.
    await byTestId('rollback-enabled').check()
    await byTestId('field-input.rollback.strategy').selectOption('REDEPLOY_PREVIOUS')
    await byTestId('field-input.rollback.maxMinutes').fill('45')
    await byTestId('field-input.rollback.triggers').fill('Ticket sales fail for 5 minutes\nError rate above 2%')
    await byTestId('field-input.rollback.steps').fill('Redeploy the previous image\nVerify the booking flow')
    await byTestId('save-release').click()
    await page.locator('[data-testid="alignment"][data-aligned="true"]').waitFor({ timeout: 30_000 })
    expect(await alignment().locator('[data-code="MISSING_ROLLBACK"]').count()).toBe(0)
    await byTestId('unsaved').waitFor({ state: 'detached' })

    // Submit for approval.
    const submit = byTestId('submit-plan')
    await page.waitForFunction(() => !document.querySelector<HTMLButtonElement>('[data-testid="submit-plan"]')?.disabled)
    await submit.click()
    await page.locator('[data-testid="plan-status"][data-status="SUBMITTED"]').waitFor({ timeout: 30_000 })
    expect(await byTestId('save-status').textContent()).toContain('submitted')
    await byTestId('read-only').waitFor()
    expect(await byTestId('submit-plan').count()).toBe(0)
    expect(await byTestId('plan-approvals').textContent()).toContain('waiting on step 1')
  })

  /** The inbox card of our plan (there may be other requests in the inbox). */
  const ourRequest = () => page.locator('article[data-testid^="approval-"]', { hasText: TITLE })

  async function approveFromInbox(comment: string, step: number) {
    await byTestId('nav-approvals').click()
    await byTestId('approvals-page').waitFor()
    const card = ourRequest()
    await card.waitFor({ timeout: 30_000 })
    const requestId = (await card.getAttribute('data-testid'))!.replace(/^approval-/, '')
    const approveButton = byTestId(`approve-${requestId}`)
    expect(await approveButton.textContent()).toContain(`step ${step}`)
    await byTestId(`approval-comment-${requestId}`).fill(comment)
    await approveButton.click()
    // The decided request leaves the inbox.
    await card.waitFor({ state: 'detached', timeout: 30_000 })
    expect(await byTestId('approval-status').textContent()).toContain(`Approved “${TITLE}” at step ${step}`)
    expect(await byTestId(`approval-${requestId}`).count()).toBe(0)
    return requestId
  }

  it('b. another DOT manager approves step 1, the program admin step 2; the plan is APPROVED', async () => {
    // The submitter may not decide step 1 (separation of duties): the second DOT manager does.
    await switchPersona(page, 'theo.dot')
    expect(await byTestId('viewer-agency').textContent()).toBe('DOT')
    const request1 = await approveFromInbox('Sequencing checked against the ferry schedule.', 1)
    await byTestId('approvals-empty').waitFor() // nothing else waits on a DOT manager

    // Step 2: the program office. Its inbox also holds the DOL plan seeded at step 2, which stays.
    await switchPersona(page, 'pat.admin')
    const request2 = await approveFromInbox('Aligned with the program framework.', 2)
    expect(request2).toBe(request1)
    expect(await page.locator('article[data-testid^="approval-"]').count()).toBeGreaterThanOrEqual(1)

    // The plan is approved, with both decisions recorded.
    await page.goto(`${h.url}/plans/${planId}`)
    await page.locator('[data-testid="plan-status"][data-status="APPROVED"]').waitFor({ timeout: 30_000 })
    const history = await byTestId('plan-approvals').textContent()
    expect(history).toContain('Step 1: approve by theo.dot')
    expect(history).toContain('Step 2: approve by pat.admin')
  })

  it('c. the roadmap shows the release on the DOT lane with its three tier bars', async () => {
    await byTestId('nav-roadmap').click()
    await page.locator('[data-testid="roadmap"][data-state="ready"]').waitFor({ timeout: 30_000 })
    const lane = byTestId('lane-DOT')
    await lane.waitFor()
    const row = lane.getByTestId(`release-${releaseId}`)
    await row.scrollIntoViewIfNeeded()
    await row.waitFor()
    expect(await row.getAttribute('data-status')).toBe('PLANNED')
    // the version is part of the row button (its accessible name tells releases of one name apart)
    expect(await row.locator('.ry-release-name').textContent()).toBe(`${RELEASE} 4.0.0`)
    expect(await row.locator('.ry-version').textContent()).toBe('4.0.0')
    const bars = row.locator('.ry-bar')
    expect(await bars.count()).toBe(3)
    const tiers = await bars.evaluateAll((els) => els.map((e) => (e.getAttribute('title') ?? '').split('\n')[0]!.split(' · ')[1]))
    expect(tiers).toEqual(['DEV', 'TEST', 'PROD'])
    for (const [i, tier] of ['ry-tier-0', 'ry-tier-1', 'ry-tier-2'].entries()) expect(await bars.nth(i).getAttribute('class')).toContain(tier)
    // The bars are in time order, left to right.
    const lefts = await bars.evaluateAll((els) => els.map((e) => (e as HTMLElement).getBoundingClientRect().left))
    expect([...lefts].sort((a, b) => a - b)).toEqual(lefts)
    // Not on any other lane.
    for (const code of ['DOH', 'DOL']) expect(await byTestId(`lane-${code}`).getByTestId(`release-${releaseId}`).count()).toBe(0)
    expect(errors).toEqual([])
  })
})
