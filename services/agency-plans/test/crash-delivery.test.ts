import { spawn } from 'node:child_process'
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { fileURLToPath } from 'node:url'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { generateDevKeys } from '@railyard/auth'
import { type TestStack, ok, testDbKind } from '@railyard/test-kit'
import { drain } from '../src/modules/notification/notification.dispatcher.ts'
import { ADD_RELEASE, createPlan, plansDb, releaseInput, seedProgram, startStack, strategyInput } from './fixtures.ts'
import { must, plansDbUrl, testNotificationConfig } from './notification-helpers.ts'

const CHILD = fileURLToPath(new URL('./child/commit-then-die.ts', import.meta.url))
const TSX = fileURLToPath(new URL('../node_modules/.bin/tsx', import.meta.url))

/**
 * At least once across a crash (PostgreSQL): a process commits a change and is killed (SIGKILL)
 * before any dispatcher ran; after the "restart" the notification exists once and the webhook
 * arrives exactly once (deduplicated by webhook-id, counted raw).
 */
describe.skipIf(testDbKind() !== 'postgres')(`delivery across a crash on ${testDbKind()}`, () => {
  let stack: TestStack
  beforeAll(async () => {
    stack = await startStack()
  })
  afterAll(async () => stack?.close())

  it('an event committed right before SIGKILL is delivered once after restart', async () => {
    const seeded = await seedProgram(stack, strategyInput())
    const planId = (await createPlan(stack, seeded, 'dohManager', 'DOH')).id
    const releaseId = ok(await stack.as('agencyPlans', 'dohManager')(ADD_RELEASE, { planId, rev: 1, input: releaseInput() })).addRelease.id
    const received: string[] = []
    const receiver = createServer((req, res) => {
      received.push(String(req.headers['webhook-id']))
      req.resume()
      req.on('end', () => res.end())
    })
    await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve))
    try {
      const db = plansDb(stack)
      await db
        .insertInto('webhookSubscription')
        .values({
          url: `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/`,
          kinds: ['EXCEPTION_REQUESTED'],
          agencyId: null,
          agencyCode: null,
          secret: 'whsec_c2VjcmV0',
          createdBy: 'ada.admin',
        })
        .execute()
      const keys = await generateDevKeys()
      const child = spawn(TSX, [CHILD, plansDbUrl(stack), releaseId, JSON.stringify(keys)], { stdio: ['ignore', 'pipe', 'inherit'] })
      let out = ''
      child.stdout.on('data', (c: Buffer) => (out += c.toString()))
      // tsx relays the child's death as exit code 128 + 9
      const exit = await new Promise<string>((resolve) => child.on('exit', (code, sig) => resolve(sig ?? String(code))))
      expect(['SIGKILL', '137']).toContain(exit)
      const result = JSON.parse(out.trim()) as { data?: { requestDeploymentException: { id: string } } }
      const exceptionId = must(result.data).requestDeploymentException.id
      // committed: the change and its event are there, nothing was delivered
      expect(await db.selectFrom('deploymentException').select('id').where('id', '=', exceptionId).execute()).toHaveLength(1)
      const events = await db.selectFrom('outboxEvent').selectAll().where('subjectId', '=', exceptionId).execute()
      expect(events).toHaveLength(1)
      expect(events[0]?.processedAt).toBeNull()
      expect(received).toEqual([])
      // restart: a fresh dispatcher on the same database, run twice over
      await drain({ db, config: testNotificationConfig() })
      await drain({ db, config: testNotificationConfig() })
      const notifications = await db.selectFrom('notification').select('id').where('eventId', '=', must(events[0]).id).execute()
      expect(notifications).toHaveLength(1)
      expect(received).toEqual([notifications[0]?.id])
    } finally {
      await new Promise<void>((resolve) => receiver.close(() => resolve()))
    }
  })
})
