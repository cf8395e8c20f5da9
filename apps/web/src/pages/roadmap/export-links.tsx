/**
 * Links to the gateway's calendar feed and exports (apps/gateway/src/exports/routes.ts). A link
 * cannot send an Authorization header, so each URL carries the signed-in token as `?token=`
 * (calendar apps subscribe by URL the same way).
 */
import { useRef, useState } from 'react'
import { useSession } from '../../auth/session.tsx'

/** `path?token=…&k=v` (empty values left out). */
export function exportHref(path: string, token: string | null, params: Record<string, string | null | undefined> = {}): string {
  const q = new URLSearchParams()
  if (token) q.set('token', token)
  for (const [k, v] of Object.entries(params)) if (v) q.set(k, v)
  const s = q.toString()
  return s ? `${path}?${s}` : path
}

/** The same URL with this site's origin (what a calendar app needs). */
function absoluteUrl(href: string): string {
  try {
    return new URL(href, window.location.origin).toString()
  } catch {
    return href
  }
}

export const paths = {
  calendar: (programKey: string) => `/calendar/${encodeURIComponent(programKey)}.ics`,
  roadmapCsv: (programKey: string) => `/exports/${encodeURIComponent(programKey)}/roadmap.csv`,
  gitlab: (programKey: string) => `/exports/${encodeURIComponent(programKey)}/gitlab-freeze-periods.json`,
  argocd: (programKey: string) => `/exports/${encodeURIComponent(programKey)}/argocd-sync-windows.yaml`,
  rmp: (planId: string, format: 'html' | 'md') => `/exports/plans/${encodeURIComponent(planId)}/rmp.${format}`,
}

/** The roadmap's export controls: the iCal subscription (link + copyable address) and the CSV of the shown range. */
export function RoadmapExports({ programKey, range }: { programKey: string; range: { from: string; to: string } }) {
  const { token } = useSession()
  const icsUrl = absoluteUrl(exportHref(paths.calendar(programKey), token))
  const csvHref = exportHref(paths.roadmapCsv(programKey), token, { from: range.from, to: range.to })
  const input = useRef<HTMLInputElement>(null)
  const [copied, setCopied] = useState(false)
  const copy = async () => {
    input.current?.select()
    try {
      await navigator.clipboard.writeText(icsUrl)
      setCopied(true)
      setTimeout(() => setCopied(false), 2000)
    } catch {
      // no clipboard access: the address stays selected for Ctrl+C
    }
  }
  return (
    <>
      <a className="usa-button usa-button--outline" href={icsUrl} data-testid="export-ics">
        Subscribe (iCal)
      </a>
      <label className="usa-sr-only" htmlFor="export-ics-url">
        Calendar subscription address (it contains your sign-in token: do not share it)
      </label>
      <input
        id="export-ics-url"
        ref={input}
        className="usa-input ry-select-inline"
        style={{ width: '14rem', marginTop: 0 }}
        type="text"
        readOnly
        value={icsUrl}
        onFocus={(e) => e.currentTarget.select()}
        title="Paste this address into your calendar app to subscribe. It contains your sign-in token: do not share it."
        data-testid="export-ics-url"
      />
      <button type="button" className="usa-button usa-button--unstyled" onClick={() => void copy()} aria-live="polite" data-testid="export-ics-copy">
        {copied ? 'Copied' : 'Copy address'}
      </button>
      <a className="usa-button usa-button--outline" href={csvHref} download data-testid="export-csv">
        Download CSV
        <span className="usa-sr-only">
          {' '}
          of the roadmap from {range.from} to {range.to}
        </span>
      </a>
    </>
  )
}
