import { FieldErrors } from '@railyard/graphql-kit'
import { compareInstants, isHttpUrl, isValidSemver, isValidSemverRange, normalizeInstant } from '@railyard/release-rules'
import type { ReleaseInput } from '../../__generated__/resolvers-types.ts'
import { visibleRelease } from '../../access.ts'
import type { Context } from '../../context.ts'
import { fetchEnvironments } from '../../upstream/environment-inventory.ts'
import { fetchSharedComponents } from '../../upstream/program-strategy.ts'
import type { PlanRow } from '../plan/plan.table.ts'
import { cycleOf } from './release.cycles.ts'
import { type DependencyContent, type ReleaseContent, findLiveReleaseWithVersion } from './release.repository.ts'
import type { ReleaseRow, StoredRollback } from './release.table.ts'

export interface ValidRelease {
  content: ReleaseContent
  dependencies: DependencyContent[]
}

const text = (s: string | null | undefined) => (s == null ? null : s.trim() === '' ? null : s.trim())
const json = (v: unknown) => JSON.stringify(v)

/**
 * Checks a whole ReleaseInput against the plan's pinned strategy and collects every problem with
 * its input path (BAD_USER_INPUT); returns the rows to write. Asks environment-inventory about
 * schedule environments and program-strategy about shared components (caller's token).
 */
