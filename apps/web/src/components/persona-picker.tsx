/** AUTH_MODE=dev: sign in as a demo persona (POST /auth/dev-token), or paste a token to try one. With AUTH_MODE=oidc people use SignInPage. */
import { useState } from 'react'
import type { FormEvent } from 'react'
import { useSession } from '../auth/session.tsx'
import { PERSONAS } from '../auth/personas.ts'
import type { Persona } from '../auth/personas.ts'

const GROUPS: Persona['group'][] = ['Program office', 'Agencies', 'Second agency managers', 'Integrations']

function roleLabel(p: Persona): string {
  return [p.roles.map((r) => r.replace(/_/g, ' ').toLowerCase()).join(', '), p.agency, p.scopes?.join(' ')].filter(Boolean).join(' · ')
}

export function PersonaPicker() {
  const { signIn, signInWithToken, expired } = useSession()
  const [busy, setBusy] = useState<string | null>(null)
  const [error, setError] = useState<string | null>(null)
  const [pasted, setPasted] = useState('')

  const choose = async (p: Persona) => {
    setBusy(p.sub)
    setError(null)
    try {
      await signIn(p)
    } catch (e) {
      setError((e as Error).message)
    } finally {
      setBusy(null)
    }
  }

  const usePasted = (e: FormEvent) => {
    e.preventDefault()
    const t = pasted.trim().replace(/^Bearer\s+/i, '')
    if (t) signInWithToken(t)
  }

  return (
    <>
      <header className="ry-header">
        <div className="ry-header__bar">
          <span className="ry-logo">
            <span aria-hidden="true" className="ry-logo__mark">
              ⇶
            </span>{' '}
            Railyard
          </span>
        </div>
      </header>
      <main id="main-content" className="grid-container padding-y-4" data-testid="persona-picker">
        <h1 className="margin-top-0">Sign in to Railyard</h1>
        <p className="usa-intro">Choose a demo persona. Each one sees and may change what its role allows.</p>
        {expired ? (
          <div className="usa-alert usa-alert--warning usa-alert--slim" role="status" data-testid="session-expired">
            <div className="usa-alert__body">
              <p className="usa-alert__text">Your session ended or the server did not accept the token. Please sign in again.</p>
            </div>
          </div>
        ) : null}
        {error ? (
          <div className="usa-alert usa-alert--error usa-alert--slim" role="alert" data-testid="sign-in-error">
            <div className="usa-alert__body">
              <p className="usa-alert__text">{error}</p>
            </div>
          </div>
        ) : null}
        {GROUPS.map((g) => (
          <section key={g} aria-labelledby={`persona-group-${g.replace(/\W/g, '')}`} className="margin-top-3">
            <h2 id={`persona-group-${g.replace(/\W/g, '')}`} className="font-heading-md">
              {g}
            </h2>
            <ul className="ry-persona-list" role="list">
              {PERSONAS.filter((p) => p.group === g).map((p) => (
                <li key={p.sub}>
                  <button
                    type="button"
                    className="ry-persona"
                    onClick={() => void choose(p)}
                    disabled={busy !== null}
                    aria-busy={busy === p.sub}
                    data-testid={`persona-${p.sub}`}
                  >
                    <span className="usa-sr-only">Sign in as </span>
                    <span className="ry-persona__name">{p.name}</span>
                    <span className="ry-persona__role">{roleLabel(p)}</span>
                    <span className="ry-persona__desc">{busy === p.sub ? 'Signing in…' : p.description}</span>
                  </button>
                </li>
              ))}
            </ul>
          </section>
        ))}
        <details className="margin-top-4">
          <summary>Use an access token instead</summary>
          <form className="usa-form maxw-none" onSubmit={usePasted}>
            <label className="usa-label" htmlFor="pasted-token">
              Bearer token (JWT)
            </label>
            <textarea
              id="pasted-token"
              className="usa-textarea"
              rows={3}
              value={pasted}
              onChange={(e) => setPasted(e.target.value)}
              data-testid="pasted-token"
            />
            <button type="submit" className="usa-button margin-top-1" data-testid="use-token" disabled={!pasted.trim()}>
              Use token
            </button>
          </form>
        </details>
      </main>
    </>
  )
}
