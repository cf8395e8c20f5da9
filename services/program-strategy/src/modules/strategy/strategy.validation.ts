import { randomUUID } from 'node:crypto'
import { FieldErrors, type Path } from '@railyard/graphql-kit'
import { freezeRangeProblem, isValidTimeZone, parseRRule, validateEnforcement } from '@railyard/release-rules'
import type { ReadinessCriterionInput, ReleaseStrategyInput } from '../../__generated__/resolvers-types.ts'
import type { StoredCriterion, StrategyContent } from './strategy.table.ts'

/** The longest range Program.cycles expands, in years. */
const MAX_CYCLE_RANGE_YEARS = 5

const METRIC_KINDS = new Set(['METRIC_AT_LEAST', 'METRIC_AT_MOST'])

const trimOrNull = (s: string | null | undefined) => {
  const t = s?.trim()
  return t ? t : null
}

/** Flags every key that appeared earlier in the list (path …, i, 'key'); returns nothing. */
function checkUniqueKeys(errors: FieldErrors, keys: string[], pathOf: (i: number) => Path, what: string): void {
  const seen = new Set<string>()
  keys.forEach((k, i) => {
    if (k === '') return
    errors.check(!seen.has(k), pathOf(i), `duplicate ${what} '${k}'`)
    seen.add(k)
  })
}

function criteriaOf(errors: FieldErrors, list: ReadinessCriterionInput[], base: Path, scope: string): StoredCriterion[] {
  const out = list.map((c, j): StoredCriterion => {
    const at = [...base, j]
    errors.required(c.key, [...at, 'key'], 'key')
    errors.required(c.description, [...at, 'description'], 'description')
    const threshold = c.threshold ?? null
    if (METRIC_KINDS.has(c.kind)) {
      errors.check(threshold !== null, [...at, 'threshold'], 'threshold missing for a metric criterion')
    } else {
      errors.check(threshold === null, [...at, 'threshold'], `an ${c.kind} criterion takes no threshold`)
    }
    return { key: c.key.trim(), description: c.description.trim(), kind: c.kind, threshold, evidenceRequired: c.evidenceRequired }
  })
  checkUniqueKeys(
    errors,
    out.map((c) => c.key),
    (j) => [...base, j, 'key'],
    `criterion key within ${scope}`,
  )
  return out
}

/**
 * Validates a whole ReleaseStrategyInput, collecting every problem with its input path
 * (['input', 'cadence', 'rule'], ['input', 'freezeWindows', 2, 'end']…), and returns the content
 * to store, with fresh ids for quality gates and freeze windows. Throws BAD_USER_INPUT on any problem.
 */
