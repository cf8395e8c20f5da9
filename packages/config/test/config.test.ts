import { describe, expect, it } from 'vitest'
import { ConfigError, loadConfig, publicAuthSettings } from '../src/index.ts'

describe('config', () => {
  it('has sensible defaults: port 4000, subgraphs on the next three ports, embedded data dir, dev auth', () => {
    const c = loadConfig({})
    expect(c.port).toBe(4000)
    expect(c.ports).toEqual({ programStrategy: 4001, agencyPlans: 4002, environmentInventory: 4003 })
    expect(c.urls.agencyPlans).toBe('http://127.0.0.1:4002/graphql')
    expect(c.dataDir).toBe('.railyard')
    expect(c.databaseUrl).toBeUndefined()
    expect(c.auth.mode).toBe('dev')
  })

  it('derives subgraph ports from PORT unless set', () => {
    const c = loadConfig({ PORT: '5000', AGENCY_PLANS_PORT: '6000' })
    expect(c.ports).toEqual({ programStrategy: 5001, agencyPlans: 6000, environmentInventory: 5003 })
  })

  it('refuses invalid values and incomplete OIDC settings with a readable message', () => {
    expect(() => loadConfig({ PORT: 'abc' })).toThrow(ConfigError)
    expect(() => loadConfig({ AUTH_MODE: 'oidc' })).toThrow(/AUTH_ISSUER/)
    expect(() => loadConfig({ AUTH_MODE: 'oidc' })).toThrow(/AUTH_AUDIENCE/)
    expect(() => loadConfig({ DATABASE_URL: 'not a url' })).toThrow(/DATABASE_URL/)
    const c = loadConfig({ AUTH_MODE: 'oidc', AUTH_JWKS_URL: 'https://idp/jwks', AUTH_ISSUER: 'https://idp', AUTH_AUDIENCE: 'railyard' })
    expect(c.auth).toMatchObject({ mode: 'oidc', jwksUrl: 'https://idp/jwks', issuer: 'https://idp', audience: 'railyard' })
  })
})

const OIDC = { AUTH_MODE: 'oidc', AUTH_ISSUER: 'https://login.example.gov', AUTH_AUDIENCE: 'api://railyard', AUTH_CLIENT_ID: 'railyard-web' }

