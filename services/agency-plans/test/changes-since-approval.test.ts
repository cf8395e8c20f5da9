import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { KyselyPlugin } from 'kysely'
import { type SubgraphServer, inProcessSubgraphClient } from '@railyard/graphql-kit'
import { type TestStack, errorWith, ok, testDbKind } from '@railyard/test-kit'
import { createServer } from '../src/server.ts'
import {
  ADD_RELEASE,
  DECIDE,
  SUBMIT,
  type Seeded,
  UPDATE_RELEASE,
  createPlan,
  plansDb,
  releaseInput,
  seedProgram,
  singleAdminApproval,
  startStack,
  strategyInput,
} from './fixtures.ts'

const CHANGE_FIELDS = `changesSinceApproval { approvedAt approvedRevision approvedBy changes { kind releaseId releaseName field before after } }`
const PLAN = `query($id: ID!) { agencyPlan(id: $id) { id status revision ${CHANGE_FIELDS} } }`
const INBOX = `{ approvalInbox { id plan { id status ${CHANGE_FIELDS} } } }`
const RELEASE_REV = `query($id: ID!) { release(id: $id) { revision } }`
const REHEARSE = `mutation($id: ID!, $at: DateTime!) { recordRollbackRehearsal(releaseId: $id, rehearsedAt: $at, note: "dry run") { id revision } }`
const CANCEL = `mutation($id: ID!, $rev: Int!) { cancelRelease(id: $id, expectedRevision: $rev, reason: "descoped") { id status } }`

