import type { Kysely } from 'kysely'
import { emitEvent } from '@railyard/graphql-kit'
import { evaluateGate, freezeOccurrences, nextTier } from '@railyard/release-rules'
import type { Database } from '../../database.ts'
import { findCheckpointsByReleaseIds } from '../checkpoint/checkpoint.repository.ts'
import type { PlanRow } from '../plan/plan.table.ts'
import { findReleasesByPlanIds } from '../release/release.repository.ts'
import { digestTick } from './notification.dispatcher.ts'

/** FREEZE_STARTING: this long before an occurrence starts. */
const FREEZE_LEAD_MS = 48 * 3600_000
/** GATE_AT_RISK: this long before a release's next window starts. */
const GATE_LEAD_MS = 72 * 3600_000

const DONE = new Set(['RELEASED', 'CANCELLED', 'ROLLED_BACK'])

/**
 * One scheduler tick: writes the time-driven events that are due into the outbox. Each carries a
 * dedupe key (UNIQUE in outbox_event), so an occurrence or window produces its event once however
 * often the tick runs, across restarts and concurrent replicas. Returns the events written.
 */
export async function schedulerTick(db: Kysely<Database>, now: Date = new Date()): Promise<number> {
  const plans = (await db.selectFrom('plan').selectAll().where('status', '!=', 'CLOSED').execute()) as PlanRow[]
  let written = 0
  // freezes: from the newest strategy any plan of the program pins
  const newest = new Map<string, PlanRow>()
  for (const p of plans) if ((newest.get(p.programId)?.strategyVersion ?? -1) < p.strategyVersion) newest.set(p.programId, p)
  const from = now.toISOString()
  const to = new Date(now.getTime() + FREEZE_LEAD_MS).toISOString()
  for (const [programId, plan] of newest) {
    for (const o of freezeOccurrences(plan.strategy.freezeWindows, from, to)) {
      if (Date.parse(o.start) < now.getTime()) continue // already running: announced before, or too late to announce
      written += Number(
        await emitEvent(db, {
          type: 'freeze.starting',
          subjectId: programId,
          dedupeKey: `FREEZE_STARTING:${programId}:${o.windowId}:${new Date(o.start).toISOString()}`,
          data: { programId, windowId: o.windowId, name: o.name, start: o.start, end: o.end, tiers: o.window.tiers, timeZone: plan.strategy.cadence.timeZone },
        }),
      )
    }
  }
  // gates: a release's next window (the first tier not yet promoted into) starts within 72 h, gate not passed
  const releases = (
    await findReleasesByPlanIds(
      db,
      plans.map((p) => p.id),
    )
  ).filter((r) => !DONE.has(r.status))
  const planById = new Map(plans.map((p) => [p.id, p]))
  const candidates = releases.flatMap((r) => {
    const plan = planById.get(r.planId)
    const tier = plan ? nextTier(plan.strategy.promotionPath, r.currentTier) : null
    const window = tier ? r.schedule.find((w) => w.tier === tier) : undefined
    const gate = tier ? plan?.strategy.qualityGates.find((g) => g.tier === tier) : undefined
    if (!plan || !tier || !window || !gate) return []
    const startsIn = Date.parse(window.start) - now.getTime()
    return startsIn > 0 && startsIn <= GATE_LEAD_MS ? [{ r, tier, window, gate }] : []
  })
  const checkpoints = await findCheckpointsByReleaseIds(
    db,
    candidates.map((c) => c.r.id),
  )
  for (const { r, tier, window, gate } of candidates) {
    const evaluation = evaluateGate(
      gate,
      checkpoints.filter((c) => c.releaseId === r.id),
    )
    if (evaluation.passed) continue
    written += Number(
      await emitEvent(db, {
        type: 'gate.atRisk',
        subjectId: r.id,
        dedupeKey: `GATE_AT_RISK:${r.id}:${tier}:${new Date(window.start).toISOString()}`,
        data: { releaseId: r.id, tier, windowStart: window.start, gateName: gate.name, unmet: evaluation.unmetCriteria },
      }),
    )
  }
  return written
}

export interface Scheduler {
  stop(): void
}

/**
 * Runs schedulerTick now and every `intervalMs` — and, with `digests` (e-mail configured), the
 * daily digests (digestTick; with `jobs`, each digest also gets its job); errors are logged, never fatal.
 */
export function startScheduler(
  db: Kysely<Database>,
  intervalMs: number,
  log?: (line: string) => void,
  o: { jobs?: boolean; digests?: boolean } = {},
): Scheduler {
  const fail = (what: string) => (err: unknown) => log?.(`${what}: ${err instanceof Error ? err.message : String(err)}`)
  const tick = async () => {
    await schedulerTick(db).catch(fail('scheduler'))
    if (o.digests) await digestTick(db, new Date(), { jobs: o.jobs }).catch(fail('digests'))
  }
  void tick()
  const timer = setInterval(() => void tick(), intervalMs)
  timer.unref?.()
  return { stop: () => clearInterval(timer) }
}
