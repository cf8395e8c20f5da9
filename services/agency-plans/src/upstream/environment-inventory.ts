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

/** Readiness of one scheduled environment of a release, as environment-inventory computes it. */
export interface UpstreamReadiness {
  tier: string
  environment: { id: string; key: string }
  blockers: { code: string; message: string }[]
}

/** What environment-inventory needs of a release to compute its readiness (federation @requires). */
export interface ReleaseForReadiness {
  id: string
  schedule: { tier: string; environmentId: string | null; start: string; end: string }[]
  requirements: { key: string; expected: string }[]
}

const READINESS = `query AgencyPlansReadiness($r: [_Any!]!) {
  _entities(representations: $r) { ... on Release { id environmentReadiness { tier environment { id key } blockers { code message } } } }
}`

/**
 * Environment readiness of each release's scheduled environments, in one call (with the caller's
 * token: environments the caller may not see are left out). When environment-inventory cannot be
 * reached the operation fails closed: FAILED_PRECONDITION, extensions.reason = UPSTREAM_UNAVAILABLE.
 */
export async function fetchReadiness(client: SubgraphClient, token: string, releases: readonly ReleaseForReadiness[]): Promise<UpstreamReadiness[][]> {
  if (releases.length === 0) return []
  const r = releases.map((rel) => ({
    __typename: 'Release',
    id: rel.id,
    schedule: rel.schedule.map((w) => ({ tier: w.tier, start: w.start, end: w.end, environment: w.environmentId ? { id: w.environmentId } : null })),
    requirements: rel.requirements.map((q) => ({ key: q.key, expected: q.expected })),
  }))
  let data: { _entities: ({ id: string; environmentReadiness: UpstreamReadiness[] } | null)[] }
  try {
    data = await client.request(READINESS, { r }, token)
  } catch (err) {
    const why = err instanceof Error ? err.message : String(err)
    throw failedPrecondition(`Cannot check environment readiness: environment-inventory is not reachable (${why})`, {
      reason: 'UPSTREAM_UNAVAILABLE',
      upstream: 'environment-inventory',
    })
  }
  return releases.map((_, i) => data._entities[i]?.environmentReadiness ?? [])
}

/** What environment-inventory records about one release: deployments, bookings, readiness of its windows. */
export interface UpstreamReleaseOperations {
  id: string
  deployments: { id: string; environment: { id: string; tier: string }; outcome: 'SUCCEEDED' | 'FAILED' | 'ROLLED_BACK'; startedAt: string }[]
  bookings: { id: string; environment: { id: string }; start: string; end: string }[]
  /** Only when asked for (withReadiness). */
  environmentReadiness?: { tier: string; environment: { id: string }; blockers: { code: string; message: string }[] }[]
}

/** A release as environment-inventory's @requires needs it for environmentReadiness. */
export interface ReleaseRepresentation {
  id: string
  schedule: { tier: string; start: string; end: string; environmentId: string | null }[]
  requirements: { key: string; expected: string }[]
}

const OPERATIONS_BATCH = 500

const releaseOperationsQuery = (withReadiness: boolean) => `query AgencyPlansReleaseOperations($r: [_Any!]!) {
  _entities(representations: $r) {
    ... on Release {
      id
      deployments { id environment { id tier } outcome startedAt }
      bookings { id environment { id } start end }${withReadiness ? '\n      environmentReadiness { tier environment { id } blockers { code message } }' : ''}
    }
  }
}`

/**
 * Deployments, bookings (and, with `withReadiness`, the readiness of each scheduled environment)
 * of many releases, asked of environment-inventory with the caller's token — so only what the
 * caller may see there comes back — in one call per 500 releases. A release environment-inventory
 * does not answer for has nothing recorded. Unreachable: FAILED_PRECONDITION (UPSTREAM_UNAVAILABLE).
 */
export async function fetchReleaseOperations(
  client: SubgraphClient,
  token: string,
  releases: readonly ReleaseRepresentation[],
  withReadiness: boolean,
): Promise<Map<string, UpstreamReleaseOperations>> {
  const out = new Map<string, UpstreamReleaseOperations>()
  const query = releaseOperationsQuery(withReadiness)
  for (let i = 0; i < releases.length; i += OPERATIONS_BATCH) {
    const representations = releases.slice(i, i + OPERATIONS_BATCH).map((r) => ({
      __typename: 'Release',
      id: r.id,
      schedule: r.schedule.map((w) => ({ tier: w.tier, start: w.start, end: w.end, environment: w.environmentId ? { id: w.environmentId } : null })),
      requirements: r.requirements.map((q) => ({ key: q.key, expected: q.expected })),
    }))
    let data: { _entities: (UpstreamReleaseOperations | null)[] }
    try {
      data = await client.request<{ _entities: (UpstreamReleaseOperations | null)[] }>(query, { r: representations }, token)
    } catch (err) {
      const why = err instanceof Error ? err.message : String(err)
      throw failedPrecondition(`Cannot read deployments and environment readiness: environment-inventory is not reachable (${why})`, {
        reason: 'UPSTREAM_UNAVAILABLE',
        upstream: 'environment-inventory',
      })
    }
    for (const e of data._entities) if (e) out.set(e.id, e)
  }
  return out
}
