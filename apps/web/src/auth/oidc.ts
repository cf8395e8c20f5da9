/**
 * Sign-in with the state's identity provider (AUTH_MODE=oidc), with `oidc-client-ts`:
 * authorization code + PKCE (S256), tokens kept in this tab's sessionStorage, renewed silently
 * before they expire (a refresh token when the provider issues one, else a hidden iframe on
 * /silent-renew.html with prompt=none); when renewal is impossible, a full sign-in that
 * returns to the same URL (path and query string). Tokens only ever travel in the
 * Authorization header: never in a URL (the end-session request names the client, not the
 * token, unless AUTH_LOGOUT_ID_TOKEN_HINT says the provider needs the ID token).
 */
import { type User, UserManager, type UserManagerSettings, WebStorageStateStore } from 'oidc-client-ts'
import { navigate } from '../router.tsx'
import type { BearerTokenKind, OidcSettings } from './auth-config.ts'

export const CALLBACK_PATH = '/signin-callback'
export const SIGNED_OUT_PATH = '/signed-out'
const SILENT_RENEW_PATH = '/silent-renew.html'

export function userManagerSettings(s: OidcSettings & { clientId: string }, origin: string, storage: Storage): UserManagerSettings {
  return {
    authority: s.issuer,
    client_id: s.clientId,
    redirect_uri: `${origin}${CALLBACK_PATH}`,
    silent_redirect_uri: `${origin}${SILENT_RENEW_PATH}`,
    post_logout_redirect_uri: `${origin}${SIGNED_OUT_PATH}`,
    response_type: 'code',
    scope: s.scopes.join(' '),
    ...(s.acrValues ? { acr_values: s.acrValues } : {}),
    // renewal is scheduled here (see renewDelaySeconds), not by the library's fixed 60 s notice
    automaticSilentRenew: false,
    monitorSession: false,
    loadUserInfo: false,
    silentRequestTimeoutInSeconds: 10,
    userStore: new WebStorageStateStore({ store: storage }),
    stateStore: new WebStorageStateStore({ store: storage }),
  }
}

/** Only a path of this site (no scheme, no `//host`, no backslash tricks) is a place to return to. */
export function safeReturnTo(value: unknown): string {
  if (typeof value !== 'string' || !value.startsWith('/') || value.startsWith('//') || value.includes('\\')) return '/'
  if (value.startsWith(CALLBACK_PATH) || value.startsWith(SIGNED_OUT_PATH)) return '/'
  return value
}

/** When to renew a token that expires in `remaining` seconds: a quarter of its life early, at most a minute. */
export function renewDelaySeconds(remaining: number): number {
  if (remaining <= 2) return 0
  return Math.max(1, remaining - Math.min(60, remaining / 4))
}

/** `exp` (seconds since the epoch) of a JWT, or null when it has none or is not a JWT. */
export function jwtExpiry(token: string): number | null {
  const part = token.split('.')[1]
  if (!part) return null
  try {
    const json = atob(part.replace(/-/g, '+').replace(/_/g, '/'))
    const payload = JSON.parse(json) as { exp?: unknown }
    return typeof payload.exp === 'number' ? payload.exp : null
  } catch {
    return null
  }
}

/** The token sent as bearer, and when it expires (seconds since the epoch; null: unknown). */
export function bearerOf(
  user: Pick<User, 'access_token' | 'id_token' | 'expires_at'>,
  kind: BearerTokenKind,
): { token: string; expiresAt: number | null } | null {
  if (kind === 'id_token') return user.id_token ? { token: user.id_token, expiresAt: jwtExpiry(user.id_token) } : null
  if (!user.access_token) return null
  return { token: user.access_token, expiresAt: user.expires_at ?? jwtExpiry(user.access_token) }
}

const currentUrl = () => window.location.pathname + window.location.search

interface OidcSessionEvents {
  /** The signed-in person changed (subject) or their token was renewed; null: signed out. */
  onToken(token: string | null, subject: string | null): void
  /** Something the person must be told (sign-in failed, the server refused the provider's tokens). */
  onProblem(message: string | null): void
  /** The person just came back from the provider's sign-out. */
  onSignedOut(): void
}

/** One tab's OpenID Connect session. */
export class OidcSession {
  private readonly manager: UserManager
  private token: string | null = null
  private expiresAt: number | null = null
  private renewTimer: ReturnType<typeof setTimeout> | undefined
  private expiryTimer: ReturnType<typeof setTimeout> | undefined
  private renewing: Promise<boolean> | null = null
  /** Fresh (unexpired) tokens the server refused since the last scheduled renewal. */
  private freshRefusals = 0
  private disposed = false
  private redirecting = false

  constructor(
    private readonly settings: OidcSettings & { clientId: string },
    private readonly events: OidcSessionEvents,
  ) {
    this.manager = new UserManager(userManagerSettings(settings, window.location.origin, window.sessionStorage))
  }