describe('config: OpenID Connect sign-in', () => {
  it('needs no AUTH_JWKS_URL (discovered from the issuer) and defaults the rest', () => {
    const { auth } = loadConfig(OIDC)
    expect(auth).toEqual({
      mode: 'oidc',
      issuer: 'https://login.example.gov',
      audience: 'api://railyard',
      clientId: 'railyard-web',
      scopes: ['openid', 'profile', 'email'],
      groupsClaim: 'groups',
      groupMap: [],
      bearerToken: 'access_token',
      logoutIdTokenHint: false,
    })
    expect(auth.jwksUrl).toBeUndefined()
    expect(loadConfig({ ...OIDC, AUTH_JWKS_URL: 'https://login.example.gov/keys' }).auth.jwksUrl).toBe('https://login.example.gov/keys')
  })

  it('parses AUTH_GROUP_MAP: program roles, agency roles with their agency, several roles per group', () => {
    const { auth } = loadConfig({
      ...OIDC,
      AUTH_GROUP_MAP:
        'railyard-doh-managers=AGENCY_MANAGER:DOH, railyard-cab=PROGRAM_ADMIN\nrailyard-cab=PROGRAM_VIEWER,Okta Group: DOL Staff=AGENCY_MEMBER:DOL',
      AUTH_GROUPS_CLAIM: 'roles',
      AUTH_SCOPES: 'openid profile email offline_access api://railyard/Railyard.Access',
    })
    expect(auth.groupMap).toEqual([
      { group: 'railyard-doh-managers', role: 'AGENCY_MANAGER', agency: 'DOH' },
      { group: 'railyard-cab', role: 'PROGRAM_ADMIN', agency: null },
      { group: 'railyard-cab', role: 'PROGRAM_VIEWER', agency: null },
      { group: 'Okta Group: DOL Staff', role: 'AGENCY_MEMBER', agency: 'DOL' },
    ])
    expect(auth.groupsClaim).toBe('roles')
    expect(auth.scopes).toEqual(['openid', 'profile', 'email', 'offline_access', 'api://railyard/Railyard.Access'])
  })

  it.each([
    ['railyard-doh-managers', /entry 1 \("railyard-doh-managers"\): expected group=ROLE or group=ROLE:AGENCY/],
    ['=PROGRAM_ADMIN', /expected group=ROLE/],
    ['g=KING', /entry 1 \("g=KING"\): unknown role "KING" \(one of PROGRAM_ADMIN, /],
    ['ok=PROGRAM_VIEWER,g=program_admin', /entry 2 .*unknown role "program_admin"/],
    ['g=AGENCY_MANAGER', /AGENCY_MANAGER acts for one agency: write g=AGENCY_MANAGER:<AGENCY>/],
    ['g=PROGRAM_ADMIN:DOH', /PROGRAM_ADMIN is program-wide and takes no agency/],
    ['g=AGENCY_VIEWER:doh', /"doh" is not an agency code/],
    ['g=AGENCY_VIEWER:DOH:X', /expected group=ROLE or group=ROLE:AGENCY/],
    ['g=AGENCY_VIEWER:DOH,g=AGENCY_MANAGER:DOL', /group "g" already maps to agency DOH/],
  ])('refuses AUTH_GROUP_MAP=%s with a clear message', (map, message) => {
    expect(() => loadConfig({ ...OIDC, AUTH_GROUP_MAP: map })).toThrow(ConfigError)
    expect(() => loadConfig({ ...OIDC, AUTH_GROUP_MAP: map })).toThrow(message)
  })

  it('lists every problem at once', () => {
    let message = ''
    try {
      loadConfig({ AUTH_MODE: 'oidc', AUTH_GROUP_MAP: 'a=KING,b=AGENCY_MEMBER', PORT: 'x' })
    } catch (e) {
      message = (e as Error).message
    }
    for (const part of ['PORT', 'AUTH_ISSUER', 'AUTH_AUDIENCE', 'unknown role "KING"', 'AGENCY_MEMBER acts for one agency']) expect(message).toContain(part)
  })

  it('refuses provider URLs that are not https (http only on loopback) and bad enum values', () => {
    expect(() => loadConfig({ ...OIDC, AUTH_ISSUER: 'http://login.example.gov' })).toThrow(/AUTH_ISSUER: must be an https URL/)
    expect(() => loadConfig({ ...OIDC, AUTH_ISSUER: 'login.example.gov' })).toThrow(/AUTH_ISSUER: not a URL/)
    expect(() => loadConfig({ ...OIDC, AUTH_JWKS_URL: 'http://10.0.0.1/keys' })).toThrow(/AUTH_JWKS_URL: must be an https URL/)
    expect(loadConfig({ ...OIDC, AUTH_ISSUER: 'http://127.0.0.1:4310' }).auth.issuer).toBe('http://127.0.0.1:4310')
    expect(loadConfig({ ...OIDC, AUTH_ISSUER: 'http://localhost:8080/realms/railyard' }).auth.issuer).toBe('http://localhost:8080/realms/railyard')
    expect(() => loadConfig({ ...OIDC, AUTH_BEARER_TOKEN: 'refresh_token' })).toThrow(/AUTH_BEARER_TOKEN/)
    expect(() => loadConfig({ ...OIDC, AUTH_SCOPES: 'profile email' })).toThrow(/AUTH_SCOPES: must include "openid"/)
    expect(() => loadConfig({ ...OIDC, AUTH_GROUPS_CLAIM: 'aud' })).toThrow(/AUTH_GROUPS_CLAIM/)
  })

  it('ID tokens as bearer (Login.gov): the audience is the client id, and no ID token in the logout URL', () => {
    const loginGov = {
      AUTH_MODE: 'oidc',
      AUTH_ISSUER: 'https://idp.int.identitysandbox.gov/',
      AUTH_CLIENT_ID: 'urn:gov:gsa:openidconnect.profiles:sp:sso:state:railyard',
    }
    const { auth } = loadConfig({ ...loginGov, AUTH_BEARER_TOKEN: 'id_token', AUTH_ACR_VALUES: 'urn:acr.login.gov:auth-only' })
    expect(auth).toMatchObject({ bearerToken: 'id_token', audience: loginGov.AUTH_CLIENT_ID, acrValues: 'urn:acr.login.gov:auth-only' })
    expect(() => loadConfig({ ...loginGov, AUTH_BEARER_TOKEN: 'id_token', AUTH_AUDIENCE: 'railyard' })).toThrow(/must be AUTH_CLIENT_ID/)
    expect(() => loadConfig({ ...loginGov, AUTH_CLIENT_ID: undefined, AUTH_BEARER_TOKEN: 'id_token' })).toThrow(/AUTH_CLIENT_ID: required/)
    expect(() => loadConfig({ ...loginGov, AUTH_BEARER_TOKEN: 'id_token', AUTH_LOGOUT_ID_TOKEN_HINT: 'true' })).toThrow(/AUTH_LOGOUT_ID_TOKEN_HINT/)
    // id_token_hint only when the ID token is no bearer token (its audience is not Railyard's)
    expect(loadConfig({ ...OIDC, AUTH_LOGOUT_ID_TOKEN_HINT: 'true' }).auth.logoutIdTokenHint).toBe(true)
    expect(() => loadConfig({ ...OIDC, AUTH_AUDIENCE: 'railyard-web', AUTH_LOGOUT_ID_TOKEN_HINT: 'true' })).toThrow(/would be accepted as a bearer token/)
  })

  it('tells the web client only public settings', () => {
    expect(publicAuthSettings(loadConfig({}).auth)).toEqual({ mode: 'dev' })
    expect(publicAuthSettings(loadConfig({ ...OIDC, AUTH_GROUP_MAP: 'railyard-cab=PROGRAM_ADMIN' }).auth)).toEqual({
      mode: 'oidc',
      issuer: 'https://login.example.gov',
      clientId: 'railyard-web',
      scopes: ['openid', 'profile', 'email'],
      bearerToken: 'access_token',
      acrValues: null,
      logoutIdTokenHint: false,
    })
  })
})
