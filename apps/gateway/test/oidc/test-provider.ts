import { type IncomingMessage, type ServerResponse, createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { type JWK, exportJWK, generateKeyPair } from 'jose'
import Provider, { type Configuration, errors } from 'oidc-provider'
import { type TokenSigner, createTokenSigner } from '@railyard/auth'

/**
 * A real OpenID Provider (the certified `oidc-provider` package) on loopback, for the sign-in
 * tests: one public client using authorization code + PKCE, people with groups, RS256 JWT access
 * tokens for Railyard's audience carrying `name`, `email` and `groups` (as Entra ID and Okta add
 * them to access tokens), a short access-token lifetime, and the provider's own login and consent
 * pages (devInteractions: any password is accepted for a known login).
 */
export interface TestPerson {
  name: string
  email: string
  groups: string[]
}

export interface TestProviderOptions {
  clientId?: string
  audience?: string
  /** Seconds an access token (and ID token) is valid. */
  accessTokenTtl?: number
  /** Other APIs the provider issues access tokens for (when a client asks with `resource=`). */
  otherAudiences?: string[]
  people: Record<string, TestPerson>
}

export interface TestProvider {
  issuer: string
  clientId: string
  audience: string
  /**
   * Registers the client for the web client at `appOrigin` (redirect URIs /signin-callback and
   * /silent-renew.html, post-logout /signed-out), and starts answering.
   */
  registerApp(appOrigin: string): void
  /**
   * Signs tokens with a second key the provider publishes in its JWKS (ES256), for setting up
   * data through the API before anyone signs in. Tokens people use come from the flows.
   */
  seedSigner(): Promise<TokenSigner>
  /** Access tokens issued so far (by the token endpoint), newest last. */
  issuedAccessTokens: string[]
  /** Requests seen: token endpoint, authorization with prompt=none (silent renewals), account look-ups, end-session. */
  counts: { token: number; silent: number; login: number; endSession: number }
  close(): Promise<void>
}

export async function startTestProvider(o: TestProviderOptions): Promise<TestProvider> {
  const clientId = o.clientId ?? 'railyard-web'
  const audience = o.audience ?? 'api://railyard'
  const ttl = o.accessTokenTtl ?? 300
  const rsa = await generateKeyPair('RS256', { extractable: true })
  const ec = await generateKeyPair('ES256', { extractable: true })
  const rsaJwk: JWK = { ...(await exportJWK(rsa.privateKey)), kid: 'op-rs256', alg: 'RS256', use: 'sig' }
  const ecJwk: JWK = { ...(await exportJWK(ec.privateKey)), kid: 'op-es256', alg: 'ES256', use: 'sig' }
  const ecPublic: JWK = { ...(await exportJWK(ec.publicKey)), kid: 'op-es256', alg: 'ES256', use: 'sig' }

  let handler: ((req: IncomingMessage, res: ServerResponse) => void) | null = null
  const issued: string[] = []
  const counts = { token: 0, silent: 0, login: 0, endSession: 0 }
  const server = createServer((req, res) => {
    // The provider's pages import a web font from the internet: refused here (loopback only).
    res.setHeader('Content-Security-Policy', "style-src 'self' 'unsafe-inline'; font-src 'self'")
    const path = (req.url ?? '').split('?')[0]
    if (path === '/token') counts.token++
    if (path === '/auth' && /[?&]prompt=none(&|$)/.test(req.url ?? '')) counts.silent++
    if (path === '/session/end') counts.endSession++
    if (!handler) res.writeHead(503).end()
    else handler(req, res)
  })
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r))
  const issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`

  const person = (id: string): TestPerson | undefined => (Object.hasOwn(o.people, id) ? o.people[id] : undefined)

  const configuration = (appOrigin: string): Configuration => ({
    clients: [
      {
        client_id: clientId,
        client_name: 'Railyard',
        application_type: 'web',
        token_endpoint_auth_method: 'none',
        grant_types: ['authorization_code', 'refresh_token'],
        response_types: ['code'],
        redirect_uris: [`${appOrigin}/signin-callback`, `${appOrigin}/silent-renew.html`],
        post_logout_redirect_uris: [`${appOrigin}/signed-out`],
      },
    ],
    jwks: { keys: [rsaJwk, ecJwk] },
    cookies: { keys: ['railyard-test-cookie-key-0123456789'] },
    pkce: { required: () => true },
    scopes: ['openid', 'profile', 'email', 'groups', 'offline_access'],
    claims: { openid: ['sub'], profile: ['name'], email: ['email', 'email_verified'], groups: ['groups'] },
    conformIdTokenClaims: false,
    findAccount(_ctx, id) {
      const p = person(id)
      if (!p) return undefined
      counts.login++
      return {
        accountId: id,
        claims: () => ({ sub: id, name: p.name, email: p.email, email_verified: true, groups: p.groups }),
      }
    },
    extraTokenClaims(_ctx, token) {
      if (token.kind !== 'AccessToken' || !token.accountId) return undefined
      const p = person(token.accountId)
      return p ? { name: p.name, email: p.email, groups: p.groups } : undefined
    },
    features: {
      devInteractions: { enabled: true },
      rpInitiatedLogout: { enabled: true },
      resourceIndicators: {
        enabled: true,
        defaultResource: () => audience,
        useGrantedResource: () => true,
        getResourceServerInfo(_ctx, resource) {
          if (resource !== audience && !o.otherAudiences?.includes(resource)) throw new errors.InvalidTarget()
          return { scope: 'railyard', audience: resource, accessTokenTTL: ttl, accessTokenFormat: 'jwt', jwt: { sign: { alg: 'RS256' } } }
        },
      },
    },
    ttl: { AccessToken: ttl, IdToken: ttl, AuthorizationCode: 60, Interaction: 600, Session: 3600, Grant: 3600, RefreshToken: 3600 },
  })

  return {
    issuer,
    clientId,
    audience,
    issuedAccessTokens: issued,
    counts,
    registerApp(appOrigin) {
      const provider = new Provider(issuer, configuration(appOrigin))
      provider.on('grant.success', (ctx: { body?: unknown }) => {
        const body = ctx.body as { access_token?: unknown } | undefined
        if (typeof body?.access_token === 'string') issued.push(body.access_token)
      })
      const callback = provider.callback()
      handler = (req, res) => {
        void callback(req, res)
      }
    },
    seedSigner: () => createTokenSigner({ privateJwk: ecJwk, publicJwk: ecPublic }, issuer, audience),
    async close() {
      server.closeAllConnections()
      await new Promise<void>((r) => server.close(() => r()))
    },
  }
}
