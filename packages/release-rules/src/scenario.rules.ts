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

/**
 * Format (version w1), all URL-unreserved characters:
 *   w1~<name>~<edit>~<edit>…
 *   m.<releaseId>.<days>.<minutes>[.<tier>…]        MOVE_RELEASE (tiers only when given)
 *   p.<planId>.<days>.<minutes>                     SHIFT_PLAN
 *   w.<releaseId>(.<tier>.<start>.<end>)…           SET_WINDOWS, instants as epoch ms in base 36
 * Texts (name, ids, tiers) keep A–Z a–z 0–9 and '-'; every other character is written as its
 * UTF-8 bytes, each '_' + two upper-case hex digits (so UUIDs stay as they are).
 */
export const SCENARIO_PREFIX = 'w1~'

function escapeText(text: string): string {
  let out = ''
  for (const ch of text) {
    if (/^[A-Za-z0-9-]$/.test(ch)) out += ch
    else for (const byte of new TextEncoder().encode(ch)) out += `_${byte.toString(16).toUpperCase().padStart(2, '0')}`
  }
  return out
}

function unescapeText(text: string): string | null {
  if (!/^(?:[A-Za-z0-9-]|_[0-9A-F]{2})*$/.test(text)) return null
  const bytes: number[] = []
  for (let i = 0; i < text.length;) {
    if (text.charAt(i) === '_') {
      bytes.push(parseInt(text.slice(i + 1, i + 3), 16))
      i += 3
    } else {
      bytes.push(text.charCodeAt(i))
      i += 1
    }
  }
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(Uint8Array.from(bytes))
  } catch {
    return null
  }
}

const INT_RE = /^-?(?:0|[1-9][0-9]*)$/
const B36_RE = /^-?(?:0|[1-9a-z][0-9a-z]*)$/

function readInt(text: string | undefined): number | null {
  if (text === undefined || !INT_RE.test(text)) return null
  const n = Number(text)
  return Number.isSafeInteger(n) ? n : null
}

function readInstant(text: string | undefined): string | null {
  if (text === undefined || !B36_RE.test(text) || text.length > 12) return null
  const n = parseInt(text, 36)
  return Number.isSafeInteger(n) && Math.abs(n) <= 8.64e15 ? millisToInstant(n) : null
}

function writeShift(s: ScheduleShift): string {
  return `${s.days ?? 0}.${s.minutes ?? 0}`
}

/**
 * The scenario as a compact URL-safe string (see the format above), for sharing a what-if by
 * URL. Instants are kept to the millisecond. Throws RangeError for a scenario with problems
 * (see `scenarioProblems`).
 */
export function encodeScenario(scenario: Scenario): string {
  const problems = scenarioProblems(scenario)
  if (problems.length > 0) throw new RangeError(problems.map((p) => p.message).join(' '))
  const edits = scenario.edits.map((e): string => {
    switch (e.kind) {
      case 'MOVE_RELEASE':
        return ['m', escapeText(e.releaseId), writeShift(e.shift), ...(e.tiers ?? []).map(escapeText)].join('.')
      case 'SET_WINDOWS':
        return [
          'w',
          escapeText(e.releaseId),
          ...e.windows.flatMap((w) => [escapeText(w.tier), instantToMillis(w.start).toString(36), instantToMillis(w.end).toString(36)]),
        ].join('.')
      case 'SHIFT_PLAN':
        return ['p', escapeText(e.planId), writeShift(e.shift)].join('.')
    }
  })
  return [SCENARIO_PREFIX + escapeText(scenario.name ?? ''), ...edits].join('~')
}

/** One edit of the URL form as an untrusted object (validated by scenarioProblems afterwards), or null. */
function readEdit(text: string): unknown {
  const [tag, rawId, ...rest] = text.split('.')
  const id = rawId === undefined ? null : unescapeText(rawId)
  if (id === null) return null
  switch (tag) {
    case 'm':
    case 'p': {
      const days = readInt(rest[0])
      const minutes = readInt(rest[1])
      if (days === null || minutes === null) return null
      if (tag === 'p') return rest.length === 2 ? { kind: 'SHIFT_PLAN', planId: id, shift: { days, minutes } } : null
      if (rest.length === 2) return { kind: 'MOVE_RELEASE', releaseId: id, shift: { days, minutes } }
      const tiers = rest.slice(2).map(unescapeText)
      return tiers.every((t) => t !== null) ? { kind: 'MOVE_RELEASE', releaseId: id, shift: { days, minutes }, tiers } : null
    }
    case 'w': {
      if (rest.length === 0 || rest.length % 3 !== 0) return null
      const windows: { tier: string; start: string; end: string }[] = []
      for (let i = 0; i < rest.length; i += 3) {
        const tier = unescapeText(rest[i] ?? '')
        const start = readInstant(rest[i + 1])
        const end = readInstant(rest[i + 2])
        if (tier === null || start === null || end === null) return null
        windows.push({ tier, start, end })
      }
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
  const [rawName = '', ...rawEdits] = text.slice(SCENARIO_PREFIX.length).split('~')
  const name = unescapeText(rawName)
  if (name === null) return bad('its name is damaged')
  if (rawEdits.length > MAX_SCENARIO_EDITS) return bad(`it has more than ${MAX_SCENARIO_EDITS} changes`)
  const edits = rawEdits.map(readEdit)
  if (edits.some((e) => e === null)) return bad('it is damaged')
  const candidate = { ...(name === '' ? {} : { name }), edits }
  const problems = scenarioProblems(candidate)
  const first = problems[0]?.message.replace(/\.$/, '')
  if (first !== undefined) return bad(first.charAt(0).toLowerCase() + first.slice(1))
  return { ok: true, scenario: normalizeScenario(candidate as Scenario) }
}
