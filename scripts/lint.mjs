#!/usr/bin/env node
// `pnpm lint`: every static check CI runs, each to the end, and a non-zero exit on any finding:
//   lint:eslint   ESLint with type information over the whole tree (eslint.config.js)
//   format:check  Prettier
//   lint:knip     unused files, exports and dependencies (knip.json)
//   lint:sherif   workspace hygiene (package.json files, versions, ordering)
import { spawnSync } from 'node:child_process'

const steps = ['lint:eslint', 'format:check', 'lint:knip', 'lint:sherif']
const failed = []
for (const step of steps) {
  const t = performance.now()
  console.log(`\n== ${step}`)
  const r = spawnSync('pnpm', ['-s', 'run', step], { stdio: 'inherit' })
  const seconds = ((performance.now() - t) / 1000).toFixed(1)
  if (r.status === 0) console.log(`${step}: ok (${seconds} s)`)
  else {
    failed.push(step)
    console.log(`${step}: FAILED (${seconds} s)`)
  }
}
console.log(failed.length ? `\nlint failed: ${failed.join(', ')}` : '\nlint: no findings')
process.exit(failed.length ? 1 : 0)
