/**
 * Issue 12 — what-if planning on the roadmap and withdrawing a submission, in headless Chromium
 * against the real stack with the demo data:
 *   a. an ECY manager opens what-if and drags the PROD bar of the ECY release that depends on a
 *      DOH release to before that release: the panel names the broken dependency, nothing is
 *      saved; axe finds nothing with the panel open;
 *   b. discard, then the same move through the form (keyboard path);
 *   c. the page's URL restores the scenario in a new tab, and a program viewer reads it without
 *      the controls; a damaged link says so;
 *   d. apply: the confirmation names the approved ECY plan returning to DRAFT; the release's window
 *      moved on the server and the plan is DRAFT;
 *   e. a DOR manager withdraws DOR's submitted plan from the plan page, after a confirmation.
 */
import type { Browser, BrowserContext, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { TokenClaims } from '@railyard/auth'
import { demoPersonas } from '../../src/seed/demo-personas.ts'
import { type GatewayHarness, startGatewayHarness } from '../harness.ts'
import { collectPageErrors, ensureWebBuilt, launchBrowser, runAxe, screenshotPath, signInAs } from './browser.ts'

const DAY = 86_400_000

/** The value, failing the test when it is missing. */
function defined<T>(value: T | null | undefined, what: string): T {
  if (value === null || value === undefined) throw new Error(`expected ${what}`)
  return value
}

interface Win {
  tier: string
  start: string
  end: string
}
interface Rel {
  id: string
  name: string
  version: string
  status: string
  revision: number
  schedule: Win[]
  dependencies: { release: { id: string; name: string } | null }[]
}

const PLANS = `query($code: String!) { agency(code: $code) { plans { id title status revision approvals { id status }
  releases { id name version status revision schedule { tier start end } dependencies { release { id name } } } } } }`

describe('what-if on the roadmap, and withdrawing a submission (headless Chromium)', () => {
  let h: GatewayHarness
  let browser: Browser
  let context: BrowserContext
  let page: Page
  let errors: string[]
  let ecyPlanId = ''
  let moving: Rel
  let dependency: Rel
  let days = 0
  let sharedUrl = ''

  const asPerson = async (who: TokenClaims, query: string, variables: Record<string, unknown> = {}) => {
    const r = await h.gql(query, variables, await h.auth.signer.sign(who))
    expect(r.errors, JSON.stringify(r.errors)).toBeUndefined()
    return r.data
  }
  const plansOf = async (code: 'ECY' | 'DOH' | 'DOR') =>
    (await asPerson(demoPersonas.manager(code), PLANS, { code })).agency.plans as {
      id: string
      title: string
      status: string
      revision: number
      approvals: { id: string; status: string }[]
      releases: Rel[]
    }[]
  const prodStart = (r: Rel) =>
    Date.parse(
      defined(
        r.schedule.find((w) => w.tier === 'PROD'),
        `a PROD window of ${r.name}`,
      ).start,
    )
  const planOf = async (code: 'ECY' | 'DOH' | 'DOR', id: string) =>
    defined(
      (await plansOf(code)).find((p) => p.id === id),
      `plan ${id}`,
    )
  const releaseOf = (plan: { releases: Rel[] }, id: string) =>
    defined(
      plan.releases.find((r) => r.id === id),
      `release ${id}`,
    )
  const byTestId = (id: string) => page.getByTestId(id)

  beforeAll(async () => {
    const webDist = ensureWebBuilt()
    h = await startGatewayHarness({ seed: true, releasesPerPlan: 4, webDist })
    browser = await launchBrowser()
    context = await browser.newContext({ viewport: { width: 1440, height: 900 } })
    page = await context.newPage()
    errors = collectPageErrors(page)
    // the ECY release that depends on a DOH release (the demo data's cross-agency dependency)
    const ecy = defined(
      (await plansOf('ECY')).find((p) => p.status === 'APPROVED' && p.releases.some((r) => r.dependencies.some((d) => d.release))),
      'an approved ECY plan with a dependency',
    )
    ecyPlanId = ecy.id
    moving = defined(
      ecy.releases.find((r) => r.dependencies.some((d) => d.release)),
      'the ECY release with a dependency',
    )
    const depId = defined(moving.dependencies.find((d) => d.release)?.release, 'its dependency').id
    dependency = defined(
      (await plansOf('DOH')).flatMap((p) => p.releases).find((r) => r.id === depId),
      'the DOH release it depends on',
    )
    expect(moving.status).toBe('PLANNED')
    // far enough to start PROD a day before the dependency does (same local time of day)
    days = Math.floor((prodStart(dependency) - prodStart(moving)) / DAY) - 1
    expect(days).toBeLessThan(0)
  })
  afterAll(async () => {
    await context?.close()
    await browser?.close()
    await h?.close()
  })

  const depLine = () => `would reach its last tier before DOH ${dependency.name} ${dependency.version}, which it depends on`

  it('a. a pointer drag of the PROD bar shows the broken dependency before anything is saved; axe passes with the panel open', async () => {
    await signInAs(page, h.url, 'eli.ecy', '/roadmap?zoom=quarter')
    await page.locator('[data-testid="roadmap"][data-state="ready"]').waitFor({ timeout: 60_000 })
    await byTestId('whatif-toggle').click()
    await byTestId('whatif-panel').waitFor()
    expect(new URL(page.url()).searchParams.get('whatif')).toBe('w1~')
    // the what-if data is in: the release is offered in the form (it may be moved)
    await page.locator(`[data-testid="whatif-target"] option[value="r:${moving.id}"]`).waitFor({ state: 'attached', timeout: 30_000 })
    const pxPerDay = Number(await byTestId('timeline').getAttribute('data-px-per-day'))
    expect(pxPerDay).toBe(3)

    const row = byTestId(`release-${moving.id}`)
    await row.scrollIntoViewIfNeeded()
    const bar = byTestId(`bar-${moving.id}-2`)
    await bar.scrollIntoViewIfNeeded()
    expect(await row.getAttribute('class')).toContain('is-draggable')
    const box = defined(await bar.boundingBox(), 'the PROD bar’s box')
    const x = box.x + box.width / 2
    const y = box.y + box.height / 2
    expect(x + days * pxPerDay).toBeGreaterThan(0)
    await page.mouse.move(x, y)
    await page.mouse.down()
    await page.mouse.move(x + (days * pxPerDay) / 2, y, { steps: 5 })
    await page.mouse.move(x + days * pxPerDay, y, { steps: 5 })
    await page.mouse.up()

    await byTestId('whatif-edit-0').waitFor()
    expect(await byTestId('whatif-edit-0').textContent()).toContain(`earlier by ${-days} days`)
    const deps = byTestId('whatif-section-dependencies')
    await deps.locator('[data-testid="whatif-added-dependencies"]').first().waitFor()
    expect(await deps.textContent()).toContain(depLine())
    // the bars show the scenario: the release is marked as moved and its PROD bar moved left
    expect(await row.getAttribute('data-moved')).toBe('true')
    const moved = defined(await bar.boundingBox(), 'the moved bar’s box')
    expect(Math.round(moved.x - box.x)).toBe(days * pxPerDay)
    // the drag selected nothing and saved nothing
    expect(await byTestId('release-panel').count()).toBe(0)
    const now = await planOf('ECY', ecyPlanId)
    expect(now.status).toBe('APPROVED')
    expect(prodStart(releaseOf(now, moving.id))).toBe(prodStart(moving))

    expect(await runAxe(page)).toEqual([])
    await page.evaluate(() => window.scrollTo(0, 0))
    await page.screenshot({ path: screenshotPath('roadmap-what-if.png') })
  })

  it('b. discard clears the scenario; the same move through the form (keyboard) shows the same break', async () => {
    await byTestId('whatif-discard').click()
    await byTestId('whatif-no-edits').waitFor()
    expect(await byTestId(`release-${moving.id}`).getAttribute('data-moved')).toBeNull()

    await byTestId('whatif-target').selectOption(`r:${moving.id}`)
    await byTestId('whatif-days').fill('')
    await byTestId('whatif-days').press('Enter')
    await byTestId('whatif-form-error').waitFor()
    await byTestId('whatif-days').fill(String(days))
    await byTestId('whatif-days').press('Enter')
    await byTestId('whatif-edit-0').waitFor()
    expect(await byTestId('whatif-section-dependencies').textContent()).toContain(depLine())
    expect(await byTestId('whatif-form-error').count()).toBe(0)
    sharedUrl = page.url()
    expect(new URL(sharedUrl).searchParams.get('whatif')).toMatch(/^w1~~m\./)
    expect(await byTestId('whatif-link').inputValue()).toBe(sharedUrl)
  })

  it('c. the URL restores the scenario; a program viewer reads it without controls; a damaged link says so', async () => {
    const tab = await context.newPage()
    await tab.goto(sharedUrl)
    await tab.getByTestId('whatif-edit-0').waitFor({ timeout: 60_000 })
    await tab.getByTestId('whatif-section-dependencies').getByText(depLine()).waitFor({ timeout: 30_000 })
    await tab.close()

    const viewerContext = await browser.newContext({ viewport: { width: 1440, height: 900 } })
    const viewer = await viewerContext.newPage()
    await signInAs(viewer, h.url, 'vera.viewer', new URL(sharedUrl).pathname + new URL(sharedUrl).search)
    await viewer.getByTestId('whatif-section-dependencies').getByText(depLine()).waitFor({ timeout: 60_000 })
    expect(await viewer.getByTestId('whatif-apply').count()).toBe(0)
    expect(await viewer.getByTestId('whatif-form').count()).toBe(0)
    expect(await viewer.getByTestId(`release-${moving.id}`).getAttribute('class')).not.toContain('is-draggable')
    await viewer.goto(`${h.url}/roadmap?whatif=w1~~m.zz`)
    const bad = viewer.getByTestId('whatif-link-error')
    await bad.waitFor({ timeout: 60_000 })
    expect(await bad.textContent()).toContain('This what-if link cannot be read')
    await viewerContext.close()
  })

  it('d. apply: the confirmation says the approved plan returns to DRAFT; the window moved on the server', async () => {
    await byTestId('whatif-apply').click()
    const dialog = byTestId('whatif-confirm')
    await dialog.waitFor()
    expect(await byTestId('whatif-confirm-drafts').textContent()).toContain('returns to DRAFT')
    expect(await byTestId('whatif-confirm-drafts').textContent()).toContain('ECY')
    expect(await runAxe(page)).toEqual([])
    await byTestId('whatif-confirm-confirm').click()
    const outcome = byTestId('whatif-outcome')
    await outcome.waitFor({ timeout: 30_000 })
    expect(await outcome.getAttribute('data-failed')).toBe('')
    expect(await outcome.textContent()).toContain(`Saved: ECY ${moving.name} ${moving.version}`)
    expect(await outcome.textContent()).toContain('Returned to DRAFT')
    await byTestId('whatif-no-edits').waitFor()

    const plan = await planOf('ECY', ecyPlanId)
    expect(plan.status).toBe('DRAFT')
    const saved = releaseOf(plan, moving.id)
    expect(saved.revision).toBe(moving.revision + 1)
    expect(prodStart(saved)).toBe(prodStart(moving) + days * DAY) // no DST change between
    expect(prodStart(saved)).toBeLessThan(prodStart(dependency))
    // the roadmap now shows the saved window and the plan's new status
    await page.locator(`[data-testid="plan-span-${ecyPlanId}"]`).getByText('draft').waitFor({ timeout: 30_000 })
    expect(errors).toEqual([])
  })

  it('e. a DOR manager withdraws the submitted DOR plan from its page, after a confirmation', async () => {
    const dor = defined(
      (await plansOf('DOR')).find((p) => p.status === 'SUBMITTED'),
      'the submitted DOR plan',
    )
    const pending = defined(
      dor.approvals.find((a) => a.status === 'PENDING'),
      'its pending request',
    )
    const dorPage = await (await browser.newContext({ viewport: { width: 1280, height: 900 } })).newPage()
    const dorErrors = collectPageErrors(dorPage)
    await signInAs(dorPage, h.url, 'rita.dor', `/plans/${dor.id}`)
    await dorPage.locator('[data-testid="plan-status"][data-status="SUBMITTED"]').waitFor({ timeout: 30_000 })
    await dorPage.getByTestId('withdraw-plan').click()
    await dorPage.getByTestId('withdraw-dialog').waitFor()
    expect(await runAxe(dorPage)).toEqual([])
    // cancel first: nothing happens
    await dorPage.getByTestId('withdraw-dialog-cancel').click()
    expect(await dorPage.getByTestId('plan-status').getAttribute('data-status')).toBe('SUBMITTED')
    await dorPage.getByTestId('withdraw-plan').click()
    await dorPage.getByTestId('withdraw-dialog-confirm').click()
    await dorPage.locator('[data-testid="plan-status"][data-status="DRAFT"]').waitFor({ timeout: 30_000 })
    expect(await dorPage.getByTestId('save-status').textContent()).toContain('withdrawn')
    await dorPage.locator('[data-testid="plan-approvals"] [data-status="WITHDRAWN"]').waitFor()
    expect(await dorPage.getByTestId('withdraw-plan').count()).toBe(0)
    expect(await dorPage.getByTestId('read-only').count()).toBe(0)
    const after = await planOf('DOR', dor.id)
    expect(after).toMatchObject({ status: 'DRAFT', revision: dor.revision + 1 })
    expect(after.approvals.find((a) => a.id === pending.id)?.status).toBe('WITHDRAWN')
    expect(dorErrors).toEqual([])
    await dorPage.context().close()
  })
})
