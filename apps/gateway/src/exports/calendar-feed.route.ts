/**
 * GET /calendar/feeds/<secret>.ics — the subscribable address of a calendar feed
 * (createCalendarFeed). No other credential: program-strategy checks the secret (it keeps only
 * its hash) and says whose feed it is; the gateway then builds the feed exactly as the
 * Authorization-header route would for that person (their roles and agency when they created the
 * feed), with a short-lived internal token that never leaves the server. Read-only: the one
 * operation run is the calendar query.
 *
 * An unknown secret answers 404 and a revoked one 410, both without saying which programs exist.
 */
import { type Role, type TokenSigner, isRole } from '@railyard/auth'
import type { SubgraphClient } from '@railyard/graphql-kit'

/** The gateway's own identity towards program-strategy: it may open feeds, nothing else. */
const GATEWAY_PRINCIPAL = {
  sub: 'railyard-gateway',
  name: 'Railyard gateway (calendar feeds)',
  roles: ['INTEGRATION' as const],
  scopes: ['calendar-feeds:open'],
}
/** Internal tokens live for one request. */
const TTL = '60s'

/** Sent to the program-strategy subgraph itself (an internal field, not in the API schema). */
export const OPEN_FEED = /* GraphQL */ `
  mutation RailyardOpenCalendarFeed($secret: String!) {
    openCalendarFeed(secret: $secret) {
      status
      programKey
      creator {
        subject
        name
        roles
        agency
        scopes
      }
    }
  }
`

interface OpenFeedData {
  openCalendarFeed: {
    status: 'ACTIVE' | 'REVOKED'
    programKey: string | null
    creator: { subject: string; name: string | null; roles: string[]; agency: string | null; scopes: string[] } | null
  } | null
}

const FEED_SECRET_RE = /^rycf_[A-Za-z0-9_-]{43}$/

export type OpenedFeed = { ok: true; programKey: string; token: string } | { ok: false; status: 404 | 410 | 502; message: string }

/** Asks program-strategy whose feed `secret` is; on success, a token acting for its creator (for this request only). */
export async function openFeed(internal: { signer: TokenSigner; programStrategy: SubgraphClient }, secret: string): Promise<OpenedFeed> {
  if (!FEED_SECRET_RE.test(secret)) return { ok: false, status: 404, message: 'Not found.' }
  let data: OpenFeedData
  try {
    const gatewayToken = await internal.signer.sign(GATEWAY_PRINCIPAL, { expiresIn: TTL })
    data = await internal.programStrategy.request<OpenFeedData>(OPEN_FEED, { secret }, gatewayToken)
  } catch (err) {
    console.error('[calendar feed] program-strategy could not check the feed:', (err as Error).message)
    return { ok: false, status: 502, message: 'The calendar feed could not be checked right now; try again shortly.' }
  }
  const feed = data.openCalendarFeed
  if (!feed) return { ok: false, status: 404, message: 'Not found.' }
  if (feed.status === 'REVOKED' || !feed.creator || !feed.programKey) {
    return { ok: false, status: 410, message: 'Gone: this calendar feed was revoked. Create a new one in Railyard (Program → Calendar subscriptions).' }
  }
  const c = feed.creator
  const token = await internal.signer.sign(
    { sub: c.subject, name: c.name ?? undefined, roles: readOnlyRoles(c.roles), agency: c.agency, scopes: c.scopes.filter((s) => s === 'graph:read') },
    { expiresIn: TTL },
  )
  return { ok: true, programKey: feed.programKey, token }
}

/**
 * The reading role of each of the creator's roles: a feed reads exactly what its creator may
 * read (DESIGN "Access rules": viewers read as managers and admins do) and can write nothing.
 */
export function readOnlyRoles(roles: readonly string[]): Role[] {
  const out = new Set<Role>()
  for (const r of roles) {
    if (!isRole(r)) continue
    if (r === 'PROGRAM_ADMIN' || r === 'PROGRAM_VIEWER') out.add('PROGRAM_VIEWER')
    else if (r === 'AGENCY_MANAGER' || r === 'AGENCY_MEMBER' || r === 'AGENCY_VIEWER') out.add('AGENCY_VIEWER')
    else out.add(r)
  }
  return [...out]
}
