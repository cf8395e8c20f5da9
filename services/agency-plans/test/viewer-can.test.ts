import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type PersonaName, type TestStack, ok, testDbKind } from '@railyard/test-kit'
import { ADD_RELEASE, CREATE_PLAN, DECIDE, SUBMIT, type Seeded, releaseInput, seedProgram, singleAdminApproval, startStack, strategyInput } from './fixtures.ts'

const CAN = `query($plan: ID!, $release: ID!) {
  agencyPlan(id: $plan) { status viewerCan { edit submit withdraw close } approvals { status viewerCan { decide } } }
  release(id: $release) { viewerCan { edit promote recordCheckpoint requestException } }
}`
const NONE = { edit: false, submit: false, withdraw: false, close: false }
const NO_RELEASE = { edit: false, promote: false, recordCheckpoint: false, requestException: false }

describe(`viewerCan of plans, releases and approval requests (issue 8) on ${testDbKind()}`, () => {
  let stack: TestStack
  let seeded: Seeded
  let plan: string
  let release: string
  let rev: number
  const can = async (who: PersonaName) => ok(await stack.as('agencyPlans', who)(CAN, { plan, release }))

  beforeAll(async () => {
    stack = await startStack()
    seeded = await seedProgram(stack, strategyInput({ planApproval: singleAdminApproval, qualityGates: [], readinessCriteria: [], freezeWindows: [] }))
    const mgr = stack.as('agencyPlans', 'dohManager')
    const p = ok(
      await mgr(CREATE_PLAN, {
        input: { programId: seeded.programId, agencyId: seeded.agencies.DOH, title: 'H1', periodStart: '2027-01-01', periodEnd: '2027-06-30' },
      }),
    ).createAgencyPlan
    const r = ok(await mgr(ADD_RELEASE, { planId: p.id, rev: p.revision, input: releaseInput() })).addRelease
    plan = p.id
    release = r.id
    rev = r.plan.revision
  })
  afterAll(async () => stack?.close())

  it('a DRAFT plan: its agency edits and submits it, managers execute its releases; the program office only reads', async () => {
    expect(await can('dohManager')).toMatchObject({
      agencyPlan: { viewerCan: { edit: true, submit: true, withdraw: false, close: false } },
      release: { viewerCan: { edit: true, promote: true, recordCheckpoint: true, requestException: true } },
    })
    expect(await can('dohMember')).toMatchObject({
      agencyPlan: { viewerCan: { edit: true, submit: true } },
      release: { viewerCan: { ...NO_RELEASE, edit: true } },
    })
    for (const who of ['dohViewer', 'admin', 'viewer'] as const) {
      expect(await can(who), who).toMatchObject({ agencyPlan: { viewerCan: NONE }, release: { viewerCan: NO_RELEASE } })
    }
  })

  it('a SUBMITTED plan: nobody edits it; the approval request is decided by the step’s role only', async () => {
    ok(await stack.as('agencyPlans', 'dohManager')(SUBMIT, { id: plan, rev }))
    const mgr = await can('dohManager')
    // only withdrawing the submission (issue 12) is open to its agency's managers and members
    expect(mgr.agencyPlan.viewerCan).toEqual({ ...NONE, withdraw: true })
    expect((await can('dohMember')).agencyPlan.viewerCan).toEqual({ ...NONE, withdraw: true })
    expect((await can('dohViewer')).agencyPlan.viewerCan).toEqual(NONE)
    expect((await can('admin')).agencyPlan.viewerCan).toEqual(NONE)
    expect(mgr.release.viewerCan).toEqual({ ...NO_RELEASE, promote: true, recordCheckpoint: true, requestException: true })
    expect(mgr.agencyPlan.approvals).toEqual([{ status: 'PENDING', viewerCan: { decide: false } }])
    expect((await can('admin')).agencyPlan.approvals).toEqual([{ status: 'PENDING', viewerCan: { decide: true } }])
    expect((await can('viewer')).agencyPlan.approvals).toEqual([{ status: 'PENDING', viewerCan: { decide: false } }])
  })

  it('an APPROVED plan: managers edit and close it, members no longer edit; another agency reads viewerCan as a roadmap field, all false', async () => {
    const pending = (await can('admin')).agencyPlan.approvals[0]
    expect(pending.viewerCan.decide).toBe(true)
    const [req] = ok(await stack.as('agencyPlans', 'admin')(`query($id: ID!) { agencyPlan(id: $id) { approvals { id } } }`, { id: plan })).agencyPlan.approvals
    ok(await stack.as('agencyPlans', 'admin')(DECIDE, { id: req.id, d: 'APPROVE' }))
    const mgr = await can('dohManager')
    expect(mgr.agencyPlan).toMatchObject({ status: 'APPROVED', viewerCan: { edit: true, submit: false, withdraw: false, close: true } })
    expect(mgr.agencyPlan.approvals).toEqual([{ status: 'APPROVED', viewerCan: { decide: false } }])
    expect((await can('dohMember')).agencyPlan.viewerCan).toEqual(NONE)
    const dol = ok(
      await stack.as('agencyPlans', 'dolManager')(
        `query($plan: ID!, $release: ID!) { agencyPlan(id: $plan) { viewerCan { edit submit withdraw close } } release(id: $release) { viewerCan { edit promote recordCheckpoint requestException } } }`,
        { plan, release },
      ),
    )
    expect(dol).toEqual({ agencyPlan: { viewerCan: NONE }, release: { viewerCan: NO_RELEASE } })
  })
})
