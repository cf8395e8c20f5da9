import DataLoader from 'dataloader'
import type { Kysely } from 'kysely'
import { type AuditRecord, type SubgraphClient, findAuditBySubjects, groupByKey } from '@railyard/graphql-kit'
import type { Database } from '../../database.ts'
import { fetchAgencyIdsByCode } from '../../upstream/audit-records.ts'

export function createAuditLoaders(db: Kysely<Database>, programStrategy: SubgraphClient, token: string) {
  let agencies: Promise<Map<string, string>> | undefined
  return {
    /** The newest audit records of each subject (one query per batch). */
    auditBySubject: new DataLoader<string, AuditRecord[]>(async (ids) => groupByKey(ids, await findAuditBySubjects(db, ids), (r) => r.entityId)),
    /** Agency id by code, from program-strategy once per request (only when an entry's actorAgency is asked for). */
    agencyIdByCode: new DataLoader<string, string | null>(async (codes) => {
      agencies ??= fetchAgencyIdsByCode(programStrategy, token)
      const byCode = await agencies
      return codes.map((c) => byCode.get(c) ?? null)
    }),
  }
}
