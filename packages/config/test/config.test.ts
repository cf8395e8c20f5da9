import { describe, expect, it } from 'vitest'
import { ConfigError, loadConfig } from '../src/index.ts'

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
    expect(() => loadConfig({ AUTH_MODE: 'oidc' })).toThrow(/AUTH_JWKS_URL/)
    expect(() => loadConfig({ DATABASE_URL: 'not a url' })).toThrow(/DATABASE_URL/)
    const c = loadConfig({ AUTH_MODE: 'oidc', AUTH_JWKS_URL: 'https://idp/jwks', AUTH_ISSUER: 'https://idp', AUTH_AUDIENCE: 'railyard' })
    expect(c.auth).toEqual({ mode: 'oidc', jwksUrl: 'https://idp/jwks', issuer: 'https://idp', audience: 'railyard' })
  })
})
