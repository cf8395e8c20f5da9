import { readFileSync } from 'node:fs'
import type express from 'express'
import type { Request, Response } from 'express'
import { type TokenVerifier, bearerToken } from '@railyard/auth'
import type { GatewayGraphQL } from '../gateway.ts'

/** The document the REST endpoint sends (exported so the limits test checks it). */
export const DEPLOYMENT_CHECK_QUERY = /* GraphQL */ `
  query RestDeploymentCheck($r: ID!, $t: String!, $e: ID, $at: DateTime) {
    deploymentCheck(releaseId: $r, tier: $t, environmentId: $e, at: $at) {
      allowed
      tier
      at
      nextAllowedAt
      release {
        id
      }
      environment {
        id
      }
      blockers {
        code
        message
        waivedBy {
          id
        }
      }
      freezes {
        start
        end
        window {
          id
          name
        }
      }
    }
  }
`

interface CheckData {
  deploymentCheck: {
    allowed: boolean
    tier: string
    at: string
    nextAllowedAt: string | null
    release: { id: string }
    environment: { id: string } | null
    blockers: { code: string; message: string; waivedBy: { id: string } | null }[]
    freezes: { start: string; end: string; window: { id: string; name: string } }[]
  } | null
}

/** The CLI (integrations/cli/railyard.mjs), served as /cli/railyard.mjs. */
const CLI_PATH = new URL('../../../../integrations/cli/railyard.mjs', import.meta.url)

/** HTTP status of a GraphQL error code. */
const STATUS: Record<string, number> = {
  BAD_USER_INPUT: 400,
  UNAUTHENTICATED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  RATE_LIMITED: 429,
  FAILED_PRECONDITION: 503,
}

function sendJson(res: Response, status: number, body: unknown): void {
  if (status === 401) res.set('WWW-Authenticate', 'Bearer')
  res.status(status).set({ 'Cache-Control': 'no-store', 'X-Content-Type-Options': 'nosniff' }).json(body)
}

function sendError(res: Response, status: number, code: string, message: string, extra: Record<string, unknown> = {}): void {
  sendJson(res, status, { error: { code, message, ...extra } })
}

const param = (req: Request, name: string): string | undefined => {
  const v = req.query[name]
  return typeof v === 'string' && v.trim() !== '' ? v.trim() : undefined
}

/**
 * For pipelines (DESIGN "Deploy-time enforcement"):
 *
 *   GET /api/deployment-check?release=<id>&tier=<tier>[&environment=<id>][&at=<instant>]
 *
 * The same decision as Query.deploymentCheck (which it runs through the supergraph as the caller):
 * 200 when allowed, 409 when not, JSON either way ({ allowed, blockers: [{ code, message,
 * waivedBy }], nextAllowedAt, … }). Errors are JSON `{ error: { code, message, fieldErrors? } }`:
 * 400 bad input, 401 without a valid `Authorization: Bearer` token (never in the URL), 403, 404
 * (unknown or invisible release), 503 when an input (another subgraph) cannot be read.
 * Also serves the pipeline CLI at GET /cli/railyard.mjs (see integrations/).
 */
export function mountDeploymentCheck(app: express.Express, deps: { verifier: TokenVerifier; graphql: GatewayGraphQL }): void {
  // the dependency-free CLI the pipeline templates (integrations/) fetch and run
  const cli = readFileSync(CLI_PATH, 'utf8')
  app.get('/cli/railyard.mjs', (_req, res) => {
    res
      .status(200)
      .set({ 'Content-Type': 'text/javascript; charset=utf-8', 'Cache-Control': 'public, max-age=300', 'X-Content-Type-Options': 'nosniff' })
      .send(cli)
  })
  app.get('/api/deployment-check', async (req: Request, res: Response) => {
    try {
      const token = bearerToken(req.headers.authorization)
      if (!token) return sendError(res, 401, 'UNAUTHENTICATED', 'Send an INTEGRATION token as "Authorization: Bearer <token>".')
      try {
        await deps.verifier.verify(token)
      } catch {
        return sendError(res, 401, 'UNAUTHENTICATED', 'The token is invalid or has expired.')
      }
      const release = param(req, 'release')
      const tier = param(req, 'tier')
      const fieldErrors = [
        ...(release ? [] : [{ path: ['release'], message: 'release (a release id) is required' }]),
        ...(tier ? [] : [{ path: ['tier'], message: 'tier is required' }]),
      ]
      if (fieldErrors.length > 0) return sendError(res, 400, 'BAD_USER_INPUT', 'Missing query parameters', { fieldErrors })
      const result = await deps.graphql<CheckData>(DEPLOYMENT_CHECK_QUERY, { r: release, t: tier, e: param(req, 'environment'), at: param(req, 'at') }, token)
      const check = result.data?.deploymentCheck
      const first = result.errors?.[0]
      if (!check || first) {
        const raw = first?.extensions?.code
        const code = typeof raw === 'string' ? raw : 'INTERNAL_SERVER_ERROR'
        const extra = first?.extensions?.fieldErrors ? { fieldErrors: first.extensions.fieldErrors } : {}
        return sendError(res, STATUS[code] ?? 502, code, first?.message ?? 'The deploy check could not be made', extra)
      }
      const body = {
        allowed: check.allowed,
        release: check.release.id,
        tier: check.tier,
        environment: check.environment?.id ?? null,
        at: check.at,
        blockers: check.blockers.map((b) => ({ code: b.code, message: b.message, waivedBy: b.waivedBy?.id ?? null })),
        freezes: check.freezes.map((f) => ({ name: f.window.name, start: f.start, end: f.end })),
        nextAllowedAt: check.nextAllowedAt,
      }
      sendJson(res, check.allowed ? 200 : 409, body)
    } catch {
      sendError(res, 502, 'INTERNAL_SERVER_ERROR', 'The deploy check could not be made')
    }
  })
}
