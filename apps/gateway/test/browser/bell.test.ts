/**
 * Issue 11's story in headless Chromium against the real stack (demo data, the notification
 * dispatcher running): the DOH manager reschedules (in the plan editor) a release that another
 * agency's release depends on; once the plan is approved with the change, that agency's manager
 * sees the bell count rise without a reload, and the notification leads to the release. (The
 * demo's cross-agency dependencies are DOL's and ECY's on DOH releases, not DOT's: the story's
 * "DOT" is ECY here, whose release waits for DOH's second, still to be delivered.)
 */
import type { Browser, BrowserContext, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startNotificationWorkers } from '@railyard/agency-plans/server'
import { ok } from '@railyard/test-kit'
import { DEMO_PROGRAM_KEY } from '../../src/seed/demo-seed.ts'
import { DEMO_AGENCIES, demoPersonas } from '../../src/seed/demo-personas.ts'
import { type GatewayHarness, startGatewayHarness } from '../harness.ts'
import { collectPageErrors, ensureWebBuilt, launchBrowser, runAxe, signInAs } from './browser.ts'

/** The value, or a test failure naming what was missing. */
function must<T>(v: T | null | undefined, what: string): T {
  if (v === null || v === undefined) throw new Error(`missing: ${what}`)
  return v
}

const PLANS = `query($key: String!) { program(key: $key) { plans { id status agency { code } releases { id name status dependencies { release { id } } } } } }`
const INBOX = `{ approvalInbox { id plan { id } } }`
const DECIDE = `mutation($id: ID!, $c: String) { decideApproval(requestId: $id, decision: APPROVE, comment: $c) { id status } }`

