/**
 * Calendar feeds (issue 10): subscribable, read-only, revocable .ics addresses. The secret is
 * random (32 bytes), shown once in createCalendarFeed's answer and stored only as its SHA-256;
 * the gateway serves `/calendar/feeds/<secret>.ics` after openCalendarFeed here says whose feed it
 * is, acting for that person (their roles and agency when they created it) for that one request.
 */
import { createHash, randomBytes } from 'node:crypto'
import { type Actor, canRead, hasRole, hasScope, isProgramAdmin } from '@railyard/auth'
import { FieldErrors, forbidden, notFound, writeAudit } from '@railyard/graphql-kit'
import { requireReader } from '../../access.ts'
import type { Context } from '../../context.ts'
import { insertCalendarFeed, lockCalendarFeed, revokeCalendarFeedRow, touchCalendarFeedByHash } from './calendar-feed.repository.ts'
import type { CalendarFeedRow } from './calendar-feed.table.ts'

/** `rycf_` + 43 base64url characters (32 random bytes). */
const SECRET_PREFIX = 'rycf_'
const SECRET_RE = /^rycf_[A-Za-z0-9_-]{43}$/
/** Characters of the secret kept to show a masked address (the `rycf_` prefix and 4 of the 43 random ones). */
const SHOWN = SECRET_PREFIX.length + 4
const NAME_MAX = 100
/** The scope of the gateway's internal token that may open feeds (and nothing else here). */
const OPEN_FEEDS_SCOPE = 'calendar-feeds:open'

const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i

const hashFeedSecret = (secret: string) => createHash('sha256').update(secret, 'utf8').digest('hex')

function newFeedSecret(): string {
  return SECRET_PREFIX + randomBytes(32).toString('base64url')
}

/** The path of a feed's address under the gateway. */
const feedPath = (secret: string) => `/calendar/feeds/${secret}.ics`

const ORIGIN_RE = /^https?:\/\/(?:[A-Za-z0-9.-]+|\[[0-9A-Fa-f:.]+\])(?::\d{1,5})?$/

/**
 * The gateway's public origin as the caller reached it (the gateway forwards it as
 * `x-railyard-origin`); the loopback default when absent or malformed.
 */
function publicOrigin(ctx: Pick<Context, 'request'>): string {
  const o = ctx.request.headers['x-railyard-origin']
  return o && ORIGIN_RE.test(o) ? o : 'http://127.0.0.1'
}

/** The address as shown after creation: the secret masked. */
export function maskedFeedUrl(ctx: Pick<Context, 'request'>, row: CalendarFeedRow): string {
  return `${publicOrigin(ctx)}/calendar/feeds/${row.secretPrefix}…(hidden).ics`
}

/** What the audit rows say of a feed (never its hash). */
function auditView(row: CalendarFeedRow) {
  return {
    id: row.id,
    programId: row.programId,
    name: row.name,
    secretPrefix: row.secretPrefix,
    createdBy: row.createdBy,
    creatorRoles: row.creatorRoles,
    creatorAgency: row.creatorAgency,
    createdAt: row.createdAt,
    revokedAt: row.revokedAt,
    revokedBy: row.revokedBy,
  }
}

/** Who may create feeds: anyone who may read the program (their feed shows what they see). */
function requireFeedCreator(actor: Actor): void {
  requireReader(actor)
}

