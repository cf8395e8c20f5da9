import { randomBytes } from 'node:crypto'
import { isAgencyManagerOf, isProgramAdmin, type Actor } from '@railyard/auth'
import { FieldErrors, emitEvent, failedPrecondition, forbidden, notFound, writeAudit } from '@railyard/graphql-kit'
import type { WebhookSubscriptionInput } from '../../__generated__/resolvers-types.ts'
import type { Context } from '../../context.ts'
import { fetchAgencyIdsByCode } from '../../upstream/audit-records.ts'
import { enqueueDeliveries, hasJobQueue } from '../notification/notification.jobs.ts'
import { isNotificationKind } from '../notification/notification.kinds.ts'
import { findSubscription, findSubscriptions, insertSubscription, lockDelivery, requeueDelivery, softDeleteSubscription } from './webhook.repository.ts'
import type { WebhookDeliveryRow, WebhookSubscriptionRow } from './webhook.table.ts'

const ENTITY = 'WebhookSubscription'

/** Who manages webhooks: program admins (all), agency managers (their agency's). */
const mayManage = (actor: Actor, sub: Pick<WebhookSubscriptionRow, 'agencyCode'>) =>
  isProgramAdmin(actor) || (sub.agencyCode !== null && isAgencyManagerOf(actor, sub.agencyCode))

/** A Standard Webhooks signing secret: `whsec_` + base64 of 32 random bytes. */
const newWebhookSecret = () => `whsec_${randomBytes(32).toString('base64')}`

export async function webhookSubscriptions(ctx: Context): Promise<WebhookSubscriptionRow[]> {
  const { actor, db } = ctx
  if (isProgramAdmin(actor)) return findSubscriptions(db)
  if (actor.agency && isAgencyManagerOf(actor, actor.agency)) return findSubscriptions(db, actor.agency)
  return []
}

export async function createWebhookSubscription(
  ctx: Context,
  input: WebhookSubscriptionInput,
): Promise<{ subscription: WebhookSubscriptionRow; secret: string }> {
  const { actor, db, clients } = ctx
  const admin = isProgramAdmin(actor)
  if (!admin && !(actor.agency && isAgencyManagerOf(actor, actor.agency)))
    throw forbidden('Only program admins and agency managers may create webhook subscriptions')
  const errors = new FieldErrors()
  const url = input.url.trim()
  const parsed = URL.canParse(url) ? new URL(url) : null
  errors.check(!!parsed && (parsed.protocol === 'https:' || parsed.protocol === 'http:'), ['input', 'url'], 'url must be an https: or http: URL')
  errors.check(url.length <= 2000, ['input', 'url'], 'url must be at most 2,000 characters')
  errors.check(input.kinds.length > 0, ['input', 'kinds'], 'at least one kind')
  errors.check(new Set(input.kinds).size === input.kinds.length, ['input', 'kinds'], 'a kind is given twice')
  errors.check(input.kinds.every(isNotificationKind), ['input', 'kinds'], 'unknown kind')
  const idsByCode = await fetchAgencyIdsByCode(clients.programStrategy, actor.token)
  const codeById = new Map([...idsByCode].map(([code, id]) => [id, code]))
  let agencyId: string | null = input.agencyId ?? null
  if (!admin && actor.agency) agencyId ??= idsByCode.get(actor.agency) ?? null
  const agencyCode = agencyId ? (codeById.get(agencyId) ?? null) : null
  if (agencyId) errors.check(agencyCode !== null, ['input', 'agencyId'], `unknown agency ${agencyId}`)
  errors.throwIfAny()
  if (!admin && agencyCode !== actor.agency) throw forbidden(`Agency managers may subscribe to their own agency's events only`)
  const secret = newWebhookSecret()
  const subscription = await db.transaction().execute(async (trx) => {
    const created = await insertSubscription(trx, {
      url,
      kinds: [...input.kinds],
      agencyId,
      agencyCode,
      format: input.format ?? 'STANDARD',
      secret,
      createdBy: actor.subject,
    })
    const { secret: _secret, ...audited } = created
    await writeAudit(trx, actor, { action: 'createWebhookSubscription', entityType: ENTITY, entityId: created.id, after: audited })
    await emitEvent(trx, { type: 'webhook.created', subjectId: created.id, data: { url, kinds: input.kinds, agencyCode } }, actor)
    return created
  })
  ctx.refresh()
  return { subscription, secret }
}

export async function deleteWebhookSubscription(ctx: Context, id: string): Promise<boolean> {
  const { actor, db } = ctx
  await db.transaction().execute(async (trx) => {
    const sub = await findSubscription(trx, id)
    if (!sub || !mayManage(actor, sub)) throw notFound(ENTITY, id)
    await softDeleteSubscription(trx, id)
    await writeAudit(trx, actor, {
      action: 'deleteWebhookSubscription',
      entityType: ENTITY,
      entityId: id,
      before: { url: sub.url, kinds: sub.kinds, agencyCode: sub.agencyCode },
    })
  })
  ctx.refresh()
  return true
}

export async function redeliverWebhook(ctx: Context, deliveryId: string): Promise<WebhookDeliveryRow> {
  const { actor, db } = ctx
  const row = await db.transaction().execute(async (trx) => {
    const delivery = await lockDelivery(trx, deliveryId)
    const sub = delivery ? await findSubscription(trx, delivery.subscriptionId) : null
    if (!delivery || !sub || !mayManage(actor, sub)) throw notFound('WebhookDelivery', deliveryId)
    if (delivery.status !== 'DEAD' && delivery.status !== 'FAILED')
      throw failedPrecondition(`The delivery is ${delivery.status}; only DEAD or FAILED ones are sent again`, { status: delivery.status })
    const requeued = await requeueDelivery(trx, deliveryId)
    if (await hasJobQueue(trx)) await enqueueDeliveries(trx, [{ table: 'webhookDelivery', id: deliveryId }])
    await writeAudit(trx, actor, {
      action: 'redeliverWebhook',
      entityType: 'WebhookDelivery',
      entityId: deliveryId,
      before: { status: delivery.status, attempt: delivery.attempt },
      after: { status: requeued.status },
    })
    return requeued
  })
  ctx.refresh()
  return row
}
