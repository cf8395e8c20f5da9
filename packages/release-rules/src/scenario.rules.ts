import { DateTime } from 'luxon'
import { instantToMillis, isInstantString, millisToInstant } from './time.rules.ts'

/**
 * What-if scenarios: a list of schedule edits, kept apart from the data until applied, and
 * shareable as a compact URL-safe string. `what-if.rules.ts` previews what a scenario breaks.
 *
 * Edits, applied in order (a later edit of the same release starts from the earlier result):
 * - MOVE_RELEASE: shift one release's windows (all, or only those of `tiers`) by `shift`;
 * - SET_WINDOWS: give windows of one release new instants (each named tier must be scheduled);
 * - SHIFT_PLAN: shift every window of every release of a plan that is not RELEASED or
 *   CANCELLED by `shift` (the plan period stays; windows leaving it show as alignment issues).
 *
 * A shift of `days` moves by calendar days in the plan's time zone, keeping the local wall-clock
 * time (09:00 PST + 30 days = 09:00 PDT); `minutes` then moves by absolute time. Shifting by
 * +N and then −N gives back the same instants, except for a local time that falls into a
 * daylight-saving gap or overlap on the way (e.g. 02:30 on the spring-forward day).
 */

export interface ScheduleShift {
  /** Whole calendar days (local wall-clock time kept), may be negative. */
  days?: number
  /** Whole minutes of absolute time, may be negative. */
  minutes?: number
}

export interface WindowTimes {
  tier: string
  /** instant */
  start: string
  /** instant, after start */
  end: string
}

export type ScenarioEdit =
  | { kind: 'MOVE_RELEASE'; releaseId: string; shift: ScheduleShift; tiers?: string[] }
  | { kind: 'SET_WINDOWS'; releaseId: string; windows: WindowTimes[] }
  | { kind: 'SHIFT_PLAN'; planId: string; shift: ScheduleShift }

export interface Scenario {
  /** Optional label, e.g. "DOH slips a week". */
  name?: string
  edits: ScenarioEdit[]
}

/** One problem with a scenario; `path` points into the scenario, e.g. ['edits', 0, 'shift', 'days']. */
export interface ScenarioProblem {
  path: (string | number)[]
  message: string
}

export const MAX_SCENARIO_EDITS = 100
export const MAX_SCENARIO_SHIFT_DAYS = 3660
export const MAX_SCENARIO_SHIFT_MINUTES = MAX_SCENARIO_SHIFT_DAYS * 1440
/** Longest id, tier or name accepted. */
export const MAX_SCENARIO_TEXT = 200
/** Windows per SET_WINDOWS edit and tiers per MOVE_RELEASE edit. */
export const MAX_SCENARIO_WINDOWS = 20
/** Longest encoded scenario accepted by decodeScenario. */
export const MAX_ENCODED_SCENARIO = 16_000

// ------------------------------------------------------------------ shifting

/** The instant moved by `shift` (days in `timeZone` keeping the local time, then minutes), canonical. */
export function shiftInstant(instant: string, shift: ScheduleShift, timeZone: string): string {
  let ms = instantToMillis(instant)
  const days = shift.days ?? 0
  if (days !== 0) {
    const dt = DateTime.fromMillis(ms, { zone: timeZone })
    if (!dt.isValid) throw new RangeError(`Invalid time zone '${timeZone}'`)
    ms = dt.plus({ days }).toMillis()
  }
  return millisToInstant(ms + (shift.minutes ?? 0) * 60_000)
}

/** True when the shift moves nothing. */
export function isZeroShift(shift: ScheduleShift): boolean {
  return (shift.days ?? 0) === 0 && (shift.minutes ?? 0) === 0
}

// ------------------------------------------------------------------ validation

const isText = (v: unknown): v is string => typeof v === 'string' && v.trim() !== '' && v.length <= MAX_SCENARIO_TEXT

