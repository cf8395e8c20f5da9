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

export type VerifierSource = { kind: 'local'; publicJwk: JWK } | { kind: 'remote'; jwksUrl: string }

/** Verifies a bearer token (signature, issuer, audience, expiry) and turns its claims into an Actor. */
export function createTokenVerifier(source: VerifierSource, issuer: string, audience: string): TokenVerifier {
  const keySet =
    source.kind === 'local' ? createLocalJWKSet({ keys: [source.publicJwk] }) : createRemoteJWKSet(new URL(source.jwksUrl), { cooldownDuration: 30_000 })
  return {
    async verify(token) {
      let payload: JWTPayload
      try {
        ;({ payload } = await jwtVerify(token, keySet, { issuer, audience }))
      } catch (err) {
        const why = err instanceof joseErrors.JWTExpired ? 'token expired' : 'invalid token'
        throw new AuthError(why, { cause: err })
      }
      return actorFromClaims(payload, token)
    },
  }
}

export function actorFromClaims(payload: JWTPayload & Record<string, unknown>, token: string): Actor {
  if (typeof payload.sub !== 'string' || payload.sub === '') throw new AuthError('token has no subject')
  const rawRoles = Array.isArray(payload.roles) ? payload.roles : []
  const roles = rawRoles.filter(isRole)
  const scope = typeof payload.scope === 'string' ? payload.scope : ''
  const scp = Array.isArray(payload.scp) ? payload.scp.filter((s): s is string => typeof s === 'string') : []
  return {
    subject: payload.sub,
    displayName: typeof payload.name === 'string' ? payload.name : null,
    roles,
    agency: typeof payload.agency === 'string' && payload.agency !== '' ? payload.agency : null,
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
