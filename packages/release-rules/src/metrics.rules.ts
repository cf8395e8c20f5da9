import { DateTime, IANAZone } from 'luxon'
import { lastTierWindow } from './roadmap.rules.ts'
import { instantToMillis, isInstantString, millisToInstant } from './time.rules.ts'
import type { StageWindowSpec } from './types.ts'

/**
 * Delivery metrics (DORA-style) of a program from its recorded deployments, exactly as DESIGN.md
 * "Program health" defines them:
 *
 * - a deployment's tier is its environment's tier; the "last tier" is the last tier of the
 *   program's latest promotion path;
 * - a deployment belongs to the period [from, to) by its `startedAt`; every duration is measured
 *   between `startedAt`s;
 * - `deployments` = last-tier deployments in the period, any outcome;
 * - `deploymentFrequency` = SUCCEEDED ones × 7 / days in the period (0 when there are none);
 * - `changeFailureRate` = (FAILED + ROLLED_BACK) / `deployments`;
 * - `leadTimeHours` = median, over releases whose FIRST SUCCEEDED last-tier deployment is in the
 *   period, of the hours from the release's first recorded deployment (any tier) to it;
 * - `scheduleAdherence` = share of those same releases whose first SUCCEEDED last-tier deployment
 *   started inside their scheduled last-tier window [start, end) (no such window: not inside);
 * - `timeToRestoreHours` = median, over FAILED or ROLLED_BACK last-tier deployments in the period
 *   that a later (strictly later `startedAt`) SUCCEEDED last-tier deployment of the same release
 *   follows, of the hours to the first such — wherever that success falls;
 * - medians of an even count average the middle two; medians and rates of an empty set are null.
 *
 * Only the releases passed in count (the caller passes those the viewer may see): deployments
 * of any other release are ignored. Pure: no clock, no I/O.
 */

// ------------------------------------------------------------------ inputs and outputs

export type DeploymentOutcome = 'SUCCEEDED' | 'FAILED' | 'ROLLED_BACK'

/** A recorded deployment (environment-inventory's Deployment). */
export interface DeploymentRecord {
  id: string
  environmentId: string
  releaseId: string
  outcome: DeploymentOutcome
  /** instant */
  startedAt: string
  /** instant; not used by the metrics (durations are between startedAts) */
  finishedAt?: string | null
}

/** What the metrics need of an environment: its tier. */
export interface MetricsEnvironment {
  id: string
  tier: string
}

/** What the metrics need of a release: its agency and its schedule. */
export interface MetricsRelease {
  id: string
  agencyId: string
  schedule: StageWindowSpec[]
}

export interface DeliveryMetricsInput {
  /** instant, inclusive */
  from: string
  /** instant, exclusive; after `from` */
  to: string
  /** The program's LATEST promotion path; its last tier is "the last tier". */
  promotionPath: string[]
  /** One row per agency, in this order (the agencies the viewer may see); then the program total. */
  agencyIds: string[]
  /** The releases the viewer may see (only their deployments count). */
  releases: MetricsRelease[]
  /** Environments of the deployments (an unknown environment has no tier: never the last tier). */
  environments: MetricsEnvironment[]
  deployments: DeploymentRecord[]
}

/** One row of `Program.deliveryMetrics` (agencyId null: the program total). */
export interface DeliveryMetricsRow {
  agencyId: string | null
  /** canonical instant */
  from: string
  /** canonical instant */
  to: string
  deployments: number
  deploymentFrequency: number
  leadTimeHours: number | null
  changeFailureRate: number | null
  timeToRestoreHours: number | null
  scheduleAdherence: number | null
}

/** The metrics of one calendar month (clipped to the period). */
export interface DeliveryMetricsBucket {
  /** 'YYYY-MM' in the time zone */
  month: string
  /** canonical instants: the month's [start, end) clipped to [from, to) */
  from: string
  to: string
  rows: DeliveryMetricsRow[]
}

/** Longest period the monthly trend covers (months). */
export const MAX_METRICS_MONTHS = 120

const HOUR_MS = 3_600_000
const DAY_MS = 86_400_000

// ------------------------------------------------------------------ helpers

