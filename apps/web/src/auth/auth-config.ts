/**
 * How this server signs people in, from the gateway's public GET /auth/config:
 * `dev` (persona picker, POST /auth/dev-token) or `oidc` (OpenID Connect, authorization code + PKCE).
 */
export type BearerTokenKind = 'access_token' | 'id_token'

export interface OidcSettings {
  mode: 'oidc'
  issuer: string
  /** null: the server accepts provider tokens but has no web client registered (AUTH_CLIENT_ID unset). */
  clientId: string | null
  scopes: string[]
  bearerToken: BearerTokenKind
  acrValues: string | null
  logoutIdTokenHint: boolean
}

export type AuthSettings = { mode: 'dev' } | OidcSettings

export class AuthConfigError extends Error {
  override name = 'AuthConfigError'
}

function isStringArray(v: unknown): v is string[] {
  return Array.isArray(v) && v.every((s) => typeof s === 'string')
}

/** Narrows the JSON of /auth/config; anything unexpected is an AuthConfigError. */
export function parseAuthSettings(body: unknown): AuthSettings {
  const b = (typeof body === 'object' && body !== null ? body : {}) as Record<string, unknown>
  if (b.mode === 'dev') return { mode: 'dev' }
  if (b.mode === 'oidc' && typeof b.issuer === 'string' && isStringArray(b.scopes)) {
    return {
      mode: 'oidc',
      issuer: b.issuer,
      clientId: typeof b.clientId === 'string' && b.clientId !== '' ? b.clientId : null,
      scopes: b.scopes,
      bearerToken: b.bearerToken === 'id_token' ? 'id_token' : 'access_token',
      acrValues: typeof b.acrValues === 'string' && b.acrValues !== '' ? b.acrValues : null,
      logoutIdTokenHint: b.logoutIdTokenHint === true,
    }
  }
  throw new AuthConfigError('The server sent sign-in settings this client does not understand.')
}

export async function fetchAuthSettings(): Promise<AuthSettings> {
  let res: Response
  try {
    res = await fetch('/auth/config', { headers: { accept: 'application/json' } })
  } catch {
    throw new AuthConfigError('Cannot reach the server.')
  }
  if (res.status === 404) throw new AuthConfigError('Sign-in is not configured on this server.')
  if (!res.ok) throw new AuthConfigError(`The server answered ${res.status} for its sign-in settings.`)
  let body: unknown
  try {
    body = await res.json()
  } catch {
    throw new AuthConfigError('The server sent sign-in settings that are not JSON.')
  }
  return parseAuthSettings(body)
}
