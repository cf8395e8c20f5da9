import fc from 'fast-check'
import { DateTime } from 'luxon'
import { describe, expect, it } from 'vitest'
import { roadmapConflicts } from '../src/roadmap.rules.ts'
import { applyMutations, applyScenario, planAlignment, previewScenario } from '../src/what-if.rules.ts'
import type { Scenario, ScenarioEdit, WhatIfInput, WhatIfPlan, WhatIfRelease } from '../src/what-if.rules.ts'
import type { ReleaseStatus, StageWindowSpec } from '../src/types.ts'
import { LA, strategy } from './fixtures.ts'

/*
 * Generated worlds: 1–3 plans of 1–4 releases each (America/Los_Angeles, the fixture strategy with
 * its weekend and year-end freezes and monthly cycles), windows anywhere in 2027 (in or out of
 * order, tiers sometimes missing), dependencies across plans, some cancelled or released
 * releases, some releases without a rollback or roles, environments and bookings. Local times
 * are kept between 04:00 and 23:00, away from the daylight-saving changes at 02:00 (where a
 * calendar-day shift cannot be undone exactly; see scenario.rules.ts).
 */

const TIERS = ['DEV', 'TEST', 'PROD'] as const
const ENVS = [null, 'env-1', 'env-2'] as const

function localInstant(day: number, hour: number): string {
  return DateTime.fromObject({ year: 2027, month: 1, day: 1, hour }, { zone: LA }).plus({ days: day }).toUTC().toISO() as string
}

const windowArb = fc.record({
  day: fc.integer({ min: 0, max: 330 }),
  hour: fc.integer({ min: 4, max: 18 }),
  lengthDays: fc.integer({ min: 0, max: 3 }),
  extraHours: fc.integer({ min: 1, max: 4 }),
  env: fc.constantFrom(...ENVS),
  present: fc.integer({ min: 0, max: 9 }),
})

const releaseArb = fc.record({
  windows: fc.tuple(windowArb, windowArb, windowArb),
  status: fc.constantFrom<ReleaseStatus>('PLANNED', 'PLANNED', 'IN_PROGRESS', 'CANCELLED', 'RELEASED'),
  deps: fc.array(fc.nat(20), { maxLength: 2 }),
  hasRollback: fc.boolean(),
  roles: fc.constantFrom(0, 1, 2, 2, 2),
  prodValidation: fc.boolean(),
  revision: fc.integer({ min: 1, max: 50 }),
})

const worldArb: fc.Arbitrary<WhatIfInput> = fc
  .record({
    plans: fc.array(
      fc.record({
        status: fc.constantFrom('DRAFT', 'SUBMITTED', 'APPROVED', 'REJECTED'),
        periodEnd: fc.constantFrom('2027-06-30', '2027-12-31', '2028-03-31'),
        releases: fc.array(releaseArb, { minLength: 1, maxLength: 4 }),
      }),
      { minLength: 1, maxLength: 3 },
    ),
    bookings: fc.array(fc.record({ release: fc.nat(20), env: fc.constantFrom('env-1', 'env-2'), window: windowArb }), { maxLength: 6 }),
  })
  .map(({ plans, bookings }) => {
    const planRows: WhatIfPlan[] = plans.map((p, i) => ({
      id: `plan-${i}`,
      agencyId: `AG${i}`,
      status: p.status,
      revision: i + 1,
      periodStart: '2027-01-01',
      periodEnd: p.periodEnd,
      strategy: strategy(),
    }))
    const releases: WhatIfRelease[] = plans
      .flatMap((p, i) => p.releases.map((r, j) => ({ plan: i, index: j, r })))
      .map(({ plan, index, r }, _k, all) => {
        const schedule: StageWindowSpec[] = r.windows.flatMap((w, t) =>
          w.present === 0
            ? []
            : [
                {
                  tier: TIERS[t] ?? 'DEV',
                  start: localInstant(w.day, w.hour),
                  end: localInstant(w.day + w.lengthDays, w.hour + w.extraHours),
                  environmentId: w.env,
                },
              ],
        )
        return {
          id: `r${plan}-${index}`,
          agencyId: `AG${plan}`,
          planId: `plan-${plan}`,
          name: `Release ${plan}-${index}`,
          version: '1.0.0',
          status: r.status,
          type: 'MINOR' as const,
          currentTier: null,
          schedule,
          dependsOn: [
            ...new Set(
              r.deps.flatMap((d) => {
                const dep = all[d % all.length]
                return dep && (dep.plan !== plan || dep.index !== index) ? [`r${dep.plan}-${dep.index}`] : []
              }),
            ),
          ],
          sharedComponentIds: [],
          revision: r.revision,
          content: {
            hasRollback: r.hasRollback,
            roles: [{ responsibility: 'RELEASE_MANAGER' }, { responsibility: 'DEPLOYER' }].slice(0, r.roles),
            validations: r.prodValidation ? [{ tier: 'PROD' }] : [{ tier: 'TEST' }],
          },
        }
      })
    return {
      programKey: 'WA-DSP',
      latestStrategyVersion: 2,
      plans: planRows,
      releases,
      bookings: bookings.map((b, i) => {
        const owner = releases[b.release % releases.length]
        return {
          id: `bk-${i}`,
          environmentId: b.env,
          releaseId: owner?.id ?? 'r0-0',
          start: localInstant(b.window.day, b.window.hour),
          end: localInstant(b.window.day + b.window.lengthDays, b.window.hour + b.window.extraHours),
        }
      }),
    }
  })

