import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type TestStack, ok, testDbKind } from '@railyard/test-kit'
import { ADD_RELEASE, type Seeded, UPDATE_RELEASE, createPlan, plansDb, releaseInput, seedProgram, startStack } from './fixtures.ts'

const codes = (bodies: any[]) => bodies.map((b) => (b.errors ? b.errors[0].extensions.code : 'OK')).sort()

describe(`agency-plans: optimistic concurrency on ${testDbKind()}`, () => {
  let stack: TestStack
  let seeded: Seeded
  let planId: string
  let releaseId: string
  beforeAll(async () => {
    stack = await startStack()
    seeded = await seedProgram(stack)
    planId = (await createPlan(stack, seeded, 'dohManager', 'DOH')).id
    releaseId = ok(await stack.as('agencyPlans', 'dohManager')(ADD_RELEASE, { planId, rev: 1, input: releaseInput() })).addRelease.id
  })
  afterAll(async () => stack?.close())

  it('lets exactly one of 20 concurrent updateRelease calls with the same expectedRevision win, losing no update', async () => {
    const mgr = stack.as('agencyPlans', 'dohManager')
    const bodies = await Promise.all(
      Array.from({ length: 20 }, (_, i) => mgr(UPDATE_RELEASE, { id: releaseId, rev: 1, input: releaseInput({ summary: `writer ${i}` }) })),
    )
    expect(codes(bodies)).toEqual(['OK', ...Array(19).fill('CONFLICT')].sort())
    const winner = bodies.findIndex((b) => !b.errors)
    expect(bodies[winner].data.updateRelease).toMatchObject({ revision: 2, plan: { revision: 3 } })
    const conflict = bodies.find((b) => b.errors)!.errors[0]
    expect(conflict.extensions).toMatchObject({ expectedRevision: 1, currentRevision: 2 })

    const db = plansDb(stack)
    const row = await db.selectFrom('release').selectAll().where('id', '=', releaseId).executeTakeFirstOrThrow()
    expect(row.revision).toBe(2)
    expect(row.summary).toBe(`writer ${winner}`)
    const plan = await db.selectFrom('plan').select(['revision']).where('id', '=', planId).executeTakeFirstOrThrow()
    expect(plan.revision).toBe(3)
    const audits = await db.selectFrom('auditLog').select(['after']).where('action', '=', 'updateRelease').execute()
    expect(audits).toHaveLength(1)
    expect((audits[0]!.after as any).summary).toBe(`writer ${winner}`)

    // the next writer with the current revision succeeds
    const next = ok(await mgr(UPDATE_RELEASE, { id: releaseId, rev: 2, input: releaseInput({ summary: 'after the race' }) })).updateRelease
    expect(next.revision).toBe(3)
  })

  it('lets exactly one of 10 concurrent addRelease calls with the same plan revision win', async () => {
    const mgr = stack.as('agencyPlans', 'dohManager')
    const rev = (await plansDb(stack).selectFrom('plan').select('revision').where('id', '=', planId).executeTakeFirstOrThrow()).revision
    const bodies = await Promise.all(
      Array.from({ length: 10 }, (_, i) => mgr(ADD_RELEASE, { planId, rev, input: releaseInput({ name: `Release ${i}`, version: `3.${i}.0` }) })),
    )
    expect(codes(bodies)).toEqual(['OK', ...Array(9).fill('CONFLICT')].sort())
    const releases = await plansDb(stack).selectFrom('release').select('id').where('planId', '=', planId).execute()
    expect(releases).toHaveLength(2)
  })
})
