/**
 * The gateway's calendar file and exports (apps/gateway/src/exports/routes.ts), as buttons of the
 * roadmap, plan and program pages: fetched with the signed-in token in the Authorization header
 * and handed to the browser as a file (or opened in a new tab). Session tokens never go into a
 * URL: a plain link could only carry one in its query string, where it would land in history,
 * logs and Referer headers.
 */
import { useState } from 'react'
import type { ReactNode } from 'react'
import { currentToken } from '../api/client.ts'

/** `path?k=v` (empty values left out). */
export function exportHref(path: string, params: Record<string, string | null | undefined> = {}): string {
  const q = new URLSearchParams()
  for (const [k, v] of Object.entries(params)) if (v) q.set(k, v)
  const s = q.toString()
  return s ? `${path}?${s}` : path
}

export const paths = {
  calendar: (programKey: string) => `/calendar/${encodeURIComponent(programKey)}.ics`,
  roadmapCsv: (programKey: string) => `/exports/${encodeURIComponent(programKey)}/roadmap.csv`,
  roadmapPdf: (programKey: string) => `/exports/${encodeURIComponent(programKey)}/roadmap.pdf`,
  gitlab: (programKey: string) => `/exports/${encodeURIComponent(programKey)}/gitlab-freeze-periods.json`,
  argocd: (programKey: string) => `/exports/${encodeURIComponent(programKey)}/argocd-sync-windows.yaml`,
  rmp: (planId: string, format: 'html' | 'md' | 'pdf') => `/exports/plans/${encodeURIComponent(planId)}/rmp.${format}`,
}

/** The file name of a `Content-Disposition` header, else the last segment of the path. */
export function filenameOf(contentDisposition: string | null, href: string): string {
  const m = /filename="?([^";]+)"?/i.exec(contentDisposition ?? '')
  if (m?.[1]) return m[1]
  const last = href.split('?')[0]?.split('/').pop()
  return last ? decodeURIComponent(last) : 'export'
}

class ExportError extends Error {
  override name = 'ExportError'
}

/**
 * Fetches `href` as the signed-in user and saves it (`download`) or shows it in a new tab
 * (`open`; the tab is opened before the request so that pop-up blockers allow it).
 */
async function saveExport(href: string, mode: 'download' | 'open' = 'download'): Promise<void> {
  const tab = mode === 'open' ? window.open('', '_blank') : null
  if (tab) tab.opener = null
  let res: Response
  try {
    const token = currentToken()
    res = await fetch(href, { headers: token ? { authorization: `Bearer ${token}` } : {} })
  } catch {
    tab?.close()
    throw new ExportError('Cannot reach the server.')
  }
  if (!res.ok) {
    tab?.close()
    const text = (await res.text().catch(() => '')).trim()
    throw new ExportError(text || `The server answered ${res.status}.`)
  }
  const blob = await res.blob()
  const url = URL.createObjectURL(blob)
  if (tab) tab.location.href = url
  else {
    const a = document.createElement('a')
    a.href = url
    a.download = filenameOf(res.headers.get('content-disposition'), href)
    a.rel = 'noopener'
    document.body.append(a)
    a.click()
    a.remove()
  }
  setTimeout(() => URL.revokeObjectURL(url), 60_000)
}

/** A control that fetches an export and saves or opens it; failures are shown next to it. */
export function ExportButton({
  href,
  mode = 'download',
  className = 'usa-button usa-button--unstyled',
  testId,
  children,
}: {
  href: string
  mode?: 'download' | 'open'
  className?: string
  testId?: string
  children: ReactNode
}) {
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<string | null>(null)
  const run = async () => {
    setBusy(true)
    setError(null)
    try {
      await saveExport(href, mode)
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e))
    } finally {
      setBusy(false)
    }
  }
  return (
    <>
      <button type="button" className={className} onClick={() => void run()} aria-busy={busy} disabled={busy} data-testid={testId} data-href={href}>
        {children}
      </button>
      {error ? (
        <span className="usa-error-message display-inline margin-left-1" role="alert" data-testid={testId ? `${testId}-error` : undefined}>
          {error}
        </span>
      ) : null}
    </>
  )
}
