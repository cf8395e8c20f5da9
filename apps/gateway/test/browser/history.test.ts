/**
 * Issue #9 — the History tab in headless Chromium against the real stack: on a plan, a release
 * and an environment page the DOH manager opens History and sees the audit trail (who, when,
 * operation, before → after, request id), newest first; the tab runs the typed AuditTrail document.
 */
import type { Browser, BrowserContext, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ok } from '@railyard/test-kit'
import { demoPersonas } from '../../src/seed/demo-personas.ts'
import { type GatewayHarness, startGatewayHarness } from '../harness.ts'
import { collectPageErrors, ensureWebBuilt, launchBrowser, signInAs } from './browser.ts'

describe('History tab on the plan, release and environment pages (headless Chromium)', () => {
  let h: GatewayHarness
  let browser: Browser
  let context: BrowserContext
  let page: Page
  let errors: string[]
  let plan: { id: string; releases: { id: string }[] }

  beforeAll(async () => {
    const webDist = ensureWebBuilt()
    h = await startGatewayHarness({ seed: true, releasesPerPlan: 1, webDist })
    const admin = await h.auth.token(demoPersonas.admin)
    const doh = ok(await h.gql(`{ agency(code: "DOH") { plans { id status releases { id } } } }`, {}, admin)).agency
    plan = doh.plans.find((p: { status: string }) => p.status === 'APPROVED')
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

  /** Opens the (first, or the one inside `scope`) History tab and returns its rows' operations. */
  async function openHistory(scope = page.locator('body')): Promise<string[]> {
    const tab = scope.getByTestId('history-tab').first()
    await tab.getByTestId('history-toggle').click()
    await tab.getByTestId('history-table').waitFor({ timeout: 30_000 })
    expect(await tab.getByTestId('history-toggle').getAttribute('aria-expanded')).toBe('true')
    return tab.getByTestId('history-row').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-operation') ?? ''))
  }

  it('the plan page: its changes and approvals, newest first, with who, the diff and the request id', async () => {
    await signInAs(page, h.url, 'hana.doh', `/plans/${plan.id}`)
    await page.getByTestId('plan-editor').waitFor({ timeout: 30_000 })
    const ops = await openHistory()
    expect(ops.at(-1)).toBe('createAgencyPlan')
    expect(ops).toContain('submitAgencyPlan')
    expect(ops).toContain('decideApproval')
    const table = page.getByTestId('history-table')
    const text = (await table.textContent()) ?? ''
    expect(text).toMatch(/create agency plan/)
    expect(text).toMatch(/Pat \(program admin\)/) // the approver, by name
    // a request id on each row (the seed's requests went through the gateway)
    const ids = await table.locator('tbody tr td:last-child code').allTextContents()
    expect(ids.length).toBe(ops.length)
    for (const id of ids) expect(id).toMatch(/^[0-9a-f-]{36}$/)
    // a change shown as field: before → after
    expect(await table.getByTestId('history-diff').count()).toBeGreaterThan(0)
    expect((await table.getByTestId('history-diff').first().textContent()) ?? '').toContain('→')
  })

  it('the release page and the environments page', async () => {
    const release = plan.releases[0]?.id ?? ''
    await page.goto(`${h.url}/releases/${release}`)
    await page.getByTestId('release-page').waitFor({ timeout: 30_000 })
    const releaseOps = await openHistory()
    expect(releaseOps).toContain('addRelease')

    await page.goto(`${h.url}/environments`)
    const card = page.getByTestId('env-doh-test')
    await card.waitFor({ timeout: 30_000 })
    const envOps = await openHistory(card)
    expect(envOps).toContain('reportEnvironmentState')
    expect(envOps.at(-1)).toBe('registerEnvironment')
    expect(errors).toEqual([])
  })
})
