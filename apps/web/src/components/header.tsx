/** Site header: product name, primary navigation, who you are, program, persona switch (dev mode) and sign-out. */
import { useEffect, useId, useRef, useState } from 'react'
import { useSession } from '../auth/session.tsx'
import { PERSONAS } from '../auth/personas.ts'
import { useDisplayZone } from '../lib/display-zone.ts'
import { enumText } from '../lib/format.ts'
import { useExceptionCan, useReadScope, useWebhookCan } from '../permissions.ts'
import { Link, useLocation } from '../router.tsx'
import { useViewer } from '../viewer.tsx'
import { useHeaderCounts } from './header-counts.ts'

interface NavItem {
  to: string
  label: string
  testId: string
  match: (p: string, home: 'health' | 'roadmap') => boolean
}

/** `home` is what '/' shows the viewer: program health for program roles, the roadmap for agencies. */
const PRIMARY: NavItem[] = [
  { to: '/health', label: 'Health', testId: 'nav-health', match: (p, home) => p === '/health' || (p === '/' && home === 'health') },
  { to: '/roadmap', label: 'Roadmap', testId: 'nav-roadmap', match: (p, home) => p === '/roadmap' || (p === '/' && home === 'roadmap') },
  { to: '/plans', label: 'Plans', testId: 'nav-plans', match: (p: string) => p.startsWith('/plans') },
  { to: '/approvals', label: 'Approvals', testId: 'nav-approvals', match: (p: string) => p.startsWith('/approvals') },
]

/** Secondary pages, behind the "More" disclosure (shown in full in the narrow-screen menu). */
const SECONDARY: NavItem[] = [
  { to: '/environments', label: 'Environments', testId: 'nav-environments', match: (p: string) => p.startsWith('/environments') },
  { to: '/metrics', label: 'Delivery metrics', testId: 'nav-metrics', match: (p) => p === '/metrics' },
  { to: '/exceptions', label: 'Exception requests', testId: 'nav-exceptions', match: (p: string) => p.startsWith('/exceptions') },
  { to: '/program', label: 'Program framework', testId: 'nav-program', match: (p: string) => p.startsWith('/program') },
  { to: '/webhooks', label: 'Webhooks', testId: 'nav-webhooks', match: (p: string) => p.startsWith('/webhooks') },
  {
    to: '/settings/notifications',
    label: 'Notification settings',
    testId: 'nav-notification-settings',
    match: (p: string) => p.startsWith('/settings/notifications'),
  },
]

