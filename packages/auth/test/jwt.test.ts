import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { SignJWT, importJWK } from 'jose'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { AuthError, bearerToken, createTokenSigner, createTokenVerifier, generateDevKeys, loadOrCreateDevKeys } from '../src/index.ts'
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

describe('dev tokens (ES256)', () => {
  it('round-trips claims into an Actor', async () => {
    const keys = await generateDevKeys()
    const signer = await createTokenSigner(keys, 'iss', 'aud')
    const verifier = createTokenVerifier({ kind: 'local', publicJwk: keys.publicJwk }, 'iss', 'aud')
    const token = await signer.sign({
      sub: 'hana',
      name: 'Hana',
      email: 'hana@doh.example.gov',
      roles: ['AGENCY_MANAGER'],
      agency: 'DOH',
      scopes: ['graph:read', 'inventory:report'],
    })
    expect(await verifier.verify(token)).toEqual({
      subject: 'hana',
      displayName: 'Hana',
      email: 'hana@doh.example.gov',
      roles: ['AGENCY_MANAGER'],
      agency: 'DOH',
      scopes: ['graph:read', 'inventory:report'],
      token,
    })
  })

  it('refuses wrong issuer, wrong audience, expired, foreign-signed and malformed tokens', async () => {
    const keys = await generateDevKeys()
    const other = await generateDevKeys()
    const verifier = createTokenVerifier({ kind: 'local', publicJwk: keys.publicJwk }, 'iss', 'aud')
    const claims = { sub: 'x', roles: ['PROGRAM_ADMIN' as const] }
    await expect(verifier.verify(await (await createTokenSigner(keys, 'other', 'aud')).sign(claims))).rejects.toBeInstanceOf(AuthError)
    await expect(verifier.verify(await (await createTokenSigner(keys, 'iss', 'other')).sign(claims))).rejects.toBeInstanceOf(AuthError)
    await expect(verifier.verify(await (await createTokenSigner(other, 'iss', 'aud')).sign(claims))).rejects.toBeInstanceOf(AuthError)
    const expired = await new SignJWT({ roles: ['PROGRAM_ADMIN'] })
      .setProtectedHeader({ alg: 'ES256', kid: keys.privateJwk.kid })
      .setSubject('x')
      .setIssuer('iss')
      .setAudience('aud')
      .setIssuedAt(Math.floor(Date.now() / 1000) - 7200)
      .setExpirationTime(Math.floor(Date.now() / 1000) - 3600)
      .sign(await importJWK(keys.privateJwk, 'ES256'))
    await expect(verifier.verify(expired)).rejects.toThrow('token expired')
    await expect(verifier.verify('a.b.c')).rejects.toBeInstanceOf(AuthError)
  })

  it('drops unknown roles and needs a subject', async () => {
    const keys = await generateDevKeys()
    const verifier = createTokenVerifier({ kind: 'local', publicJwk: keys.publicJwk }, 'iss', 'aud')
    const token = await (await createTokenSigner(keys, 'iss', 'aud')).sign({ sub: 'x', roles: ['KING' as any, 'PROGRAM_VIEWER'] })
    expect((await verifier.verify(token)).roles).toEqual(['PROGRAM_VIEWER'])
    const noSub = await new SignJWT({ roles: [] })
      .setProtectedHeader({ alg: 'ES256' })
      .setIssuer('iss')
      .setAudience('aud')
      .setExpirationTime('1h')
      .sign(await importJWK(keys.privateJwk, 'ES256'))
    await expect(verifier.verify(noSub)).rejects.toThrow('no subject')
  })

  it('keeps the dev key in the data directory across restarts', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'railyard-auth-'))
    const a = await loadOrCreateDevKeys(dir)
    const b = await loadOrCreateDevKeys(dir)
    expect(b.publicJwk).toEqual(a.publicJwk)
  })

  it('reads bearer headers', () => {
    expect(bearerToken('Bearer abc')).toBe('abc')
    expect(bearerToken('bearer  abc ')).toBe('abc')
    expect(bearerToken('Basic abc')).toBeNull()
    expect(bearerToken(undefined)).toBeNull()
  })
})

describe('OIDC mode: tokens verified against a JWKS URL', () => {
  let url: string
  let close: () => void
  const keysP = generateDevKeys()
  beforeAll(async () => {
    const keys = await keysP
    const server = createServer((req, res) => {
      if (req.url === '/.well-known/jwks.json') res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ keys: [keys.publicJwk] }))
      else res.writeHead(404).end()
    })
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r))
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/.well-known/jwks.json`
    close = () => server.close()
  })
  afterAll(() => close?.())

  it('accepts tokens of the provider and refuses others', async () => {
    const keys = await keysP
    const verifier = createTokenVerifier({ kind: 'remote', jwksUrl: url }, 'https://idp.example.gov', 'railyard')
    const good = await (await createTokenSigner(keys, 'https://idp.example.gov', 'railyard')).sign({ sub: 'oidc-user', roles: ['PROGRAM_VIEWER'] })
    expect((await verifier.verify(good)).subject).toBe('oidc-user')
    const foreign = await (await createTokenSigner(await generateDevKeys(), 'https://idp.example.gov', 'railyard')).sign({ sub: 'x', roles: [] })
    await expect(verifier.verify(foreign)).rejects.toBeInstanceOf(AuthError)
  })
})
