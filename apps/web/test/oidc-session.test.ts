import { describe, expect, it } from 'vitest'
import { AuthConfigError, parseAuthSettings } from '../src/auth/auth-config.ts'
import { CALLBACK_PATH, SIGNED_OUT_PATH, bearerOf, jwtExpiry, renewDelaySeconds, safeReturnTo, userManagerSettings } from '../src/auth/oidc.ts'

const jwt = (payload: Record<string, unknown>) => `e30.${Buffer.from(JSON.stringify(payload)).toString('base64url')}.sig`

describe('OIDC sign-in helpers', () => {
  it('return only to paths of this site, query string included', () => {
    expect(safeReturnTo('/plans/p1?tab=releases&x=1')).toBe('/plans/p1?tab=releases&x=1')
    for (const bad of ['https://evil.example/', '//evil.example/x', '/\\evil.example', 'plans', '', null, 42, CALLBACK_PATH + '?code=x', SIGNED_OUT_PATH])
      expect(safeReturnTo(bad)).toBe('/')
  })

  it('renew a quarter of the lifetime early, at most a minute early', () => {
    expect(renewDelaySeconds(3600)).toBe(3540)
    expect(renewDelaySeconds(20)).toBe(15)
    expect(renewDelaySeconds(2)).toBe(0)
    expect(renewDelaySeconds(4)).toBe(3)
  })

  it('read the expiry of the token sent as bearer', () => {
    const id = jwt({ exp: 1_900_000_000 })
    expect(jwtExpiry(id)).toBe(1_900_000_000)
    expect(jwtExpiry('opaque-token')).toBeNull()
    expect(bearerOf({ access_token: 'opaque', id_token: id, expires_at: 1_800_000_000 }, 'access_token')).toEqual({ token: 'opaque', expiresAt: 1_800_000_000 })
    expect(bearerOf({ access_token: 'opaque', id_token: id, expires_at: 1_800_000_000 }, 'id_token')).toEqual({ token: id, expiresAt: 1_900_000_000 })
    expect(bearerOf({ access_token: 'opaque', id_token: undefined, expires_at: undefined }, 'id_token')).toBeNull()
  })

  it('configure the library for code + PKCE with this site’s callback pages and the server’s scopes', () => {
    const s = userManagerSettings(
      {
        mode: 'oidc',
        issuer: 'https://idp.example.gov',
        clientId: 'railyard-web',
        scopes: ['openid', 'email'],
        bearerToken: 'access_token',
        acrValues: null,
        logoutIdTokenHint: false,
      },
      'https://railyard.example.gov',
      {} as Storage,
    )
    expect(s).toMatchObject({
      authority: 'https://idp.example.gov',
      client_id: 'railyard-web',
      response_type: 'code',
      scope: 'openid email',
      redirect_uri: 'https://railyard.example.gov/signin-callback',
      silent_redirect_uri: 'https://railyard.example.gov/silent-renew.html',
      post_logout_redirect_uri: 'https://railyard.example.gov/signed-out',
      automaticSilentRenew: false,
    })
    expect(s.disablePKCE).toBeUndefined()
    expect(s.acr_values).toBeUndefined()
  })

  it('read the server’s sign-in settings strictly', () => {
    expect(parseAuthSettings({ mode: 'dev' })).toEqual({ mode: 'dev' })
    expect(
      parseAuthSettings({
        mode: 'oidc',
        issuer: 'https://idp',
        clientId: 'c',
        scopes: ['openid'],
        bearerToken: 'id_token',
        acrValues: 'x',
        logoutIdTokenHint: true,
      }),
    ).toEqual({
      mode: 'oidc',
      issuer: 'https://idp',
      clientId: 'c',
      scopes: ['openid'],
      bearerToken: 'id_token',
      acrValues: 'x',
      logoutIdTokenHint: true,
    })
    expect(parseAuthSettings({ mode: 'oidc', issuer: 'https://idp', clientId: null, scopes: [] })).toMatchObject({
      clientId: null,
      bearerToken: 'access_token',
    })
    expect(() => parseAuthSettings({ mode: 'saml' })).toThrow(AuthConfigError)
    expect(() => parseAuthSettings(null)).toThrow(AuthConfigError)
  })
})
