import { type AuditRecord, type SubgraphClient, failedPrecondition } from '@railyard/graphql-kit'

/** The internal field each other service answers its part of a trail with. */
export type AuditRecordsField = 'inventoryAuditRecords' | 'strategyAuditRecords'

const auditRecordsQuery = (field: AuditRecordsField) => `query AgencyPlansAuditRecords($ids: [ID!]!, $first: Int) {
  records: ${field}(subjectIds: $ids, first: $first)
}`

/**
 * Another service's readable audit records about the subjects (its internal, `@inaccessible`
 * inventoryAuditRecords / strategyAuditRecords field, asked with the caller's token so that service applies its own
 * access rules). A service that cannot be reached fails the trail clearly — an incomplete
 * trail is never passed off as the whole one: FAILED_PRECONDITION, reason UPSTREAM_UNAVAILABLE.
 */
export async function fetchAuditRecords(
  client: SubgraphClient,
  upstream: string,
  field: AuditRecordsField,
  token: string,
  ids: readonly string[],
  first: number,
): Promise<AuditRecord[]> {
  try {
    const data = await client.request<{ records: AuditRecord[] }>(auditRecordsQuery(field), { ids, first }, token)
    return data.records
  } catch (err) {
    const why = err instanceof Error ? err.message : String(err)
    throw failedPrecondition(`Cannot read the audit trail: ${upstream} is not reachable (${why})`, { reason: 'UPSTREAM_UNAVAILABLE', upstream })
  }
}

const AGENCY_IDS = `query AgencyPlansAgencyIds { agencies { id code } }`

/** Agency ids by code (for AuditEntry.actorAgency; audit rows hold the code the token named). */
export async function fetchAgencyIdsByCode(client: SubgraphClient, token: string): Promise<Map<string, string>> {
  const data = await client.request<{ agencies: { id: string; code: string }[] }>(AGENCY_IDS, {}, token)
  return new Map(data.agencies.map((a) => [a.code, a.id]))
}
