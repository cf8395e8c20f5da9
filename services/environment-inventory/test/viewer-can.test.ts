import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type PersonaName, type TestStack, ok, testDbKind } from '@railyard/test-kit'
import { type Fixture, inv, registerEnv, startInventoryStack } from './harness.ts'

const CAN = `query($id: ID!) { environment(id: $id) { viewerCan { report approveBaseline book } } }`

describe(`Environment.viewerCan (issue 8) on ${testDbKind()}`, () => {
  let stack: TestStack
  let fx: Fixture
  const env: Record<'doh' | 'shared', string> = { doh: '', shared: '' }
  const can = async (who: PersonaName, id: string) => ok(await inv(stack, who)(CAN, { id })).environment?.viewerCan ?? null

  beforeAll(async () => {
    ;({ stack, fx } = await startInventoryStack())
    env.doh = await registerEnv(stack, fx, 'doh-can', 'TEST', 'DOH')
    env.shared = await registerEnv(stack, fx, 'shared-can', 'TEST', null)
  })
  afterAll(async () => stack?.close())

  it("an agency's environment: its managers do everything, an integration with inventory:report reports, other readers nothing", async () => {
    expect(await can('dohManager', env.doh)).toEqual({ report: true, approveBaseline: true, book: true })
    expect(await can('dohIntegration', env.doh)).toEqual({ report: true, approveBaseline: false, book: false })
    for (const who of ['dohMember', 'admin', 'viewer'] as const)
      expect(await can(who, env.doh), who).toEqual({ report: false, approveBaseline: false, book: false })
    // invisible to DOL: no environment at all, so nothing to be told
    expect(await can('dolManager', env.doh)).toBeNull()
  })

  it('a shared environment: program admins write it; agency managers only read it here', async () => {
    expect(await can('admin', env.shared)).toEqual({ report: true, approveBaseline: true, book: true })
    expect(await can('dohManager', env.shared)).toEqual({ report: false, approveBaseline: false, book: false })
  })
})
