import { z } from 'zod'
import { AGENCY_CODE, AGENCY_ROLES, PROGRAM_ROLES, ROLES, type Role, isRole } from './roles.ts'

/**
 * Authentication settings (DESIGN "Runtime contract" `auth` row and v2 "Sign-in"), parsed from
 * the AUTH_* variables. Every subgraph and the gateway build the same verifier from this, so the
 * group map applies everywhere.
 */
export type AuthMode = 'dev' | 'oidc'

/** Which token the web client sends as `Authorization: Bearer …`. */
export type BearerTokenKind = 'access_token' | 'id_token'

/** One AUTH_GROUP_MAP entry: members of `group` get `role` (for `agency` when the role is agency-bound). */
export interface GroupRole {
  group: string
  role: Role
  agency: string | null
}

export interface AuthConfig {
  mode: AuthMode
  /** Expected `iss` of every token (dev: the dev issuer). */
  issuer: string
  /** Expected `aud` of every token. */
  audience: string
  /** The provider's key set; when absent in oidc mode it is discovered from `<issuer>/.well-known/openid-configuration`. */
  jwksUrl?: string
  /** The web client's OAuth client id (a public client using PKCE); absent: no browser sign-in, API tokens only. */
  clientId?: string
  /** Scopes the web client requests. */
  scopes: string[]
  /** Claim holding the person's groups (a string or an array of strings). */
  groupsClaim: string
  groupMap: GroupRole[]
  bearerToken: BearerTokenKind
  /** `acr_values` for the authorization request (Login.gov requires one). */
  acrValues?: string
  /** Send the ID token as `id_token_hint` to the provider's end-session endpoint (Okta needs it); otherwise `client_id`. */
  logoutIdTokenHint: boolean
}

/** What the web client needs to know to sign people in (served by the gateway at GET /auth/config); nothing secret. */
export type PublicAuthSettings =
  | { mode: 'dev' }
  | {
      mode: 'oidc'
      issuer: string
      clientId: string | null
      scopes: string[]
      bearerToken: BearerTokenKind
      acrValues: string | null
      logoutIdTokenHint: boolean
    }

export const DEV_ISSUER = 'railyard-dev'
export const DEFAULT_AUDIENCE = 'railyard'
export const DEFAULT_SCOPES = ['openid', 'profile', 'email']
export const DEFAULT_GROUPS_CLAIM = 'groups'

/** Registered JWT claims that can never hold groups. */
const NOT_GROUP_CLAIMS = new Set(['iss', 'aud', 'exp', 'nbf', 'iat', 'jti', 'azp', 'nonce'])

const AuthEnv = z.object({
  AUTH_MODE: z.enum(['dev', 'oidc']).default('dev'),
  AUTH_JWKS_URL: z.string().trim().min(1).optional(),
  AUTH_ISSUER: z.string().trim().min(1).optional(),
  AUTH_AUDIENCE: z.string().trim().min(1).optional(),
  AUTH_CLIENT_ID: z.string().trim().min(1).optional(),
  AUTH_SCOPES: z.string().optional(),
  AUTH_GROUPS_CLAIM: z.string().trim().min(1).optional(),
  AUTH_GROUP_MAP: z.string().optional(),
  AUTH_BEARER_TOKEN: z.enum(['access_token', 'id_token']).default('access_token'),
  AUTH_ACR_VALUES: z.string().trim().min(1).optional(),
  AUTH_LOGOUT_ID_TOKEN_HINT: z.enum(['true', 'false', '1', '0']).default('false'),
})