  /** Finishes a sign-in or sign-out coming back from the provider, or resumes the stored session. */
  async start(): Promise<void> {
    const path = window.location.pathname
    if (path === CALLBACK_PATH) {
      try {
        const user = await this.manager.signinRedirectCallback()
        navigate(safeReturnTo(user.url_state), { replace: true })
        this.use(user)
      } catch (e) {
        navigate('/', { replace: true })
        this.events.onProblem(`Sign-in did not complete: ${messageOf(e)}`)
        this.events.onToken(null, null)
      }
      return
    }
    if (path === SIGNED_OUT_PATH) {
      try {
        await this.manager.signoutRedirectCallback()
      } catch {
        // no state to clean up (e.g. the page was reloaded)
      }
      navigate('/', { replace: true })
      this.events.onSignedOut()
      this.events.onToken(null, null)
      return
    }
    const user = await this.manager.getUser()
    if (!user) {
      this.events.onToken(null, null)
      return
    }
    if (!this.isExpired(user)) {
      this.use(user)
      return
    }
    // A stored session whose token expired (the tab slept): renew, else sign in again back here.
    if (!(await this.renew())) await this.reauthenticate()
  }

  /** Sends the person to the provider; they come back to `returnTo` (default: where they are). */
  async signIn(returnTo: string = currentUrl()): Promise<void> {
    this.events.onProblem(null)
    await this.manager.signinRedirect({ url_state: safeReturnTo(returnTo) })
  }

  /** Signs out here, then at the provider when it has an end-session endpoint. */
  async signOut(): Promise<void> {
    const user = await this.manager.getUser()
    const idToken = user?.id_token
    this.clearTimers()
    await this.manager.removeUser()
    this.token = null
    let endSession: string | undefined
    try {
      endSession = await this.manager.metadataService.getEndSessionEndpoint()
    } catch {
      endSession = undefined
    }
    if (!endSession) {
      this.events.onSignedOut()
      this.events.onToken(null, null)
      return
    }
    // With the user removed the library names the client (client_id), not the token.
    await this.manager.signoutRedirect(this.settings.logoutIdTokenHint && idToken ? { id_token_hint: idToken } : {})
  }

  /** The API answered UNAUTHENTICATED to a request sent with `tokenUsed`. */
  async tokenRefused(tokenUsed: string | null): Promise<void> {
    if (this.disposed || !this.token || tokenUsed !== this.token) return
    const expired = this.expiresAt !== null && this.expiresAt * 1000 <= Date.now()
    if (expired) {
      if (!(await this.renew())) await this.reauthenticate()
      return
    }
    // A token the server should accept was refused: renew once; if that one is refused too,
    // stop and say so (a loop of sign-ins helps nobody).
    if (this.freshRefusals >= 1) {
      this.events.onProblem(
        'Railyard did not accept the sign-in from your identity provider. Your account may have no Railyard role, or the server is configured for another audience or issuer.',
      )
      return
    }
    this.freshRefusals++
    if (!(await this.renew())) this.events.onProblem('Railyard did not accept your sign-in, and it could not be renewed. Sign out and sign in again.')
  }

  dispose(): void {
    this.disposed = true
    this.clearTimers()
  }

  private isExpired(user: User): boolean {
    const b = bearerOf(user, this.settings.bearerToken)
    return !b || (b.expiresAt !== null && b.expiresAt * 1000 <= Date.now())
  }

  private use(user: User): void {
    const b = bearerOf(user, this.settings.bearerToken)
    if (!b) {
      this.events.onProblem(`The identity provider sent no ${this.settings.bearerToken === 'id_token' ? 'ID token' : 'access token'}.`)
      this.events.onToken(null, null)
      return
    }
    this.token = b.token
    this.expiresAt = b.expiresAt
    this.events.onToken(b.token, user.profile.sub)
    this.schedule()
  }

  private schedule(): void {
    this.clearTimers()
    if (this.expiresAt === null || this.disposed) return
    const remaining = this.expiresAt - Date.now() / 1000
    this.renewTimer = setTimeout(
      () => {
        void this.renew().then((ok) => {
          if (ok) this.freshRefusals = 0
        })
      },
      renewDelaySeconds(remaining) * 1000,
    )
    // If renewal did not succeed by the time the token expires: sign in again, back to this URL.
    this.expiryTimer = setTimeout(
      () => {
        if (this.expiresAt !== null && this.expiresAt * 1000 <= Date.now()) void this.reauthenticate()
      },
      Math.max(0, remaining * 1000 + 500),
    )
  }

  private clearTimers(): void {
    clearTimeout(this.renewTimer)
    clearTimeout(this.expiryTimer)
  }

  /** Silent renewal (refresh token or prompt=none iframe); true when a new token is in use. */
  private renew(): Promise<boolean> {
    this.renewing ??= this.manager
      .signinSilent()
      .then((user) => {
        if (!user || this.disposed) return false
        this.use(user)
        return true
      })
      .catch(() => false)
      .finally(() => {
        this.renewing = null
      })
    return this.renewing
  }

  private async reauthenticate(): Promise<void> {
    // several requests may find the token expired at once: one redirect
    if (this.disposed || this.redirecting) return
    this.redirecting = true
    this.clearTimers()
    try {
      await this.signIn(currentUrl())
    } catch (e) {
      this.redirecting = false
      this.events.onProblem(`Your session ended and signing in again failed: ${messageOf(e)}`)
      this.events.onToken(null, null)
    }
  }
}

function messageOf(e: unknown): string {
  return e instanceof Error ? e.message : String(e)
}
