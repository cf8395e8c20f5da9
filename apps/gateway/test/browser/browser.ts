/// <reference lib="dom" />
import { spawnSync } from 'node:child_process'
import { existsSync, mkdirSync, readdirSync, statSync } from 'node:fs'
import { join } from 'node:path'
import axeCore from 'axe-core'
import { type Browser, type Page, chromium } from 'playwright-core'
import { WEB_DIST } from '../../src/stack.ts'

// eslint-disable-next-line no-restricted-properties -- the test harness's Chromium binary (read the same way by scripts/test.mjs), not application configuration
const CHROMIUM = process.env.RAILYARD_CHROMIUM ?? '/usr/bin/chromium'

/** Headless Debian Chromium, as this machine can run it (no downloads, no background network). */
export async function launchBrowser(): Promise<Browser> {
  if (!existsSync(CHROMIUM)) throw new Error(`Chromium not found at ${CHROMIUM}: apt-get install -y chromium (or set RAILYARD_CHROMIUM)`)
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  })
}

/** Newest modification time of the files under `dir` (skipping node_modules and dist). */
function newestMtime(dir: string): number {
  let newest = 0
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.name === 'node_modules' || entry.name === 'dist') continue
    const p = join(dir, entry.name)
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(p) : statSync(p).mtimeMs)
  }
  return newest
}

/**
 * The built web client: built when missing or older than its sources (e.g. `pnpm test` before
 * the first `pnpm start`, or after editing apps/web), so browser tests never run a stale build.
 */
export function ensureWebBuilt(): string {
  const index = join(WEB_DIST, 'index.html')
  const webRoot = join(WEB_DIST, '..')
  const entries = ['index.html', 'silent-renew.html', 'vite.config.ts'].map((f) => join(webRoot, f)).filter((f) => existsSync(f))
  const stale =
    !existsSync(index) ||
    statSync(index).mtimeMs <
      Math.max(
        newestMtime(join(webRoot, 'src')),
        newestMtime(join(webRoot, 'build')),
        newestMtime(join(webRoot, '..', '..', 'packages', 'release-rules', 'src')),
        ...entries.map((f) => statSync(f).mtimeMs),
      )
  if (stale) {
    const r = spawnSync('pnpm', ['--filter', '@railyard/web', 'build'], { stdio: 'inherit' })
    if (r.status !== 0) throw new Error('building the web client failed')
  }
  return WEB_DIST
}

const SCREENSHOTS = new URL('../../../../docs/screenshots/', import.meta.url).pathname
export function screenshotPath(name: string) {
  mkdirSync(SCREENSHOTS, { recursive: true })
  return join(SCREENSHOTS, name)
}

/**
 * Uncaught page errors and Content-Security-Policy (or X-Frame-Options) violations (the web
 * client must work under the gateway's CSP: no inline scripts or styles), collected for an
 * `expect(errors).toEqual([])` at the end of a test. With `appOrigin`, only violations reported
 * by the app's own documents count: another origin's pages (a test's identity provider with its
 * login forms) live under their own server's policy, not Railyard's.
 */
export function collectPageErrors(page: Page, appOrigin?: string): string[] {
  const errors: string[] = []
  page.on('pageerror', (e) => errors.push(e.message))
  page.on('console', (m) => {
    if (m.type() !== 'error' || !/Content Security Policy|X-Frame-Options|Refused to (load|execute|apply|connect|frame|display)/i.test(m.text())) return
    if (appOrigin && originOf(m.location().url) !== appOrigin) return
    errors.push(`CSP: ${m.text()}`)
  })
  return errors
}

function originOf(url: string): string | null {
  try {
    return new URL(url).origin
  } catch {
    return null
  }
}

/** Opens `path` signed out and signs in through the persona picker, as a user would. */
export async function signInAs(page: Page, baseUrl: string, sub: string, path = '/'): Promise<void> {
  await page.goto(`${baseUrl}${path}`)
  await page.getByTestId(`persona-${sub}`).click()
  await page.getByTestId('site-header').waitFor({ timeout: 30_000 })
}

/** Switches persona with the header's persona menu and waits until the header names the new viewer. */
export async function switchPersona(page: Page, sub: string): Promise<void> {
  await page.getByTestId('persona-switch').selectOption(sub)
  await page.waitForFunction(
    (s) => document.querySelector<HTMLSelectElement>('[data-testid="persona-switch"]')?.value === s && !!document.querySelector('[data-testid="viewer-name"]'),
    sub,
    { timeout: 30_000 },
  )
}

/** The roadmap client's own performance marks (ms from navigation start; NaN when missing). */
export interface RoadmapMarks {
  data: number
  rendered: number
  /** data received → first paint of the bars */
  render: number
  /** the whole range painted (the first paint shows the months around today) */
  complete: number
}

// Page callbacks avoid named inner functions: tsx (the bench) compiles them with a `__name`
// helper that does not exist in the page.
export function readRoadmapMarks(page: Page): Promise<RoadmapMarks> {
  return page.evaluate(() => {
    const [data, rendered, complete] = ['roadmap:data', 'roadmap:rendered', 'roadmap:complete'].map(
      (n) => performance.getEntriesByName(n).at(-1)?.startTime ?? Number.NaN,
    )
    return {
      data: data!,
      rendered: rendered!,
      render: performance.getEntriesByName('roadmap').at(-1)?.duration ?? Number.NaN,
      complete: complete!,
    }
  })
}

/** Scrolls the roadmap timeline for `ms` and counts animation frames (a frame over 50 ms is jank). */
export function measureTimelineScroll(page: Page, ms = 2000): Promise<{ frames: number; longestFrame: number; jank: number; scrolledTo: number }> {
  return page.evaluate(async (duration) => {
    const el = document.querySelector('[data-testid="timeline"]') as HTMLElement
    const frames: number[] = []
    let last = performance.now()
    const until = last + duration
    while (last < until) {
      await new Promise((resolve) => requestAnimationFrame(resolve))
      const now = performance.now()
      frames.push(now - last)
      last = now
      el.scrollTop += 120
      el.scrollLeft += 40
    }
    return { frames: frames.length, longestFrame: Math.max(...frames), jank: frames.filter((f) => f > 50).length, scrolledTo: el.scrollTop }
  }, ms)
}

/** axe-core's browser script (the package's `source`: axe.js as text). */
const AXE_SOURCE = axeCore.source

/** One axe-core finding, compact enough to read in a failed assertion. */
export interface AxeFinding {
  rule: string
  impact: string | null
  nodes: string[]
}

/**
 * Runs axe-core (WCAG 2.x A/AA and best practices) on the page as it is now. The script is
 * evaluated through the DevTools protocol, so the app's CSP (no inline scripts) stays on.
 */
export async function runAxe(page: Page): Promise<AxeFinding[]> {
  await page.evaluate(AXE_SOURCE)
  return page.evaluate(async () => {
    const axe = (
      window as unknown as {
        axe: {
          run: (
            ctx: unknown,
            opts: unknown,
          ) => Promise<{ violations: { id: string; impact: string | null; nodes: { target: string[]; failureSummary?: string }[] }[] }>
        }
      }
    ).axe
    const r = await axe.run(document, { resultTypes: ['violations'] })
    return r.violations.map((v) => ({
      rule: v.id,
      impact: v.impact,
      nodes: v.nodes.slice(0, 5).map((n) => `${n.target.join(' ')} — ${n.failureSummary ?? ''}`),
    }))
  })
}
