import { createHmac } from 'node:crypto'
import { type Kysely, type SqlBool, sql } from 'kysely'
import type { NotificationConfig } from '@railyard/config'
import type { Database } from '../../database.ts'
import type { WebhookDeliveryRow, WebhookSubscriptionRow } from '../webhook/webhook.table.ts'
import { type AudienceSpec, type Message, type OutboxEventRow, messagesFor } from './notification.producers.ts'
import { pgTextArray } from './notification.repository.ts'
import { type DeliveryRef, enqueueDeliveries } from './notification.jobs.ts'
import type { NotificationRow } from './notification.table.ts'
import { type InventoryRelay, relayInventoryOnce } from './notification.relay.ts'

/**
 * The dispatcher (DESIGN "Communication"; docs/notifications.md). Two steps, both safe to run in
 * any number of processes at once over the same database:
 *
 * 1. fan-out: in one transaction, claim unprocessed outbox events (FOR UPDATE SKIP LOCKED), turn
 *    each into notifications (producers), e-mail deliveries (people of the audience who chose
 *    EMAIL) and webhook deliveries (subscriptions asking for the kind), mark the events processed.
 *    Either all of that commits or none of it: an event is fanned out exactly once.
 * 2. delivery: claim due deliveries (SKIP LOCKED, with a lease), send them outside any
 *    transaction, record the outcome. A failure is retried with exponential backoff (first retry
 *    after `retryBaseMs`, ≤ 10 s) until `giveUpAfterMs` (24 h) after the first failure, then DEAD.
 *    A process killed mid-send leaves the lease to expire and another attempt follows: at least
 *    once; receivers deduplicate on `webhook-id` (the notification id, the same on every attempt).
 */

export interface Mailer {
  send(mail: { to: string; subject: string; text: string; html: string; headers?: Record<string, string> }): Promise<void>
}

export interface DispatcherDeps {
  db: Kysely<Database>
  config: NotificationConfig
  mailer?: Mailer | null
  /** For tests: the clock. */
  now?: () => Date
  log?: (line: string) => void
  /** PostgreSQL with graphile-worker: the fan-out adds a job per delivery (notification.queue.ts). */
  jobs?: boolean
  /** The sweep takes only deliveries due this long ago (with jobs: those no job delivered). */
  sweepGraceMs?: number
  /** environment-inventory's outbox, relayed into this one (notification.relay.ts); absent: not relayed. */
  inventory?: InventoryRelay | null
}

/** The relay asks environment-inventory at most this often (each ask is a request there, and a request log line). */
const RELAY_EVERY_MS = 5_000

const LEASE_MS = 60_000
const MAX_BACKOFF_MS = 3600_000

/**
 * Delay before the next attempt: as long as the delivery has been failing so far, at least `base`
 * (the first retry), at most an hour — so the delays double: base, base, 2·base, 4·base, …
 */
const backoffMs = (base: number, failingForMs: number) => Math.min(Math.max(base, failingForMs), MAX_BACKOFF_MS)

// ------------------------------------------------------------------ fan-out

/** Fans out up to `limit` outbox events; returns how many were processed. */
export async function fanOutOnce(deps: DispatcherDeps, limit = 50): Promise<number> {
  return deps.db.transaction().execute(async (trx) => {
    const events = await trx
      .selectFrom('outboxEvent')
      .selectAll()
      .where('processedAt', 'is', null)
      .orderBy('at')
      .orderBy('id')
      .limit(limit)
      .forUpdate()
      .skipLocked()
      .execute()
    const day = utcDay(deps.now?.() ?? new Date())
    for (const event of events) {
      const messages = await messagesFor(trx, event)
      for (const m of messages) {
        const refs = await deliverMessage(trx, event, m, deps.config.smtpUrl !== null ? day : null)
        if (deps.jobs && refs.length > 0) await enqueueDeliveries(trx, refs)
      }
    }
    if (events.length > 0)
      await trx
        .updateTable('outboxEvent')
        .set({ processedAt: sql<string>`now()` })
        .where(
          'id',
          'in',
          events.map((e) => e.id),
        )
        .execute()
    return events.length
  })
}