const shiftArb = fc.record({ days: fc.integer({ min: -60, max: 60 }), minutes: fc.integer({ min: -2000, max: 2000 }) }, { requiredKeys: [] })

/** A scenario for a world; ids sometimes point nowhere. */
function scenarioArb(world: WhatIfInput): fc.Arbitrary<Scenario> {
  const releaseId = fc.oneof({ weight: 9, arbitrary: fc.constantFrom(...world.releases.map((r) => r.id)) }, { weight: 1, arbitrary: fc.constant('nowhere') })
  const planId = fc.oneof({ weight: 9, arbitrary: fc.constantFrom(...world.plans.map((p) => p.id)) }, { weight: 1, arbitrary: fc.constant('nowhere') })
  const edit: fc.Arbitrary<ScenarioEdit> = fc.oneof(
    fc.record({ kind: fc.constant('MOVE_RELEASE' as const), releaseId, shift: shiftArb }),
    fc.record({
      kind: fc.constant('MOVE_RELEASE' as const),
      releaseId,
      shift: shiftArb,
      tiers: fc.uniqueArray(fc.constantFrom(...TIERS), { minLength: 1, maxLength: 2 }),
    }),
    fc.record({ kind: fc.constant('SHIFT_PLAN' as const), planId, shift: shiftArb }),
    fc.record({
      kind: fc.constant('SET_WINDOWS' as const),
      releaseId,
      windows: fc
        .tuple(fc.constantFrom(...TIERS), windowArb)
        .map(([tier, w]) => [{ tier, start: localInstant(w.day, w.hour), end: localInstant(w.day + w.lengthDays, w.hour + w.extraHours) }]),
    }),
  )
  return fc.record({ edits: fc.array(edit, { minLength: 1, maxLength: 4 }) })
}

const worldAndScenario = worldArb.chain((world) => scenarioArb(world).map((scenario) => ({ world, scenario })))

const dependencyOrder = (input: WhatIfInput) => roadmapConflicts(input.releases).filter((c) => c.kind === 'DEPENDENCY_ORDER')