/** Median of numbers (the average of the middle two for an even count); null for none. */
export function median(values: readonly number[]): number | null {
  if (values.length === 0) return null
  const sorted = [...values].sort((a, b) => a - b)
  const mid = Math.floor(sorted.length / 2)
  const upper = sorted[mid] ?? 0
  if (sorted.length % 2 === 1) return upper
  const lower = sorted[mid - 1] ?? upper
  return (lower + upper) / 2
}

/** Problems with a metrics period, as field errors: from/to must be instants, from < to. */
export function deliveryMetricsArgumentErrors(args: { from: string; to: string }): { path: string[]; message: string }[] {
  const errors: { path: string[]; message: string }[] = []
  const fromOk = isInstantString(args.from)
  const toOk = isInstantString(args.to)
  if (!fromOk) errors.push({ path: ['from'], message: 'The start of the period must be a date and time with a time zone offset, e.g. 2027-01-01T00:00:00Z.' })
  if (!toOk) errors.push({ path: ['to'], message: 'The end of the period must be a date and time with a time zone offset, e.g. 2027-04-01T00:00:00Z.' })
  if (fromOk && toOk && instantToMillis(args.to) <= instantToMillis(args.from)) {
    errors.push({ path: ['to'], message: 'The end of the period must be after its start.' })
  }
  return errors
}

interface Dep {
  at: number
  outcome: DeploymentOutcome
  last: boolean
}

/** Per release, everything the figures need, computed once for any number of periods. */
interface ReleaseHistory {
  agencyId: string
  /** startedAt of the first recorded deployment (any tier, any outcome) */
  firstAny: number
  /** last-tier deployments, by startedAt */
  lastTier: Dep[]
  /** startedAt of the first SUCCEEDED last-tier deployment, or null */
  firstSuccess: number | null
  /** did the first SUCCEEDED last-tier deployment start inside the scheduled last-tier window? */
  firstSuccessOnTime: boolean
}

/** The deployment history of the given releases, indexed for repeated periods. */
export interface DeliveryHistory {
  histories: ReleaseHistory[]
}

/**
 * Index the deployments of the given releases once (tier of each deployment, first recorded
 * deployment, first successful last-tier deployment and whether it was on schedule), so that
 * `deliveryMetricsOver` can evaluate many periods (e.g. monthly buckets) cheaply.
 */
export function deliveryHistory(input: Omit<DeliveryMetricsInput, 'from' | 'to' | 'agencyIds'>): DeliveryHistory {
  const lastTier = input.promotionPath.length > 0 ? (input.promotionPath[input.promotionPath.length - 1] ?? null) : null
  const tierOf = new Map(input.environments.map((e) => [e.id, e.tier]))
  const byRelease = new Map<string, Dep[]>()
  const releases = new Map(input.releases.map((r) => [r.id, r]))
  for (const d of input.deployments) {
    if (!releases.has(d.releaseId)) continue
    const list = byRelease.get(d.releaseId) ?? []
    byRelease.set(d.releaseId, list)
    list.push({ at: instantToMillis(d.startedAt), outcome: d.outcome, last: lastTier !== null && tierOf.get(d.environmentId) === lastTier })
  }
  const histories: ReleaseHistory[] = []
  for (const [releaseId, deps] of byRelease) {
    const release = releases.get(releaseId)
    if (!release) continue
    // stable: equal startedAts keep their input order
    deps.sort((a, b) => a.at - b.at)
    const firstAny = deps[0]?.at ?? 0
    const last = deps.filter((d) => d.last)
    const success = last.find((d) => d.outcome === 'SUCCEEDED')
    const window = lastTier === null ? null : lastTierWindow(release.schedule, input.promotionPath)
    const onTime = success !== undefined && window !== null && success.at >= instantToMillis(window.start) && success.at < instantToMillis(window.end)
    histories.push({ agencyId: release.agencyId, firstAny, lastTier: last, firstSuccess: success?.at ?? null, firstSuccessOnTime: onTime })
  }
  return { histories }
}

