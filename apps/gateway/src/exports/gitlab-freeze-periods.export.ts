import type { FreezeExportData } from './export-data.ts'
import { formatCron } from './freeze-cron.ts'
import { type UnsupportedWindow, type WindowPlan, planFreezeExport } from './freeze-schedule.ts'

/** One GitLab Freeze Periods API payload (POST /projects/:id/freeze_periods), as-is. */
export interface GitlabFreezePeriod {
  freeze_start: string
  freeze_end: string
  cron_timezone: string
}

export interface GitlabFreezePeriodsExport {
  /** What this file is and until when it holds, in words. */
  note: string
  /** The tier whose freezes these are. */
  tier: string | null
  /** The periods mean exactly the tier's freezes from validFrom until validUntil (at most 12 months): export again before validUntil. */
  validFrom: string
  validUntil: string
  freezePeriods: GitlabFreezePeriod[]
  /** How each window is written, and what a cron cannot say about it. */
  windows: WindowPlan[]
  /** Windows the periods do not get right for the whole 12 months, and until when they do. */
  unsupported: UnsupportedWindow[]
}

export interface GitlabFreezeOptions {
  /** Instant of the request: the export holds from then on. */
  now: string
  /** Tier whose freezes to export; default the last tier of the promotion path (production). */
  tier?: string | null
}

/**
 * The program's freeze windows as GitLab freeze periods, for the tier asked for (default the last
 * tier of the promotion path; windows listing no tiers apply to every tier). GitLab holds a period
 * active while its last `freeze_start` fired after its last `freeze_end` (crons read in
 * `cron_timezone`); the periods are planned and checked under that rule (freeze-schedule.ts): a
 * weekly Friday 17:00 → Monday 08:00 freeze is `0 17 * * 5` / `0 8 * * 1`; a one-off window, a
 * window that has not started yet or a rule cron cannot say is written as dated periods (one per
 * occurrence within the next 12 months). `validUntil` says until when the periods are right.
 */
export function buildGitlabFreezePeriods(data: FreezeExportData, opts: GitlabFreezeOptions): GitlabFreezePeriodsExport {
  const plan = planFreezeExport('gitlab', data.strategy, opts)
  const tierText = plan.tier ? `tier ${plan.tier}` : 'every tier'
  return {
    note:
      `GitLab freeze periods for the freeze windows of ${data.name} (${data.key}) that apply to ${tierText}, generated ${plan.validFrom}. ` +
      `They mean exactly these freezes until ${plan.validUntil}` +
      (plan.validUntil < plan.horizonEnd ? ` (not the whole 12 months: see unsupported)` : '') +
      `; export again before then. Each entry of freezePeriods is one POST /projects/:id/freeze_periods payload.`,
    tier: plan.tier,
    validFrom: plan.validFrom,
    validUntil: plan.validUntil,
    freezePeriods: plan.entries.map(({ entry }) => ({
      freeze_start: formatCron(entry.start),
      freeze_end: formatCron(entry.end),
      cron_timezone: entry.timeZone,
    })),
    windows: plan.windows,
    unsupported: plan.unsupported,
  }
}

export function formatGitlabFreezePeriods(
  data: FreezeExportData,
  opts: GitlabFreezeOptions,
): { body: string; validFrom: string; validUntil: string; unsupported: number } {
  const out = buildGitlabFreezePeriods(data, opts)
  return { body: `${JSON.stringify(out, null, 2)}\n`, validFrom: out.validFrom, validUntil: out.validUntil, unsupported: out.unsupported.length }
}
