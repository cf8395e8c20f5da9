/**
 * Who is signed in, in either of the server's modes (GET /auth/config):
 * - `dev`: a demo persona's token from POST /auth/dev-token (or a pasted token), kept in
 *   localStorage so a reload stays signed in;
 * - `oidc`: the state's identity provider through OpenID Connect (see oidc.ts).
 * `useSession()` gives the token, the mode and sign-in/out.
 */
import { createContext, useCallback, useContext, useEffect, useLayoutEffect, useMemo, useRef, useState } from 'react'
import type { ReactNode } from 'react'
import { configureClient } from '../api/client.ts'
import { type AuthSettings, type OidcSettings, fetchAuthSettings } from './auth-config.ts'
import { OidcSession } from './oidc.ts'
import { claimsOf } from './personas.ts'
import type { PersonaClaims } from './personas.ts'

const TOKEN_KEY = 'railyard.token'
const CLAIMS_KEY = 'railyard.persona'

type SessionMode = 'loading' | 'dev' | 'oidc' | 'unavailable'

export interface Session {
  mode: SessionMode
  /** The OIDC settings in oidc mode (null otherwise). */
  oidc: OidcSettings | null
  token: string | null
  /**
   * Who is signed in, stable while the same person's token is renewed (dev: the persona or the
   * pasted token; oidc: the provider's subject). Views key on it, not on the token.
   */
  identity: string | null
  /** The claims asked for (dev mode), or null for a pasted token and in oidc mode. */
  persona: PersonaClaims | null
  /** dev: sign in as a demo persona. */
  signIn: (persona: PersonaClaims) => Promise<void>
  /** dev: use a pasted token. */
  signInWithToken: (token: string) => void
  /** oidc: go to the identity provider and come back to the current URL. */
  signInWithProvider: () => Promise<void>
  signOut: () => void
  /** Set when the server refused the token (expired or signed by another key). */
  expired: boolean
  /** Set after signing out at the identity provider. */
  signedOut: boolean
  /** A sign-in problem to show (oidc), or why the server's sign-in settings could not be read. */
  problem: string | null
  /** False until the stored session (if any) has been resumed: show nothing to sign in with yet. */
  ready: boolean
  /** Reads the server's sign-in settings again (after 'unavailable'). */
  retry: () => void
}

const SessionContext = createContext<Session | null>(null)

function readStorage(key: string): string | null {
  try {
    return window.localStorage.getItem(key)
  } catch {
    return null
  }
}

function writeStorage(key: string, value: string | null): void {
  try {
    if (value === null) window.localStorage.removeItem(key)
    else window.localStorage.setItem(key, value)
  } catch {
    // storage unavailable (private mode): the session lasts for this page only
  }
}

class DevTokenError extends Error {
  constructor(
    message: string,
    readonly status: number,
  ) {
    super(message)
    this.name = 'DevTokenError'
  }
}

/** POST /auth/dev-token → the signed token. */
async function fetchDevToken(persona: PersonaClaims): Promise<string> {
  let res: Response
  try {
    res = await fetch('/auth/dev-token', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(claimsOf(persona)),
    })
  } catch {
    throw new DevTokenError('Cannot reach the server.', 0)
  }
  if (res.status === 404) throw new DevTokenError('Demo sign-in is turned off on this server (AUTH_MODE is not dev).', 404)
  if (!res.ok) throw new DevTokenError(`Sign-in failed: ${res.status} ${res.statusText}`.trim(), res.status)
  const body = (await res.json()) as { token?: unknown }
  if (typeof body.token !== 'string') throw new DevTokenError('Sign-in failed: the server sent no token.', res.status)
  return body.token
}

function storedPersona(): PersonaClaims | null {
  const raw = readStorage(CLAIMS_KEY)
  if (!raw) return null
  try {
    return JSON.parse(raw) as PersonaClaims
  } catch {
    return null
  }
}

