import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { codeFlow, jwtClaims } from './oidc/code-flow.ts'
import { type OidcStack, startOidcStack } from './oidc/oidc-stack.ts'
import { type TestProvider, startTestProvider } from './oidc/test-provider.ts'

/**
 * AUTH_MODE=oidc at the API: tokens that a real OpenID Provider (oidc-provider) issues through
 * authorization code + PKCE are accepted by the gateway and by every subgraph reached directly,
 * with roles and agency mapped from the groups claim through AUTH_GROUP_MAP; tokens of another
 * issuer or for another audience are refused everywhere.
 */
const GROUP_MAP = 'railyard-doh-managers=AGENCY_MANAGER:DOH,railyard-cab=PROGRAM_ADMIN'
const PEOPLE = {
  hana: { name: 'Hana Ito', email: 'hana@doh.example.gov', groups: ['All staff', 'railyard-doh-managers'] },
  pat: { name: 'Pat Okafor', email: 'pat@cab.example.gov', groups: ['railyard-cab'] },
  nobody: { name: 'Noor Bell', email: 'noor@example.gov', groups: ['All staff'] },
}

describe('sign-in with OpenID Connect (API)', () => {
  let op: TestProvider
  let other: TestProvider
  let s: OidcStack
  const tokens = {} as Record<keyof typeof PEOPLE, { access_token: string; id_token: string }>

  beforeAll(async () => {
    op = await startTestProvider({ people: PEOPLE, otherAudiences: ['api://another-app'] })
    // a second provider: another issuer with its own keys, issuing for the same audience
    other = await startTestProvider({ people: PEOPLE })
    s = await startOidcStack(op, { groupMap: GROUP_MAP })
    other.registerApp(s.url)
    for (const login of Object.keys(PEOPLE) as (keyof typeof PEOPLE)[])
      tokens[login] = await codeFlow({ issuer: op.issuer, clientId: op.clientId, redirectUri: `${s.url}/signin-callback`, login })
  })
  afterAll(async () => {
    await s?.close()
    await op?.close()
    await other?.close()
  })

  const VIEWER = '{ viewer { subject displayName roles agency { code } } }'
  const subgraphs = () => Object.entries(s.stack.urls)
  const atSubgraph = async (url: string, query: string, token: string) => {
    const res = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ query }),
    })
    return (await res.json()) as { data?: Record<string, unknown> | null; errors?: { extensions?: { code?: string } }[] }
  }

  it('tells the web client how to sign in, and has no dev tokens', async () => {
    const config = await (await fetch(`${s.url}/auth/config`)).json()
    expect(config).toEqual({
      mode: 'oidc',
      issuer: op.issuer,
      clientId: 'railyard-web',
      scopes: ['openid', 'profile', 'email', 'groups', 'railyard'],
      bearerToken: 'access_token',
      acrValues: null,
      logoutIdTokenHint: false,
    })
    const dev = await fetch(`${s.url}/auth/dev-token`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"sub":"x","roles":["PROGRAM_ADMIN"]}',
    })
    expect(dev.status).toBe(404)
  })

  it('the provider issued JWT access tokens for Railyard with the groups claim', () => {
    const claims = jwtClaims(tokens.hana.access_token)
    expect(claims).toMatchObject({
      iss: op.issuer,
      aud: 'api://railyard',
      sub: 'hana',
      groups: ['All staff', 'railyard-doh-managers'],
      email: 'hana@doh.example.gov',
    })
    expect(claims.roles).toBeUndefined()
    expect(claims.agency).toBeUndefined()
  })

  it('the gateway accepts the provider’s token and maps groups to role and agency', async () => {
    expect((await s.gql(VIEWER, {}, tokens.hana.access_token)).data).toEqual({
      viewer: { subject: 'hana', displayName: 'Hana Ito', roles: ['AGENCY_MANAGER'], agency: null },
    })
    expect((await s.gql(VIEWER, {}, tokens.pat.access_token)).data).toEqual({
      viewer: { subject: 'pat', displayName: 'Pat Okafor', roles: ['PROGRAM_ADMIN'], agency: null },
    })
    // unmapped groups: signed in, no role
    expect((await s.gql(VIEWER, {}, tokens.nobody.access_token)).data).toEqual({
      viewer: { subject: 'nobody', displayName: 'Noor Bell', roles: [], agency: null },
    })
  })

  it('the mapped roles authorize writes in the subgraphs (program admin by group; an agency manager may not)', async () => {
    const register = 'mutation($input: RegisterAgencyInput!) { registerAgency(input: $input) { id code } }'
    const ok = await s.gql(register, { input: { code: 'DOH', name: 'Department of Health' } }, tokens.pat.access_token)
    expect(ok.errors).toBeUndefined()
    expect(ok.data).toMatchObject({ registerAgency: { code: 'DOH' } })
    const refused = await s.gql(register, { input: { code: 'DOL', name: 'Department of Licensing' } }, tokens.hana.access_token)
    expect(refused.errors?.[0]?.extensions?.code).toBe('FORBIDDEN')
    // now that DOH exists, the manager's viewer resolves its agency
    expect((await s.gql(VIEWER, {}, tokens.hana.access_token)).data).toEqual({
      viewer: { subject: 'hana', displayName: 'Hana Ito', roles: ['AGENCY_MANAGER'], agency: { code: 'DOH' } },
    })
  })

  it('every subgraph reached directly accepts the token and applies the same mapping', async () => {
    for (const [, url] of subgraphs()) {
      const r = await atSubgraph(url, '{ __typename }', tokens.hana.access_token)
      expect(r.errors).toBeUndefined()
      expect(r.data).toEqual({ __typename: 'Query' })
    }
    const direct = await atSubgraph(s.stack.urls.programStrategy, '{ viewer { subject roles } }', tokens.hana.access_token)
    expect(direct.data).toEqual({ viewer: { subject: 'hana', roles: ['AGENCY_MANAGER'] } })
  })

  it('refuses a token of another issuer, a token for another audience and the ID token — at the gateway and every subgraph', async () => {
    const foreign = await codeFlow({ issuer: other.issuer, clientId: other.clientId, redirectUri: `${s.url}/signin-callback`, login: 'pat' })
    expect(jwtClaims(foreign.access_token)).toMatchObject({ iss: other.issuer, aud: 'api://railyard', groups: ['railyard-cab'] })
    const otherAudience = await codeFlow({
      issuer: op.issuer,
      clientId: op.clientId,
      redirectUri: `${s.url}/signin-callback`,
      login: 'pat',
      resource: 'api://another-app',
    })
    expect(jwtClaims(otherAudience.access_token)).toMatchObject({ iss: op.issuer, aud: 'api://another-app', groups: ['railyard-cab'] })
    // the ID token is issued to the client (aud = client id), not to Railyard's API
    expect(jwtClaims(tokens.pat.id_token)).toMatchObject({ iss: op.issuer, aud: 'railyard-web' })

    for (const token of [foreign.access_token, otherAudience.access_token, tokens.pat.id_token]) {
      const r = await s.gql(VIEWER, {}, token)
      expect(r.data ?? null).toBeNull()
      expect(r.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED')
      for (const [, url] of subgraphs()) {
        const d = await atSubgraph(url, '{ __typename }', token)
        expect(d.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED')
      }
    }
  })
})
