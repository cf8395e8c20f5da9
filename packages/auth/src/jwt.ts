import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import {
  type JWK,
  type JWTPayload,
  type CryptoKey,
  SignJWT,
  createLocalJWKSet,
  createRemoteJWKSet,
  exportJWK,
  generateKeyPair,
  importJWK,
  jwtVerify,
  errors as joseErrors,
} from 'jose'
import type { GroupRole } from '@railyard/config'
import { type Actor, type Role, isRole } from './actor.ts'

export const DEV_ALG = 'ES256'

export interface DevKeys {
  privateJwk: JWK
  publicJwk: JWK
}

/** Creates an ES256 key pair for signing dev tokens. */
export async function generateDevKeys(): Promise<DevKeys> {
  const { privateKey, publicKey } = await generateKeyPair(DEV_ALG, { extractable: true })
  const kid = `dev-${Date.now().toString(36)}`
  const privateJwk = { ...(await exportJWK(privateKey)), kid, alg: DEV_ALG, use: 'sig' }
  const publicJwk = { ...(await exportJWK(publicKey)), kid, alg: DEV_ALG, use: 'sig' }
  return { privateJwk, publicJwk }
}

/** The dev signing key, generated on first start and kept in the data directory. */
export async function loadOrCreateDevKeys(dataDir: string): Promise<DevKeys> {
  const file = join(dataDir, 'dev-signing-key.json')
  if (existsSync(file)) return JSON.parse(readFileSync(file, 'utf8')) as DevKeys
  const keys = await generateDevKeys()
  mkdirSync(dirname(file), { recursive: true })
  writeFileSync(file, JSON.stringify(keys, null, 2), { mode: 0o600 })
  return keys
}

export interface TokenClaims {
  sub: string
  name?: string
  roles: Role[]
  agency?: string | null
  scopes?: string[]
  email?: string
}

export interface TokenSigner {
  sign(claims: TokenClaims, opts?: { expiresIn?: string }): Promise<string>
}

export async function createTokenSigner(keys: DevKeys, issuer: string, audience: string): Promise<TokenSigner> {
  const key = (await importJWK(keys.privateJwk, DEV_ALG)) as CryptoKey
  return {
    async sign(claims, opts) {
      const payload: JWTPayload & Record<string, unknown> = {
        name: claims.name,
        roles: claims.roles,
        ...(claims.agency ? { agency: claims.agency } : {}),
        ...(claims.scopes?.length ? { scope: claims.scopes.join(' ') } : {}),
        ...(claims.email ? { email: claims.email } : {}),
      }
      return new SignJWT(payload)
        .setProtectedHeader({ alg: DEV_ALG, kid: keys.privateJwk.kid })
        .setSubject(claims.sub)
        .setIssuer(issuer)
        .setAudience(audience)
        .setIssuedAt()
        .setExpirationTime(opts?.expiresIn ?? '12h')
        .sign(key)
    },
  }
}

export class AuthError extends Error {}

export interface TokenVerifier {
  verify(token: string): Promise<Actor>
}

/**
 * Where the verifier gets the signing keys: the dev key, a JWKS URL, or the `jwks_uri` of the
 * issuer's discovery document (`<issuer>/.well-known/openid-configuration`).
 */
export type VerifierSource = { kind: 'local'; publicJwk: JWK } | { kind: 'remote'; jwksUrl: string } | { kind: 'discovery'; issuer: string }

/** How claims become roles and agency besides the `roles`/`agency` claims: the groups claim through the group map. */
export interface ClaimRules {
  groupsClaim: string
  groupMap: readonly GroupRole[]
}

export const DEFAULT_CLAIM_RULES: ClaimRules = { groupsClaim: 'groups', groupMap: [] }

/** Signature algorithms accepted from an identity provider: asymmetric only (never `none`, never a shared secret). */
export const PROVIDER_ALGORITHMS = ['RS256', 'RS384', 'RS512', 'PS256', 'PS384', 'PS512', 'ES256', 'ES384', 'ES512', 'EdDSA']

type KeySet = ReturnType<typeof createLocalJWKSet> | ReturnType<typeof createRemoteJWKSet>

/** Verifies a bearer token (signature, algorithm, issuer, audience, expiry) and turns its claims into an Actor. */
export function createTokenVerifier(source: VerifierSource, issuer: string, audience: string, rules: ClaimRules = DEFAULT_CLAIM_RULES): TokenVerifier {
  const algorithms = source.kind === 'local' ? [DEV_ALG] : PROVIDER_ALGORITHMS
  const keys = keySetFor(source)
  return {
    async verify(token) {
      let payload: JWTPayload
      try {
        // keys are looked up (and discovered) only for a well-formed token
        ;({ payload } = await jwtVerify(token, async (header, input) => (await keys())(header, input), { issuer, audience, algorithms }))
      } catch (err) {
        if (err instanceof DiscoveryError) throw new AuthError('the identity provider could not be reached', { cause: err })
        const why = err instanceof joseErrors.JWTExpired ? 'token expired' : 'invalid token'
        throw new AuthError(why, { cause: err })
      }
      return actorFromClaims(payload, token, rules)
    },
  }
}

