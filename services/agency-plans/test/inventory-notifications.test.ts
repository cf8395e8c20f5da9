import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { inProcessSubgraphClient } from '@railyard/graphql-kit'
import { type PersonaName, type ServiceModule, type TestStack, errorWith, ok, testDbKind } from '@railyard/test-kit'
import { drain } from '../src/modules/notification/notification.dispatcher.ts'
import {
  type InventoryRelay,
  RELAY_PRINCIPAL,
  pullInventoryEvents,
  relayInventoryAll,
  storeRelayedEvents,
} from '../src/modules/notification/notification.relay.ts'
import { must, testNotificationConfig } from './notification-helpers.ts'
import {
  ADD_RELEASE,
  DECIDE,
  SUBMIT,
  type Seeded,
  createPlan,
  plansDb,
  releaseInput,
  seedProgram,
  singleAdminApproval,
  startStack,
  strategyInput,
} from './fixtures.ts'

const REGISTER = `mutation($input: RegisterEnvironmentInput!) { registerEnvironment(input: $input) { id } }`
const REPORT = `mutation($e: ID!, $items: [ConfigItemInput!]!) { reportEnvironmentState(environmentId: $e, items: $items) { inSync } }`
const APPROVE = `mutation($e: ID!) { approveBaseline(environmentId: $e) { version } }`
const BOOK = `mutation($input: BookEnvironmentInput!) { bookEnvironment(input: $input) { id } }`
const PULL = `query { inventoryOutboxEvents(first: 10) }`
const NOTIFICATIONS = `query { notifications(first: 200) { items { id kind title body link release { id } } } }`

type Item = { id: string; kind: string; title: string; body: string; link: string; release: { id: string } | null }