/** The five figures over [from, to) for the releases matching `agencyId` (null: all of them). */
function figures(history: DeliveryHistory, from: number, to: number, agencyId: string | null): DeliveryMetricsRow {
  let deployments = 0
  let succeeded = 0
  let failed = 0
  const leadTimes: number[] = []
  let onTime = 0
  const restores: number[] = []
  for (const h of history.histories) {
    if (agencyId !== null && h.agencyId !== agencyId) continue
    h.lastTier.forEach((d, i) => {
      if (d.at < from || d.at >= to) return
      deployments++
      if (d.outcome === 'SUCCEEDED') {
        succeeded++
        return
      }
      failed++
      const restore = h.lastTier.slice(i + 1).find((later) => later.outcome === 'SUCCEEDED' && later.at > d.at)
      if (restore) restores.push((restore.at - d.at) / HOUR_MS)
    })
    if (h.firstSuccess !== null && h.firstSuccess >= from && h.firstSuccess < to) {
      leadTimes.push((h.firstSuccess - h.firstAny) / HOUR_MS)
      if (h.firstSuccessOnTime) onTime++
    }
  }
  return {
    agencyId,
    from: millisToInstant(from),
    to: millisToInstant(to),
    deployments,
    deploymentFrequency: (succeeded * 7) / ((to - from) / DAY_MS),
    leadTimeHours: median(leadTimes),
    changeFailureRate: deployments === 0 ? null : failed / deployments,
    timeToRestoreHours: median(restores),
    scheduleAdherence: leadTimes.length === 0 ? null : onTime / leadTimes.length,
  }
}

function period(from: string, to: string): { from: number; to: number } {
  const f = instantToMillis(from)
  const t = instantToMillis(to)
  if (t <= f) throw new RangeError(`The period must end after it starts: ${from} – ${to}`)
  return { from: f, to: t }
}

/** Rows over [from, to) from an indexed history: one per agency id (in order), then the total (agencyId null). */
export function deliveryMetricsOver(history: DeliveryHistory, from: string, to: string, agencyIds: readonly string[]): DeliveryMetricsRow[] {
  const p = period(from, to)
  return [...agencyIds.map((a) => figures(history, p.from, p.to, a)), figures(history, p.from, p.to, null)]
}

/**
 * `Program.deliveryMetrics(from, to)`: one row per agency of `agencyIds` (in that order), then
 * the program total (agencyId null) over every release given. Throws RangeError when `to` is not
 * after `from` or an instant is invalid (see `deliveryMetricsArgumentErrors`).
 */
export function deliveryMetrics(input: DeliveryMetricsInput): DeliveryMetricsRow[] {
  return deliveryMetricsOver(deliveryHistory(input), input.from, input.to, input.agencyIds)
}

/**
 * Monthly trend: the calendar months (in `timeZone`, e.g. the program's) overlapping [from, to),
 * each clipped to the period, with the same rows as `deliveryMetrics` over that month. A
 * deployment counts in the month its startedAt falls in (local time). Throws RangeError for an
 * invalid zone, an empty period or more than MAX_METRICS_MONTHS months.
 */
export function monthlyDeliveryMetrics(input: DeliveryMetricsInput, timeZone: string): DeliveryMetricsBucket[] {
  if (!IANAZone.isValidZone(timeZone)) throw new RangeError(`Invalid time zone '${timeZone}'`)
  const p = period(input.from, input.to)
  const history = deliveryHistory(input)
  const buckets: DeliveryMetricsBucket[] = []
  let month = DateTime.fromMillis(p.from, { zone: timeZone }).startOf('month')
  while (month.toMillis() < p.to) {
    if (buckets.length >= MAX_METRICS_MONTHS) throw new RangeError(`The monthly trend covers at most ${MAX_METRICS_MONTHS} months`)
    const next = month.plus({ months: 1 })
    const from = Math.max(p.from, month.toMillis())
    const to = Math.min(p.to, next.toMillis())
    buckets.push({
      month: month.toFormat('yyyy-MM'),
      from: millisToInstant(from),
      to: millisToInstant(to),
      rows: deliveryMetricsOver(history, millisToInstant(from), millisToInstant(to), input.agencyIds),
    })
    month = next
  }
  return buckets
}
