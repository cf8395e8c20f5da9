/** Site header: product name, primary navigation, who you are, program, persona switch (dev mode) and sign-out. */
import { useState } from 'react'
import { useSession } from '../auth/session.tsx'
import { PERSONAS } from '../auth/personas.ts'
import { Link, useLocation } from '../router.tsx'
import { useViewer } from '../viewer.tsx'

const NAV = [
  { to: '/', label: 'Roadmap', testId: 'nav-roadmap', match: (p: string) => p === '/' },
  { to: '/plans', label: 'Plans', testId: 'nav-plans', match: (p: string) => p.startsWith('/plans') },
  { to: '/approvals', label: 'Approvals', testId: 'nav-approvals', match: (p: string) => p.startsWith('/approvals') },
  { to: '/environments', label: 'Environments', testId: 'nav-environments', match: (p: string) => p.startsWith('/environments') },
  { to: '/program', label: 'Program', testId: 'nav-program', match: (p: string) => p.startsWith('/program') },
]

export function Header() {
  const { viewer, programs, program, setProgramKey } = useViewer()
  const { signOut, signIn, persona, mode } = useSession()
  const { pathname } = useLocation()
  const [menuOpen, setMenuOpen] = useState(false)
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
              <span className="ry-program-name" data-testid="program-name">
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
            {NAV.map((n) => (
              <li key={n.to}>
                <Link
                  to={n.to}
                  data-testid={n.testId}
                  aria-current={n.match(pathname) ? 'page' : undefined}
                  className={n.match(pathname) ? 'is-current' : undefined}
                  onClick={() => setMenuOpen(false)}
                >
                  {n.label}
                </Link>
              </li>
            ))}
          </ul>
        </nav>
        <div className="ry-whoami" data-testid="whoami">
          <div className="ry-whoami__text">
            <span className="ry-whoami__name" data-testid="viewer-name">
              {viewer.displayName ?? viewer.subject}
            </span>
            <span className="ry-whoami__meta">
              <span data-testid="viewer-roles">{viewer.roles.map((r) => r.replace(/_/g, ' ').toLowerCase()).join(', ')}</span>
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
