import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { type CryptoKey, type JWK, SignJWT, exportJWK, generateKeyPair } from 'jose'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { parseGroupMap } from '@railyard/config'
import { AuthError, type ClaimRules, actorFromClaims, createTokenVerifier, discoverJwksUri } from '../src/index.ts'

/**
 * Tokens of an identity provider, verified the way AUTH_MODE=oidc does: keys discovered from
 * `<issuer>/.well-known/openid-configuration`, RS256 like Entra ID, Okta and Login.gov.
 */
const AUDIENCE = 'api://railyard'

interface Provider {
  issuer: string
  sign(claims: Record<string, unknown>, opts?: { issuer?: string; audience?: string; exp?: number; kid?: string; key?: CryptoKey }): Promise<string>
  discoveryHits: number
}

let provider: Provider
let close: () => void
let foreignKey: CryptoKey

beforeAll(async () => {
  const { privateKey, publicKey } = await generateKeyPair('RS256', { extractable: true })
  foreignKey = (await generateKeyPair('RS256')).privateKey
  const publicJwk: JWK = { ...(await exportJWK(publicKey)), kid: 'k1', alg: 'RS256', use: 'sig' }
  let issuer = ''
  let discoveryHits = 0
  const server = createServer((req, res) => {
    if (req.url === '/.well-known/openid-configuration') {
      discoveryHits++
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ issuer, jwks_uri: `${issuer}/jwks` }))
    } else if (req.url === '/jwks') res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ keys: [publicJwk] }))
    else if (req.url === '/wrong/.well-known/openid-configuration')
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ issuer: 'https://elsewhere.example', jwks_uri: `${issuer}/jwks` }))
    else res.writeHead(404).end()
  })
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r))
  issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  close = () => server.close()
  provider = {
    issuer,
    get discoveryHits() {
      return discoveryHits
    },
    async sign(claims, opts = {}) {
      return new SignJWT(claims)
        .setProtectedHeader({ alg: 'RS256', kid: opts.kid ?? 'k1', typ: 'at+jwt' })
        .setIssuer(opts.issuer ?? issuer)
        .setAudience(opts.audience ?? AUDIENCE)
        .setSubject('00u1hana')
        .setIssuedAt()
        .setExpirationTime(opts.exp ?? Math.floor(Date.now() / 1000) + 300)
        .sign(opts.key ?? privateKey)
    },
  }
})
afterAll(() => close?.())

const problems: string[] = []
const rules: ClaimRules = {
  groupsClaim: 'groups',
  groupMap: parseGroupMap(
    'railyard-doh-managers=AGENCY_MANAGER:DOH,railyard-doh-staff=AGENCY_MEMBER:DOH,railyard-dol-managers=AGENCY_MANAGER:DOL,railyard-cab=PROGRAM_ADMIN,railyard-cab=PROGRAM_VIEWER',
    problems,
  ),
}

const b64url = (v: unknown) => Buffer.from(JSON.stringify(v)).toString('base64url')

