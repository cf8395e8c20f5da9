import type { Kysely } from 'kysely'
import type { Actor } from '@railyard/auth'
import { type RequestContextBase, type RequestScope, type ServiceClients, requestContextBase } from '@railyard/graphql-kit'
import type { Database } from './database.ts'
import { createApprovalLoaders } from './modules/approval/approval.loaders.ts'
import { createCheckpointLoaders } from './modules/checkpoint/checkpoint.loaders.ts'
import { createPlanLoaders } from './modules/plan/plan.loaders.ts'
import { createPlanChangeLoaders } from './modules/plan-change/plan-change.loaders.ts'
import { createReleaseLoaders } from './modules/release/release.loaders.ts'

export function createLoaders(db: Kysely<Database>, clients: ServiceClients, actor: Actor) {
  return {
    ...createPlanLoaders(db, clients.programStrategy, actor.token),
    ...createReleaseLoaders(db),
    ...createCheckpointLoaders(db),
    ...createApprovalLoaders(db),
    ...createPlanChangeLoaders(db),
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

export function createContext(db: Kysely<Database>, clients: ServiceClients, actor: Actor, request: RequestScope): Context {
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