describe('the bell: a reschedule another agency depends on reaches it (headless Chromium)', () => {
  let h: GatewayHarness
  let browser: Browser
  let dol: { context: BrowserContext; page: Page }
  let doh: { context: BrowserContext; page: Page }
  let workers: { stop(): Promise<void> }
  let errors: string[]

  beforeAll(async () => {
    const webDist = ensureWebBuilt()
    h = await startGatewayHarness({ seed: true, releasesPerPlan: 4, webDist })
    workers = await startNotificationWorkers(
      h.stack.dbs.agencyPlans.db as any,
      {
        smtpUrl: null,
        smtpFrom: 'Railyard <railyard@example.gov>',
        publicUrl: h.url,
        retryBaseMs: 50,
        giveUpAfterMs: 24 * 3600_000,
        dispatchIntervalMs: 100,
        schedulerIntervalMs: 3600_000,
        webhookTimeoutMs: 2_000,
        enabled: true,
      },
      undefined,
      () => {},
    )
    browser = await launchBrowser()
    const open = async () => {
      const context = await browser.newContext({ viewport: { width: 1280, height: 900 } })
      return { context, page: await context.newPage() }
    }
    dol = await open()
    doh = await open()
    errors = [...collectPageErrors(dol.page), ...collectPageErrors(doh.page)]
  })
  afterAll(async () => {
    await workers?.stop()
    await dol?.context.close()
    await doh?.context.close()
    await browser?.close()
    await h?.close()
  })

  /** The count the DOL manager's bell shows (0 without a badge). */
  const bellCount = async () => Number((await dol.page.getByTestId('notifications-bell').getAttribute('data-unread')) ?? '0')

  it('DOH reschedules; once approved, the dependent agency’s manager sees the bell rise and opens the release', { timeout: 240_000 }, async () => {
    const admin = await h.auth.token(demoPersonas.admin)
    const plans = ok(await h.gql(PLANS, { key: DEMO_PROGRAM_KEY }, admin)).program.plans as {
      id: string
      status: string
      agency: { code: string }
      releases: { id: string; name: string; status: string; dependencies: { release: { id: string } | null }[] }[]
    }[]
    const current = (code: string) =>
      must(
        plans.find((p) => p.agency.code === code && p.status !== 'CLOSED'),
        `${code}'s current plan`,
      )
    const dohPlan = current('DOH')
    expect(dohPlan.status).toBe('APPROVED')
    // a DOH release still to be delivered that another agency's approved plan depends on
    const open = new Set(dohPlan.releases.filter((r) => r.status !== 'RELEASED' && r.status !== 'CANCELLED').map((r) => r.id))
    const dependent = plans
      .filter((p) => p.agency.code !== 'DOH' && p.status === 'APPROVED')
      .flatMap((p) => p.releases.flatMap((r) => r.dependencies.map((d) => ({ agency: p.agency.code, on: d.release?.id ?? '' }))))
      .find((d) => open.has(d.on))
    if (!dependent) throw new Error('the demo data has no cross-agency dependency on an open DOH release')
    const dependedOn = dependent.on
    const releaseName = must(
      dohPlan.releases.find((r) => r.id === dependedOn),
      'the release',
    ).name
    const listener = must(
      DEMO_AGENCIES.find((a) => a.code === dependent.agency),
      dependent.agency,
    )
    const listenerSub = `${listener.manager}.${listener.code.toLowerCase()}`

    // the seed's own events are fanned out first: the DOL manager's count settles
    await signInAs(dol.page, h.url, listenerSub, '/roadmap')
    await dol.page.getByTestId('notifications-bell').waitFor({ timeout: 30_000 })
    await new Promise((r) => setTimeout(r, 2_000))
    await dol.page.reload()
    await dol.page.getByTestId('notifications-bell').waitFor({ timeout: 30_000 })
    await dol.page.waitForTimeout(1_000)
    const before = await bellCount()

    // DOH's manager moves the release's PROD window end by an hour, in the plan editor
    await signInAs(doh.page, h.url, 'hana.doh', `/plans/${dohPlan.id}?release=${dependedOn}`)
    await doh.page.getByTestId('release-editor').waitFor({ timeout: 30_000 })
    await doh.page.locator('#tab-schedule').click()
    expect(await doh.page.getByTestId('field-input.schedule.2.tier').inputValue()).toBe('PROD')
    const end = doh.page.getByTestId('field-input.schedule.2.end')
    const old = await end.inputValue()
    const later = new Date(Date.parse(`${old}:00Z`) + 3600_000).toISOString().slice(0, 16)
    await end.fill(later)
    await doh.page.getByTestId('save-release').click()
    await doh.page.waitForFunction(
      () => !document.querySelector('[data-testid="unsaved"]') || !!document.querySelector('.usa-alert--error, .usa-error-message'),
      undefined,
      {
        timeout: 30_000,
      },
    )
    expect(await doh.page.locator('.usa-alert--error, .usa-error-message').allTextContents()).toEqual([])
    // an approved plan's edit returns it to DRAFT: nobody outside DOH hears of it yet
    const submit = doh.page.getByTestId('submit-plan')
    await submit.waitFor({ timeout: 30_000 })
    await doh.page.waitForFunction(() => !document.querySelector<HTMLButtonElement>('[data-testid="submit-plan"]')?.disabled, undefined, { timeout: 30_000 })
    await submit.click()
    await doh.page
      .getByTestId('save-status')
      .getByText(/submitted/)
      .waitFor({ timeout: 30_000 })
    await new Promise((r) => setTimeout(r, 1_500))
    await dol.page.reload()
    await dol.page.getByTestId('notifications-bell').waitFor({ timeout: 30_000 })
    await dol.page.waitForTimeout(1_000)
    // (notifications about DOH's plan are hidden from others while it is a draft again)
    expect(await bellCount()).toBeLessThanOrEqual(before)

    // step 1 by the second DOH manager, step 2 by the program office
    for (const who of [demoPersonas.manager2('DOH'), demoPersonas.admin]) {
      const token = await h.auth.token(who)
      const inbox = ok(await h.gql(INBOX, {}, token)).approvalInbox as { id: string; plan: { id: string } }[]
      const request = must(
        inbox.find((r) => r.plan.id === dohPlan.id),
        `${who.sub}'s request`,
      )
      ok(await h.gql(DECIDE, { id: request.id, c: 'Checked the new PROD end.' }, token))
    }

    // the dispatcher fans the approval out: the dependent agency's manager has the notification
    const listenerToken = await h.auth.token(demoPersonas.manager(listener.code))
    let kinds: string[] = []
    for (let i = 0; i < 60 && !kinds.includes('DEPENDENCY_RESCHEDULED'); i++) {
      await new Promise((r) => setTimeout(r, 500))
      kinds = (ok(await h.gql(`{ notifications(first: 200) { items { kind } } }`, {}, listenerToken)).notifications.items as { kind: string }[]).map(
        (n) => n.kind,
      )
    }
    expect(kinds).toContain('DEPENDENCY_RESCHEDULED')

    // the bell rises without a reload (the header polls) and says so to screen readers
    await dol.page.waitForFunction(
      (n) => Number(document.querySelector('[data-testid="notifications-bell"]')?.getAttribute('data-unread') ?? '0') > n,
      before,
      { timeout: 60_000, polling: 500 },
    )
    expect(await dol.page.getByTestId('notifications-live').textContent()).toMatch(/^\d+ unread notifications?$/)
    expect(await runAxe(dol.page)).toEqual([])

    await dol.page.getByTestId('notifications-bell').click()
    await dol.page.getByTestId('notifications-list').waitFor({ timeout: 30_000 })
    const item = dol.page.locator('[data-testid^="notification-"][data-kind="DEPENDENCY_RESCHEDULED"]').first()
    await item.waitFor({ timeout: 30_000 })
    expect(await item.getAttribute('data-read')).toBe('false')
    expect(await item.textContent()).toContain(releaseName)
    expect(await item.textContent()).toContain('→')
    expect(await runAxe(dol.page)).toEqual([])
    await item.locator('a').first().click()
    await dol.page.waitForURL(`**/releases/${dependedOn}`, { timeout: 30_000 })
    // another agency's release: its execution details are DOH's; the roadmap shows it
    await dol.page.getByTestId('release-on-roadmap').click()
    const panel = dol.page.getByTestId('release-panel')
    await panel.waitFor({ timeout: 30_000 })
    expect(await panel.textContent()).toContain(releaseName)
    expect(errors).toEqual([])
  })
})
