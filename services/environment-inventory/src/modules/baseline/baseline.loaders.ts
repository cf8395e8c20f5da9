import DataLoader from 'dataloader'
import type { Kysely } from 'kysely'
import { byKey } from '@railyard/graphql-kit'
import type { Database } from '../../database.ts'
import { findCurrentBaselinesByEnvironmentIds } from './baseline.repository.ts'
import type { ConfigurationBaselineRow } from './baseline.table.ts'

export function createBaselineLoaders(db: Kysely<Database>) {
  return {
    baselineByEnvironment: new DataLoader<string, ConfigurationBaselineRow | null>(async (ids) =>
      byKey(ids, await findCurrentBaselinesByEnvironmentIds(db, ids), (r) => r.environmentId),
    ),
  }
}
