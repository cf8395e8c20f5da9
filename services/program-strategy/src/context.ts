import type { Kysely } from 'kysely'
import type { Actor } from '@railyard/auth'
import { type RequestContextBase, type RequestScope, requestContextBase } from '@railyard/graphql-kit'
import type { Database } from './database.ts'
import { createAgencyLoaders } from './modules/agency/agency.loaders.ts'
import { createProgramLoaders } from './modules/program/program.loaders.ts'
import { createSharedComponentLoaders } from './modules/shared-component/shared-component.loaders.ts'
import { createStrategyLoaders } from './modules/strategy/strategy.loaders.ts'
import { createAuditLoaders } from './modules/audit/audit.loaders.ts'
import { createCalendarFeedLoaders } from './modules/calendar-feed/calendar-feed.loaders.ts'

export function createLoaders(db: Kysely<Database>) {
  return {
    ...createAuditLoaders(db),
    ...createAgencyLoaders(db),
    ...createProgramLoaders(db),
    ...createSharedComponentLoaders(db),
    ...createStrategyLoaders(db),
    ...createCalendarFeedLoaders(db),
  }
}

export type Loaders = ReturnType<typeof createLoaders>

/** Per-request context: the verified actor, the request (id, cancellation), the database and fresh DataLoaders. */
export interface Context extends RequestContextBase {
  db: Kysely<Database>
  loaders: Loaders
  /** Drops every cached row: the write path calls it after a commit, so the mutation's result reads fresh data. */
  refresh(): void
}

export function createContext(db: Kysely<Database>, actor: Actor, request: RequestScope): Context {
  const ctx: Context = {
    ...requestContextBase(actor, request),
    db,
    loaders: createLoaders(db),
    refresh() {
      ctx.loaders = createLoaders(db)
    },
  }
  return ctx
}
