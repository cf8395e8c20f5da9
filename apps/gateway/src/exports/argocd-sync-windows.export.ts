import { Document, YAMLMap, YAMLSeq } from 'yaml'
import type { FreezeExportData } from './export-data.ts'
import { freezeWindowCron, freezeWindowsForTier } from './freeze-cron.ts'

export interface ArgoSyncWindow {
  kind: 'deny'
  schedule: string
  duration: string
  applications: string[]
  timeZone: string
  manualSync: boolean
}

export interface ArgoSyncWindowsOptions {
  /** Instant of the request: single windows that ended before it are not exported. */
  now: string
  /** Tier whose freezes to export; default the last tier of the promotion path (production). */
  tier?: string | null
}

/** A Kubernetes object name from a program key: lower case, DNS-1123 characters only. */
export function argoProjectName(programKey: string): string {
  const name = programKey
    .toLowerCase()
    .replace(/[^a-z0-9.-]+/g, '-')
    .replace(/^[^a-z0-9]+|[^a-z0-9]+$/g, '')
  return (name || 'railyard').slice(0, 253)
}

/** Argo CD duration: whole hours as '<N>h', anything else as '<N>m'. */
export function argoDuration(minutes: number): string {
  return minutes % 60 === 0 ? `${minutes / 60}h` : `${minutes}m`
}

/**
 * An Argo CD AppProject fragment whose spec.syncWindows deny syncs during the program's freeze
 * windows: one deny window per freeze window that applies to the production tier (the last tier
 * of the promotion path; or the tier asked for), windows listing no tiers included.
 * schedule = the cron of each occurrence's start in the window's time zone (timeZone), duration
 * = end − start of the first occurrence in local wall-clock time. Argo CD adds the duration in
 * absolute time, so in the one week a year when a freeze spans a daylight-saving change, its end
 * moves by an hour. Manual syncs stay allowed (manualSync: true) for emergencies. Windows with
 * no cron form are listed in a comment at the top.
 */
export function formatArgoSyncWindows(data: FreezeExportData, opts: ArgoSyncWindowsOptions): string {
  const { tier, windows } = freezeWindowsForTier(data.strategy, opts.tier)
  const syncWindows = new YAMLSeq()
  const skipped: string[] = []
  for (const w of windows) {
    const c = freezeWindowCron(w, { now: opts.now, checkEnd: false })
    if (!c.ok) {
      skipped.push(` - ${oneLine(c.name)} (${c.windowId}): ${oneLine(c.reason)}`)
      continue
    }
    const win: ArgoSyncWindow = {
      kind: 'deny',
      schedule: c.startCron,
      duration: argoDuration(c.durationMinutes),
      applications: ['*'],
      timeZone: c.timeZone,
      manualSync: true,
    }
    const node = new Document(win).contents as YAMLMap
    node.commentBefore = ` ${oneLine(w.name)}${w.reason ? ` — ${oneLine(w.reason)}` : ''}`
    syncWindows.items.push(node)
  }
  const doc = new Document({
    apiVersion: 'argoproj.io/v1alpha1',
    kind: 'AppProject',
    metadata: { name: argoProjectName(data.key) },
    spec: { syncWindows },
  })
  doc.commentBefore = [
    ` Argo CD sync windows from the freeze windows of ${oneLine(data.name)} (${oneLine(data.key)})`,
    ` that apply to ${tier ? `tier ${oneLine(tier)}` : 'every tier'}; merge spec.syncWindows into the AppProject.`,
    ...(skipped.length ? [' Not exported (no cron form):', ...skipped] : []),
  ].join('\n')
  return doc.toString({ lineWidth: 0 })
}

function oneLine(s: string): string {
  return s.replace(/[\r\n]+/g, ' ')
}
