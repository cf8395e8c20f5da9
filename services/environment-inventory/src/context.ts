import DataLoader from 'dataloader'
import type { Kysely } from 'kysely'
import type { Actor } from '@railyard/auth'
import { type RequestContextBase, type RequestScope, type ServiceClients, requestContextBase } from '@railyard/graphql-kit'
import type { Database } from './database.ts'
import { fetchVisibleReleaseIds } from './upstream.ts'
import { createBaselineLoaders } from './modules/baseline/baseline.loaders.ts'
import { createBookingLoaders } from './modules/booking/booking.loaders.ts'
import { createDeploymentLoaders } from './modules/deployment/deployment.loaders.ts'
import { createEnvironmentReportLoaders } from './modules/environment-report/environment-report.loaders.ts'
import { createEnvironmentLoaders } from './modules/environment/environment.loaders.ts'
import { createAuditLoaders } from './modules/audit/audit.loaders.ts'

export function createLoaders(db: Kysely<Database>) {
  return {
    ...createAuditLoaders(db),
    ...createEnvironmentLoaders(db),
    ...createEnvironmentReportLoaders(db),
    ...createBaselineLoaders(db),
    ...createBookingLoaders(db),
    ...createDeploymentLoaders(db),
  }
}

export type Loaders = ReturnType<typeof createLoaders>

/** Per-request context: the verified actor, the request (id, cancellation), the database, fresh DataLoaders and the other subgraphs. */
export interface Context extends RequestContextBase {
  db: Kysely<Database>
  loaders: Loaders
  clients: ServiceClients
  /** Whether the caller may see a release at all (asked of agency-plans with the caller's token, batched per request). */
  releaseVisible: DataLoader<string, boolean>
  /** Drops every cached row: the write path calls it after a commit, so the mutation's result reads fresh data. */
  refresh(): void
}

export function createContext(db: Kysely<Database>, actor: Actor, clients: ServiceClients, request: RequestScope): Context {
  const releaseVisible = new DataLoader<string, boolean>(async (ids) => {
    const visible = await fetchVisibleReleaseIds(clients, actor, ids)
    return ids.map((id) => visible.has(id))
  })
  const ctx: Context = {
    ...requestContextBase(actor, request),
    db,
    loaders: createLoaders(db),
    clients,
    releaseVisible,
    refresh() {
      ctx.loaders = createLoaders(db)
    },
  }
  return ctx
}
