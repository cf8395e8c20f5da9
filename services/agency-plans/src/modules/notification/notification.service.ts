import { FieldErrors, forbidden } from '@railyard/graphql-kit'
import type {
  Channel,
  NotificationKind,
  NotificationPreference,
  NotificationPreferenceInput,
  NotificationSettings,
} from '../../__generated__/resolvers-types.ts'
import { accessToPlan } from '../../access.ts'
import type { Context } from '../../context.ts'
import { findEmailDigest, setEmailDigest } from '../person/person.repository.ts'
import { CHANNELS, DEFAULT_CHANNELS, NOTIFICATION_KINDS } from './notification.kinds.ts'
import { findNotificationsFor, findPreferences, markRead, upsertPreferences } from './notification.repository.ts'
import type { NotificationModel, NotificationPageModel } from './notification.table.ts'

const DEFAULT_FIRST = 50
const MAX_FIRST = 200
/** Unread notifications counted at most (the bell shows "999+" beyond). */
const UNREAD_CAP = 999

/**
 * Keeps what the viewer may see now: a notification about a plan or release they can no longer
 * see (or never could) is dropped, whatever its audience said when it was made.
 */
async function stillVisible(ctx: Context, items: NotificationModel[]): Promise<NotificationModel[]> {
  const planIds = [...new Set(items.map((n) => n.planId).filter((id): id is string => !!id))]
  const plans = await ctx.loaders.planById.loadMany(planIds)
  const visible = new Set(
    planIds.filter((_id, i) => {
      const p = plans[i]
      return p && !(p instanceof Error) && accessToPlan(ctx.actor, p) !== 'none'
    }),
  )
  return items.filter((n) => !n.planId || visible.has(n.planId))
}

/** Kinds the viewer turned IN_APP off for. */
async function mutedInApp(ctx: Context): Promise<NotificationKind[]> {
  const prefs = await findPreferences(ctx.db, ctx.actor.subject)
  return NOTIFICATION_KINDS.filter((k) => !(prefs.get(k)?.includes('IN_APP') ?? true))
}

/** The viewer's notifications, newest first, and the number of unread ones. */
export async function notificationPage(ctx: Context, unreadOnly: boolean, first: number | null | undefined): Promise<NotificationPageModel> {
  const { actor, db } = ctx
  if (actor.roles.length === 0 || actor.roles.every((r) => r === 'INTEGRATION')) return { unread: 0, items: [] }
  const errors = new FieldErrors()
  const limit = first ?? DEFAULT_FIRST
  errors.check(Number.isInteger(limit) && limit >= 1 && limit <= MAX_FIRST, ['first'], `first must be between 1 and ${MAX_FIRST}`)
  errors.throwIfAny()
  const muted = await mutedInApp(ctx)
  const kinds = muted.length > 0 ? NOTIFICATION_KINDS.filter((k) => !muted.includes(k)) : undefined
  const [items, unread] = await Promise.all([
    findNotificationsFor(db, actor, { unreadOnly, limit, kinds }).then((rows) => stillVisible(ctx, rows)),
    findNotificationsFor(db, actor, { unreadOnly: true, limit: UNREAD_CAP, kinds }).then((rows) => stillVisible(ctx, rows)),
  ])
  return { unread: unread.length, items }
}

/** Marks the viewer's notifications read; answers the first page. */
export async function markNotificationsRead(ctx: Context, ids: readonly string[]): Promise<NotificationPageModel> {
  const errors = new FieldErrors()
  errors.check(ids.length <= 1000, ['ids'], 'at most 1,000 ids')
  errors.throwIfAny()
  if (ctx.actor.roles.some((r) => r !== 'INTEGRATION')) await markRead(ctx.db, ctx.actor, ids)
  return notificationPage(ctx, false, null)
}

/** The viewer's channels for every kind. */
export async function notificationPreferences(ctx: Context): Promise<NotificationPreference[]> {
  const prefs = await findPreferences(ctx.db, ctx.actor.subject)
  return NOTIFICATION_KINDS.map((kind) => ({ kind, channels: (prefs.get(kind) ?? DEFAULT_CHANNELS) as Channel[] }))
}

/** Sets the viewer's channels for the kinds given. */
export async function setNotificationPreferences(ctx: Context, input: readonly NotificationPreferenceInput[]): Promise<NotificationPreference[]> {
  const errors = new FieldErrors()
  const seen = new Set<string>()
  input.forEach((p, i) => {
    errors.check(!seen.has(p.kind), ['preferences', i, 'kind'], `${p.kind} is given twice`)
    seen.add(p.kind)
    errors.check(new Set(p.channels).size === p.channels.length, ['preferences', i, 'channels'], 'a channel is given twice')
    errors.check(
      p.channels.every((c) => CHANNELS.includes(c)),
      ['preferences', i, 'channels'],
      'unknown channel',
    )
  })
  errors.throwIfAny()
  await upsertPreferences(
    ctx.db,
    ctx.actor.subject,
    input.map((p) => ({ kind: p.kind, channels: [...p.channels] })),
  )
  return notificationPreferences(ctx)
}

/** Integrations have no inbox, hence no settings. */
const isPerson = (ctx: Context) => ctx.actor.roles.some((r) => r !== 'INTEGRATION')

/** The viewer's settings that are not per kind. */
export async function notificationSettings(ctx: Context): Promise<NotificationSettings> {
  return { emailDigest: isPerson(ctx) ? await findEmailDigest(ctx.db, ctx.actor.subject) : false }
}

/** Sets the viewer's daily-digest choice (items already queued for a digest stay in it). */
export async function setNotificationSettings(ctx: Context, emailDigest: boolean): Promise<NotificationSettings> {
  if (!isPerson(ctx)) throw forbidden('Integrations have no notification settings')
  await setEmailDigest(ctx.db, ctx.actor, emailDigest)
  return notificationSettings(ctx)
}