describe(`DRIFT_DETECTED and BOOKING_CONFLICT, relayed from environment-inventory, on ${testDbKind()}`, () => {
  let stack: TestStack
  let seeded: Seeded
  let relay: InventoryRelay
  const env: Record<'doh' | 'shared', string> = { doh: '', shared: '' }
  let dohRelease: string
  let dolRelease: string
  let dolPlan: string
  const inv = (who: PersonaName) => stack.as('environmentInventory', who)
  const ap = (who: PersonaName) => stack.as('agencyPlans', who)
  const deps = () => ({ db: plansDb(stack), config: testNotificationConfig(), inventory: relay })
  const inbox = async (who: PersonaName, kind: string) => (ok(await ap(who)(NOTIFICATIONS)).notifications.items as Item[]).filter((n) => n.kind === kind)
  const inventoryOutbox = () =>
    must(stack.dbs.environmentInventory, 'environment-inventory database').db.selectFrom('outboxEvent').selectAll().orderBy('at').execute() as Promise<
      { id: string; type: string; processedAt: string | null }[]
    >
  const notificationRows = (kind: string) =>
    plansDb(stack)
      .selectFrom('notification')
      .selectAll()
      .where('kind', '=', kind as never)
      .execute()
  const rev = async (id: string) => (await plansDb(stack).selectFrom('plan').select('revision').where('id', '=', id).executeTakeFirstOrThrow()).revision

  /** The TEST window of releaseInput() on an environment (2027-02-22 17:00 – 02-26 01:00 UTC). */
  const onTest = (environmentId: string) => releaseInput().schedule.map((w: { tier: string }) => (w.tier === 'TEST' ? { ...w, environmentId } : w))

  beforeAll(async () => {
    stack = await startStack({ environmentInventory: (await import('@railyard/environment-inventory/server')) as unknown as ServiceModule })
    seeded = await seedProgram(stack, strategyInput({ planApproval: singleAdminApproval }))
    const server = must(stack.servers.environmentInventory)
    relay = { client: inProcessSubgraphClient((op) => server.execute(op), 'environment-inventory'), token: () => stack.auth.token(RELAY_PRINCIPAL) }
    env.doh = ok(
      await inv('dohManager')(REGISTER, {
        input: { key: 'doh-test', name: 'DOH test', tier: 'TEST', programId: seeded.programId, agencyId: seeded.agencies.DOH },
      }),
    ).registerEnvironment.id
    env.shared = ok(
      await inv('admin')(REGISTER, { input: { key: 'shared-test', name: 'Shared test', tier: 'TEST', programId: seeded.programId, agencyId: null } }),
    ).registerEnvironment.id
    // DOH (draft plan) and DOL (draft plan) both have their TEST window on the shared environment
    const dohPlan = (await createPlan(stack, seeded, 'dohManager', 'DOH')).id
    dohRelease = ok(await ap('dohManager')(ADD_RELEASE, { planId: dohPlan, rev: 1, input: releaseInput({ schedule: onTest(env.shared) }) })).addRelease.id
    dolPlan = (await createPlan(stack, seeded, 'dolManager', 'DOL')).id
    dolRelease = ok(
      await ap('dolManager')(ADD_RELEASE, {
        planId: dolPlan,
        rev: 1,
        input: releaseInput({ name: 'Secret permits', version: '9.9.0', schedule: onTest(env.shared) }),
      }),
    ).addRelease.id
  })
  afterAll(async () => stack?.close())

  it('hands the outbox only to the relay’s internal token', async () => {
    for (const who of ['dohManager', 'admin', 'integration', 'dohIntegration'] as const) errorWith(await inv(who)(PULL), 'FORBIDDEN')
    errorWith(await inv('admin')(`mutation { acknowledgeInventoryOutboxEvents(ids: []) }`), 'FORBIDDEN')
    const relayed = await must(stack.servers.environmentInventory).execute({ query: PULL, token: await stack.auth.token(RELAY_PRINCIPAL) })
    expect(ok(relayed).inventoryOutboxEvents).toEqual([])
  })

  it('DRIFT_DETECTED: to the owning agency, on the transition into drift and on a changed drift only', async () => {
    ok(await inv('dohManager')(REPORT, { e: env.doh, items: [{ key: 'postgres', value: '15.4' }] }))
    // no approved baseline yet: nothing to drift from
    expect(await inventoryOutbox()).toEqual([])
    ok(await inv('dohManager')(APPROVE, { e: env.doh }))
    ok(await inv('dohManager')(REPORT, { e: env.doh, items: [{ key: 'postgres', value: '15.4' }] })) // in sync
    expect(await inventoryOutbox()).toEqual([])
    ok(await inv('dohManager')(REPORT, { e: env.doh, items: [{ key: 'postgres', value: '16.1' }] }))
    await drain(deps())
    for (const who of ['dohManager', 'dohMember', 'dohViewer'] as const) {
      const drift = await inbox(who, 'DRIFT_DETECTED')
      expect(drift).toHaveLength(1)
      expect(drift[0]?.title).toBe('Environment doh-test drifted from its baseline')
      expect(drift[0]?.body).toContain('postgres 15.4 → 16.1')
      expect(drift[0]?.body).toContain('baseline v1')
      expect(drift[0]?.link).toBe('/environments')
    }
    for (const who of ['dolManager', 'dolMember', 'admin', 'viewer'] as const) expect(await inbox(who, 'DRIFT_DETECTED')).toEqual([])
    // the same drift again: nothing new; a changed drift: one more; back in sync and drifting again: one more
    ok(await inv('dohManager')(REPORT, { e: env.doh, items: [{ key: 'postgres', value: '16.1' }] }))
    await drain(deps())
    expect(await inbox('dohManager', 'DRIFT_DETECTED')).toHaveLength(1)
    ok(
      await inv('dohManager')(REPORT, {
        e: env.doh,
        items: [
          { key: 'postgres', value: '16.1' },
          { key: 'redis', value: '7.2' },
        ],
      }),
    )
    await drain(deps())
    const changed = await inbox('dohManager', 'DRIFT_DETECTED')
    expect(changed).toHaveLength(2)
    expect(changed[0]?.body).toContain('redis not in the baseline (7.2)')
    ok(await inv('dohManager')(REPORT, { e: env.doh, items: [{ key: 'postgres', value: '15.4' }] }))
    ok(await inv('dohManager')(REPORT, { e: env.doh, items: [] }))
    await drain(deps())
    const missing = await inbox('dohManager', 'DRIFT_DETECTED')
    expect(missing).toHaveLength(3)
    expect(missing[0]?.body).toContain('postgres missing (baseline 15.4)')
    // every relayed event was acknowledged at the source
    expect((await inventoryOutbox()).every((e) => e.processedAt !== null)).toBe(true)
  })

  it('DRIFT_DETECTED on a shared environment: to the agencies with windows on it, each told of its own windows', async () => {
    ok(await inv('admin')(REPORT, { e: env.shared, items: [{ key: 'java', value: '21' }] }))
    ok(await inv('admin')(APPROVE, { e: env.shared }))
    ok(await inv('admin')(REPORT, { e: env.shared, items: [{ key: 'java', value: '17' }] }))
    await drain(deps())
    const doh = (await inbox('dohManager', 'DRIFT_DETECTED')).filter((n) => n.title.includes('shared-test'))
    const dol = (await inbox('dolMember', 'DRIFT_DETECTED')).filter((n) => n.title.includes('shared-test'))
    expect(doh).toHaveLength(1)
    expect(dol).toHaveLength(1)
    expect(doh[0]?.body).toContain('java 21 → 17')
    expect(doh[0]?.body).toContain('Licensing portal 2.4.0 TEST')
    // DOL's draft is DOL's business only
    expect(doh[0]?.body).not.toContain('Secret permits')
    expect(dol[0]?.body).toContain('Secret permits 9.9.0 TEST')
    expect(dol[0]?.body).not.toContain('Licensing portal')
    expect(await inbox('admin', 'DRIFT_DETECTED')).toEqual([])
  })

  it('BOOKING_CONFLICT: to the agency whose window a booking of another release overlaps; a draft is “another release”', async () => {
    ok(
      await inv('dolManager')(BOOK, {
        input: { environmentId: env.shared, releaseId: dolRelease, start: '2027-02-23T00:00:00Z', end: '2027-02-24T00:00:00Z', purpose: 'Secret load test' },
      }),
    )
    await drain(deps())
    for (const who of ['dohManager', 'dohMember', 'dohViewer'] as const) {
      const conflicts = await inbox(who, 'BOOKING_CONFLICT')
      expect(conflicts).toHaveLength(1)
      const [c] = conflicts as [Item]
      expect(c.title).toBe('shared-test was booked for another release during your Licensing portal 2.4.0 window')
      expect(c.body).toContain('another release')
      expect(c.body).toContain('TEST')
      expect(c.link).toBe(`/releases/${dohRelease}`)
      expect(c.release?.id).toBe(dohRelease)
      for (const secret of ['Secret', 'permits', 'DOL', dolRelease, 'load test']) {
        expect(c.title).not.toContain(secret)
        expect(c.body).not.toContain(secret)
      }
    }
    // nothing about another agency's booked release in the stored row either (webhooks carry its data)
    const [row] = await notificationRows('BOOKING_CONFLICT')
    expect(JSON.stringify(must(row).data)).not.toContain(dolRelease)
    // the booking's own agency has no other window there; the program office is not the audience
    for (const who of ['dolManager', 'dolMember', 'admin', 'viewer'] as const) expect(await inbox(who, 'BOOKING_CONFLICT')).toEqual([])
  })

  it('BOOKING_CONFLICT names the booked release once its plan is approved; a booking overlapping nobody tells nobody', async () => {
    const submitted = ok(await ap('dolManager')(SUBMIT, { id: dolPlan, rev: await rev(dolPlan) })).submitAgencyPlan
    ok(await ap('admin')(DECIDE, { id: submitted.approvals[0].id, d: 'APPROVE' }))
    ok(
      await inv('dolManager')(BOOK, {
        input: { environmentId: env.shared, releaseId: dolRelease, start: '2027-02-24T12:00:00Z', end: '2027-02-25T00:00:00Z' },
      }),
    )
    // DOH books its own environment: no window of another release there
    ok(await inv('dohManager')(BOOK, { input: { environmentId: env.doh, releaseId: dohRelease, start: '2027-02-23T00:00:00Z', end: '2027-02-24T00:00:00Z' } }))
    await drain(deps())
    const conflicts = await inbox('dohManager', 'BOOKING_CONFLICT')
    expect(conflicts).toHaveLength(2)
    expect(conflicts[0]?.title).toBe('shared-test was booked for DOL Secret permits 9.9.0 during your Licensing portal 2.4.0 window')
    expect(await inbox('dolManager', 'BOOKING_CONFLICT')).toEqual([])
    // a refused booking (overlapping a booking) writes no event at the source
    const before = (await inventoryOutbox()).length
    errorWith(
      await inv('dolManager')(BOOK, {
        input: { environmentId: env.shared, releaseId: dolRelease, start: '2027-02-23T06:00:00Z', end: '2027-02-23T08:00:00Z' },
      }),
      'CONFLICT',
    )
    expect(await inventoryOutbox()).toHaveLength(before)
  })

  it('relays each event exactly once: twice in a row, and after a crash between storing and acknowledging', async () => {
    const countConflicts = async () => (await notificationRows('BOOKING_CONFLICT')).length
    const before = await countConflicts()
    ok(await inv('admin')(BOOK, { input: { environmentId: env.shared, releaseId: dolRelease, start: '2027-02-25T06:00:00Z', end: '2027-02-25T08:00:00Z' } }))
    // a relay "killed" after storing, before acknowledging: the event is still unrelayed at the source
    const token = await relay.token()
    const pulled = await pullInventoryEvents(relay, token, 10)
    expect(pulled.map((e) => e.type)).toEqual(['booking.created'])
    expect(await storeRelayedEvents(plansDb(stack), pulled)).toBe(1)
    expect((await inventoryOutbox()).filter((e) => e.processedAt === null)).toHaveLength(1)
    // the next relay gets it again and stores nothing new; then nothing is left to relay
    expect(await relayInventoryAll(plansDb(stack), relay)).toBe(0)
    expect(await relayInventoryAll(plansDb(stack), relay)).toBe(0)
    expect((await inventoryOutbox()).filter((e) => e.processedAt === null)).toEqual([])
    // a relay "killed" right after pulling (nothing stored): the next one stores it
    ok(await inv('admin')(BOOK, { input: { environmentId: env.shared, releaseId: dolRelease, start: '2027-02-25T09:00:00Z', end: '2027-02-25T10:00:00Z' } }))
    expect(await pullInventoryEvents(relay, token, 10)).toHaveLength(1)
    expect(await relayInventoryAll(plansDb(stack), relay)).toBe(1)
    await drain(deps())
    await drain(deps())
    expect(await countConflicts()).toBe(before + 2) // one DOH notification per booking
    const relayed = await plansDb(stack).selectFrom('outboxEvent').select('dedupeKey').where('type', '=', 'inventory.booking.created').execute()
    expect(new Set(relayed.map((r) => r.dedupeKey)).size).toBe(relayed.length)
  })
})
