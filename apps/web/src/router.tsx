/**
 * A small client-side router over the History API: a location store, navigate(), <Link>, path
 * patterns with :params, and the query string as state (replaceState keeps views shareable
 * without filling the history).
 */
import { useCallback, useSyncExternalStore } from 'react'
import type { AnchorHTMLAttributes, MouseEvent } from 'react'

const EVENT = 'railyard:navigate'

function subscribe(onChange: () => void): () => void {
  window.addEventListener('popstate', onChange)
  window.addEventListener(EVENT, onChange)
  return () => {
    window.removeEventListener('popstate', onChange)
    window.removeEventListener(EVENT, onChange)
  }
}

const snapshot = () => window.location.pathname + window.location.search

export interface Location {
  pathname: string
  search: string
}

export function useLocation(): Location {
  const href = useSyncExternalStore(subscribe, snapshot, () => '/')
  const q = href.indexOf('?')
  return q < 0 ? { pathname: href, search: '' } : { pathname: href.slice(0, q), search: href.slice(q) }
}

export function navigate(to: string, options: { replace?: boolean } = {}): void {
  const current = snapshot()
  if (to === current) return
  if (options.replace) window.history.replaceState(null, '', to)
  else {
    window.history.pushState(null, '', to)
    window.scrollTo(0, 0)
  }
  window.dispatchEvent(new Event(EVENT))
}

export interface LinkProps extends Omit<AnchorHTMLAttributes<HTMLAnchorElement>, 'href'> {
  to: string
}

/** An anchor that navigates in place (ctrl/cmd/middle-click still open a new tab). */
export function Link({ to, onClick, ...rest }: LinkProps) {
  const handle = (e: MouseEvent<HTMLAnchorElement>) => {
    onClick?.(e)
    if (e.defaultPrevented || e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey) return
    if (rest.target && rest.target !== '_self') return
    e.preventDefault()
    navigate(to)
  }
  return <a href={to} onClick={handle} {...rest} />
}

/** Params of `pattern` (e.g. '/plans/:id') in `pathname`, or null when it does not match. */
export function matchPath(pattern: string, pathname: string): Record<string, string> | null {
  const p = pattern.split('/').filter(Boolean)
  const s = pathname.replace(/\/+$/, '').split('/').filter(Boolean)
  if (p.length !== s.length) return null
  const params: Record<string, string> = {}
  for (const [i, seg] of p.entries()) {
    const val = s[i] ?? ''
    if (seg.startsWith(':')) params[seg.slice(1)] = decodeURIComponent(val)
    else if (seg !== val) return null
  }
  return params
}

/** The query string as URLSearchParams, and a setter that replaces (default) or pushes it. */
export function useSearchParams(): [URLSearchParams, (next: URLSearchParams, options?: { push?: boolean }) => void] {
  const { pathname, search } = useLocation()
  const params = new URLSearchParams(search)
  const set = useCallback(
    (next: URLSearchParams, options: { push?: boolean } = {}) => {
      const qs = next.toString()
      navigate(pathname + (qs ? `?${qs}` : ''), { replace: !options.push })
    },
    [pathname],
  )
  return [params, set]
}