function shiftProblems(shift: unknown, at: (string | number)[]): ScenarioProblem[] {
  if (typeof shift !== 'object' || shift === null) return [{ path: at, message: 'Say how far to move: a number of days and/or minutes.' }]
  const out: ScenarioProblem[] = []
  const { days, minutes } = shift as { days?: unknown; minutes?: unknown }
  if (days !== undefined && !(Number.isInteger(days) && Math.abs(days as number) <= MAX_SCENARIO_SHIFT_DAYS)) {
    out.push({ path: [...at, 'days'], message: `Days must be a whole number from −${MAX_SCENARIO_SHIFT_DAYS} to ${MAX_SCENARIO_SHIFT_DAYS}.` })
  }
  if (minutes !== undefined && !(Number.isInteger(minutes) && Math.abs(minutes as number) <= MAX_SCENARIO_SHIFT_MINUTES)) {
    out.push({ path: [...at, 'minutes'], message: `Minutes must be a whole number from −${MAX_SCENARIO_SHIFT_MINUTES} to ${MAX_SCENARIO_SHIFT_MINUTES}.` })
  }
  return out
}

/** Problems of one edit by itself (not against any data), with paths relative to the scenario. */
function editProblems(edit: unknown, i: number): ScenarioProblem[] {
  const at: (string | number)[] = ['edits', i]
  if (typeof edit !== 'object' || edit === null) return [{ path: at, message: 'An edit must be an object.' }]
  const e = edit as Record<string, unknown>
  const out: ScenarioProblem[] = []
  switch (e.kind) {
    case 'MOVE_RELEASE': {
      if (!isText(e.releaseId)) out.push({ path: [...at, 'releaseId'], message: 'Choose the release to move.' })
      out.push(...shiftProblems(e.shift, [...at, 'shift']))
      if (e.tiers !== undefined) {
        if (!Array.isArray(e.tiers) || e.tiers.length === 0 || e.tiers.length > MAX_SCENARIO_WINDOWS) {
          out.push({ path: [...at, 'tiers'], message: `Name from 1 to ${MAX_SCENARIO_WINDOWS} tiers to move, or leave the tiers out to move every window.` })
        } else {
          e.tiers.forEach((t, j) => {
            if (!isText(t)) out.push({ path: [...at, 'tiers', j], message: 'A tier must be a name such as PROD.' })
          })
        }
      }
      return out
    }
    case 'SET_WINDOWS': {
      if (!isText(e.releaseId)) out.push({ path: [...at, 'releaseId'], message: 'Choose the release to reschedule.' })
      if (!Array.isArray(e.windows) || e.windows.length === 0 || e.windows.length > MAX_SCENARIO_WINDOWS) {
        out.push({ path: [...at, 'windows'], message: `Give from 1 to ${MAX_SCENARIO_WINDOWS} windows.` })
        return out
      }
      const seen = new Set<string>()
      e.windows.forEach((w: unknown, j) => {
        const wp = [...at, 'windows', j]
        if (typeof w !== 'object' || w === null) {
          out.push({ path: wp, message: 'A window needs a tier, a start and an end.' })
          return
        }
        const { tier, start, end } = w as Record<string, unknown>
        if (!isText(tier)) out.push({ path: [...wp, 'tier'], message: 'A tier must be a name such as PROD.' })
        else if (seen.has(tier)) out.push({ path: [...wp, 'tier'], message: `The ${tier} window is given twice.` })
        else seen.add(tier)
        const startOk = typeof start === 'string' && isInstantString(start)
        const endOk = typeof end === 'string' && isInstantString(end)
        if (!startOk) out.push({ path: [...wp, 'start'], message: 'The start must be a date and time with a time zone offset.' })
        if (!endOk) out.push({ path: [...wp, 'end'], message: 'The end must be a date and time with a time zone offset.' })
        if (startOk && endOk && instantToMillis(end) <= instantToMillis(start)) out.push({ path: [...wp, 'end'], message: 'The end must be after the start.' })
      })
      return out
    }
    case 'SHIFT_PLAN':
      if (!isText(e.planId)) out.push({ path: [...at, 'planId'], message: 'Choose the plan to shift.' })
      out.push(...shiftProblems(e.shift, [...at, 'shift']))
      return out
    default:
      return [{ path: [...at, 'kind'], message: 'An edit moves a release (MOVE_RELEASE), sets its windows (SET_WINDOWS) or shifts a plan (SHIFT_PLAN).' }]
  }
}