/** YYYY-MM-DD of an instant in UTC: the day a digest collects. */
export const utcDay = (d: Date) => d.toISOString().slice(0, 10)

/** `emailDay`: the UTC day of the fan-out when e-mail is on (SMTP configured), else null (no e-mail at all). */
async function deliverMessage(trx: Kysely<Database>, event: OutboxEventRow, m: Message, emailDay: string | null): Promise<DeliveryRef[]> {
  const refs: DeliveryRef[] = []
  for (const a of m.audiences) {
    const n = await trx
      .insertInto('notification')
      .values({
        eventId: event.id,
        kind: m.kind,
        at: event.at,
        title: m.title,
        body: m.body,
        link: m.link,
        releaseId: m.releaseId ?? null,
        planId: m.planId ?? null,
        agencyId: m.agencyId ?? null,
        audience: a.audience,
        audienceSubject: a.subject ?? null,
        audienceAgency: a.agencyCode ?? null,
        audienceRoles: a.roles ?? [],
        data: JSON.stringify(m.data ?? {}),
      })
      .returningAll()
      .executeTakeFirstOrThrow()
    if (emailDay) for (const id of await queueEmails(trx, n, a, emailDay)) refs.push({ table: 'emailDelivery', id })
    for (const id of await queueWebhooks(trx, n)) refs.push({ table: 'webhookDelivery', id })
  }
  return refs
}

/**
 * People of the audience who chose EMAIL for the kind and have an address: one e-mail delivery
 * each, or, for people who chose the daily digest, an item of their digest of `day`.
 */
async function queueEmails(trx: Kysely<Database>, n: NotificationRow, a: AudienceSpec, day: string): Promise<string[]> {
  let q = trx
    .selectFrom('person')
    .innerJoin('notificationPreference', (j) => j.onRef('notificationPreference.subject', '=', 'person.subject').on('notificationPreference.kind', '=', n.kind))
    .select(['person.subject', 'person.email', 'person.emailDigest'])
    .where('person.email', 'is not', null)
    .where(sql<SqlBool>`'EMAIL' = any(notification_preference.channels)`)
  const roles =
    a.roles && a.roles.length > 0
      ? a.roles
      : a.audience === 'PROGRAM'
        ? ['PROGRAM_ADMIN', 'PROGRAM_VIEWER']
        : ['AGENCY_MANAGER', 'AGENCY_MEMBER', 'AGENCY_VIEWER']
  if (a.audience === 'PERSON') q = q.where('person.subject', '=', a.subject ?? '')
  else {
    q = q.where(sql<SqlBool>`person.roles && ${sql.raw(pgTextArray(roles))}`)
    if (a.audience === 'AGENCY') q = q.where('person.agencyCode', '=', a.agencyCode ?? '')
  }
  const found = await q.execute()
  const digested = found.filter((p) => p.emailDigest && p.email)
  if (digested.length > 0)
    await trx
      .insertInto('emailDigestItem')
      .values(digested.map((p) => ({ notificationId: n.id, subject: p.subject, email: p.email ?? '', day })))
      .onConflict((oc) => oc.columns(['notificationId', 'subject']).doNothing())
      .execute()
  const people = found.filter((p) => !p.emailDigest && p.email)
  if (people.length === 0) return []
  const rows = await trx
    .insertInto('emailDelivery')
    .values(people.flatMap((p) => (p.email ? [{ notificationId: n.id, subject: p.subject, email: p.email }] : [])))
    .onConflict((oc) => oc.columns(['notificationId', 'subject']).doNothing())
    .returning('id')
    .execute()
  return rows.map((r) => r.id)
}

/** Subscriptions asking for the kind: of the notification's agency, or (no agency) every notification. */
async function queueWebhooks(trx: Kysely<Database>, n: NotificationRow): Promise<string[]> {
  let q = trx
    .selectFrom('webhookSubscription')
    .select('id')
    .where('deletedAt', 'is', null)
    .where(sql<SqlBool>`${n.kind} = any(kinds)`)
  q =
    n.audience === 'AGENCY'
      ? q.where((eb) => eb.or([eb('agencyCode', 'is', null), eb('agencyCode', '=', n.audienceAgency)]))
      : q.where('agencyCode', 'is', null)
  const subs = await q.execute()
  if (subs.length === 0) return []
  const rows = await trx
    .insertInto('webhookDelivery')
    .values(subs.map((s) => ({ subscriptionId: s.id, notificationId: n.id, kind: n.kind })))
    .onConflict((oc) => oc.columns(['subscriptionId', 'notificationId']).doNothing())
    .returning('id')
    .execute()
  return rows.map((r) => r.id)
}