describe('OIDC verification with discovery', () => {
  it('the group map parsed cleanly', () => expect(problems).toEqual([]))

  it('accepts a provider token and maps its groups to roles and agency', async () => {
    const verifier = createTokenVerifier({ kind: 'discovery', issuer: provider.issuer }, provider.issuer, AUDIENCE, rules)
    const token = await provider.sign({
      name: 'Hana Ito',
      email: 'hana@doh.example.gov',
      groups: ['Everyone', 'railyard-doh-managers'],
      scp: 'Railyard.Access',
    })
    expect(await verifier.verify(token)).toEqual({
      subject: '00u1hana',
      displayName: 'Hana Ito',
      email: 'hana@doh.example.gov',
      roles: ['AGENCY_MANAGER'],
      agency: 'DOH',
      scopes: ['Railyard.Access'],
      token,
    })
  })

  it('discovers once and reuses the key set', async () => {
    const verifier = createTokenVerifier({ kind: 'discovery', issuer: provider.issuer }, provider.issuer, AUDIENCE, rules)
    const before = provider.discoveryHits
    for (let i = 0; i < 3; i++)
      expect((await verifier.verify(await provider.sign({ groups: ['railyard-cab'] }))).roles).toEqual(['PROGRAM_ADMIN', 'PROGRAM_VIEWER'])
    expect(provider.discoveryHits - before).toBe(1)
  })

  it('refuses the wrong issuer, the wrong audience, expired, unknown-key, tampered and alg:none tokens', async () => {
    const verifier = createTokenVerifier({ kind: 'discovery', issuer: provider.issuer }, provider.issuer, AUDIENCE, rules)
    const claims = { groups: ['railyard-cab'] }
    const good = await provider.sign(claims)
    expect((await verifier.verify(good)).roles).toContain('PROGRAM_ADMIN')

    const refused = async (token: string, message: RegExp) => {
      const err = await verifier.verify(token).then(
        () => null,
        (e: unknown) => e,
      )
      expect(err).toBeInstanceOf(AuthError)
      expect((err as Error).message).toMatch(message)
    }
    await refused(await provider.sign(claims, { issuer: 'https://login.elsewhere.example' }), /invalid token/)
    await refused(await provider.sign(claims, { audience: 'api://another-app' }), /invalid token/)
    await refused(await provider.sign(claims, { exp: Math.floor(Date.now() / 1000) - 60 }), /token expired/)
    // signed by a key the provider does not publish, under its kid and under another
    await refused(await provider.sign(claims, { key: foreignKey }), /invalid token/)
    await refused(await provider.sign(claims, { key: foreignKey, kid: 'k-unknown' }), /invalid token/)
    // tampered: the payload of a good token changed to claim other groups, signature kept
    const [h, , sig] = good.split('.')
    const payload = JSON.parse(Buffer.from(good.split('.')[1] ?? '', 'base64url').toString()) as Record<string, unknown>
    await refused(`${h}.${b64url({ ...payload, groups: ['railyard-cab', 'railyard-doh-managers'], sub: 'mallory' })}.${sig}`, /invalid token/)
    // alg: none (unsigned) with otherwise valid claims
    await refused(`${b64url({ alg: 'none', typ: 'JWT' })}.${b64url(payload)}.`, /invalid token/)
    // HS256 "signed" with a guessable secret: symmetric algorithms are never accepted from a provider
    const hs = await new SignJWT(payload).setProtectedHeader({ alg: 'HS256', kid: 'k1' }).sign(new TextEncoder().encode('k1'))
    await refused(hs, /invalid token/)
    await refused('not-a-jwt', /invalid token/)
  })

  it('checks that the discovery document names the configured issuer', async () => {
    await expect(discoverJwksUri(`${provider.issuer}/wrong`)).rejects.toThrow(/names issuer https:\/\/elsewhere.example/)
    const verifier = createTokenVerifier({ kind: 'discovery', issuer: `${provider.issuer}/wrong` }, `${provider.issuer}/wrong`, AUDIENCE, rules)
    await expect(verifier.verify(await provider.sign({}, { issuer: `${provider.issuer}/wrong` }))).rejects.toThrow('the identity provider could not be reached')
  })

  it('an unreachable provider is an AuthError, not a crash', async () => {
    const verifier = createTokenVerifier({ kind: 'discovery', issuer: 'http://127.0.0.1:9' }, 'http://127.0.0.1:9', AUDIENCE, rules)
    await expect(verifier.verify(await provider.sign({}, { issuer: 'http://127.0.0.1:9' }))).rejects.toThrow('the identity provider could not be reached')
    // a malformed token is refused as such, before any key is looked up
    await expect(verifier.verify('a.b.c')).rejects.toThrow('invalid token')
  })

  it('still works with an explicit JWKS URL (AUTH_JWKS_URL)', async () => {
    const verifier = createTokenVerifier({ kind: 'remote', jwksUrl: `${provider.issuer}/jwks` }, provider.issuer, AUDIENCE, rules)
    expect((await verifier.verify(await provider.sign({ groups: 'railyard-dol-managers' }))).agency).toBe('DOL')
    await expect(verifier.verify(await provider.sign({}, { audience: 'other' }))).rejects.toBeInstanceOf(AuthError)
  })
})

