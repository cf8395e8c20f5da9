import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type TestData, type TestStack, errorWith, ok, startTestStack, testDbKind } from '@railyard/test-kit'

const DIRECTORY = `{ viewer { subject agency { code programs { key agencies { code } sharedComponents { key } } } } }`

describe(`access review (program-strategy) on ${testDbKind()}`, () => {
  let stack: TestStack
  beforeAll(async () => {
    stack = await startTestStack({ programStrategy: await import('../src/server.ts') })
    const admin = stack.as('programStrategy', 'admin')
    for (const code of ['DOH', 'DOL'])
      ok(await admin(`mutation($input: RegisterAgencyInput!) { registerAgency(input: $input) { id } }`, { input: { code, name: code } }))
    const p = ok(
      await admin(`mutation($input: CreateProgramInput!) { createProgram(input: $input) { id } }`, {
        input: { key: 'WA-DSP', name: 'Digital Services', agencyCodes: ['DOH', 'DOL'] },
      }),
    )
    ok(
      await admin(`mutation($p: ID!, $input: SharedComponentInput!) { registerSharedComponent(programId: $p, input: $input) { id } }`, {
        p: p.createProgram.id,
        input: { key: 'sso', name: 'SSO' },
      }),
    )
  })
  afterAll(async () => stack?.close())

  it('an integration without graph:read reads its own identity but not the program directory through viewer', async () => {
    const token = await stack.auth.token({ sub: 'doh-reporter', name: 'DOH reporter', roles: ['INTEGRATION'], agency: 'DOH', scopes: ['inventory:report'] })
    const run = (query: string) => stack.servers.programStrategy!.execute<TestData>({ query, token })
    // the root fields refuse it …
    errorWith(await run(`{ programs { key } }`), 'FORBIDDEN')
    // … and so do the same lists reached through viewer
    const r = await run(DIRECTORY)
    errorWith(r, 'FORBIDDEN')
    expect(r.data?.viewer?.agency?.programs ?? null).toBeNull()
    expect((await run(`{ viewer { subject agency { code } } }`)).data.viewer).toEqual({ subject: 'doh-reporter', agency: { code: 'DOH' } })
    // a reader still reads it all
    const d = ok(await stack.as('programStrategy', 'dohViewer')(DIRECTORY))
    expect(d.viewer.agency.programs).toEqual([{ key: 'WA-DSP', agencies: [{ code: 'DOH' }, { code: 'DOL' }], sharedComponents: [{ key: 'sso' }] }])
  })
})
