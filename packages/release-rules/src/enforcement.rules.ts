import { instantToMillis, isInstantString } from './time.rules.ts'
import type { DeployEnforcementSpec, DeploymentBlockerCode, DeploymentExceptionSpec, WaivableBlockerCode } from './types.ts'

/** Every deployment blocker code, in the order a deploy check lists its blockers. */
export const DEPLOYMENT_BLOCKER_ORDER: readonly DeploymentBlockerCode[] = [
  'PLAN_NOT_APPROVED',
  'RELEASE_CANCELLED',
  'NOT_NEXT_TIER',
  'GATE_UNMET',
  'FROZEN',
  'ENTERPRISE_CRITERIA_UNMET',
  'OUTSIDE_WINDOW',
  'ENVIRONMENT_NOT_READY',
]

/** The blockers an approved break-glass exception may lift; every other blocker stands. */
export const WAIVABLE_BLOCKER_CODES: readonly WaivableBlockerCode[] = ['FROZEN', 'OUTSIDE_WINDOW', 'ENVIRONMENT_NOT_READY']

export function isWaivableBlocker(code: string): code is WaivableBlockerCode {
  return (WAIVABLE_BLOCKER_CODES as readonly string[]).includes(code)
}

/** A problem with one input field: `path` as in BAD_USER_INPUT's `extensions.fieldErrors`. */
export interface RuleFieldError {
  path: (string | number)[]
  message: string
}

/** What a strategy enforces when it names no tiers (every strategy published before v2): the last tier of the path, for both. */
export function defaultEnforcement(promotionPath: readonly string[]): DeployEnforcementSpec {
  const last = promotionPath.at(-1)
  return last === undefined ? { windowTiers: [], readinessTiers: [] } : { windowTiers: [last], readinessTiers: [last] }
}

/** The enforcement a strategy applies: its own, else the default (the last tier for both). */
export function effectiveEnforcement(strategy: { promotionPath: readonly string[]; enforcement?: DeployEnforcementSpec | null }): DeployEnforcementSpec {
  return strategy.enforcement ?? defaultEnforcement(strategy.promotionPath)
}

/**
 * Validates a strategy's enforcement input against its promotion path: every tier named must be a
 * tier of the path (trimmed, non-empty), none twice in one list. Omitted (null/undefined) means the
 * default (the last tier for both). Returns the value to store — each list in promotion-path order —
 * and every problem with its field path under `base` (e.g. ['input', 'enforcement', 'windowTiers', 1]).
 */
export function validateEnforcement(
  input: DeployEnforcementSpec | null | undefined,
  promotionPath: readonly string[],
  base: (string | number)[] = ['input', 'enforcement'],
): { value: DeployEnforcementSpec; errors: RuleFieldError[] } {
  if (input === null || input === undefined) return { value: defaultEnforcement(promotionPath), errors: [] }
  const errors: RuleFieldError[] = []
  const pathText = promotionPath.join(' → ')
  const list = (name: 'windowTiers' | 'readinessTiers'): string[] => {
    const seen = new Set<string>()
    input[name].forEach((raw, i) => {
      const tier = typeof raw === 'string' ? raw.trim() : ''
      const at = [...base, name, i]
      if (tier === '') errors.push({ path: at, message: 'tier must not be empty' })
      else if (!promotionPath.includes(tier)) errors.push({ path: at, message: `'${tier}' is not a tier of the promotion path ${pathText}` })
      else if (seen.has(tier)) errors.push({ path: at, message: `'${tier}' is listed twice` })
      if (tier !== '') seen.add(tier)
    })
    return promotionPath.filter((t) => seen.has(t))
  }
  return { value: { windowTiers: list('windowTiers'), readinessTiers: list('readinessTiers') }, errors }
}

/** The fields of an exception request (DeploymentExceptionInput) the rules check. */
export interface DeploymentExceptionRequest {
  tier: string
  waives: readonly string[]
  start: string
  end: string
  justification: string
}

/**
 * Validates a break-glass exception request against the release's promotion path: the tier is on
 * the path; `waives` names at least one blocker, each waivable (FROZEN, OUTSIDE_WINDOW,
 * ENVIRONMENT_NOT_READY) and none twice; start and end are instants with start < end; the
 * justification is not blank. Paths under `base` (default ['input']).
 */
export function validateExceptionRequest(
  input: DeploymentExceptionRequest,
  promotionPath: readonly string[],
  base: (string | number)[] = ['input'],
): RuleFieldError[] {
  const errors: RuleFieldError[] = []
  const add = (field: (string | number)[], message: string) => errors.push({ path: [...base, ...field], message })
  if (!promotionPath.includes(input.tier)) add(['tier'], `'${input.tier}' is not a tier of the promotion path ${promotionPath.join(' → ')}`)
  if (input.waives.length === 0) add(['waives'], `name at least one blocker to waive (${WAIVABLE_BLOCKER_CODES.join(', ')})`)
  const seen = new Set<string>()
  input.waives.forEach((code, i) => {
    if (!isWaivableBlocker(code)) add(['waives', i], `${code} cannot be waived; an exception lifts only ${WAIVABLE_BLOCKER_CODES.join(', ')}`)
    else if (seen.has(code)) add(['waives', i], `${code} is listed twice`)
    seen.add(code)
  })
  const startOk = isInstantString(input.start)
  const endOk = isInstantString(input.end)
  if (!startOk) add(['start'], 'start must be an ISO-8601 instant with an offset')
  if (!endOk) add(['end'], 'end must be an ISO-8601 instant with an offset')
  if (startOk && endOk && instantToMillis(input.start) >= instantToMillis(input.end)) add(['end'], 'end must be after start')
  if (input.justification.trim() === '') add(['justification'], 'a justification is required')
  return errors
}

/**
 * Does an exception lift `code` for this release and tier at instant `atMs`? Only an APPROVED
 * exception of the same release and tier whose [start, end) covers the instant, naming the
 * (waivable) code. Pending, rejected, expired, not-yet-started and other-tier ones do not.
 */
export function exceptionWaives(e: DeploymentExceptionSpec, releaseId: string, tier: string, code: DeploymentBlockerCode, atMs: number): boolean {
  return (
    e.status === 'APPROVED' &&
    e.releaseId === releaseId &&
    e.tier === tier &&
    isWaivableBlocker(code) &&
    e.waives.includes(code) &&
    instantToMillis(e.start) <= atMs &&
    atMs < instantToMillis(e.end)
  )
}
