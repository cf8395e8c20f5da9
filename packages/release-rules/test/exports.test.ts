import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import * as barrel from '@railyard/release-rules'

/**
 * The package's subpath exports (`@railyard/release-rules/risks`, `/metrics`, `/what-if`, one per
 * rules module, and `/types`) let the web client import only what a page needs; the root barrel
 * keeps exporting everything.
 */
const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { exports: Record<string, string> }
const subpaths = Object.keys(pkg.exports).filter((k) => k !== '.' && k !== './types')

/** Import a subpath by the package's name, as consumers do. */
async function importSubpath(subpath: string): Promise<Record<string, unknown>> {
  return (await import(`@railyard/release-rules/${subpath.slice(2)}`)) as Record<string, unknown>
}

describe('package exports', () => {
  it('offers the health, metrics and what-if rules and every rules module by subpath', () => {
    expect(subpaths).toEqual(
      expect.arrayContaining([
        './risks',
        './metrics',
        './what-if',
        './alignment',
        './cycles',
        './freezes',
        './gates',
        './readiness',
        './roadmap',
        './time',
        './validation',
      ]),
    )
    for (const target of Object.values(pkg.exports)) expect(target).toMatch(/^\.\/src\/[a-z-]+(\.rules)?\.ts$|^\.\/src\/index\.ts$/)
  })

  it('each subpath resolves by package name, and each of its exports is the barrel’s', async () => {
    for (const subpath of subpaths) {
      const mod = await importSubpath(subpath)
      const names = Object.keys(mod)
      expect(names.length, subpath).toBeGreaterThan(0)
      for (const name of names) expect(barrel[name as keyof typeof barrel], `${subpath} ${name}`).toBe(mod[name])
    }
  })

  it('the subpaths together cover everything the barrel exports', async () => {
    const covered = new Set<string>()
    for (const subpath of subpaths) for (const name of Object.keys(await importSubpath(subpath))) covered.add(name)
    expect(Object.keys(barrel).filter((name) => !covered.has(name))).toEqual([])
  })

  it('the what-if subpath carries the scenario codec too', async () => {
    const whatIf = await importSubpath('./what-if')
    expect(typeof whatIf.previewScenario).toBe('function')
    expect(typeof whatIf.encodeScenario).toBe('function')
    expect(typeof whatIf.decodeScenario).toBe('function')
  })
})