describe('claims → Actor', () => {
  const actor = (claims: Record<string, unknown>, r: ClaimRules = rules) => actorFromClaims({ sub: 'u1', ...claims }, 't', r)

  it('takes roles and agency from the roles/agency claims, unknown roles dropped', () => {
    expect(actor({ roles: ['AGENCY_VIEWER', 'Directory.Reader'], agency: 'DOT' })).toMatchObject({ roles: ['AGENCY_VIEWER'], agency: 'DOT' })
    expect(actor({ roles: 'PROGRAM_VIEWER' })).toMatchObject({ roles: ['PROGRAM_VIEWER'], agency: null })
  })

  it('adds the roles of mapped groups (a single string or an array), ignoring unmapped groups', () => {
    expect(actor({ groups: ['railyard-doh-staff', 'railyard-doh-managers', 'HR'] })).toMatchObject({
      roles: ['AGENCY_MANAGER', 'AGENCY_MEMBER'],
      agency: 'DOH',
    })
    expect(actor({ groups: 'railyard-doh-staff' })).toMatchObject({ roles: ['AGENCY_MEMBER'], agency: 'DOH' })
    expect(actor({ groups: ['HR', 42, null] })).toMatchObject({ roles: [], agency: null })
    expect(actor({ roles: ['AGENCY_MEMBER'], groups: ['railyard-doh-managers'] })).toMatchObject({ roles: ['AGENCY_MEMBER', 'AGENCY_MANAGER'], agency: 'DOH' })
    // a program role from a group next to an agency claim
    expect(actor({ agency: 'DOH', groups: ['railyard-cab'] })).toMatchObject({ roles: ['PROGRAM_ADMIN', 'PROGRAM_VIEWER'], agency: 'DOH' })
  })

  it('reads groups from the configured claim only (e.g. Entra app roles in `roles`)', () => {
    const appRoles: ClaimRules = { groupsClaim: 'roles', groupMap: parseGroupMap('DOH.Manager=AGENCY_MANAGER:DOH', []) }
    expect(actor({ roles: ['DOH.Manager'], groups: ['railyard-cab'] }, appRoles)).toMatchObject({ roles: ['AGENCY_MANAGER'], agency: 'DOH' })
    const bySubject: ClaimRules = { groupsClaim: 'sub', groupMap: parseGroupMap('u1=PROGRAM_VIEWER', []) }
    expect(actor({}, bySubject)).toMatchObject({ roles: ['PROGRAM_VIEWER'] })
  })

  it('refuses a token that would act for two agencies', () => {
    expect(() => actor({ groups: ['railyard-doh-managers', 'railyard-dol-managers'] })).toThrow(/more than one agency \(DOH, DOL\)/)
    expect(() => actor({ agency: 'DOL', groups: ['railyard-doh-staff'] })).toThrow(AuthError)
  })

  it('keeps a verified e-mail address and a display name', () => {
    expect(actor({ email: 'mia@doh.example.gov', name: 'Mia' })).toMatchObject({ email: 'mia@doh.example.gov', displayName: 'Mia' })
    expect(actor({ email: 'mia@doh.example.gov', email_verified: false })).toMatchObject({ email: null })
    expect(actor({ email: 'not-an-address' })).toMatchObject({ email: null })
    expect(actor({ preferred_username: 'mia@doh.example.gov' })).toMatchObject({ displayName: 'mia@doh.example.gov', email: null })
  })

  it('reads scopes from `scope` and from `scp` (array or space-separated)', () => {
    expect(actor({ scope: 'graph:read openid', scp: ['inventory:report'] }).scopes).toEqual(['graph:read', 'openid', 'inventory:report'])
    expect(actor({ scp: 'Railyard.Access graph:read' }).scopes).toEqual(['Railyard.Access', 'graph:read'])
  })
})