export async function createCalendarFeed(ctx: Context, programId: string, name: string): Promise<{ feed: CalendarFeedRow; url: string }> {
  const { actor, db, loaders } = ctx
  requireFeedCreator(actor)
  const errors = new FieldErrors()
  const trimmed = name.trim()
  errors.check(trimmed !== '', ['name'], 'Give the feed a name, e.g. "My work calendar".')
  errors.check(trimmed.length <= NAME_MAX, ['name'], `The name may be at most ${NAME_MAX} characters.`)
  errors.throwIfAny()
  const program = UUID_RE.test(programId) ? await loaders.programById.load(programId) : null
  if (!program) throw notFound('Program', programId)
  const secret = newFeedSecret()
  const row = await db.transaction().execute(async (trx) => {
    const feed = await insertCalendarFeed(trx, {
      programId,
      name: trimmed,
      secretHash: hashFeedSecret(secret),
      secretPrefix: secret.slice(0, SHOWN),
      createdBy: actor.subject,
      creatorName: actor.displayName,
      creatorRoles: actor.roles,
      creatorAgency: actor.agency,
      creatorScopes: actor.scopes,
    })
    await writeAudit(trx, actor, { action: 'createCalendarFeed', entityType: 'CalendarFeed', entityId: feed.id, after: auditView(feed) })
    return feed
  })
  loaders.calendarFeedsByOwner.clearAll()
  return { feed: row, url: `${publicOrigin(ctx)}${feedPath(secret)}` }
}

export async function revokeCalendarFeed(ctx: Context, id: string): Promise<CalendarFeedRow> {
  const { actor, db, loaders } = ctx
  requireFeedCreator(actor)
  const mayRevoke = (row: CalendarFeedRow) => row.createdBy === actor.subject || isProgramAdmin(actor)
  // nobody learns of a feed they may not revoke: NOT_FOUND as for one that does not exist
  const seen = UUID_RE.test(id) ? await loaders.calendarFeedById.load(id) : null
  if (!seen || !mayRevoke(seen)) throw notFound('Calendar feed', id)
  const row = await db.transaction().execute(async (trx) => {
    const current = await lockCalendarFeed(trx, id)
    if (!current) throw notFound('Calendar feed', id)
    if (current.revokedAt) return current
    const revoked = await revokeCalendarFeedRow(trx, id, actor.subject)
    await writeAudit(trx, actor, {
      action: 'revokeCalendarFeed',
      entityType: 'CalendarFeed',
      entityId: id,
      before: auditView(current),
      after: auditView(revoked),
    })
    return revoked
  })
  loaders.calendarFeedById.clear(id).prime(id, row)
  loaders.calendarFeedsByOwner.clearAll()
  return row
}

export interface FeedAccess {
  status: 'ACTIVE' | 'REVOKED'
  programKey: string | null
  creator: { subject: string; name: string | null; roles: string[]; agency: string | null; scopes: string[] } | null
}

/** openCalendarFeed: the gateway's check of a secret (internal token with OPEN_FEEDS_SCOPE only). */
export async function openCalendarFeed(ctx: Context, secret: string): Promise<FeedAccess | null> {
  const { actor, db, loaders } = ctx
  if (!(hasRole(actor, 'INTEGRATION') && hasScope(actor, OPEN_FEEDS_SCOPE))) throw forbidden('Only the gateway opens calendar feeds')
  if (!SECRET_RE.test(secret)) return null
  const row = await touchCalendarFeedByHash(db, hashFeedSecret(secret))
  if (!row) return null
  if (row.revokedAt) return { status: 'REVOKED', programKey: null, creator: null }
  const program = await loaders.programById.load(row.programId)
  if (!program) return null
  return {
    status: 'ACTIVE',
    programKey: program.key,
    creator: { subject: row.createdBy, name: row.creatorName, roles: row.creatorRoles, agency: row.creatorAgency, scopes: row.creatorScopes },
  }
}

/** Program.calendarFeeds: the viewer's own feeds of the program, newest first. */
export async function programCalendarFeeds(ctx: Context, programId: string): Promise<CalendarFeedRow[]> {
  if (!canRead(ctx.actor)) return []
  return ctx.loaders.calendarFeedsByOwner.load({ programId, createdBy: ctx.actor.subject })
}

/** CalendarFeed.program: only the feed's own program (the viewer sees their own feeds only). */
export function feedProgram(ctx: Context, row: CalendarFeedRow) {
  return ctx.loaders.programById.load(row.programId)
}
