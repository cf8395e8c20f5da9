#!/usr/bin/env node
// `pnpm test`: every unit and integration test on PGlite; with TEST_DATABASE_URL set, again on
// that PostgreSQL (the vitest projects are doubled, see vitest.config.ts). Browser tests need
// Debian's chromium: when it is missing and we may install packages (root with apt), it is
// installed first; otherwise the run stops and says how to install it.
import { spawnSync } from 'node:child_process'
import { existsSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

const chromium = process.env.RAILYARD_CHROMIUM ?? '/usr/bin/chromium'
if (!existsSync(chromium)) {
  const canApt = process.getuid?.() === 0 && existsSync('/usr/bin/apt-get')
  if (canApt) {
    console.log(`[test] ${chromium} not found: installing Debian's chromium for the browser tests (apt-get)…`)
    const q = { stdio: 'inherit', env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } }
    spawnSync('apt-get', ['update', '-qq'], q)
    spawnSync('apt-get', ['install', '-y', '-qq', 'chromium'], q)
  }
  if (!existsSync(chromium)) {
    console.error(`[test] browser tests need Chromium at ${chromium}: install it (apt-get install -y chromium) or set RAILYARD_CHROMIUM`)
    process.exit(1)
  }
}
const report = join(tmpdir(), `railyard-vitest-${process.pid}.json`)
const args = ['vitest', 'run', '--reporter=default', '--reporter=json', `--outputFile.json=${report}`, ...process.argv.slice(2)]
const r = spawnSync('pnpm', ['exec', ...args], { stdio: 'inherit' })
// One plain closing line, whatever the runner printed: "N passed, N failed[, N skipped]".
if (existsSync(report)) {
  const j = JSON.parse(readFileSync(report, 'utf8'))
  const skipped = (j.numPendingTests ?? 0) + (j.numTodoTests ?? 0)
  const kinds = process.env.TEST_DATABASE_URL ? 'PGlite + PostgreSQL' : 'PGlite'
  console.log(
    `\n[test] databases: ${kinds}; test files: ${j.testResults.filter((f) => f.status === 'passed').length} passed, ${j.testResults.filter((f) => f.status !== 'passed').length} failed`,
  )
  console.log(`tests: ${j.numPassedTests} passed, ${j.numFailedTests} failed${skipped ? `, ${skipped} skipped` : ''}`)
  rmSync(report, { force: true })
}
process.exit(r.status ?? 1)
