import type { SubgraphClient } from '@railyard/graphql-kit'
import { failedPrecondition } from '@railyard/graphql-kit'
import { isUuid } from '../modules/common/refs.ts'

export interface UpstreamEnvironment {
  id: string
  tier: string
}

/**
 * Looks environments up in environment-inventory with the caller's token (so an environment
 * the caller may not read is unknown), in one call. Returns a map id → environment or null.
 * When environment-inventory cannot be reached the operation fails clearly:
 * FAILED_PRECONDITION with extensions.reason = UPSTREAM_UNAVAILABLE.
 */
export async function fetchEnvironments(client: SubgraphClient, token: string, ids: readonly string[]): Promise<Map<string, UpstreamEnvironment | null>> {
  const out = new Map<string, UpstreamEnvironment | null>()
  const valid = [...new Set(ids.filter(isUuid))]
  for (const id of ids) out.set(id, null)
  if (valid.length === 0) return out
  const vars = valid.map((_, i) => `$e${i}: ID!`).join(', ')
  const fields = valid.map((_, i) => `e${i}: environment(id: $e${i}) { id tier }`).join('\n  ')
  const query = `query AgencyPlansEnvironments(${vars}) {\n  ${fields}\n}`
  let data: Record<string, UpstreamEnvironment | null>
  try {
    data = await client.request<Record<string, UpstreamEnvironment | null>>(query, Object.fromEntries(valid.map((id, i) => [`e${i}`, id])), token)
  } catch (err) {
    const why = err instanceof Error ? err.message : String(err)
    throw failedPrecondition(`Cannot check the schedule's environments: environment-inventory is not reachable (${why})`, {
      reason: 'UPSTREAM_UNAVAILABLE',
      upstream: 'environment-inventory',
    })
  }
  valid.forEach((id, i) => out.set(id, data[`e${i}`] ?? null))
  return out
}