export function Header() {
  const { viewer, programs, program, setProgramKey } = useViewer()
  const { signOut, signIn, persona, mode } = useSession()
  const { pathname } = useLocation()
  const home = useReadScope().programWide ? 'health' : 'roadmap'
  const [menuOpen, setMenuOpen] = useState(false)
  const exceptionCan = useExceptionCan()
  const webhookCan = useWebhookCan()
  const secondary = SECONDARY.filter((n) => (n.to !== '/exceptions' || exceptionCan.decide) && (n.to !== '/webhooks' || webhookCan.manage))
  const counts = useHeaderCounts()
  const [switching, setSwitching] = useState(false)

  const switchTo = async (sub: string) => {
    const p = PERSONAS.find((x) => x.sub === sub)
    if (!p) return
    setSwitching(true)
    try {
      await signIn(p)
    } catch {
      signOut()
    } finally {
      setSwitching(false)
    }
  }

  return (
    <header className="ry-header" data-testid="site-header">
      <div className="ry-header__bar">
        <div className="ry-header__brand">
          <Link to="/" className="ry-logo" aria-label="Railyard home">
            <span aria-hidden="true" className="ry-logo__mark">
              ⇶
            </span>{' '}
            Railyard
          </Link>
          {program ? (
            programs.length > 1 ? (
              <label className="ry-program-select">
                <span className="usa-sr-only">Program</span>
                <select className="usa-select" value={program.key} onChange={(e) => setProgramKey(e.target.value)} data-testid="program-select">
                  {programs.map((p) => (
                    <option key={p.id} value={p.key}>
                      {p.key} — {p.name}
                    </option>
                  ))}
                </select>
              </label>
            ) : (
              <span className="ry-program-name" data-testid="program-name" title={`${program.key} · ${program.name}`}>
                {program.key} · {program.name}
              </span>
            )
          ) : null}
        </div>
        <button
          type="button"
          className="usa-button usa-button--outline usa-button--inverse ry-menu-button"
          aria-expanded={menuOpen}
          aria-controls="primary-nav"
          onClick={() => setMenuOpen((o) => !o)}
        >
          Menu
        </button>
        <nav id="primary-nav" aria-label="Primary" className={`ry-nav ${menuOpen ? 'is-open' : ''}`}>
          <ul role="list">
            {PRIMARY.map((n) => (
              <li key={n.to}>
                <NavLink
                  item={n}
                  pathname={pathname}
                  home={home}
                  onNavigate={() => setMenuOpen(false)}
                  count={n.to === '/approvals' && counts.approvals ? { n: counts.approvals, label: 'waiting for you', testId: 'approvals-count' } : undefined}
                />
              </li>
            ))}
            <li className="ry-nav__more-item">
              <MoreMenu items={secondary} pathname={pathname} home={home} onNavigate={() => setMenuOpen(false)} />
            </li>
          </ul>
          {/* the narrow-screen menu lists the secondary pages as they are */}
          <ul role="list" className="ry-nav__secondary">
            {secondary.map((n) => (
              <li key={n.to}>
                <NavLink item={n} pathname={pathname} home={home} onNavigate={() => setMenuOpen(false)} testId={`${n.testId}-narrow`} />
              </li>
            ))}
          </ul>
        </nav>
        <Bell unread={counts.unread} current={pathname === '/notifications'} />
        <div className="ry-whoami" data-testid="whoami">
          <div className="ry-whoami__text">
            <span className="ry-whoami__name" data-testid="viewer-name">
              {viewer.displayName ?? viewer.subject}
            </span>
            <span className="ry-whoami__meta">
              <span data-testid="viewer-roles">{viewer.roles.map(enumText).join(', ')}</span>
              {viewer.agency ? (
                <>
                  {' · '}
                  <abbr title={viewer.agency.name} data-testid="viewer-agency">
                    {viewer.agency.code}
                  </abbr>
                </>
              ) : null}
            </span>
          </div>
          <ZoneSwitch />
          {mode === 'dev' ? (
            <label className="ry-persona-switch">
              <span className="usa-sr-only">Switch persona</span>
              <select
                className="usa-select"
                value={persona?.sub ?? ''}
                disabled={switching}
                onChange={(e) => void switchTo(e.target.value)}
                data-testid="persona-switch"
              >
                {persona && PERSONAS.some((p) => p.sub === persona.sub) ? null : <option value="">Switch persona…</option>}
                {PERSONAS.map((p) => (
                  <option key={p.sub} value={p.sub}>
                    {p.name}
                  </option>
                ))}
              </select>
            </label>
          ) : null}
          <button type="button" className="usa-button usa-button--unstyled ry-signout" onClick={signOut} data-testid="sign-out">
            Sign out
          </button>
        </div>
      </div>
    </header>
  )
}

/** Which zone times are shown in: the program's (default) or the viewer's own; remembered. */
function ZoneSwitch() {
  const z = useDisplayZone()
  return (
    <label className="ry-persona-switch" title="Times on every page are shown in this time zone">
      <span className="usa-sr-only">Show times in</span>
      <select className="usa-select" value={z.mode} onChange={(e) => z.setMode(e.target.value === 'local' ? 'local' : 'program')} data-testid="zone-switch">
        <option value="program">Program time ({z.programAbbreviation})</option>
        <option value="local">Your time ({z.localAbbreviation})</option>
      </select>
    </label>
  )
}

function NavLink({
  item: n,
  pathname,
  home,
  onNavigate,
  testId,
  className,
  count,
}: {
  item: NavItem
  pathname: string
  home: 'health' | 'roadmap'
  onNavigate: () => void
  testId?: string
  className?: string
  /** a number shown after the label (e.g. requests waiting), with words for screen readers */
  count?: { n: number; label: string; testId: string }
}) {
  const current = n.match(pathname, home)
  return (
    <Link
      to={n.to}
      data-testid={testId ?? n.testId}
      aria-current={current ? 'page' : undefined}
      className={[current ? 'is-current' : '', className ?? ''].filter(Boolean).join(' ') || undefined}
      onClick={onNavigate}
    >
      {n.label}
      {count ? (
        <>
          {' '}
          <span className="ry-count" data-testid={count.testId}>
            {count.n}
          </span>
          <span className="usa-sr-only"> {count.label}</span>
        </>
      ) : null}
    </Link>
  )
}

