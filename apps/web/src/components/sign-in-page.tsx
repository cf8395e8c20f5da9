/** Sign-in with the state's identity provider (AUTH_MODE=oidc): one button, and what went wrong if anything did. */
import { useState } from 'react'
import { useSession } from '../auth/session.tsx'

function providerHost(issuer: string): string {
  try {
    return new URL(issuer).host
  } catch {
    return issuer
  }
}

export function SignInPage() {
  const { oidc, signInWithProvider, signedOut, problem } = useSession()
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<string | null>(null)
  const go = async () => {
    setBusy(true)
    setError(null)
    try {
      await signInWithProvider()
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e))
      setBusy(false)
    }
  }
  const message = error ?? problem
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
      <main id="main-content" className="grid-container padding-y-4" data-testid="sign-in-page">
        <h1 className="margin-top-0">Sign in to Railyard</h1>
        {signedOut ? (
          <div className="usa-alert usa-alert--info usa-alert--slim" role="status" data-testid="signed-out">
            <div className="usa-alert__body">
              <p className="usa-alert__text">You have signed out.</p>
            </div>
          </div>
        ) : null}
        {message ? (
          <div className="usa-alert usa-alert--error usa-alert--slim" role="alert" data-testid="sign-in-error">
            <div className="usa-alert__body">
              <p className="usa-alert__text">{message}</p>
            </div>
          </div>
        ) : null}
        {oidc?.clientId ? (
          <>
            <p className="usa-intro">Sign in with your organization account. You will come back to the page you asked for.</p>
            <button type="button" className="usa-button usa-button--big" onClick={() => void go()} disabled={busy} aria-busy={busy} data-testid="oidc-sign-in">
              {busy ? 'Redirecting…' : 'Sign in'}
            </button>
            <p className="ry-muted margin-top-2">Identity provider: {providerHost(oidc.issuer)}</p>
          </>
        ) : null}
      </main>
    </>
  )
}