// ------------------------------------------------------------------ webhook delivery

/** Standard Webhooks signature: `v1,<base64 HMAC-SHA256(key, "<id>.<timestamp>.<body>")>`, key = base64 after `whsec_`. */
function signWebhook(secret: string, id: string, timestamp: number, body: string): string {
  const key = Buffer.from(secret.startsWith('whsec_') ? secret.slice('whsec_'.length) : secret, 'base64')
  return `v1,${createHmac('sha256', key).update(`${id}.${timestamp}.${body}`).digest('base64')}`
}

/** The request body for a subscription's format. */
function webhookBody(sub: Pick<WebhookSubscriptionRow, 'format'>, n: NotificationRow, publicUrl: string): string {
  const url = n.link ? `${publicUrl}${n.link}` : null
  if (sub.format === 'SLACK') return JSON.stringify({ text: `*${n.title}*\n${n.body}${url ? `\n<${url}|Open in Railyard>` : ''}` })
  if (sub.format === 'TEAMS')
    return JSON.stringify({
      '@type': 'MessageCard',
      '@context': 'https://schema.org/extensions',
      summary: n.title,
      title: n.title,
      text: n.body,
      ...(url ? { potentialAction: [{ '@type': 'OpenUri', name: 'Open in Railyard', targets: [{ os: 'default', uri: url }] }] } : {}),
    })
  return JSON.stringify({
    type: n.kind,
    id: n.id,
    at: new Date(n.at).toISOString(),
    data: {
      title: n.title,
      body: n.body,
      link: n.link,
      url,
      releaseId: n.releaseId,
      planId: n.planId,
      agencyId: n.agencyId,
      audience: n.audience === 'AGENCY' ? { agency: n.audienceAgency, roles: n.audienceRoles } : { [n.audience.toLowerCase()]: n.audienceSubject ?? true },
      ...n.data,
    },
  })
}

type Claimed<T> = T & { lockedUntil: string | null }

/** Claims up to `limit` due rows of a delivery table with a lease (other dispatchers skip them). */
async function claim(
  db: Kysely<Database>,
  table: 'webhookDelivery' | 'emailDelivery',
  now: Date,
  limit: number,
  o: { id?: string; graceMs?: number } = {},
): Promise<string[]> {
  return db.transaction().execute(async (trx) => {
    let q = trx
      .selectFrom(table)
      .select('id')
      .where('status', 'in', ['PENDING', 'FAILED'])
      .where('nextAttemptAt', '<=', new Date(now.getTime() - (o.graceMs ?? 0)).toISOString())
    if (o.id) q = q.where('id', '=', o.id)
    const due = await q
      .where((eb) => eb.or([eb('lockedUntil', 'is', null), eb('lockedUntil', '<', now.toISOString())]))
      .orderBy('nextAttemptAt')
      .limit(limit)
      .forUpdate()
      .skipLocked()
      .execute()
    if (due.length === 0) return []
    const ids = due.map((d) => d.id)
    await trx
      .updateTable(table)
      .set({ lockedUntil: new Date(now.getTime() + LEASE_MS).toISOString() })
      .where('id', 'in', ids)
      .execute()
    return ids
  })
}

/** Records an attempt's outcome: DELIVERED, FAILED with the next attempt, or DEAD after the give-up period. */
function outcome(
  row: { attempt: number; firstFailedAt: string | null },
  ok: boolean,
  now: Date,
  config: NotificationConfig,
): { status: 'DELIVERED' | 'FAILED' | 'DEAD'; attempt: number; nextAttemptAt: string | null; firstFailedAt: string | null; lockedUntil: null } {
  const attempt = row.attempt + 1
  if (ok) return { status: 'DELIVERED', attempt, nextAttemptAt: null, firstFailedAt: row.firstFailedAt, lockedUntil: null }
  const firstFailed = row.firstFailedAt ? Date.parse(row.firstFailedAt) : now.getTime()
  const next = now.getTime() + backoffMs(config.retryBaseMs, now.getTime() - firstFailed)
  const dead = next - firstFailed > config.giveUpAfterMs
  return {
    status: dead ? 'DEAD' : 'FAILED',
    attempt,
    nextAttemptAt: dead ? null : new Date(next).toISOString(),
    firstFailedAt: new Date(firstFailed).toISOString(),
    lockedUntil: null,
  }
}

