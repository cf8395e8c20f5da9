import type express from 'express'
import type { PublicAuthSettings } from '@railyard/config'

/**
 * GET /auth/config: how the web client signs people in — `{ mode: 'dev' }` (persona picker and
 * dev tokens) or `{ mode: 'oidc', issuer, clientId, scopes, … }` (OpenID Connect, authorization
 * code + PKCE). Public and nothing secret: the same values any OIDC client shows in its URLs.
 */
export function mountAuthConfig(app: express.Express, settings: PublicAuthSettings | null): void {
  app.get('/auth/config', (_req, res) => {
    res.set('Cache-Control', 'no-store')
    if (!settings) {
      res.status(404).json({ error: 'sign-in is not configured on this server' })
      return
    }
    res.json(settings)
  })
}
