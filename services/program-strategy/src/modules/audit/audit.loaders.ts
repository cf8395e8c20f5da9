import DataLoader from 'dataloader'
import type { Kysely } from 'kysely'
import { type AuditRecord, findAuditBySubjects, groupByKey } from '@railyard/graphql-kit'
import type { Database } from '../../database.ts'

export function createAuditLoaders(db: Kysely<Database>) {
  return {
    /** The newest audit records of each subject (one query per batch). */
    auditBySubject: new DataLoader<string, AuditRecord[]>(async (ids) => groupByKey(ids, await findAuditBySubjects(db, ids), (r) => r.entityId)),
  }
}
