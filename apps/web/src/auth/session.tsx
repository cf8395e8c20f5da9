/**
 * The signed-in persona: a dev token from POST /auth/dev-token (or a pasted token), kept in
 * localStorage so a reload stays signed in. `useSession()` gives the token and sign-in/out.
 */
import { createContext, useCallback, useContext, useEffect, useMemo, useState } from 'react'
import type { ReactNode } from 'react'
import { configureClient } from '../api/client.ts'
import { claimsOf } from './personas.ts'
import type { PersonaClaims } from './personas.ts'

const TOKEN_KEY = 'railyard.token'
const CLAIMS_KEY = 'railyard.persona'

export interface Session {
  token: string | null
  /** The claims asked for (dev mode), or null for a pasted token. */
  persona: PersonaClaims | null
  signIn: (persona: PersonaClaims) => Promise<void>
  signInWithToken: (token: string) => void
  signOut: () => void
  /** Set when the server refused the token (expired or signed by another key). */
  expired: boolean
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
  if (res.status === 404) throw new DevTokenError('Demo sign-in is turned off on this server (AUTH_MODE is not dev). Paste a token instead.', 404)
  if (!res.ok) throw new DevTokenError(`Sign-in failed: ${res.status} ${res.statusText}`.trim(), res.status)
  const body = (await res.json()) as { token?: unknown }
  if (typeof body.token !== 'string') throw new DevTokenError('Sign-in failed: the server sent no token.', res.status)
  return body.token
}

export function SessionProvider({ children }: { children: ReactNode }) {
  const [token, setToken] = useState<string | null>(() => readStorage(TOKEN_KEY))
  const [persona, setPersona] = useState<PersonaClaims | null>(() => {
    const raw = readStorage(CLAIMS_KEY)
    if (!raw) return null
    try {
      return JSON.parse(raw) as PersonaClaims
    } catch {
      return null
    }
  })
  const [expired, setExpired] = useState(false)

  const signOut = useCallback(() => {
    writeStorage(TOKEN_KEY, null)
    writeStorage(CLAIMS_KEY, null)
    setToken(null)
    setPersona(null)
  }, [])

  const signIn = useCallback(async (p: PersonaClaims) => {
    const t = await fetchDevToken(p)
    writeStorage(TOKEN_KEY, t)
    writeStorage(CLAIMS_KEY, JSON.stringify(claimsOf(p)))
    setExpired(false)
    setPersona(claimsOf(p))
    setToken(t)
  }, [])

  const signInWithToken = useCallback((t: string) => {
    writeStorage(TOKEN_KEY, t)
    writeStorage(CLAIMS_KEY, null)
    setExpired(false)
    setPersona(null)
    setToken(t)
  }, [])

  // The client reads the token at call time; an UNAUTHENTICATED answer signs out.
  configureClient({
    token: () => token,
    onUnauthenticated: () => {
      setExpired(true)
      signOut()
    },
  })

  // Another tab signed in or out: follow it.
  useEffect(() => {
    const onStorage = (e: StorageEvent) => {
      if (e.key === TOKEN_KEY) setToken(e.newValue)
    }
    window.addEventListener('storage', onStorage)
    return () => window.removeEventListener('storage', onStorage)
  }, [])

  const value = useMemo<Session>(
    () => ({ token, persona, signIn, signInWithToken, signOut, expired }),
    [token, persona, signIn, signInWithToken, signOut, expired],
  )
  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>
}

export function useSession(): Session {
  const s = useContext(SessionContext)
  if (!s) throw new Error('useSession outside <SessionProvider>')
  return s
}