describe('previewScenario (properties)', () => {
  it('applying the mutations and re-checking every plan gives exactly the issues the preview showed; plans it did not list are unchanged', () => {
    fc.assert(
      fc.property(worldAndScenario, ({ world, scenario }) => {
        const preview = previewScenario(world, scenario)
        const saved = applyMutations(world, preview.mutations)
        for (const change of preview.alignment) {
          expect(planAlignment(saved, change.planId)).toEqual(change.after)
          expect(planAlignment(world, change.planId)).toEqual(change.before)
        }
        for (const plan of world.plans) {
          if (preview.alignment.some((a) => a.planId === plan.id) || preview.uncheckedPlanIds.includes(plan.id)) continue
          expect(planAlignment(saved, plan.id)).toEqual(planAlignment(world, plan.id))
        }
        // dependency order: conflicts with a changed release at one end are the preview's; the others stay as they were
        const changed = new Set(preview.changes.map((c) => c.releaseId))
        const touches = (c: { releaseIds: string[] }) => c.releaseIds.some((id) => changed.has(id))
        expect(dependencyOrder(saved).filter(touches)).toEqual(preview.dependencyOrder.after)
        expect(dependencyOrder(world).filter(touches)).toEqual(preview.dependencyOrder.before)
        expect(dependencyOrder(saved).filter((c) => !touches(c))).toEqual(dependencyOrder(world).filter((c) => !touches(c)))
        // every change is a mutation, of a release that is not released or cancelled, and approved plans are named
        expect(preview.mutations.map((m) => m.releaseId)).toEqual(preview.changes.map((c) => c.releaseId))
        for (const m of preview.mutations) {
          const r = world.releases.find((x) => x.id === m.releaseId)
          expect(r?.status === 'RELEASED' || r?.status === 'CANCELLED').toBe(false)
          expect(m.expectedRevision).toBe(r?.revision)
        }
        const approved = world.plans.filter((p) => p.status === 'APPROVED' && preview.mutations.some((m) => m.planId === p.id)).map((p) => p.id)
        expect(preview.plansReturningToDraft).toEqual(approved)
        // added and resolved are exactly the difference of before and after: before − resolved + added = after (as multisets)
        const key = (i: { code: string; severity: string; releaseId: string | null; message: string }) =>
          `${i.code}|${i.severity}|${i.releaseId ?? ''}|${i.message}`
        for (const x of preview.alignment) {
          const rest = x.before.issues.map(key)
          for (const r of x.resolved.map(key)) rest.splice(rest.indexOf(r), 1)
          expect([...rest, ...x.added.map(key)].sort()).toEqual(x.after.issues.map(key).sort())
        }
      }),
      { numRuns: 100 },
    )
  }, 120_000)

  it('a scenario whose shifts are all zero changes nothing', () => {
    fc.assert(
      fc.property(
        worldArb.chain((world) => scenarioArb(world).map((s) => ({ world, scenario: s }))),
        ({ world, scenario }) => {
          const zero: Scenario = {
            edits: scenario.edits.flatMap((e): ScenarioEdit[] => (e.kind === 'SET_WINDOWS' ? [] : [{ ...e, shift: { days: 0, minutes: 0 } }])),
          }
          const preview = previewScenario(world, zero)
          expect(preview.mutations).toEqual([])
          expect(preview.changes).toEqual([])
          expect(preview.alignment).toEqual([])
          expect(preview.dependencyOrder.added).toEqual([])
          expect(preview.dependencyOrder.resolved).toEqual([])
          expect(applyScenario(world, zero).releases).toEqual(world.releases)
        },
      ),
      { numRuns: 100 },
    )
  }, 120_000)

  it('shifting by +N and then by −N is the identity (in one scenario, and in two saved steps)', () => {
    fc.assert(
      fc.property(
        worldArb.chain((world) =>
          fc.record({
            world: fc.constant(world),
            target: fc.oneof(
              fc.constantFrom(...world.plans.map((p) => ({ kind: 'SHIFT_PLAN' as const, planId: p.id }))),
              fc.constantFrom(...world.releases.map((r) => ({ kind: 'MOVE_RELEASE' as const, releaseId: r.id }))),
            ),
            shift: fc.oneof(fc.record({ days: fc.integer({ min: -120, max: 120 }) }), fc.record({ minutes: fc.integer({ min: -100_000, max: 100_000 }) })),
          }),
        ),
        ({ world, target, shift }) => {
          const forward: ScenarioEdit = { ...target, shift }
          const back: ScenarioEdit = { ...target, shift: 'days' in shift ? { days: -shift.days } : { minutes: -shift.minutes } }
          expect(previewScenario(world, { edits: [forward, back] }).mutations).toEqual([])
          const step1 = previewScenario(world, { edits: [forward] })
          const saved = applyMutations(world, step1.mutations)
          const step2 = previewScenario(saved, { edits: [back] })
          const restored = applyMutations(saved, step2.mutations)
          expect(restored.releases.map((r) => r.schedule.map((w) => [w.tier, Date.parse(w.start), Date.parse(w.end)]))).toEqual(
            world.releases.map((r) => r.schedule.map((w) => [w.tier, Date.parse(w.start), Date.parse(w.end)])),
          )
          // what the first step broke, the second resolves
          for (const change of step1.alignment) {
            const undo = step2.alignment.find((x) => x.planId === change.planId)
            expect(undo?.after).toEqual(change.before)
          }
        },
      ),
      { numRuns: 100 },
    )
  }, 120_000)
})
