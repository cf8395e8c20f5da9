import { readFileSync } from 'node:fs'
import type { Browser, BrowserContext, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type OidcStack, startOidcStack } from '../oidc/oidc-stack.ts'
import { type TestProvider, startTestProvider } from '../oidc/test-provider.ts'
import { collectPageErrors, ensureWebBuilt, launchBrowser, screenshotPath } from './browser.ts'

/**
 * Sign-in with a real OpenID Provider (oidc-provider, started here on loopback) in headless
 * Chromium, against the real stack in AUTH_MODE=oidc: the provider's own login and consent
 * pages, the roadmap with the role the person's groups map to, a token expiry survived by
 * silent renewal and — when renewal is impossible — by a sign-in that returns to the same URL,
 * and sign-out at the provider. No token ever appears in a URL.
 */
const TTL = 20 // seconds an access token lives
const GROUP_MAP = 'railyard-doh-managers=AGENCY_MANAGER:DOH,railyard-cab=PROGRAM_ADMIN'

describe('sign-in with OpenID Connect (headless Chromium)', () => {
  let op: TestProvider
  let s: OidcStack
  let browser: Browser
  let context: BrowserContext
  let page: Page
  let errors: string[]
  const urls: string[] = []
  const tokensSeen = new Set<string>()

  beforeAll(async () => {
    const webDist = ensureWebBuilt()
    op = await startTestProvider({
      accessTokenTtl: TTL,
      people: { hana: { name: 'Hana Ito', email: 'hana@doh.example.gov', groups: ['All staff', 'railyard-doh-managers'] } },
    })
    s = await startOidcStack(op, { groupMap: GROUP_MAP, seed: true, releasesPerPlan: 2, webDist })
    browser = await launchBrowser()
    context = await browser.newContext({ viewport: { width: 1440, height: 900 } })
    // loopback only: anything else (e.g. a web font a provider page imports) is refused
    await context.route('**/*', (route) => {
      const u = new URL(route.request().url())
      return u.hostname === '127.0.0.1' ? route.continue() : route.abort()
    })
    context.on('request', (r) => urls.push(r.url()))
    page = await context.newPage()
    // the provider's own login pages load a stylesheet its own CSP refuses: only the app's pages count
    errors = collectPageErrors(page, new URL(s.url).origin)
  })
  afterAll(async () => {
    await browser?.close()
    await s?.close()
    await op?.close()
  })

  /** The signed-in user as oidc-client-ts keeps it in this tab's sessionStorage. */
  const storedUser = () =>
    page.evaluate((key) => {
      const raw = window.sessionStorage.getItem(key)
      return raw ? (JSON.parse(raw) as { access_token: string; id_token?: string; expires_at: number; profile: { sub: string } }) : null
    }, `oidc.user:${op.issuer}:${op.clientId}`)

  const remember = async () => {
    const u = await storedUser()
    if (u) {
      tokensSeen.add(u.access_token)
      if (u.id_token) tokensSeen.add(u.id_token)
    }
    return u
  }

  /** The provider's own pages: the login form (any password), then consent when it asks. */
  const signInAtProvider = async (login: string) => {
    await page.locator('input[name="login"]').waitFor({ timeout: 45_000 })
    expect(page.url().startsWith(op.issuer)).toBe(true)
    await page.locator('input[name="login"]').fill(login)
    await page.locator('input[name="password"]').fill('any password')
    await page.getByRole('button', { name: 'Sign-in' }).click()
    const consent = page.getByRole('button', { name: 'Continue' })
    const header = page.getByTestId('site-header')
    await Promise.race([consent.waitFor({ timeout: 30_000 }), header.waitFor({ timeout: 30_000 })])
    if (await consent.isVisible()) await consent.click()
  }

  it('signs in through the provider’s login and consent pages and lands on the roadmap with the role its groups map to', async () => {
    const start = `${s.url}/?zoom=quarter`
    await page.goto(start)
    await page.getByTestId('sign-in-page').waitFor({ timeout: 30_000 })
    await page.getByTestId('oidc-sign-in').click()
    await signInAtProvider('hana')

    await page.getByTestId('site-header').waitFor({ timeout: 30_000 })
    await page.getByTestId('roadmap').waitFor({ timeout: 30_000 })
    expect(await page.getByTestId('viewer-name').textContent()).toBe('Hana Ito')
    expect(await page.getByTestId('viewer-roles').textContent()).toBe('agency manager')
    expect(await page.getByTestId('viewer-agency').textContent()).toBe('DOH')
    // no persona switch outside dev mode
    expect(await page.getByTestId('persona-switch').count()).toBe(0)
    // back where sign-in started, query string included (the code and state are gone)
    expect(new URL(page.url()).pathname).toBe('/')
    expect(new URL(page.url()).searchParams.get('zoom')).toBe('quarter')
    expect(page.url()).not.toContain('code=')
    await page.getByTestId('lane-DOH').waitFor({ timeout: 30_000 })
    await page.locator('[data-testid="roadmap"][data-state="ready"]').waitFor({ timeout: 30_000 })
    await page.screenshot({ path: screenshotPath('oidc-roadmap.png') })

    const user = await remember()
    expect(user?.profile.sub).toBe('hana')
    // the bearer the page sends is the provider's access token for Railyard's audience
    const claims = JSON.parse(Buffer.from(user?.access_token.split('.')[1] ?? '', 'base64url').toString()) as Record<string, unknown>
    expect(claims).toMatchObject({ iss: op.issuer, aud: 'api://railyard', sub: 'hana' })
  }, 120_000)

  it('survives the token’s expiry by renewing it silently, without leaving the page', async () => {
    const before = await remember()
    if (!before) throw new Error('not signed in')
    await page.evaluate(() => {
      ;(window as unknown as { __sameDocument?: boolean }).__sameDocument = true
    })
    const silentBefore = op.counts.silent
    // wait until the first token has expired and a new one is in use
    await page.waitForFunction(
      ({ key, old, exp }) => {
        const raw = window.sessionStorage.getItem(key)
        const u = raw ? (JSON.parse(raw) as { access_token: string }) : null
        return Date.now() / 1000 > exp + 1 && !!u && u.access_token !== old
      },
      { key: `oidc.user:${op.issuer}:${op.clientId}`, old: before.access_token, exp: before.expires_at },
      { timeout: (TTL + 20) * 1000, polling: 500 },
    )
    const after = await remember()
    expect(after?.access_token).not.toBe(before.access_token)
    expect(op.counts.silent).toBeGreaterThan(silentBefore)
    // the same document: no reload, no trip to the provider's pages
    expect(await page.evaluate(() => (window as unknown as { __sameDocument?: boolean }).__sameDocument)).toBe(true)
    // the old token is really expired: the gateway refuses it now
    const old = await s.gql('{ viewer { subject } }', {}, before.access_token)
    expect(old.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED')
    // and the page keeps working with the new one
    await page.getByTestId('nav-plans').click()
    await page.getByRole('heading', { level: 1, name: 'Agency release plans' }).waitFor({ timeout: 30_000 })
    expect(await page.getByTestId('viewer-roles').textContent()).toBe('agency manager')
    expect(await page.getByTestId('error-alert').count()).toBe(0)
  }, 120_000)

  it('when renewal is impossible (the provider session is gone), signs in again and returns to the same URL, query string included', async () => {
    const target = `${s.url}/environments?agency=DOH&month=2027-03`
    await page.goto(target)
    await page.getByTestId('site-header').waitFor({ timeout: 30_000 })
    const before = await remember()
    if (!before) throw new Error('not signed in')
    // the provider forgets the browser: silent renewal (prompt=none) must fail
    await context.clearCookies()
    await signInAtProvider('hana')
    await page.getByTestId('site-header').waitFor({ timeout: 30_000 })
    expect(page.url()).toBe(target)
    const after = await remember()
    expect(after?.access_token).not.toBe(before.access_token)
    expect(await page.getByTestId('viewer-agency').textContent()).toBe('DOH')
  }, 120_000)

  it('downloads exports with the token in the Authorization header, not in the URL', async () => {
    await page.goto(`${s.url}/`)
    await page.getByTestId('export-csv').waitFor({ timeout: 30_000 })
    const href = await page.getByTestId('export-csv').getAttribute('data-href')
    const sent = page.waitForRequest((r) => href !== null && r.url() === `${s.url}${href}`)
    const download = page.waitForEvent('download')
    await page.getByTestId('export-csv').click()
    const request = await sent
    expect(request.headers().authorization).toMatch(/^Bearer ey/)
    expect(request.url()).not.toContain('token')
    const file = await download
    expect(file.suggestedFilename()).toMatch(/\.csv$/)
    const path = await file.path()
    const csv = readFileSync(path, 'utf8')
    expect(csv.split('\r\n')[0]).toMatch(/^agency,/)
    expect(csv).toContain('DOH')
    await remember()
  }, 60_000)

  it('signs out at the provider, and signing in again asks for the login', async () => {
    await remember()
    const endBefore = op.counts.endSession
    await page.getByTestId('sign-out').click()
    await page.getByRole('button', { name: 'Yes, sign me out' }).click({ timeout: 30_000 })
    await page.getByTestId('signed-out').waitFor({ timeout: 30_000 })
    expect(new URL(page.url()).pathname).toBe('/')
    expect(op.counts.endSession).toBeGreaterThan(endBefore)
    expect(await storedUser()).toBeNull()
    await page.screenshot({ path: screenshotPath('oidc-signed-out.png') })
    // the provider's session ended too: a new sign-in shows its login form again
    await page.getByTestId('oidc-sign-in').click()
    await page.locator('input[name="login"]').waitFor({ timeout: 30_000 })
    expect(page.url().startsWith(op.issuer)).toBe(true)
  }, 120_000)

  it('never put a token in a URL', () => {
    expect(tokensSeen.size).toBeGreaterThanOrEqual(4)
    const leaks = urls.filter((u) => [...tokensSeen].some((t) => u.includes(t)) || /[?&#](access_token|id_token|id_token_hint|token)=/.test(u))
    expect(leaks).toEqual([])
    // the sign-out request named the client instead of the ID token
    const endSession = urls.filter((u) => u.startsWith(op.issuer) && new URL(u).pathname === '/session/end')
    expect(endSession.length).toBeGreaterThan(0)
    expect(endSession.every((u) => new URL(u).searchParams.get('client_id') === op.clientId)).toBe(true)
    expect(errors).toEqual([])
  })
})
