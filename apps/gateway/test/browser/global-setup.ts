import { ensureWebBuilt } from './browser.ts'

/** Once per run, before any browser test file: a current build of the web client. */
export default function setup() {
  ensureWebBuilt()
}