export function validateStrategyInput(input: ReleaseStrategyInput): StrategyContent {
  const errors = new FieldErrors()
  const root: Path = ['input']

  // cadence
  const cadenceRule = input.cadence.rule.trim()
  const parsedRule = parseRRule(cadenceRule)
  if (!parsedRule.ok) errors.add([...root, 'cadence', 'rule'], `not a valid RFC 5545 RRULE: ${parsedRule.message}`)
  const cadenceZone = input.cadence.timeZone.trim()
  errors.check(
    isValidTimeZone(cadenceZone),
    [...root, 'cadence', 'timeZone'],
    `'${input.cadence.timeZone}' is not an IANA time zone (e.g. America/Los_Angeles)`,
  )
  errors.check(input.cadence.codeFreezeDaysBefore >= 0, [...root, 'cadence', 'codeFreezeDaysBefore'], 'codeFreezeDaysBefore must be 0 or more')

  // promotion path
  const path = input.promotionPath.map((t) => t.trim())
  errors.check(path.length > 0, [...root, 'promotionPath'], 'the promotion path needs at least one tier')
  path.forEach((t, i) => errors.check(t !== '', [...root, 'promotionPath', i], 'tier name must not be empty'))
  checkUniqueKeys(errors, path, (i) => [...root, 'promotionPath', i], 'tier')
  const tiers = new Set(path.filter((t) => t !== ''))
  const knownTier = (t: string) => tiers.has(t)

  // quality gates
  const qualityGates = input.qualityGates.map((g, i) => {
    const at = [...root, 'qualityGates', i]
    errors.required(g.key, [...at, 'key'], 'key')
    errors.required(g.name, [...at, 'name'], 'name')
    const tier = g.tier.trim()
    errors.check(knownTier(tier), [...at, 'tier'], `unknown tier '${g.tier}': not in the promotion path`)
    const criteria = criteriaOf(errors, g.criteria, [...at, 'criteria'], `gate ${g.key.trim()}`)
    return { id: randomUUID(), key: g.key.trim(), name: g.name.trim(), tier, criteria }
  })
  checkUniqueKeys(
    errors,
    qualityGates.map((g) => g.key),
    (i) => [...root, 'qualityGates', i, 'key'],
    'gate key',
  )

  // enterprise readiness
  const readinessCriteria = criteriaOf(errors, input.readinessCriteria, [...root, 'readinessCriteria'], 'readinessCriteria')

  // plan approval
  const wf = input.planApproval
  errors.required(wf.name, [...root, 'planApproval', 'name'], 'name')
  errors.check(wf.steps.length > 0, [...root, 'planApproval', 'steps'], 'the approval workflow needs at least one step')
  const steps = wf.steps.map((s, i) => {
    const at = [...root, 'planApproval', 'steps', i]
    errors.required(s.name, [...at, 'name'], 'name')
    errors.check(s.minApprovals >= 1, [...at, 'minApprovals'], 'minApprovals must be 1 or more')
    return { order: i + 1, name: s.name.trim(), approverRole: s.approverRole, minApprovals: s.minApprovals, separationOfDuties: s.separationOfDuties }
  })

  // escalation path
  let previousLevel: number | null = null
  const escalationPath = input.escalationPath.map((e, i) => {
    const at = [...root, 'escalationPath', i]
    errors.check(
      previousLevel === null || e.level > previousLevel,
      [...at, 'level'],
      `levels must be unique and ascending: ${e.level} follows ${previousLevel}`,
    )
    previousLevel = previousLevel === null ? e.level : Math.max(previousLevel, e.level)
    errors.required(e.title, [...at, 'title'], 'title')
    errors.required(e.contact, [...at, 'contact'], 'contact')
    errors.check(e.responseMinutes > 0, [...at, 'responseMinutes'], 'responseMinutes must be more than 0')
    return { level: e.level, title: e.title.trim(), contact: e.contact.trim(), responseMinutes: e.responseMinutes }
  })

  // freeze windows (start/end arrive as canonical instants from the DateTime scalar)
  const freezeWindows = input.freezeWindows.map((w, i) => {
    const at = [...root, 'freezeWindows', i]
    errors.required(w.name, [...at, 'name'], 'name')
    errors.check(Date.parse(w.start) < Date.parse(w.end), [...at, 'end'], 'end must be after start')
    const timeZone = w.timeZone.trim()
    errors.check(isValidTimeZone(timeZone), [...at, 'timeZone'], `'${w.timeZone}' is not an IANA time zone (e.g. America/Los_Angeles)`)
    const recurrence = trimOrNull(w.recurrence)
    if (recurrence !== null) {
      const r = parseRRule(recurrence)
      if (!r.ok) errors.add([...at, 'recurrence'], `not a valid RFC 5545 RRULE: ${r.message}`)
    }
    const windowTiers = w.tiers.map((t) => t.trim())
    windowTiers.forEach((t, j) => errors.check(knownTier(t), [...at, 'tiers', j], `unknown tier '${w.tiers[j]}': not in the promotion path`))
    return { id: randomUUID(), name: w.name.trim(), reason: trimOrNull(w.reason), start: w.start, end: w.end, timeZone, recurrence, tiers: windowTiers }
  })

  // deploy-time enforcement (omitted: the last tier for both)
  const enforcement = validateEnforcement(input.enforcement, path, [...root, 'enforcement'])
  for (const e of enforcement.errors) errors.add(e.path, e.message)

  errors.throwIfAny()
  return {
    notes: trimOrNull(input.notes),
    cadence: { rule: cadenceRule, timeZone: cadenceZone, startsOn: input.cadence.startsOn, codeFreezeDaysBefore: input.cadence.codeFreezeDaysBefore },
    promotionPath: path,
    qualityGates,
    readinessCriteria,
    planApproval: { name: wf.name.trim(), steps },
    escalationPath,
    freezeWindows,
    enforcement: enforcement.value,
  }
}

/** Validates the arguments of Program.cycles: from ≤ to, at most MAX_CYCLE_RANGE_YEARS apart. */
export function validateCycleRange(from: string, to: string): void {
  const errors = new FieldErrors()
  if (errors.check(from <= to, ['to'], `to (${to}) must not be before from (${from})`)) {
    const limit = `${String(Number(from.slice(0, 4)) + MAX_CYCLE_RANGE_YEARS).padStart(4, '0')}${from.slice(4)}`
    errors.check(to <= limit, ['to'], `the range may span at most ${MAX_CYCLE_RANGE_YEARS} years (to ≤ ${limit})`)
  }
  errors.throwIfAny()
}

/** Validates the range of Program.freezeOccurrences: instants, from before to, at most 5 years. */
export function validateFreezeRange(from: string, to: string): void {
  const errors = new FieldErrors()
  const problem = freezeRangeProblem(from, to)
  if (problem !== null) errors.add(['to'], problem)
  errors.throwIfAny()
}
