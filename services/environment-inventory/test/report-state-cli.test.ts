import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type TestStack, ok, testDbKind } from '@railyard/test-kit'
import { reportState } from '../src/cli/report-state.ts'
import { APPROVE, type Fixture, REPORT, inv, registerEnv, startInventoryStack } from './harness.ts'

describe(`report-state CLI on ${testDbKind()}`, () => {
  let stack: TestStack
  let fx: Fixture
  let base: string
  let dir: string
  beforeAll(async () => {
    ;({ stack, fx } = await startInventoryStack())
    const dohTest = await registerEnv(stack, fx, 'doh-test', 'TEST', 'DOH')
    await registerEnv(stack, fx, 'dol-test', 'TEST', 'DOL')
    ok(
      await inv(stack, 'dohIntegration')(REPORT, {
        e: dohTest,
        items: [
          { key: 'postgres.version', value: '15.8' },
          { key: 'tls.min_version', value: '1.2' },
        ],
      }),
    )
    ok(await inv(stack, 'dohManager')(APPROVE, { e: dohTest }))
    // The CLI speaks to /graphql under RAILYARD_URL; the subgraph answers the same two operations as the gateway.
    const listening = await stack.servers.environmentInventory!.listen(0)
    base = listening.url.replace(/\/graphql$/, '')
    dir = mkdtempSync(join(tmpdir(), 'railyard-cli-'))
  })
  afterAll(async () => {
    rmSync(dir, { recursive: true, force: true })
    await stack?.close()
  })

  const run = async (argv: string[], token: string | null = stack.tokens.dohIntegration) => {
    const out: string[] = []
    const err: string[] = []
    const code = await reportState(
      argv,
      { RAILYARD_URL: base, RAILYARD_TOKEN: token ?? undefined, INIT_CWD: dir },
      { fetch, out: (l) => out.push(l), err: (l) => err.push(l) },
    )
    return { code, out: out.join('\n'), err: err.join('\n') }
  }

  it('reports the state from a file and prints the drift as a table', async () => {
    writeFileSync(
      join(dir, 'state.json'),
      JSON.stringify([
        { key: 'postgres.version', value: '15.9' },
        { key: 'debug.enabled', value: 'true' },
      ]),
    )
    const r = await run(['--', '--env', 'doh-test', '--file', 'state.json'])
    expect(r.err).toBe('')
    expect(r.code).toBe(0)
    expect(r.out.split('\n')).toEqual([
      'doh-test: reported 2 item(s); 3 drift item(s)',
      'KEY               KIND        EXPECTED  ACTUAL',
      'debug.enabled     UNEXPECTED  -         true',
      'postgres.version  CHANGED     15.8      15.9',
      'tls.min_version   MISSING     1.2       -',
    ])
  })

  it('accepts a key → value object and reports in sync', async () => {
    writeFileSync(join(dir, 'map.json'), JSON.stringify({ 'postgres.version': '15.8', 'tls.min_version': 1.2 }))
    const r = await run(['--env=doh-test', `--file=${join(dir, 'map.json')}`])
    expect(r).toEqual({ code: 0, out: 'doh-test: reported 2 item(s); in sync with the baseline', err: '' })
  })

  it('exits non-zero with the GraphQL error code', async () => {
    writeFileSync(
      join(dir, 'dup.json'),
      JSON.stringify([
        { key: 'a', value: '1' },
        { key: 'a', value: '2' },
      ]),
    )
    const dup = await run(['--env', 'doh-test', '--file', 'dup.json'])
    expect(dup.code).toBe(1)
    expect(dup.err).toMatch(/^error BAD_USER_INPUT: .*\n {2}items\.1\.key: /)
    const other = await run(['--env', 'dol-test', '--file', 'state.json'])
    expect(other).toMatchObject({ code: 1, err: expect.stringMatching(/^error NOT_FOUND: /) })
    const viewer = await run(['--env', 'doh-test', '--file', 'state.json'], stack.tokens.dohViewer)
    expect(viewer).toMatchObject({ code: 1, err: expect.stringMatching(/^error FORBIDDEN: /) })
    const bad = await run(['--env', 'doh-test', '--file', 'state.json'], 'garbage')
    expect(bad).toMatchObject({ code: 1, err: expect.stringMatching(/^error UNAUTHENTICATED: /) })
  })

  it('exits 2 on bad usage', async () => {
    expect(await run(['--env', 'doh-test'])).toMatchObject({ code: 2, err: expect.stringContaining('usage') })
    expect(await run(['--env', 'doh-test', '--file', 'missing.json'])).toMatchObject({ code: 2, err: expect.stringContaining('missing.json') })
    expect(await run(['--env', 'doh-test', '--file', 'state.json'], null)).toMatchObject({ code: 2, err: expect.stringContaining('RAILYARD_TOKEN') })
  })
})