/** Problems of a scenario by itself (shape, limits, instants); [] when well-formed. */
export function scenarioProblems(scenario: unknown): ScenarioProblem[] {
  if (typeof scenario !== 'object' || scenario === null) return [{ path: [], message: 'A scenario must be an object with a list of edits.' }]
  const s = scenario as { name?: unknown; edits?: unknown }
  const out: ScenarioProblem[] = []
  if (s.name !== undefined && !(typeof s.name === 'string' && s.name.length <= MAX_SCENARIO_TEXT)) {
    out.push({ path: ['name'], message: `The name may have at most ${MAX_SCENARIO_TEXT} characters.` })
  }
  if (!Array.isArray(s.edits) || s.edits.length > MAX_SCENARIO_EDITS) {
    out.push({ path: ['edits'], message: `A scenario has a list of at most ${MAX_SCENARIO_EDITS} edits.` })
    return out
  }
  s.edits.forEach((e: unknown, i) => out.push(...editProblems(e, i)))
  return out
}

/** Canonical form: shifts with both fields, instants in canonical UTC, an empty name dropped. */
export function normalizeScenario(s: Scenario): Scenario {
  const shift = (x: ScheduleShift): ScheduleShift => ({ days: x.days ?? 0, minutes: x.minutes ?? 0 })
  const edits = s.edits.map((e): ScenarioEdit => {
    switch (e.kind) {
      case 'MOVE_RELEASE':
        return e.tiers === undefined
          ? { kind: e.kind, releaseId: e.releaseId, shift: shift(e.shift) }
          : { kind: e.kind, releaseId: e.releaseId, shift: shift(e.shift), tiers: [...e.tiers] }
      case 'SET_WINDOWS':
        return {
          kind: e.kind,
          releaseId: e.releaseId,
          windows: e.windows.map((w) => ({ tier: w.tier, start: millisToInstant(instantToMillis(w.start)), end: millisToInstant(instantToMillis(w.end)) })),
        }
      case 'SHIFT_PLAN':
        return { kind: e.kind, planId: e.planId, shift: shift(e.shift) }
    }
  })
  return s.name === undefined || s.name === '' ? { edits } : { name: s.name, edits }
}

// ------------------------------------------------------------------ URL form

const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_'
const B64_INDEX = new Map([...B64].map((c, i) => [c, i]))
/** Prefix (and format version) of an encoded scenario. */
export const SCENARIO_PREFIX = 's1.'

function toBase64Url(bytes: Uint8Array): string {
  let out = ''
  for (let i = 0; i < bytes.length; i += 3) {
    const a = bytes[i] ?? 0
    const b = bytes[i + 1] ?? 0
    const c = bytes[i + 2] ?? 0
    const n = (a << 16) | (b << 8) | c
    const chars = i + 2 < bytes.length ? 4 : i + 1 < bytes.length ? 3 : 2
    for (let k = 0; k < chars; k++) out += B64.charAt((n >> (18 - 6 * k)) & 63)
  }
  return out
}

function fromBase64Url(text: string): Uint8Array | null {
  if (text.length % 4 === 1) return null
  const out: number[] = []
  for (let i = 0; i < text.length; i += 4) {
    const chunk = text.slice(i, i + 4)
    let n = 0
    for (let k = 0; k < 4; k++) {
      const ch = chunk.charAt(k)
      const v = ch === '' ? 0 : B64_INDEX.get(ch)
      if (v === undefined) return null
      n |= v << (18 - 6 * k)
    }
    out.push((n >> 16) & 255)
    if (chunk.length > 2) out.push((n >> 8) & 255)
    if (chunk.length > 3) out.push(n & 255)
  }
  return Uint8Array.from(out)
}

type Compact = [number, string | null, unknown[][]]

function compactShift(s: ScheduleShift): [number, number] {
  return [s.days ?? 0, s.minutes ?? 0]
}