/** Parses the AUTH_* variables; every problem found is listed in one ConfigError-ready message list. */
export function parseAuthEnv(env: Record<string, string | undefined>): { auth: AuthConfig; problems: string[] } {
  const problems: string[] = []
  const parsed = AuthEnv.safeParse(env)
  if (!parsed.success) {
    for (const i of parsed.error.issues) problems.push(`${i.path.join('.')}: ${i.message}`)
    return { auth: devDefaults(), problems }
  }
  const e = parsed.data
  const groupMap = parseGroupMap(e.AUTH_GROUP_MAP ?? '', problems)
  const groupsClaim = e.AUTH_GROUPS_CLAIM ?? DEFAULT_GROUPS_CLAIM
  if (NOT_GROUP_CLAIMS.has(groupsClaim)) problems.push(`AUTH_GROUPS_CLAIM: "${groupsClaim}" is a registered JWT claim and cannot hold groups`)
  const scopes = parseScopes(e.AUTH_SCOPES)
  const logoutIdTokenHint = e.AUTH_LOGOUT_ID_TOKEN_HINT === 'true' || e.AUTH_LOGOUT_ID_TOKEN_HINT === '1'
  const common = { groupsClaim, groupMap, scopes, bearerToken: e.AUTH_BEARER_TOKEN, logoutIdTokenHint }

  if (e.AUTH_MODE === 'dev') {
    return {
      auth: {
        mode: 'dev',
        issuer: e.AUTH_ISSUER ?? DEV_ISSUER,
        audience: e.AUTH_AUDIENCE ?? DEFAULT_AUDIENCE,
        ...(e.AUTH_JWKS_URL ? { jwksUrl: e.AUTH_JWKS_URL } : {}),
        ...(e.AUTH_CLIENT_ID ? { clientId: e.AUTH_CLIENT_ID } : {}),
        ...(e.AUTH_ACR_VALUES ? { acrValues: e.AUTH_ACR_VALUES } : {}),
        ...common,
      },
      problems,
    }
  }

  // AUTH_MODE=oidc
  if (!e.AUTH_ISSUER) problems.push('AUTH_ISSUER: required with AUTH_MODE=oidc (the provider, e.g. https://login.microsoftonline.com/<tenant>/v2.0)')
  else checkProviderUrl('AUTH_ISSUER', e.AUTH_ISSUER, problems)
  if (e.AUTH_JWKS_URL) checkProviderUrl('AUTH_JWKS_URL', e.AUTH_JWKS_URL, problems)
  let audience = e.AUTH_AUDIENCE
  if (e.AUTH_BEARER_TOKEN === 'id_token') {
    // ID tokens are issued to the client: their audience is the client id.
    if (!e.AUTH_CLIENT_ID) problems.push('AUTH_CLIENT_ID: required with AUTH_BEARER_TOKEN=id_token (ID tokens are issued to the client)')
    else if (audience && audience !== e.AUTH_CLIENT_ID)
      problems.push('AUTH_AUDIENCE: with AUTH_BEARER_TOKEN=id_token it must be AUTH_CLIENT_ID (or left unset)')
    audience ??= e.AUTH_CLIENT_ID
    if (logoutIdTokenHint) problems.push('AUTH_LOGOUT_ID_TOKEN_HINT: not with AUTH_BEARER_TOKEN=id_token (the session token would be put in a URL)')
  } else if (!audience) {
    problems.push('AUTH_AUDIENCE: required with AUTH_MODE=oidc (the `aud` of the access tokens Railyard accepts)')
  } else if (logoutIdTokenHint && audience === e.AUTH_CLIENT_ID) {
    problems.push(
      'AUTH_LOGOUT_ID_TOKEN_HINT: the ID token would be accepted as a bearer token (AUTH_AUDIENCE equals AUTH_CLIENT_ID) and must not be put in a URL',
    )
  }
  if (e.AUTH_CLIENT_ID && !scopes.includes('openid')) problems.push('AUTH_SCOPES: must include "openid"')
  return {
    auth: {
      mode: 'oidc',
      issuer: e.AUTH_ISSUER ?? '',
      audience: audience ?? '',
      ...(e.AUTH_JWKS_URL ? { jwksUrl: e.AUTH_JWKS_URL } : {}),
      ...(e.AUTH_CLIENT_ID ? { clientId: e.AUTH_CLIENT_ID } : {}),
      ...(e.AUTH_ACR_VALUES ? { acrValues: e.AUTH_ACR_VALUES } : {}),
      ...common,
    },
    problems,
  }
}

function devDefaults(): AuthConfig {
  return {
    mode: 'dev',
    issuer: DEV_ISSUER,
    audience: DEFAULT_AUDIENCE,
    scopes: DEFAULT_SCOPES,
    groupsClaim: DEFAULT_GROUPS_CLAIM,
    groupMap: [],
    bearerToken: 'access_token',
    logoutIdTokenHint: false,
  }
}