async function sendWebhook(deps: DispatcherDeps, delivery: Claimed<WebhookDeliveryRow>, now: Date): Promise<string | null> {
  const { db, config } = deps
  const sub = await db.selectFrom('webhookSubscription').selectAll().where('id', '=', delivery.subscriptionId).executeTakeFirst()
  const n = await db.selectFrom('notification').selectAll().where('id', '=', delivery.notificationId).executeTakeFirst()
  if (!sub || !n || sub.deletedAt) {
    await db
      .updateTable('webhookDelivery')
      .set({ status: 'DEAD', nextAttemptAt: null, lockedUntil: null, lastError: 'subscription deleted' })
      .where('id', '=', delivery.id)
      .execute()
    return null
  }
  const body = webhookBody(sub, n, config.publicUrl)
  const timestamp = Math.floor(now.getTime() / 1000)
  let status: number | null = null
  let error: string | null = null
  try {
    const res = await fetch(sub.url, {
      method: 'POST',
      redirect: 'manual',
      signal: AbortSignal.timeout(config.webhookTimeoutMs),
      headers: {
        'content-type': 'application/json',
        'user-agent': 'Railyard-Webhooks/1',
        'webhook-id': n.id,
        'webhook-timestamp': String(timestamp),
        'webhook-signature': signWebhook(sub.secret, n.id, timestamp, body),
      },
      body,
    })
    status = res.status
    await res.body?.cancel().catch(() => undefined)
    if (status < 200 || status >= 300) error = `HTTP ${status}`
  } catch (err) {
    error = err instanceof Error ? `${err.name}: ${err.message}` : String(err)
  }
  const o = outcome(delivery, error === null, now, config)
  await db
    .updateTable('webhookDelivery')
    .set({ ...o, responseStatus: status, lastError: error, at: now.toISOString() })
    .where('id', '=', delivery.id)
    .execute()
  if (error) deps.log?.(`webhook ${delivery.id} to ${sub.url}: ${error} → ${o.status}`)
  return o.nextAttemptAt
}

// ------------------------------------------------------------------ e-mail delivery

const escapeHtml = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;')

/** The e-mail of one notification: text and HTML, a link to the object and one to the preferences page. */
function emailOf(n: NotificationRow, publicUrl: string): { subject: string; text: string; html: string; unsubscribe: string } {
  const url = n.link ? `${publicUrl}${n.link}` : null
  const unsubscribe = `${publicUrl}/settings/notifications`
  const text = [n.body, '', ...(url ? [`Open in Railyard: ${url}`, ''] : []), `You receive this because of your notification settings: ${unsubscribe}`].join(
    '\n',
  )
  const html = [
    `<p>${escapeHtml(n.body)}</p>`,
    ...(url ? [`<p><a href="${escapeHtml(url)}">Open in Railyard</a></p>`] : []),
    `<p style="color:#555;font-size:12px">You receive this because of your <a href="${escapeHtml(unsubscribe)}">notification settings</a>.</p>`,
  ].join('\n')
  return { subject: `[Railyard] ${n.title}`, text, html, unsubscribe }
}

