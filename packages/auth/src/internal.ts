import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { decodeJwt } from 'jose'
import { type DevKeys, type TokenSigner, type TokenVerifier, createTokenSigner, createTokenVerifier, generateDevKeys } from './jwt.ts'

/**
 * Internal tokens: short-lived JWTs that Railyard's own processes sign for each other (today: the
 * gateway serving a calendar feed, which acts for the feed's creator, read-only, for one request).
 * They never leave the server: no client ever sees one. Signed with a key of their own kept in the
 * data directory (never the identity provider's), with their own issuer and audience, so that an
 * internal token is never mistaken for a sign-in token and the other way round.
 */
export const INTERNAL_ISSUER = 'urn:railyard:internal'
export const INTERNAL_AUDIENCE = 'urn:railyard:internal'
/** How long an internal token is valid: one request's worth. */
export const INTERNAL_TOKEN_TTL = '60s'

/** The internal signing key, created on first start (by the launcher, before any process needs it) and kept in the data directory. */
export async function loadOrCreateInternalKeys(dataDir: string): Promise<DevKeys> {
  const file = join(dataDir, 'internal-signing-key.json')
  if (existsSync(file)) return JSON.parse(readFileSync(file, 'utf8')) as DevKeys
  const keys = await generateDevKeys()
  mkdirSync(dataDir, { recursive: true })
  // written whole, then renamed: a process reading concurrently never sees half a file
  const tmp = `${file}.${process.pid}.tmp`
  writeFileSync(tmp, JSON.stringify(keys, null, 2), { mode: 0o600 })
  if (existsSync(file)) return JSON.parse(readFileSync(file, 'utf8')) as DevKeys
  renameSync(tmp, file)
  return keys
}

export interface InternalAuth {
  signer: TokenSigner
  verifier: TokenVerifier
}

export async function createInternalAuth(keys: DevKeys): Promise<InternalAuth> {
  return {
    signer: await createTokenSigner(keys, INTERNAL_ISSUER, INTERNAL_AUDIENCE),
    verifier: createTokenVerifier({ kind: 'local', publicJwk: keys.publicJwk }, INTERNAL_ISSUER, INTERNAL_AUDIENCE),
  }
}

/**
 * A verifier for sign-in tokens (`primary`) that also accepts internal tokens: the token's
 * (unverified) issuer picks which verifier checks it; each then verifies signature, issuer,
 * audience and expiry as usual.
 */
export function withInternalTokens(primary: TokenVerifier, internal: TokenVerifier): TokenVerifier {
  return {
    verify(token) {
      let iss: unknown
      try {
        iss = decodeJwt(token).iss
      } catch {
        iss = undefined
      }
      return iss === INTERNAL_ISSUER ? internal.verify(token) : primary.verify(token)
    },
  }
}