describe(`agency-plans: changes since the last approval on ${testDbKind()}`, () => {
  let stack: TestStack
  let seeded: Seeded
  let planId: string
  let a: string // approved first, then its version changes
  let b: string // added after the first approval
  let firstApproval: { approvedAt: string; approvedRevision: number }
  const ap = (who: Parameters<TestStack['as']>[1]) => stack.as('agencyPlans', who)
  const plan = async (who: Parameters<TestStack['as']>[1] = 'dohManager') => ok(await ap(who)(PLAN, { id: planId })).agencyPlan
  const releaseRevision = async (id: string) => ok(await ap('dohManager')(RELEASE_REV, { id })).release.revision as number
  /** Submits the plan and has the program admin approve (or reject) it; returns the request id. */
  const submitAndDecide = async (decision: 'APPROVE' | 'REJECT' | null) => {
    const sub = ok(await ap('dohManager')(SUBMIT, { id: planId, rev: (await plan()).revision })).submitAgencyPlan
    const requestId = sub.approvals[0].id as string
    if (decision) ok(await ap('admin')(DECIDE, { id: requestId, d: decision }))
    return requestId
  }

  beforeAll(async () => {
    stack = await startStack()
    seeded = await seedProgram(stack, strategyInput({ planApproval: singleAdminApproval }))
    planId = (await createPlan(stack, seeded, 'dohManager', 'DOH')).id
    a = ok(await ap('dohManager')(ADD_RELEASE, { planId, rev: 1, input: releaseInput() })).addRelease.id
  })
  afterAll(async () => stack?.close())

  it('is null while the plan was never approved (draft, then submitted)', async () => {
    expect((await plan()).changesSinceApproval).toBeNull()
    await submitAndDecide(null)
    const inbox = ok(await ap('admin')(INBOX)).approvalInbox
    expect(inbox.map((r: any) => [r.plan.id, r.plan.changesSinceApproval])).toEqual([[planId, null]])
  })

  it('is empty right after the approval, which is recorded with its revision and approver', async () => {
    const [request] = ok(await ap('admin')(INBOX)).approvalInbox
    ok(await ap('admin')(DECIDE, { id: request.id, d: 'APPROVE' }))
    const p = await plan()
    expect(p.status).toBe('APPROVED')
    expect(p.changesSinceApproval).toMatchObject({ approvedRevision: p.revision, approvedBy: 'ada.admin', changes: [] })
    expect(Date.parse(p.changesSinceApproval.approvedAt)).not.toBeNaN()
    firstApproval = p.changesSinceApproval
    // the owning agency's viewer and the program office read it too
    for (const who of ['dohViewer', 'viewer', 'admin'] as const) expect((await plan(who)).changesSinceApproval).toEqual(firstApproval)
  })

  it('is not a roadmap field: another agency gets FORBIDDEN for it (root field and _entities), the rest still resolves', async () => {
    const res = await ap('dolManager')(`query($id: ID!) { agencyPlan(id: $id) { id title status changesSinceApproval { approvedRevision } } }`, { id: planId })
    const err = errorWith(res, 'FORBIDDEN')
    expect(err.path).toEqual(['agencyPlan', 'changesSinceApproval'])
    expect(res.data.agencyPlan).toMatchObject({ id: planId, status: 'APPROVED', changesSinceApproval: null })
    const entities = await ap('dolManager')(
      `query($r: [_Any!]!) { _entities(representations: $r) { ... on AgencyReleasePlan { id changesSinceApproval { approvedRevision } } } }`,
      { r: [{ __typename: 'AgencyReleasePlan', id: planId }] },
    )
    expect(errorWith(entities, 'FORBIDDEN').path).toEqual(['_entities', 0, 'changesSinceApproval'])
  })

  it('recording execution (a rollback rehearsal) is no change', async () => {
    ok(await ap('dohManager')(REHEARSE, { id: a, at: new Date(Date.now() - 60_000).toISOString() }))
    const p = await plan()
    expect(p.status).toBe('APPROVED')
    expect(p.changesSinceApproval.changes).toEqual([])
  })

  it('lists exactly a changed version and an added release; the plan is back to DRAFT and invisible to other agencies', async () => {
    const updated = ok(
      await ap('dohManager')(UPDATE_RELEASE, { id: a, rev: await releaseRevision(a), input: releaseInput({ version: '2.5.0' }) }),
    ).updateRelease
    expect(updated.plan.status).toBe('DRAFT')
    b = ok(
      await ap('dohManager')(ADD_RELEASE, {
        planId,
        rev: updated.plan.revision,
        input: releaseInput({ name: 'Notifications', version: '1.0.0', type: 'PATCH' }),
      }),
    ).addRelease.id
    const p = await plan()
    expect(p.status).toBe('DRAFT')
    expect(p.changesSinceApproval).toEqual({
      ...firstApproval,
      changes: [
        { kind: 'CHANGED', releaseId: a, releaseName: 'Licensing portal', field: 'version', before: '2.4.0', after: '2.5.0' },
        { kind: 'ADDED', releaseId: b, releaseName: 'Notifications', field: 'release', before: null, after: 'Notifications 1.0.0 (PATCH)' },
      ],
    })
    // a DRAFT plan of another agency does not exist for DOL
    expect(ok(await ap('dolManager')(PLAN, { id: planId })).agencyPlan).toBeNull()
  })

  it('the resubmitted request shows the changes to its decider in the inbox; after re-approval the change set is empty', async () => {
    const requestId = await submitAndDecide(null)
    const inbox = ok(await ap('admin')(INBOX)).approvalInbox
    const request = inbox.find((r: any) => r.id === requestId)
    expect(request.plan.status).toBe('SUBMITTED')
    expect(request.plan.changesSinceApproval.changes.map((c: any) => [c.kind, c.releaseId, c.field, c.before, c.after])).toEqual([
      ['CHANGED', a, 'version', '2.4.0', '2.5.0'],
      ['ADDED', b, 'release', null, 'Notifications 1.0.0 (PATCH)'],
    ])
    ok(await ap('admin2')(DECIDE, { id: requestId, d: 'APPROVE' }))
    const p = await plan()
    expect(p.status).toBe('APPROVED')
    expect(p.changesSinceApproval).toMatchObject({ approvedRevision: p.revision, approvedBy: 'alan.admin', changes: [] })
    expect(p.changesSinceApproval.approvedRevision).toBeGreaterThan(firstApproval.approvedRevision)
    expect(Date.parse(p.changesSinceApproval.approvedAt)).toBeGreaterThanOrEqual(Date.parse(firstApproval.approvedAt))
  })

  it('a moved window is written in the cadence time zone, a cancellation is a status change; a rejection keeps the last approval as the reference', async () => {
    const approved = (await plan()).changesSinceApproval
    const [dev, test] = releaseInput().schedule
    const moved = releaseInput({
      name: 'Notifications',
      version: '1.0.0',
      type: 'PATCH',
      schedule: [dev, test, { tier: 'PROD', start: '2027-03-09T21:00:00Z', end: '2027-03-09T22:30:00Z' }],
    })
    ok(await ap('dohManager')(UPDATE_RELEASE, { id: b, rev: await releaseRevision(b), input: moved }))
    ok(await ap('dohManager')(CANCEL, { id: a, rev: await releaseRevision(a) }))
    // releases in plan order
    const expected = [
      ['CHANGED', a, 'Licensing portal', 'status', 'PLANNED', 'CANCELLED'],
      ['CHANGED', b, 'Notifications', 'schedule.PROD', '2027-03-09 10:00–12:00 PST', '2027-03-09 13:00–14:30 PST'],
    ]
    const rows = (p: any) => p.changesSinceApproval.changes.map((c: any) => [c.kind, c.releaseId, c.releaseName, c.field, c.before, c.after])
    expect(rows(await plan())).toEqual(expected)
    await submitAndDecide('REJECT')
    const p = await plan()
    expect(p.status).toBe('REJECTED')
    expect(p.changesSinceApproval.approvedRevision).toBe(approved.approvedRevision)
    expect(rows(p)).toEqual(expected)
  })

  it('reads the change sets of many plans with a constant number of SQL statements', async () => {
    let sql = 0
    const counter: KyselyPlugin = {
      transformQuery: (args) => {
        sql++
        return args.node
      },
      transformResult: async (args) => args.result,
    }
    const programStrategy = inProcessSubgraphClient((op) => stack.servers.programStrategy!.execute(op), 'program-strategy')
    const clients = { programStrategy, agencyPlans: programStrategy, environmentInventory: programStrategy }
    const counted: SubgraphServer<any> = await createServer({ db: plansDb(stack).withPlugin(counter), verifier: stack.auth.verifier, clients })
    try {
      const QUERY = `query($r: [_Any!]!) { _entities(representations: $r) { ... on Program { plans { id changesSinceApproval { changes { field } } } } } }`
      const run = async () => {
        sql = 0
        const d = ok(await counted.execute({ query: QUERY, variables: { r: [{ __typename: 'Program', id: seeded.programId }] }, token: stack.tokens.admin }))
        return { plans: d._entities[0].plans.filter((p: any) => p.changesSinceApproval).length as number, sql }
      }
      // more approved plans, each with a release depending on `b` of the first plan (after it in PROD)
      const [dev, test] = releaseInput().schedule
      const prod = { tier: 'PROD', start: '2027-03-09T23:00:00Z', end: '2027-03-09T23:30:00Z' }
      const addApprovedPlan = async (i: number) => {
        planId = (await createPlan(stack, seeded, 'dohManager', 'DOH', `DOH plan ${i}`)).id
        const input = releaseInput({ name: `R${i}`, version: `${i}.0.0`, schedule: [dev, test, prod], dependencies: [{ releaseId: b }] })
        ok(await ap('dohManager')(ADD_RELEASE, { planId, rev: 1, input }))
        await submitAndDecide('APPROVE')
      }
      await addApprovedPlan(0)
      const two = await run()
      expect(two.plans).toBe(2)
      for (const i of [1, 2, 3]) await addApprovedPlan(i)
      const five = await run()
      expect(five.plans).toBe(5)
      // no statement per plan or per release (N+1 would add 3+ per statement kind here)
      expect(five.sql).toBe(two.sql)
    } finally {
      await counted.stop()
    }
  })
})
