import { type Expression, type ExpressionBuilder, type Kysely, type SqlBool, sql } from 'kysely'
import type { Actor } from '@railyard/auth'
import type { NotificationKind } from '../../__generated__/resolvers-types.ts'
import type { Database } from '../../database.ts'
import { isUuid } from '../common/refs.ts'
import type { NotificationModel } from './notification.table.ts'

const PROGRAM_ROLES = ['PROGRAM_ADMIN', 'PROGRAM_VIEWER']
const AGENCY_ROLES = ['AGENCY_MANAGER', 'AGENCY_MEMBER', 'AGENCY_VIEWER']

/** The audience condition: the notifications addressed to this person (by subject, program role or agency role). */
function addressedTo(actor: Pick<Actor, 'subject' | 'roles' | 'agency'>) {
  return (eb: ExpressionBuilder<Database, 'notification'>): Expression<SqlBool> => {
    const ors: Expression<SqlBool>[] = [eb.and([eb('audience', '=', 'PERSON'), eb('audienceSubject', '=', actor.subject)])]
    // an empty audience_roles means every program role (PROGRAM) or every agency role (AGENCY); integrations are never an audience
    const programRoles = actor.roles.filter((r) => PROGRAM_ROLES.includes(r))
    if (programRoles.length > 0)
      ors.push(
        eb.and([eb('audience', '=', 'PROGRAM'), sql<SqlBool>`(cardinality(audience_roles) = 0 or audience_roles && ${sql.raw(pgTextArray(programRoles))})`]),
      )
    const agencyRoles = actor.roles.filter((r) => AGENCY_ROLES.includes(r))
    if (actor.agency && agencyRoles.length > 0)
      ors.push(
        eb.and([
          eb('audience', '=', 'AGENCY'),
          eb('audienceAgency', '=', actor.agency),
          sql<SqlBool>`(cardinality(audience_roles) = 0 or audience_roles && ${sql.raw(pgTextArray(agencyRoles))})`,
        ]),
      )
    return eb.or(ors)
  }
}

/** A text[] literal of role names (roles are fixed identifiers, validated when the token was read). */
export function pgTextArray(values: readonly string[]): string {
  return `array[${values.map((v) => `'${v.replace(/'/g, "''")}'`).join(',')}]::text[]`
}

/** The newest notifications addressed to the person, with their read state. */
export async function findNotificationsFor(
  db: Kysely<Database>,
  actor: Actor,
  opts: { unreadOnly: boolean; limit: number; kinds?: readonly NotificationKind[] },
): Promise<NotificationModel[]> {
  let q = db
    .selectFrom('notification')
    .leftJoin('notificationRead', (j) => j.onRef('notificationRead.notificationId', '=', 'notification.id').on('notificationRead.subject', '=', actor.subject))
    .selectAll('notification')
    .select((eb) => eb('notificationRead.readAt', 'is not', null).as('read'))
    .where(addressedTo(actor))
  if (opts.unreadOnly) q = q.where('notificationRead.readAt', 'is', null)
  if (opts.kinds) q = opts.kinds.length === 0 ? q.where(sql<SqlBool>`false`) : q.where('notification.kind', 'in', opts.kinds)
  const rows = await q.orderBy('notification.at', 'desc').orderBy('notification.id', 'desc').limit(opts.limit).execute()
  return rows.map((r) => ({ ...r, read: Boolean(r.read) }))
}

/** Marks the given notifications read for the person (only those addressed to them). */
export async function markRead(db: Kysely<Database>, actor: Actor, ids: readonly string[]): Promise<number> {
  const valid = [...new Set(ids.filter(isUuid))]
  if (valid.length === 0) return 0
  const mine = await db.selectFrom('notification').select('id').where('id', 'in', valid).where(addressedTo(actor)).execute()
  if (mine.length === 0) return 0
  await db
    .insertInto('notificationRead')
    .values(mine.map((m) => ({ notificationId: m.id, subject: actor.subject })))
    .onConflict((oc) => oc.columns(['notificationId', 'subject']).doNothing())
    .execute()
  return mine.length
}

/** The person's stored preferences (kinds without a row hear IN_APP only). */
export async function findPreferences(db: Kysely<Database>, subject: string): Promise<Map<NotificationKind, string[]>> {
  const rows = await db.selectFrom('notificationPreference').select(['kind', 'channels']).where('subject', '=', subject).execute()
  return new Map(rows.map((r) => [r.kind, r.channels]))
}

export async function upsertPreferences(
  db: Kysely<Database>,
  subject: string,
  prefs: readonly { kind: NotificationKind; channels: string[] }[],
): Promise<void> {
  if (prefs.length === 0) return
  await db
    .insertInto('notificationPreference')
    .values(prefs.map((p) => ({ subject, kind: p.kind, channels: p.channels })))
    .onConflict((oc) => oc.columns(['subject', 'kind']).doUpdateSet((eb) => ({ channels: eb.ref('excluded.channels'), updatedAt: sql<string>`now()` })))
    .execute()
}
