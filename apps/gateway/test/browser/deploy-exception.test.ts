/**
 * Issue #10 — break glass in the web client, in headless Chromium against the real stack (demo
 * data): the program office declares an emergency freeze on every tier now; a DOH release's page
 * shows its promotion blocked with the reason; the ECY manager requests an exception from the
 * release page; a program admin approves it from the exception inbox with a comment; the release
 * page shows the blocker waived and the promotion goes through (after a confirmation) during the
 * freeze. Screenshots of the release page's check → docs/screenshots/release-check-*.png.
 */
import type { Browser, BrowserContext, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { demoPersonas } from '../../src/seed/demo-personas.ts'
import { type GatewayHarness, startGatewayHarness } from '../harness.ts'
import { collectPageErrors, ensureWebBuilt, launchBrowser, screenshotPath, signInAs, switchPersona } from './browser.ts'

const MANAGER = demoPersonas.manager('ECY')
const STRATEGY = `query { program(key: "SDP") { id strategy { version notes promotionPath
  cadence { rule timeZone startsOn codeFreezeDaysBefore }
  qualityGates { key name tier criteria { key description kind threshold evidenceRequired } }
  readinessCriteria { key description kind threshold evidenceRequired }
  planApproval { name steps { name approverRole minApprovals separationOfDuties } }
  escalationPath { level title contact responseMinutes }
  freezeWindows { name reason start end timeZone recurrence tiers }
  enforcement { windowTiers readinessTiers } } } }`
const PUBLISH = `mutation($p: ID!, $v: Int!, $input: ReleaseStrategyInput!) { publishReleaseStrategy(programId: $p, expectedVersion: $v, input: $input) { version } }`
const ECY_RELEASES = `query { program(key: "SDP") { plans(status: APPROVED) { agency { code } releases { id name currentTier status } } } }`

describe('break glass: promotion blocked by a freeze → exception requested → approved → promoted (headless Chromium)', () => {
  let h: GatewayHarness
  let browser: Browser
  let context: BrowserContext
  let page: Page
  let errors: string[]
  let releaseId = ''
  const gql = async (claims: object, query: string, variables: Record<string, unknown> = {}) => {
    const body = await h.gql(query, variables, await h.auth.token(claims as never))
    if (body.errors) throw new Error(JSON.stringify(body.errors))
    return body.data
  }

  beforeAll(async () => {
    const webDist = ensureWebBuilt()
    h = await startGatewayHarness({ seed: true, releasesPerPlan: 2, webDist })
    // an emergency freeze on every tier, now (freezes take effect for every plan at once)
    const { program } = await gql(demoPersonas.admin, STRATEGY)
    const s = program.strategy
    const emergency = {
      name: 'Emergency change freeze',
      reason: 'Statewide network incident',
      start: new Date(Date.now() - 3_600_000).toISOString(),
      end: new Date(Date.now() + 6 * 3_600_000).toISOString(),
      timeZone: s.cadence.timeZone,
      recurrence: null,
      tiers: [],
    }
    const { version: _v, ...content } = s
    await gql(demoPersonas.admin, PUBLISH, { p: program.id, v: s.version, input: { ...content, freezeWindows: [...s.freezeWindows, emergency] } })
    // an ECY release not yet promoted (DEV has no gate): the freeze is all that blocks it
    const plans = (await gql(MANAGER, ECY_RELEASES)).program.plans
    const rel = plans.flatMap((p: any) => (p.agency.code === 'ECY' ? p.releases : [])).find((r: any) => r.currentTier === null && r.status === 'PLANNED')
    if (!rel) throw new Error(`no unpromoted ECY release in the demo data: ${JSON.stringify(plans)}`)
    releaseId = rel.id

    browser = await launchBrowser()
    context = await browser.newContext({ viewport: { width: 1440, height: 1000 } })
    page = await context.newPage()
    errors = collectPageErrors(page)
  }, 180_000)
  afterAll(async () => {
    await context?.close()
    await browser?.close()
    await h?.close()
  })

  const byTestId = (id: string) => page.getByTestId(id)

  it('shows the promotion blocked by the freeze, with the reason, and no promote button that works', async () => {
    await signInAs(page, h.url, String(MANAGER.sub), `/releases/${releaseId}`)
    await page.locator('[data-testid="deployment-check"][data-allowed="false"]').waitFor({ timeout: 30_000 })
    expect(await byTestId('next-tier').textContent()).toBe('DEV')
    const blocker = page.locator('[data-testid="check-blocker"][data-code="FROZEN"]')
    expect(await blocker.getAttribute('data-waived')).toBe('false')
    expect(await blocker.textContent()).toMatch(/Emergency change freeze/)
    expect(await page.locator('[data-testid="check-blocker"]').count()).toBe(1)
    expect(await byTestId('promote').isDisabled()).toBe(true)
    await byTestId('promotion').screenshot({ path: screenshotPath('release-check-blocked.png') })
  })

  it('requests an exception from the release page: nothing pre-ticked, a justification required', async () => {
    await byTestId('exc-open').click()
    for (const code of ['FROZEN', 'OUTSIDE_WINDOW', 'ENVIRONMENT_NOT_READY']) expect(await byTestId(`exc-waive-${code}`).isChecked()).toBe(false)
    await byTestId('exc-waive-FROZEN').check()
    await byTestId('exc-submit').click()
    await page.locator('#exc-input-justification-error, [data-testid="exc-justification-error"]').first().waitFor({ timeout: 15_000 })
    await byTestId('exc-justification').fill('Patch for an actively exploited vulnerability; cannot wait for the freeze to end.')
    await byTestId('exc-submit').click()
    await page.locator('[data-testid="exception"][data-status="PENDING"]').waitFor({ timeout: 15_000 })
    // pending: still blocked
    expect(await page.locator('[data-testid="check-blocker"][data-code="FROZEN"]').getAttribute('data-waived')).toBe('false')
  })

  it('lets a program admin approve it from the exception inbox, with a required comment', async () => {
    await switchPersona(page, 'pat.admin')
    await page.goto(`${h.url}/exceptions`)
    const card = page
      .locator('[data-testid^="exception-"]')
      .filter({ has: page.getByTestId('exc-approve') })
      .first()
    await card.waitFor({ timeout: 30_000 })
    expect(await card.getByTestId('exc-approve').isDisabled()).toBe(true)
    await card.getByTestId('exc-comment').fill('Approved by the CAB chair for the patch only.')
    await card.getByTestId('exc-approve').click()
    await byTestId('exceptions-empty').waitFor({ timeout: 15_000 })
  })

  it('shows the blocker waived and promotes during the freeze after a confirmation', async () => {
    await switchPersona(page, String(MANAGER.sub))
    await page.goto(`${h.url}/releases/${releaseId}`)
    await page.locator('[data-testid="deployment-check"][data-allowed="true"]').waitFor({ timeout: 30_000 })
    expect(await page.locator('[data-testid="check-blocker"][data-code="FROZEN"]').getAttribute('data-waived')).toBe('true')
    expect(await page.locator('[data-testid="exception"][data-status="APPROVED"]').count()).toBe(1)
    await byTestId('promotion').screenshot({ path: screenshotPath('release-check-waived.png') })
    await byTestId('promote').click()
    await byTestId('promote-confirm').waitFor()
    await byTestId('promote-confirm-yes').click()
    await page.waitForFunction(() => document.querySelector('[data-testid="current-tier"]')?.textContent === 'DEV', undefined, { timeout: 30_000 })
    expect(errors).toEqual([])
  })
})