export function SessionProvider({ children }: { children: ReactNode }) {
  const [settings, setSettings] = useState<AuthSettings | null>(null)
  const [unavailable, setUnavailable] = useState<string | null>(null)
  const [token, setToken] = useState<string | null>(null)
  const [identity, setIdentity] = useState<string | null>(null)
  const [persona, setPersona] = useState<PersonaClaims | null>(null)
  const [expired, setExpired] = useState(false)
  const [signedOut, setSignedOut] = useState(false)
  const [problem, setProblem] = useState<string | null>(null)
  const [ready, setReady] = useState(false)
  const oidcRef = useRef<OidcSession | null>(null)
  const [attempt, setAttempt] = useState(0)

  // The server's sign-in settings.
  useEffect(() => {
    let cancelled = false
    fetchAuthSettings().then(
      (s) => {
        if (cancelled) return
        setSettings(s)
        if (s.mode === 'dev') {
          // dev mode: the stored persona token.
          const t = readStorage(TOKEN_KEY)
          const p = storedPersona()
          setToken(t)
          setPersona(p)
          setIdentity(t ? (p?.sub ?? t) : null)
          setReady(true)
        } else if (!s.clientId) {
          setProblem('This server accepts tokens from its identity provider but has no web client registered (AUTH_CLIENT_ID is not set).')
          setReady(true)
        }
      },
      (e: unknown) => {
        if (!cancelled) setUnavailable(e instanceof Error ? e.message : String(e))
      },
    )
    return () => {
      cancelled = true
    }
  }, [attempt])

  // oidc mode: one session object for this tab.
  useEffect(() => {
    if (settings?.mode !== 'oidc') return
    const { clientId } = settings
    if (!clientId) return
    const session = new OidcSession(
      { ...settings, clientId },
      {
        onToken(t, subject) {
          setToken(t)
          setIdentity(subject)
          if (t) setSignedOut(false)
          setReady(true)
        },
        onProblem(message) {
          setProblem(message)
          if (message) setReady(true)
        },
        onSignedOut: () => setSignedOut(true),
      },
    )
    oidcRef.current = session
    session.start().catch((e: unknown) => {
      setProblem(`Sign-in failed: ${e instanceof Error ? e.message : String(e)}`)
      setReady(true)
    })
    return () => {
      session.dispose()
      oidcRef.current = null
    }
  }, [settings])

  const signOut = useCallback(() => {
    if (settings?.mode === 'oidc') {
      setToken(null)
      setIdentity(null)
      const session = oidcRef.current
      if (session)
        void session.signOut().catch((e: unknown) => setProblem(`Sign-out at the identity provider failed: ${e instanceof Error ? e.message : String(e)}`))
      return
    }
    writeStorage(TOKEN_KEY, null)
    writeStorage(CLAIMS_KEY, null)
    setToken(null)
    setIdentity(null)
    setPersona(null)
  }, [settings])

  const signIn = useCallback(async (p: PersonaClaims) => {
    const t = await fetchDevToken(p)
    writeStorage(TOKEN_KEY, t)
    writeStorage(CLAIMS_KEY, JSON.stringify(claimsOf(p)))
    setExpired(false)
    setPersona(claimsOf(p))
    setToken(t)
    setIdentity(p.sub)
  }, [])

  const signInWithToken = useCallback((t: string) => {
    writeStorage(TOKEN_KEY, t)
    writeStorage(CLAIMS_KEY, null)
    setExpired(false)
    setPersona(null)
    setToken(t)
    setIdentity(t)
  }, [])

  const signInWithProvider = useCallback(async () => {
    const session = oidcRef.current
    if (!session) return
    setSignedOut(false)
    await session.signIn()
  }, [])

  // The client reads the token at call time; an UNAUTHENTICATED answer ends a dev session, and
  // in oidc mode renews or signs in again.
  const tokenRef = useRef(token)
  useLayoutEffect(() => {
    tokenRef.current = token
  }, [token])
  useEffect(() => {
    configureClient({
      token: () => tokenRef.current,
      onUnauthenticated: (tokenUsed) => {
        if (settings?.mode === 'oidc') {
          void oidcRef.current?.tokenRefused(tokenUsed)
          return
        }
        if (tokenUsed !== null && tokenUsed !== tokenRef.current) return
        setExpired(true)
        signOut()
      },
    })
  }, [settings, signOut])

  // dev mode: another tab signed in or out — follow it.
  useEffect(() => {
    if (settings?.mode !== 'dev') return
    const onStorage = (e: StorageEvent) => {
      if (e.key !== TOKEN_KEY) return
      setToken(e.newValue)
      setPersona(storedPersona())
      setIdentity(e.newValue ? (storedPersona()?.sub ?? e.newValue) : null)
    }
    window.addEventListener('storage', onStorage)
    return () => window.removeEventListener('storage', onStorage)
  }, [settings])

  const mode: SessionMode = settings ? settings.mode : unavailable ? 'unavailable' : 'loading'
  const retry = useCallback(() => {
    setUnavailable(null)
    setAttempt((n) => n + 1)
  }, [])
  const value = useMemo<Session>(
    () => ({
      mode,
      oidc: settings?.mode === 'oidc' ? settings : null,
      token,
      identity,
      persona,
      signIn,
      signInWithToken,
      signInWithProvider,
      signOut,
      expired,
      signedOut,
      problem: problem ?? unavailable,
      ready: mode === 'unavailable' || ready,
      retry,
    }),
    [mode, settings, token, identity, persona, signIn, signInWithToken, signInWithProvider, signOut, expired, signedOut, problem, unavailable, ready, retry],
  )
  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>
}

export function useSession(): Session {
  const s = useContext(SessionContext)
  if (!s) throw new Error('useSession outside <SessionProvider>')
  return s
}