const LOOPBACK_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]'])

/** Provider URLs are https; plain http only on loopback (a provider started by a test, a local Keycloak). */
function checkProviderUrl(name: string, value: string, problems: string[]): void {
  let url: URL
  try {
    url = new URL(value)
  } catch {
    problems.push(`${name}: not a URL`)
    return
  }
  if (url.protocol === 'https:') return
  if (url.protocol === 'http:' && (LOOPBACK_HOSTS.has(url.hostname) || url.hostname.startsWith('127.'))) return
  problems.push(`${name}: must be an https URL (http only on loopback)`)
}

/** AUTH_SCOPES: space- or comma-separated; default "openid profile email". */
export function parseScopes(raw: string | undefined): string[] {
  const list = (raw ?? '').split(/[\s,]+/).filter(Boolean)
  return list.length ? [...new Set(list)] : [...DEFAULT_SCOPES]
}

/**
 * AUTH_GROUP_MAP: comma- or newline-separated `group=ROLE` or `group=ROLE:AGENCY` entries, e.g.
 * `railyard-doh-managers=AGENCY_MANAGER:DOH,railyard-cab=PROGRAM_ADMIN`. The group name is
 * everything before the last `=` (so it may contain `:`, spaces or `/`). A group may appear in
 * several entries (several roles), all for the same agency.
 */
export function parseGroupMap(raw: string, problems: string[]): GroupRole[] {
  const out: GroupRole[] = []
  const agencyOf = new Map<string, string>()
  const entries = raw
    .split(/[,\n]/)
    .map((s) => s.trim())
    .filter(Boolean)
  entries.forEach((entry, i) => {
    const where = `AUTH_GROUP_MAP entry ${i + 1} ("${entry}")`
    const eq = entry.lastIndexOf('=')
    const group = eq > 0 ? entry.slice(0, eq).trim() : ''
    const target = eq > 0 ? entry.slice(eq + 1).trim() : ''
    if (!group || !target) {
      problems.push(`${where}: expected group=ROLE or group=ROLE:AGENCY`)
      return
    }
    const [roleName = '', agency, ...extra] = target.split(':').map((s) => s.trim())
    if (extra.length) {
      problems.push(`${where}: expected group=ROLE or group=ROLE:AGENCY`)
      return
    }
    if (!isRole(roleName)) {
      problems.push(`${where}: unknown role "${roleName}" (one of ${ROLES.join(', ')})`)
      return
    }
    if (agency !== undefined && !AGENCY_CODE.test(agency)) {
      problems.push(`${where}: "${agency}" is not an agency code (capital letters and digits, e.g. DOH)`)
      return
    }
    if (AGENCY_ROLES.includes(roleName) && agency === undefined) {
      problems.push(`${where}: ${roleName} acts for one agency: write ${group}=${roleName}:<AGENCY>`)
      return
    }
    if (PROGRAM_ROLES.includes(roleName) && agency !== undefined) {
      problems.push(`${where}: ${roleName} is program-wide and takes no agency`)
      return
    }
    if (agency !== undefined) {
      const before = agencyOf.get(group)
      if (before && before !== agency) {
        problems.push(`${where}: group "${group}" already maps to agency ${before}; one group acts for one agency`)
        return
      }
      agencyOf.set(group, agency)
    }
    if (!out.some((g) => g.group === group && g.role === roleName && g.agency === (agency ?? null))) out.push({ group, role: roleName, agency: agency ?? null })
  })
  return out
}

/** The non-secret part of the auth settings that the web client reads. */
export function publicAuthSettings(auth: AuthConfig): PublicAuthSettings {
  if (auth.mode === 'dev') return { mode: 'dev' }
  return {
    mode: 'oidc',
    issuer: auth.issuer,
    clientId: auth.clientId ?? null,
    scopes: auth.scopes,
    bearerToken: auth.bearerToken,
    acrValues: auth.acrValues ?? null,
    logoutIdTokenHint: auth.logoutIdTokenHint,
  }
}