/**
 * The bell: a link to the notifications page with the unread count (polled, see header-counts),
 * and a polite live region that says the count when it changes.
 */
function Bell({ unread, current }: { unread: number | null; current: boolean }) {
  const words = unread === null ? '' : unread === 0 ? 'No unread notifications' : `${unread} unread ${unread === 1 ? 'notification' : 'notifications'}`
  return (
    <div className="ry-bell-wrap">
      <Link
        to="/notifications"
        className={`ry-bell ${current ? 'is-current' : ''}`}
        aria-current={current ? 'page' : undefined}
        data-testid="notifications-bell"
        data-unread={unread ?? undefined}
      >
        <svg aria-hidden="true" focusable="false" viewBox="0 0 24 24" width="22" height="22" className="ry-bell__icon">
          <path
            fill="currentColor"
            d="M12 22a2.5 2.5 0 0 0 2.45-2h-4.9A2.5 2.5 0 0 0 12 22Zm7-6V11a7 7 0 0 0-5.5-6.84V3a1.5 1.5 0 0 0-3 0v1.16A7 7 0 0 0 5 11v5l-2 2v1h18v-1l-2-2Z"
          />
        </svg>
        <span className="usa-sr-only">Notifications</span>
        {unread ? (
          <span className="ry-count ry-bell__count" data-testid="notifications-unread">
            <span className="usa-sr-only">, </span>
            {unread}
            <span className="usa-sr-only"> unread</span>
          </span>
        ) : null}
      </Link>
      <span className="usa-sr-only" role="status" aria-live="polite" data-testid="notifications-live">
        {words}
      </span>
    </div>
  )
}

/**
 * The "More" disclosure of the primary navigation (a button that shows and hides a list of
 * links: the disclosure pattern, not an ARIA menu). Escape or a click elsewhere closes it;
 * Escape returns focus to the button. Marked current when one of its pages is.
 */
function MoreMenu({ items, pathname, home, onNavigate }: { items: NavItem[]; pathname: string; home: 'health' | 'roadmap'; onNavigate: () => void }) {
  const [open, setOpen] = useState(false)
  const id = useId()
  const wrap = useRef<HTMLDivElement>(null)
  const button = useRef<HTMLButtonElement>(null)
  const current = items.find((n) => n.match(pathname, home))
  useEffect(() => {
    if (!open) return
    const onDown = (e: MouseEvent) => {
      if (wrap.current && !wrap.current.contains(e.target as Node)) setOpen(false)
    }
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'Escape') {
        setOpen(false)
        button.current?.focus()
      }
    }
    const onFocus = (e: FocusEvent) => {
      if (wrap.current && e.target instanceof Node && !wrap.current.contains(e.target)) setOpen(false)
    }
    document.addEventListener('mousedown', onDown)
    document.addEventListener('keydown', onKey)
    document.addEventListener('focusin', onFocus)
    return () => {
      document.removeEventListener('mousedown', onDown)
      document.removeEventListener('keydown', onKey)
      document.removeEventListener('focusin', onFocus)
    }
  }, [open])
  return (
    <div className="ry-more" ref={wrap}>
      <button
        ref={button}
        type="button"
        className={`ry-more__button ${current ? 'is-current' : ''}`}
        aria-expanded={open}
        aria-controls={`${id}-list`}
        onClick={() => setOpen((o) => !o)}
        data-testid="nav-more"
      >
        More
        {current ? <span className="usa-sr-only"> (current page: {current.label})</span> : null}
        <span aria-hidden="true" className="ry-more__caret">
          ▾
        </span>
      </button>
      <ul id={`${id}-list`} role="list" className="ry-more__list" hidden={!open} data-testid="nav-more-list">
        {items.map((n) => (
          <li key={n.to}>
            <NavLink
              item={n}
              pathname={pathname}
              home={home}
              onNavigate={() => {
                setOpen(false)
                onNavigate()
              }}
            />
          </li>
        ))}
      </ul>
    </div>
  )
}
