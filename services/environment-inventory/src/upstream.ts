import type { Actor } from '@railyard/auth'
import type { ServiceClients } from '@railyard/graphql-kit'
import { isUuid, onlyUuids } from './ids.ts'

/**
 * Facts this service needs from the other subgraphs, asked with the caller's token (so the
 * other service applies its own access rules). Never another service's tables.
 */

export interface UpstreamProgram {
  id: string
  agencies: { id: string; code: string }[]
}

export interface UpstreamRelease {
  id: string
  agency: { id: string }
}

/** The program with its agencies, or null when it does not exist (or the caller may not read it). */
export async function fetchProgram(clients: ServiceClients, actor: Actor, id: string): Promise<UpstreamProgram | null> {
  if (!isUuid(id)) return null
  const d = await clients.programStrategy.request<{ program: UpstreamProgram | null }>(
    `query EnvInventoryProgram($id: ID!) { program(id: $id) { id agencies { id code } } }`,
    { id },
    actor.token,
  )
  return d.program
}

/** The agency id of an agency code, or null. */
export async function fetchAgencyIdByCode(clients: ServiceClients, actor: Actor, code: string): Promise<string | null> {
  const d = await clients.programStrategy.request<{ agency: { id: string } | null }>(
    `query EnvInventoryAgency($code: String!) { agency(code: $code) { id } }`,
    { code },
    actor.token,
  )
  return d.agency?.id ?? null
}

/** A release with its status and its plan's status (a booking needs an open release of an open plan). */
export interface UpstreamReleaseStatus extends UpstreamRelease {
  status: string
  plan: { status: string }
}

/** The release with its status and its plan's, or null when it does not exist or the caller may not see it. */
export async function fetchReleaseWithStatus(clients: ServiceClients, actor: Actor, id: string): Promise<UpstreamReleaseStatus | null> {
  if (!isUuid(id)) return null
  const d = await clients.agencyPlans.request<{ release: UpstreamReleaseStatus | null }>(
    `query EnvInventoryReleaseStatus($id: ID!) { release(id: $id) { id agency { id } status plan { status } } }`,
    { id },
    actor.token,
  )
  return d.release
}

/** The release with its owning agency, or null when it does not exist or the caller may not see it. */
export async function fetchRelease(clients: ServiceClients, actor: Actor, id: string): Promise<UpstreamRelease | null> {
  if (!isUuid(id)) return null
  const d = await clients.agencyPlans.request<{ release: UpstreamRelease | null }>(
    `query EnvInventoryRelease($id: ID!) { release(id: $id) { id agency { id } } }`,
    { id },
    actor.token,
  )
  return d.release
}

/**
 * Which of the given release ids the caller may see at all (agency-plans resolves invisible
 * releases to null in _entities, exactly as missing ones). One request for the whole batch.
 */
export async function fetchVisibleReleaseIds(clients: ServiceClients, actor: Actor, ids: readonly string[]): Promise<Set<string>> {
  const valid = [...new Set(onlyUuids(ids))]
  if (valid.length === 0) return new Set()
  const d = await clients.agencyPlans.request<{ _entities: ({ id: string } | null)[] }>(
    `query EnvInventoryVisibleReleases($r: [_Any!]!) { _entities(representations: $r) { ... on Release { id } } }`,
    { r: valid.map((id) => ({ __typename: 'Release', id })) },
    actor.token,
  )
  return new Set(d._entities.flatMap((r) => (r ? [r.id] : [])))
}