/**
 * The scenario as a compact URL-safe string (`s1.` + base64url of a positional JSON form;
 * letters, digits, '-', '_' and '.'), for sharing a what-if by URL. Instants are kept to the
 * millisecond. Throws RangeError for a scenario with problems (see `scenarioProblems`).
 */
export function encodeScenario(scenario: Scenario): string {
  const problems = scenarioProblems(scenario)
  if (problems.length > 0) throw new RangeError(problems.map((p) => p.message).join(' '))
  const edits = scenario.edits.map((e): unknown[] => {
    switch (e.kind) {
      case 'MOVE_RELEASE':
        return e.tiers === undefined ? ['m', e.releaseId, ...compactShift(e.shift)] : ['m', e.releaseId, ...compactShift(e.shift), e.tiers]
      case 'SET_WINDOWS':
        return ['w', e.releaseId, e.windows.map((w) => [w.tier, instantToMillis(w.start), instantToMillis(w.end)])]
      case 'SHIFT_PLAN':
        return ['p', e.planId, ...compactShift(e.shift)]
    }
  })
  const compact: Compact = [1, scenario.name === undefined || scenario.name === '' ? null : scenario.name, edits]
  return SCENARIO_PREFIX + toBase64Url(new TextEncoder().encode(JSON.stringify(compact)))
}

function expandEdit(raw: unknown): unknown {
  if (!Array.isArray(raw)) return null
  const [tag, id, a, b, c] = raw as unknown[]
  switch (tag) {
    case 'm':
      return raw.length === 4
        ? { kind: 'MOVE_RELEASE', releaseId: id, shift: { days: a, minutes: b } }
        : raw.length === 5
          ? { kind: 'MOVE_RELEASE', releaseId: id, shift: { days: a, minutes: b }, tiers: c }
          : null
    case 'p':
      return raw.length === 4 ? { kind: 'SHIFT_PLAN', planId: id, shift: { days: a, minutes: b } } : null
    case 'w': {
      if (raw.length !== 3 || !Array.isArray(a)) return null
      const windows = (a as unknown[]).map((w) => {
        if (!Array.isArray(w) || w.length !== 3) return null
        const [tier, start, end] = w as unknown[]
        const instant = (v: unknown) => (typeof v === 'number' && Number.isSafeInteger(v) && Math.abs(v) <= 8.64e15 ? millisToInstant(v) : null)
        return { tier, start: instant(start), end: instant(end) }
      })
      return { kind: 'SET_WINDOWS', releaseId: id, windows }
    }
    default:
      return null
  }
}

/**
 * Read a scenario from its URL form. Never throws: anything malformed, over the limits or with
 * problems gives `{ ok: false, message }`. The scenario comes back normalized
 * (`normalizeScenario`), so decode(encode(s)) equals normalizeScenario(s).
 */
export function decodeScenario(text: string): { ok: true; scenario: Scenario } | { ok: false; message: string } {
  const bad = (why: string) => ({ ok: false as const, message: `This what-if link cannot be read: ${why}.` })
  if (typeof text !== 'string' || !text.startsWith(SCENARIO_PREFIX)) return bad('it is not a scenario')
  if (text.length > MAX_ENCODED_SCENARIO) return bad('it is too long')
  const bytes = fromBase64Url(text.slice(SCENARIO_PREFIX.length))
  if (!bytes) return bad('it is damaged')
  let parsed: unknown
  try {
    parsed = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes))
  } catch {
    return bad('it is damaged')
  }
  if (!Array.isArray(parsed) || parsed.length !== 3 || parsed[0] !== 1 || !Array.isArray(parsed[2])) return bad('it was made by another version')
  const [, name, rawEdits] = parsed as [unknown, unknown, unknown[]]
  if (name !== null && typeof name !== 'string') return bad('its name is damaged')
  const candidate = { ...(name === null ? {} : { name }), edits: rawEdits.map(expandEdit) }
  const problems = scenarioProblems(candidate)
  if (problems.length > 0) return bad(problems[0]?.message.replace(/\.$/, '').toLowerCase() ?? 'it is damaged')
  return { ok: true, scenario: normalizeScenario(candidate as Scenario) }
}
