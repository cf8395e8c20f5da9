import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type TestStack, fieldErrorPaths, ok, testDbKind } from '@railyard/test-kit'
import { ADD_RELEASE, type Seeded, UPDATE_RELEASE, createPlan, plansDb, releaseInput, seedProgram, startStack } from './fixtures.ts'

/**
 * Evidence and artifact links are `http:`/`https:` URLs only (DESIGN "Writes"; issue 9 found
 * `javascript:` evidence links stored and rendered): anything else is BAD_USER_INPUT at the
 * field's path, and nothing is written.
 */

const CHECKPOINT = `mutation($id: ID!, $input: CheckpointInput!) { recordCheckpoint(releaseId: $id, input: $input) { met evidenceUrl } }`
const BAD = [
  'javascript:alert(1)',
  ' JavaScript:alert(document.domain)',
  'data:text/html,<b>x</b>',
  'file:///etc/passwd',
  'vbscript:x',
  'ftp://example.gov/a',
  'registry.example.gov/app:1.0.0',
  '//evil.example/x',
]

describe(`URL rules of agency-plans on ${testDbKind()}`, () => {
  let stack: TestStack
  let seeded: Seeded
  let planId: string
  let releaseId: string
  const ap = (who: Parameters<TestStack['as']>[1]) => stack.as('agencyPlans', who)
  const rows = async () => {
    const db = plansDb(stack)
    return {
      release: await db.selectFrom('release').selectAll().orderBy('id').execute(),
      checkpoint: await db.selectFrom('checkpoint').selectAll().orderBy('id').execute(),
      auditLog: await db.selectFrom('auditLog').selectAll().orderBy('id').execute(),
    }
  }

  beforeAll(async () => {
    stack = await startStack()
    seeded = await seedProgram(stack)
    planId = (await createPlan(stack, seeded, 'dohManager', 'DOH')).id
    releaseId = ok(await ap('dohManager')(ADD_RELEASE, { planId, rev: 1, input: releaseInput() })).addRelease.id
  })
  afterAll(async () => stack?.close())

  it('refuses an artifact uri that is not http(s) on addRelease and updateRelease, at input.artifacts.<i>.uri', async () => {
    const before = await rows()
    for (const uri of BAD) {
      const artifacts = [
        { name: 'ok', version: '1.0.0', digest: 'sha256:aa', uri: 'https://registry.example.gov/v2/ok/manifests/1.0.0' },
        { name: 'bad', version: '1.0.0', digest: 'sha256:bb', uri },
      ]
      const add = await ap('dohManager')(ADD_RELEASE, { planId, rev: 2, input: releaseInput({ artifacts, name: 'Other', version: '2.6.0' }) })
      expect(fieldErrorPaths(add), uri).toEqual(['input.artifacts.1.uri'])
      const update = await ap('dohManager')(UPDATE_RELEASE, { id: releaseId, rev: 1, input: releaseInput({ artifacts }) })
      expect(fieldErrorPaths(update), uri).toEqual(['input.artifacts.1.uri'])
    }
    expect(await rows()).toEqual(before)
    const fine = await ap('dohManager')(UPDATE_RELEASE, {
      id: releaseId,
      rev: 1,
      input: releaseInput({
        artifacts: [
          { name: 'a', version: '1.0.0', digest: 'sha256:aa', uri: 'http://registry.internal.example/a' },
          { name: 'b', version: '1.0.0', digest: 'sha256:bb' },
        ],
      }),
    })
    ok(fine)
  })

  it('refuses checkpoint evidence that is not an http(s) URL, at input.evidenceUrl; accepts https', async () => {
    const before = await rows()
    for (const evidenceUrl of BAD) {
      const b = await ap('dohManager')(CHECKPOINT, { id: releaseId, input: { criterionKey: 'security-scan', attested: true, evidenceUrl } })
      expect(fieldErrorPaths(b), evidenceUrl).toEqual(['input.evidenceUrl'])
    }
    expect(await rows()).toEqual(before)
    const fine = ok(
      await ap('dohManager')(CHECKPOINT, {
        id: releaseId,
        input: { criterionKey: 'security-scan', attested: true, evidenceUrl: 'https://scan.example.gov/r/1' },
      }),
    )
    expect(fine.recordCheckpoint.evidenceUrl).toBe('https://scan.example.gov/r/1')
  })
})
