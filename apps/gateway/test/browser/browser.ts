import { spawnSync } from 'node:child_process'
import { existsSync, mkdirSync } from 'node:fs'
import { join } from 'node:path'
import { type Browser, chromium } from 'playwright-core'
import { WEB_DIST } from '../../src/stack.ts'

export const CHROMIUM = process.env.RAILYARD_CHROMIUM ?? '/usr/bin/chromium'

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

/** The built web client; builds it when missing (e.g. `pnpm test` before the first `pnpm start`). */
export function ensureWebBuilt(): string {
  if (!existsSync(join(WEB_DIST, 'index.html'))) {
    const r = spawnSync('pnpm', ['--filter', '@railyard/web', 'build'], { stdio: 'inherit' })
    if (r.status !== 0) throw new Error('building the web client failed')
  }
  return WEB_DIST
}

export const SCREENSHOTS = new URL('../../../../docs/screenshots/', import.meta.url).pathname
export function screenshotPath(name: string) {
  mkdirSync(SCREENSHOTS, { recursive: true })
  return join(SCREENSHOTS, name)
}