function keySetFor(source: VerifierSource): () => Promise<KeySet> {
  if (source.kind === 'local') {
    const set = createLocalJWKSet({ keys: [source.publicJwk] })
    return () => Promise.resolve(set)
  }
  if (source.kind === 'remote') {
    const set = createRemoteJWKSet(new URL(source.jwksUrl), { cooldownDuration: 30_000 })
    return () => Promise.resolve(set)
  }
  // Discovered once; a failed discovery is retried, at most every RETRY_MS.
  const RETRY_MS = 5_000
  let found: KeySet | null = null
  let failed: { at: number; error: Error } | null = null
  let pending: Promise<KeySet> | null = null
  return () => {
    if (found) return Promise.resolve(found)
    if (failed && Date.now() - failed.at < RETRY_MS) return Promise.reject(failed.error)
    pending ??= discoverJwksUri(source.issuer)
      .then((uri) => {
        const set = createRemoteJWKSet(new URL(uri), { cooldownDuration: 30_000 })
        found = set
        failed = null
        return set
      })
      .catch((err: unknown) => {
        const error = err instanceof Error ? err : new DiscoveryError(String(err))
        failed = { at: Date.now(), error }
        throw error
      })
      .finally(() => {
        pending = null
      })
    return pending
  }
}

export class DiscoveryError extends Error {}

/** OpenID Connect Discovery 1.0: the issuer's metadata names it exactly and gives its `jwks_uri`. */
export async function discoverJwksUri(issuer: string): Promise<string> {
  const url = `${issuer.replace(/\/+$/, '')}/.well-known/openid-configuration`
  let res: Response
  try {
    res = await fetch(url, { headers: { accept: 'application/json' }, signal: AbortSignal.timeout(5_000) })
  } catch (err) {
    throw new DiscoveryError(`discovery at ${url} failed`, { cause: err })
  }
  if (!res.ok) throw new DiscoveryError(`discovery at ${url} answered ${res.status}`)
  let meta: unknown
  try {
    meta = await res.json()
  } catch (err) {
    throw new DiscoveryError(`discovery at ${url} is not JSON`, { cause: err })
  }
  const m = (typeof meta === 'object' && meta !== null ? meta : {}) as Record<string, unknown>
  if (m.issuer !== issuer) throw new DiscoveryError(`the discovery document at ${url} names issuer ${String(m.issuer)}, not ${issuer}`)
  if (typeof m.jwks_uri !== 'string') throw new DiscoveryError(`the discovery document at ${url} has no jwks_uri`)
  return m.jwks_uri
}

/** A claim that holds one string or an array of strings, as a list. */
function claimStrings(value: unknown): string[] {
  if (typeof value === 'string') return value === '' ? [] : [value]
  if (Array.isArray(value)) return value.filter((v): v is string => typeof v === 'string' && v !== '')
  return []
}

/**
 * The Actor of verified claims: roles from `roles` and from the groups claim through the group
 * map; agency from `agency` or from the group map. A token that would act for two agencies at
 * once (its claim and its groups disagree, or groups of two agencies) is refused.
 */
export function actorFromClaims(payload: JWTPayload & Record<string, unknown>, token: string, rules: ClaimRules = DEFAULT_CLAIM_RULES): Actor {
  if (typeof payload.sub !== 'string' || payload.sub === '') throw new AuthError('token has no subject')
  const groups = new Set(claimStrings(payload[rules.groupsClaim]))
  const mapped = rules.groupMap.filter((g) => groups.has(g.group))
  const roles = [...new Set([...claimStrings(payload.roles).filter(isRole), ...mapped.map((g) => g.role)])]
  const agencies = new Set<string>()
  if (typeof payload.agency === 'string' && payload.agency !== '') agencies.add(payload.agency)
  for (const g of mapped) if (g.agency) agencies.add(g.agency)
  if (agencies.size > 1) throw new AuthError(`token acts for more than one agency (${[...agencies].sort().join(', ')})`)
  const scope = typeof payload.scope === 'string' ? payload.scope : ''
  // `scp`: an array (some providers) or a space-separated string (Microsoft Entra ID)
  const scp = typeof payload.scp === 'string' ? payload.scp.split(/\s+/).filter(Boolean) : claimStrings(payload.scp)
  const name = typeof payload.name === 'string' && payload.name !== '' ? payload.name : null
  const username = typeof payload.preferred_username === 'string' && payload.preferred_username !== '' ? payload.preferred_username : null
  const email = typeof payload.email === 'string' && payload.email.includes('@') && payload.email_verified !== false ? payload.email : null
  return {
    subject: payload.sub,
    displayName: name ?? username,
    email,
    roles,
    agency: [...agencies][0] ?? null,
    scopes: [...new Set([...scope.split(/\s+/).filter(Boolean), ...scp])],
    token,
  }
}

/** Reads `Authorization: Bearer …`; returns null when absent. */
export function bearerToken(header: string | string[] | undefined | null): string | null {
  const h = Array.isArray(header) ? header[0] : header
  if (!h) return null
  const m = /^Bearer\s+(.+)$/i.exec(h.trim())
  return m?.[1] ?? null
}
