import type { FreezeExportData } from './export-data.ts'
import { freezeWindowCron, freezeWindowsForTier } from './freeze-cron.ts'

/** One GitLab Freeze Periods API payload (POST /projects/:id/freeze_periods), as-is. */
export interface GitlabFreezePeriod {
  freeze_start: string
  freeze_end: string
  cron_timezone: string
}

export interface GitlabFreezePeriodsExport {
  freezePeriods: GitlabFreezePeriod[]
  /** Windows that apply but have no cron form, and why. */
  unsupported: { id: string; name: string; reason: string }[]
}

export interface GitlabFreezeOptions {
  /** Instant of the request: single windows that ended before it are not exported. */
  now: string
  /** Tier whose freezes to export; default the last tier of the promotion path (production). */
  tier?: string | null
}

/**
 * The program's freeze windows as GitLab freeze periods. Only windows that apply to the
 * production tier (the last tier of the promotion path) — or to the tier asked for — are
 * exported, which includes windows listing no tiers (they apply to every tier). Each period's
 * freeze_start/freeze_end are 5-field cron expressions read in cron_timezone (the window's
 * IANA zone): a weekly Friday 17:00 → Monday 08:00 freeze is `0 17 * * 5` / `0 8 * * 1`; a
 * single window is pinned to its dates (`0 0 18 12 *`), which GitLab repeats yearly, so ended
 * single windows are left out. See freeze-cron.ts for what is unsupported.
 */
export function buildGitlabFreezePeriods(data: FreezeExportData, opts: GitlabFreezeOptions): GitlabFreezePeriodsExport {
  const out: GitlabFreezePeriodsExport = { freezePeriods: [], unsupported: [] }
  for (const w of freezeWindowsForTier(data.strategy, opts.tier).windows) {
    const c = freezeWindowCron(w, { now: opts.now, checkEnd: true })
    if (c.ok) out.freezePeriods.push({ freeze_start: c.startCron, freeze_end: c.endCron, cron_timezone: c.timeZone })
    else out.unsupported.push({ id: c.windowId, name: c.name, reason: c.reason })
  }
  return out
}

export function formatGitlabFreezePeriods(data: FreezeExportData, opts: GitlabFreezeOptions): string {
  return `${JSON.stringify(buildGitlabFreezePeriods(data, opts), null, 2)}\n`
}