export async function validateReleaseInput(ctx: Context, plan: PlanRow, input: ReleaseInput, existing: ReleaseRow | null): Promise<ValidRelease> {
  const { actor, clients, db, loaders } = ctx
  const strategy = plan.strategy
  const path = strategy.promotionPath
  const pathText = path.join(' → ')
  const errors = new FieldErrors()
  const at = (...p: (string | number)[]) => ['input', ...p]

  errors.required(input.name, at('name'), 'name')
  if (errors.check(isValidSemver(input.version), at('version'), `${input.version} is not a valid semantic version (e.g. 2.4.0)`)) {
    const dup = await findLiveReleaseWithVersion(db, plan.id, input.version, existing?.id ?? null)
    errors.check(dup === null, at('version'), `the plan already has a release with version ${input.version}`)
  }
  if (input.cycleId != null) {
    errors.check(
      cycleOf(plan, input.cycleId) !== null,
      at('cycleId'),
      `${input.cycleId} is not a cycle of the strategy's cadence (${strategy.cadence.rule}, ${strategy.cadence.timeZone})`,
    )
  }

  input.scope.forEach((s, i) => {
    errors.required(s.key, at('scope', i, 'key'), 'key')
    errors.required(s.title, at('scope', i, 'title'), 'title')
  })
  input.artifacts.forEach((a, i) => {
    errors.required(a.name, at('artifacts', i, 'name'), 'name')
    errors.check(isValidSemver(a.version), at('artifacts', i, 'version'), `${a.version} is not a valid semantic version (e.g. 2.4.0)`)
    errors.required(a.digest, at('artifacts', i, 'digest'), 'digest')
    const uri = a.uri?.trim()
    if (uri) errors.check(isHttpUrl(uri), at('artifacts', i, 'uri'), 'uri must be an http: or https: URL')
  })

  const tiers = new Set<string>()
  input.schedule.forEach((w, i) => {
    if (!path.includes(w.tier)) errors.add(at('schedule', i, 'tier'), `unknown tier ${w.tier}: not on the promotion path ${pathText}`)
    else if (tiers.has(w.tier)) errors.add(at('schedule', i, 'tier'), `duplicate tier ${w.tier}: one window per tier`)
    tiers.add(w.tier)
    errors.check(compareInstants(w.end, w.start) > 0, at('schedule', i, 'end'), 'end must be after start')
  })
  const envIds = input.schedule.flatMap((w) => (w.environmentId ? [w.environmentId] : []))
  if (envIds.length) {
    const envs = await fetchEnvironments(clients.environmentInventory, actor.token, envIds)
    input.schedule.forEach((w, i) => {
      if (!w.environmentId) return
      const env = envs.get(w.environmentId)
      if (!env) errors.add(at('schedule', i, 'environmentId'), `unknown environment ${w.environmentId}`)
      else errors.check(env.tier === w.tier, at('schedule', i, 'environmentId'), `environment ${w.environmentId} is a ${env.tier} environment, not ${w.tier}`)
    })
  }

  input.steps.forEach((s, i) => {
    errors.required(s.title, at('steps', i, 'title'), 'title')
    errors.required(s.owner, at('steps', i, 'owner'), 'owner')
    errors.check(s.durationMinutes > 0, at('steps', i, 'durationMinutes'), 'durationMinutes must be more than 0')
    if (s.tier != null) errors.check(path.includes(s.tier), at('steps', i, 'tier'), `unknown tier ${s.tier}: not on the promotion path ${pathText}`)
  })
  input.validations.forEach((v, i) => {
    errors.check(path.includes(v.tier), at('validations', i, 'tier'), `unknown tier ${v.tier}: not on the promotion path ${pathText}`)
    errors.required(v.description, at('validations', i, 'description'), 'description')
    errors.required(v.owner, at('validations', i, 'owner'), 'owner')
  })
  input.roles.forEach((r, i) => errors.required(r.person, at('roles', i, 'person'), 'person'))
  const keys = new Set<string>()
  input.requirements.forEach((r, i) => {
    if (errors.required(r.key, at('requirements', i, 'key'), 'key')) {
      errors.check(!keys.has(r.key.trim()), at('requirements', i, 'key'), `duplicate requirement ${r.key}`)
      keys.add(r.key.trim())
    }
    errors.required(r.expected, at('requirements', i, 'expected'), 'expected')
  })

  // dependencies: on a release the caller may read (any agency), or a shared component of the program
  const componentList = input.dependencies.some((d) => d.sharedComponentId)
    ? await fetchSharedComponents(clients.programStrategy, actor.token, plan.programId)
    : []
  const components = new Map(componentList.map((c) => [c.id, c]))
  const seen = new Set<string>()
  const dependencies: DependencyContent[] = []
  for (const [i, d] of input.dependencies.entries()) {
    if (!!d.releaseId === !!d.sharedComponentId) {
      errors.add(at('dependencies', i, d.releaseId ? 'sharedComponentId' : 'releaseId'), 'give exactly one of releaseId or sharedComponentId')
      continue
    }
    if (d.releaseId) {
      const dep = await visibleRelease(ctx, await loaders.releaseById.load(d.releaseId))
      if (!dep) errors.add(at('dependencies', i, 'releaseId'), `unknown release ${d.releaseId}`)
      else if (dep.id === existing?.id) errors.add(at('dependencies', i, 'releaseId'), 'a release cannot depend on itself')
      else if (dep.status === 'CANCELLED') errors.add(at('dependencies', i, 'releaseId'), `release ${dep.name} ${dep.version} is cancelled`)
      else if (seen.has(dep.id)) errors.add(at('dependencies', i, 'releaseId'), `duplicate dependency on release ${dep.id}`)
      if (d.versionRange != null) errors.add(at('dependencies', i, 'versionRange'), 'versionRange applies to shared components only')
      if (dep) {
        seen.add(dep.id)
        dependencies.push({ dependsOnReleaseId: dep.id, sharedComponentId: null, sharedComponentOwnerId: null, versionRange: null, note: text(d.note) })
      }
    } else if (d.sharedComponentId) {
      const c = components.get(d.sharedComponentId)
      if (!c) errors.add(at('dependencies', i, 'sharedComponentId'), `unknown shared component ${d.sharedComponentId} of this program`)
      else if (seen.has(c.id)) errors.add(at('dependencies', i, 'sharedComponentId'), `duplicate dependency on shared component ${c.id}`)
      if (d.versionRange != null) {
        errors.check(isValidSemverRange(d.versionRange), at('dependencies', i, 'versionRange'), `${d.versionRange} is not a valid semver range (e.g. ^3.2.0)`)
      }
      if (c) {
        seen.add(c.id)
        dependencies.push({
          dependsOnReleaseId: null,
          sharedComponentId: c.id,
          sharedComponentOwnerId: c.owner?.id ?? null,
          versionRange: text(d.versionRange),
          note: text(d.note),
        })
      }
    }
  }

  if (input.rollback) {
    errors.check(input.rollback.maxMinutes > 0, at('rollback', 'maxMinutes'), 'maxMinutes must be more than 0')
  }
  if (input.escalation) {
    let previous = -Infinity
    input.escalation.forEach((e, i) => {
      errors.check(e.level > previous, at('escalation', i, 'level'), 'levels must be unique and ascending')
      previous = e.level
      errors.required(e.title, at('escalation', i, 'title'), 'title')
      errors.required(e.contact, at('escalation', i, 'contact'), 'contact')
      errors.check(e.responseMinutes > 0, at('escalation', i, 'responseMinutes'), 'responseMinutes must be more than 0')
    })
  }
  errors.throwIfAny()

  // a rehearsal stays valid while the rollback plan is unchanged
  let rollback: StoredRollback | null = null
  if (input.rollback) {
    const r = { strategy: input.rollback.strategy, triggers: input.rollback.triggers, steps: input.rollback.steps, maxMinutes: input.rollback.maxMinutes }
    const old = existing?.rollback
    const same =
      old && JSON.stringify([old.strategy, old.triggers, old.steps, old.maxMinutes]) === JSON.stringify([r.strategy, r.triggers, r.steps, r.maxMinutes])
    rollback = { ...r, rehearsedAt: same ? old.rehearsedAt : null, rehearsalNote: same ? old.rehearsalNote : null }
  }

  return {
    content: {
      name: input.name.trim(),
      version: input.version,
      type: input.type,
      summary: text(input.summary),
      cycleId: input.cycleId ?? null,
      scope: json(input.scope.map((s) => ({ key: s.key.trim(), title: s.title.trim(), kind: s.kind }))),
      artifacts: json(input.artifacts.map((a) => ({ name: a.name.trim(), version: a.version, digest: a.digest.trim(), uri: text(a.uri) }))),
      schedule: json(
        input.schedule.map((w) => ({ tier: w.tier, environmentId: w.environmentId ?? null, start: normalizeInstant(w.start), end: normalizeInstant(w.end) })),
      ),
      steps: json(
        input.steps.map((s, i) => ({ order: i + 1, title: s.title.trim(), owner: s.owner.trim(), durationMinutes: s.durationMinutes, tier: s.tier ?? null })),
      ),
      validations: json(input.validations.map((v) => ({ tier: v.tier, description: v.description.trim(), owner: v.owner.trim() }))),
      roles: json(input.roles.map((r) => ({ responsibility: r.responsibility, person: r.person.trim(), contact: text(r.contact) }))),
      requirements: json(input.requirements.map((r) => ({ key: r.key.trim(), expected: r.expected.trim() }))),
      rollback: rollback ? json(rollback) : null,
      escalation: input.escalation
        ? json(input.escalation.map((e) => ({ level: e.level, title: e.title.trim(), contact: e.contact.trim(), responseMinutes: e.responseMinutes })))
        : null,
    },
    dependencies,
  }
}
