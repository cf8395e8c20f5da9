import { DateTime } from 'luxon'
import { Document, YAMLMap, YAMLSeq } from 'yaml'
import type { FreezeExportData } from './export-data.ts'
import { formatCron } from './freeze-cron.ts'
import { type FreezeExportPlan, type PlannedEntry, planFreezeExport } from './freeze-schedule.ts'

export interface ArgoSyncWindow {
  kind: 'deny'
  schedule: string
  duration: string
  applications: string[]
  timeZone: string
  manualSync: boolean
}

export interface ArgoSyncWindowsOptions {
  /** Instant of the request: the export holds from then on. */
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

/** Argo CD duration (Go time.ParseDuration): whole hours as '<N>h', anything else as '<N>m'. */
export function argoDuration(minutes: number): string {
  return minutes % 60 === 0 ? `${minutes / 60}h` : `${minutes}m`
}

function oneLine(s: string): string {
  return s.replace(/[\r\n]+/g, ' ')
}

function localText(iso: string, zone: string): string {
  const dt = DateTime.fromISO(iso, { zone })
  return dt.isValid ? dt.toFormat('ccc yyyy-MM-dd HH:mm ZZZZ') : iso
}

/** The Argo CD plan and the AppProject text for it. */
export function buildArgoSyncWindows(data: FreezeExportData, opts: ArgoSyncWindowsOptions): { plan: FreezeExportPlan<'argocd'>; text: string } {
  const plan = planFreezeExport('argocd', data.strategy, opts)
  const byId = new Map((data.strategy?.freezeWindows ?? []).map((w) => [w.id, w]))
  const syncWindows = new YAMLSeq()
  for (const planned of plan.entries) {
    const w = byId.get(planned.windowId)
    const { entry } = planned
    const win: ArgoSyncWindow = {
      kind: 'deny',
      schedule: formatCron(entry.schedule),
      duration: argoDuration(entry.durationMinutes),
      applications: ['*'],
      timeZone: entry.timeZone,
      manualSync: true,
    }
    const node = new Document(win).contents as YAMLMap
    node.commentBefore = ` ${oneLine(w?.name ?? planned.windowId)}${w?.reason ? ` — ${oneLine(w.reason)}` : ''}${roleText(planned, w?.timeZone ?? entry.timeZone)}`
    syncWindows.items.push(node)
  }
  const doc = new Document({
    apiVersion: 'argoproj.io/v1alpha1',
    kind: 'AppProject',
    metadata: {
      name: argoProjectName(data.key),
      annotations: { 'railyard.io/valid-from': plan.validFrom, 'railyard.io/valid-until': plan.validUntil },
    },
    spec: { syncWindows },
  })
  const tierText = plan.tier ? `tier ${oneLine(plan.tier)}` : 'every tier'
  const notes = plan.windows.flatMap((w) => w.notes.map((n) => ` - ${oneLine(w.name)} (${w.id}): ${oneLine(n)}`))
  doc.commentBefore = [
    ` Argo CD sync windows from the freeze windows of ${oneLine(data.name)} (${oneLine(data.key)})`,
    ` that apply to ${tierText}; merge spec.syncWindows into the AppProject. Generated ${plan.validFrom}.`,
    ` Valid until ${plan.validUntil}: these windows mean exactly the freezes until then`,
    ` (a deny window is active from each schedule fire for its duration of absolute time); export again before then.`,
    ...(plan.unsupported.length
      ? [
          ' Unsupported (not right for the whole 12 months):',
          ...plan.unsupported.map((u) => ` - ${oneLine(u.name)} (${u.id}): ${oneLine(u.reason)}; valid until ${u.validUntil}`),
        ]
      : []),
    ...(notes.length ? [' How the windows are written:', ...notes] : []),
  ].join('\n')
  return { plan, text: doc.toString({ lineWidth: 0 }) }
}

function roleText(p: PlannedEntry<'argocd'>, zone: string): string {
  const o = p.occurrence
  switch (p.role) {
    case 'rule':
      return ''
    case 'tail':
      return ' (end-anchored part: keeps the end exact across daylight-saving changes)'
    case 'dated':
      return o ? ` (occurrence ${localText(o.start, zone)} – ${localText(o.end, zone)}; dated)` : ' (dated)'
    case 'gap':
      return o ? ` (the hour a daylight-saving change adds: ${localText(o.start, zone)} – ${localText(o.end, zone)}; dated)` : ' (dated)'
  }
}

/**
 * An Argo CD AppProject fragment whose spec.syncWindows deny syncs during the program's freeze
 * windows that apply to the tier (default the last tier of the promotion path; windows listing no
 * tiers included). Argo CD holds a deny window active from each `schedule` fire (read in
 * `timeZone`) for `duration` of absolute time; the windows are planned and checked under that rule
 * (freeze-schedule.ts): a weekly Friday 17:00 → Monday 08:00 freeze, 62–64 hours long depending on
 * daylight-saving changes, becomes a 62h window from Friday 17:00 plus a 2h window from Monday
 * 06:00. Manual syncs stay allowed (manualSync: true) for break-glass emergencies. The validity and
 * what is unsupported are in the header comment and in metadata.annotations.
 */
export function formatArgoSyncWindows(
  data: FreezeExportData,
  opts: ArgoSyncWindowsOptions,
): { body: string; validFrom: string; validUntil: string; unsupported: number } {
  const { plan, text } = buildArgoSyncWindows(data, opts)
  return { body: text, validFrom: plan.validFrom, validUntil: plan.validUntil, unsupported: plan.unsupported.length }
}