/** The digest of one person's day: every notification of it, each with its words and link; one unsubscribe link. */
function digestOf(day: string, items: NotificationRow[], publicUrl: string): { subject: string; text: string; html: string; unsubscribe: string } {
  const unsubscribe = `${publicUrl}/settings/notifications`
  const count = `${items.length} notification${items.length === 1 ? '' : 's'}`
  const text = [
    `Your Railyard notifications of ${day} (UTC): ${count}.`,
    '',
    ...items.flatMap((n) => [`* ${n.title}`, `  ${n.body}`, ...(n.link ? [`  Open in Railyard: ${publicUrl}${n.link}`] : []), '']),
    `You receive one digest a day because of your notification settings: ${unsubscribe}`,
  ].join('\n')
  const html = [
    `<p>Your Railyard notifications of ${escapeHtml(day)} (UTC): ${count}.</p>`,
    '<ul>',
    ...items.map(
      (n) =>
        `<li><p><strong>${escapeHtml(n.title)}</strong><br>${escapeHtml(n.body)}${n.link ? `<br><a href="${escapeHtml(`${publicUrl}${n.link}`)}">Open in Railyard</a>` : ''}</p></li>`,
    ),
    '</ul>',
    `<p style="color:#555;font-size:12px">You receive one digest a day because of your <a href="${escapeHtml(unsubscribe)}">notification settings</a>.</p>`,
  ].join('\n')
  return { subject: `[Railyard] Daily digest for ${day}: ${count}`, text, html, unsubscribe }
}

async function sendEmail(deps: DispatcherDeps, id: string, now: Date): Promise<string | null> {
  const { db, config, mailer } = deps
  const row = await db.selectFrom('emailDelivery').selectAll().where('id', '=', id).executeTakeFirst()
  if (!row || !mailer) return null
  let mail: { subject: string; text: string; html: string; unsubscribe: string; id: string }
  if (row.digestDay) {
    const items = await db
      .selectFrom('emailDigestItem')
      .innerJoin('notification', 'notification.id', 'emailDigestItem.notificationId')
      .selectAll('notification')
      .where('emailDigestItem.digestId', '=', row.id)
      .orderBy('notification.at')
      .orderBy('notification.id')
      .execute()
    mail = { ...digestOf(row.digestDay, items, config.publicUrl), id: `digest:${row.subject}:${row.digestDay}` }
  } else {
    const n = row.notificationId ? await db.selectFrom('notification').selectAll().where('id', '=', row.notificationId).executeTakeFirst() : null
    if (!n) return null
    mail = { ...emailOf(n, config.publicUrl), id: n.id }
  }
  let error: string | null = null
  try {
    await mailer.send({
      to: row.email,
      subject: mail.subject,
      text: mail.text,
      html: mail.html,
      headers: { 'List-Unsubscribe': `<${mail.unsubscribe}>`, 'X-Railyard-Notification-Id': mail.id },
    })
  } catch (err) {
    error = err instanceof Error ? err.message : String(err)
  }
  const o = outcome(row, error === null, now, config)
  await db
    .updateTable('emailDelivery')
    .set({ ...o, lastError: error })
    .where('id', '=', id)
    .execute()
  if (error) deps.log?.(`e-mail ${id} to ${row.email}: ${error} → ${o.status}`)
  return o.nextAttemptAt
}

/** One attempt of one delivery if it is due and nobody holds it (the job queue's task); the next attempt time when it failed. */
export async function deliverById(deps: DispatcherDeps, table: 'webhookDelivery' | 'emailDelivery', id: string): Promise<string | null> {
  const now = deps.now?.() ?? new Date()
  if (table === 'emailDelivery' && !deps.mailer) return null
  const [claimed] = await claim(deps.db, table, now, 1, { id })
  if (!claimed) return null
  if (table === 'emailDelivery') return sendEmail(deps, claimed, now)
  const row = await deps.db.selectFrom('webhookDelivery').selectAll().where('id', '=', claimed).executeTakeFirstOrThrow()
  return sendWebhook(deps, row, now)
}

/** Sends the due deliveries (webhooks, and e-mails when a mailer is configured); returns how many were attempted. */
export async function deliverOnce(deps: DispatcherDeps, limit = 20): Promise<number> {
  const now = deps.now?.() ?? new Date()
  const hookIds = await claim(deps.db, 'webhookDelivery', now, limit, { graceMs: deps.sweepGraceMs })
  const hooks = hookIds.length ? await deps.db.selectFrom('webhookDelivery').selectAll().where('id', 'in', hookIds).execute() : []
  await Promise.all(hooks.map((h) => sendWebhook(deps, h, now)))
  let mails = 0
  if (deps.mailer) {
    const mailIds = await claim(deps.db, 'emailDelivery', now, limit, { graceMs: deps.sweepGraceMs })
    for (const id of mailIds) await sendEmail(deps, id, now)
    mails = mailIds.length
  }
  return hooks.length + mails
}

