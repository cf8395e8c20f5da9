import type { Kysely } from 'kysely'
import type { Actor } from '@railyard/auth'
import { type RequestContextBase, type RequestScope, type ServiceClients, createMemo, requestContextBase } from '@railyard/graphql-kit'
import type { Database } from './database.ts'
import { createAuditLoaders } from './modules/audit/audit.loaders.ts'
import { createApprovalLoaders } from './modules/approval/approval.loaders.ts'
import { createCheckpointLoaders } from './modules/checkpoint/checkpoint.loaders.ts'
import { createDeploymentCheckLoaders } from './modules/deployment-check/deployment-check.loaders.ts'
import { createExceptionLoaders } from './modules/exception/exception.loaders.ts'
import { createPlanLoaders } from './modules/plan/plan.loaders.ts'
import { rememberPerson } from './modules/person/person.service.ts'
import { createPlanChangeLoaders } from './modules/plan-change/plan-change.loaders.ts'
import { createReleaseLoaders } from './modules/release/release.loaders.ts'
import { createWebhookLoaders } from './modules/webhook/webhook.loaders.ts'

export function createLoaders(db: Kysely<Database>, clients: ServiceClients, actor: Actor) {
  return {
    ...createPlanLoaders(db, clients.programStrategy, actor.token),
    ...createAuditLoaders(db, clients.programStrategy, actor.token),
    ...createReleaseLoaders(db),
    ...createCheckpointLoaders(db),
    ...createDeploymentCheckLoaders(clients.programStrategy, clients.environmentInventory, actor.token),
    ...createApprovalLoaders(db),
    ...createPlanChangeLoaders(db),
    ...createExceptionLoaders(db),
    ...createWebhookLoaders(db),
    /** Computed fields that many parents share (e.g. Program.risks under every plan's program), once per request. */
    memo: createMemo(),
  }
}

export type Loaders = ReturnType<typeof createLoaders>

/** Per-request context: the verified actor, the request (id, cancellation), the database, the other subgraphs and fresh DataLoaders. */
export interface Context extends RequestContextBase {
  db: Kysely<Database>
  clients: ServiceClients
  loaders: Loaders
  /** Drops every cached row: mutations call it after writing, so the fields of their result read fresh data. */
  refresh(): void
}

export async function createContext(db: Kysely<Database>, clients: ServiceClients, actor: Actor, request: RequestScope): Promise<Context> {
  await rememberPerson(db, actor)
  const ctx: Context = {
    ...requestContextBase(actor, request),
    db,
    clients,
    loaders: createLoaders(db, clients, actor),
    refresh() {
      ctx.loaders = createLoaders(db, clients, actor)
    },
  }
  return ctx
}