/** Fans out and delivers until nothing is left (tests; the loop does one round per tick). */
export async function drain(deps: DispatcherDeps, maxRounds = 100): Promise<void> {
  for (let i = 0; i < maxRounds; i++) {
    const relayed = deps.inventory ? (await relayInventoryOnce(deps.db, deps.inventory)).pulled : 0
    const fanned = await fanOutOnce(deps)
    const sent = await deliverOnce(deps)
    if (relayed === 0 && fanned === 0 && sent === 0) return
  }
}

export interface Dispatcher {
  stop(): Promise<void>
  /** Runs one round now (fan-out, then delivery). */
  kick(): Promise<void>
}

/** The in-process dispatcher loop: one round every `dispatchIntervalMs`; errors are logged, never fatal. */
export function startDispatcher(deps: DispatcherDeps): Dispatcher {
  let stopped = false
  let running: Promise<void> = Promise.resolve()
  let relayedAt = 0
  const relay = async () => {
    if (!deps.inventory || Date.now() - relayedAt < RELAY_EVERY_MS) return
    relayedAt = Date.now()
    try {
      // environment-inventory down: its events wait in its outbox, the rest of the round goes on
      while (!stopped && (await relayInventoryOnce(deps.db, deps.inventory)).pulled > 0);
    } catch (err) {
      deps.log?.(`relay from environment-inventory: ${err instanceof Error ? err.message : String(err)}`)
    }
  }
  const round = async () => {
    await relay()
    try {
      while (!stopped && (await fanOutOnce(deps)) > 0);
      if (!stopped) await deliverOnce(deps)
    } catch (err) {
      deps.log?.(`dispatcher: ${err instanceof Error ? err.message : String(err)}`)
    }
  }
  const timer = setInterval(() => {
    running = running.then(round)
  }, deps.config.dispatchIntervalMs)
  timer.unref?.()
  return {
    async stop() {
      stopped = true
      clearInterval(timer)
      await running
    },
    kick() {
      running = running.then(round)
      return running
    },
  }
}

// ------------------------------------------------------------------ daily digest

/**
 * Makes the digests that are due: for each person with digest items of a day before `now`'s (UTC)
 * day, one e-mail delivery of that day's digest (UNIQUE per person and day: made once, however
 * often or on however many replicas this runs, across restarts), carrying those items. Items that
 * reach a day whose digest was already made (a fan-out racing midnight) move on to today's.
 * Returns how many digests were made.
 */
export async function digestTick(db: Kysely<Database>, now: Date = new Date(), o: { jobs?: boolean } = {}): Promise<number> {
  const today = utcDay(now)
  return db.transaction().execute(async (trx) => {
    const due = await trx
      .selectFrom('emailDigestItem')
      .select(['subject', 'day', (eb) => eb.fn.max('email').as('email')])
      .where('digestId', 'is', null)
      .where('day', '<', today)
      .groupBy(['subject', 'day'])
      .orderBy('day')
      .orderBy('subject')
      .execute()
    let made = 0
    for (const d of due) {
      const person = await trx.selectFrom('person').select('email').where('subject', '=', d.subject).executeTakeFirst()
      const email = person?.email ?? d.email
      const created = await trx
        .insertInto('emailDelivery')
        .values({ notificationId: null, digestDay: d.day, subject: d.subject, email })
        .onConflict((oc) => oc.columns(['subject', 'digestDay']).doNothing())
        .returning('id')
        .executeTakeFirst()
      if (!created) {
        await trx
          .updateTable('emailDigestItem')
          .set({ day: today })
          .where('subject', '=', d.subject)
          .where('day', '=', d.day)
          .where('digestId', 'is', null)
          .execute()
        continue
      }
      await trx
        .updateTable('emailDigestItem')
        .set({ digestId: created.id })
        .where('subject', '=', d.subject)
        .where('day', '=', d.day)
        .where('digestId', 'is', null)
        .execute()
      if (o.jobs) await enqueueDeliveries(trx, [{ table: 'emailDelivery', id: created.id }])
      made++
    }
    return made
  })
}
