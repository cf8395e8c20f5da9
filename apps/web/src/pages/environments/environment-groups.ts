/** Pure view logic of the environments page: environments grouped by owner, and the releases they can be booked for. */
import type { ReleaseOptionFieldsFragment } from '../../gql/graphql.ts'
import { releaseLabel } from '../../lib/format.ts'

export interface EnvironmentGroup<E> {
  /** the owning agency's code, or 'SHARED' */
  key: string
  title: string
  envs: E[]
}

interface GroupedEnvironment {
  key: string
  tier: string
  agency?: { code: string; name: string } | null
}

/** Shared environments first, then agencies by code; within a group, by tier in promotion order, then key. */
export function groupEnvironments<E extends GroupedEnvironment>(envs: readonly E[], promotionPath: readonly string[]): EnvironmentGroup<E>[] {
  const g = new Map<string, EnvironmentGroup<E>>()
  for (const e of envs) {
    const key = e.agency?.code ?? 'SHARED'
    const entry = g.get(key) ?? { key, title: e.agency ? `${e.agency.code} · ${e.agency.name}` : 'Shared (program)', envs: [] }
    entry.envs.push(e)
    g.set(key, entry)
  }
  const rank = (t: string) => (promotionPath.includes(t) ? promotionPath.indexOf(t) : promotionPath.length)
  for (const entry of g.values()) entry.envs.sort((a, b) => rank(a.tier) - rank(b.tier) || (a.key < b.key ? -1 : 1))
  return [...g.values()].sort((a, b) => (a.key === 'SHARED' ? -1 : b.key === 'SHARED' ? 1 : a.key < b.key ? -1 : 1))
}

/** A release the viewer can see, by id: its label and its agency. */
export type ReleaseNames = ReadonlyMap<string, { label: string; agency: string }>

export function releaseNamesOf(agencies: readonly { code: string; plans: readonly { releases: readonly ReleaseOptionFieldsFragment[] }[] }[]): ReleaseNames {
  const m = new Map<string, { label: string; agency: string }>()
  for (const a of agencies)
    for (const pl of a.plans) for (const r of pl.releases) m.set(r.id, { label: releaseLabel(a.code, r.name, r.version), agency: a.code })
  return m
}

/** The label of a release id, also when it is not among the names (another agency's, not visible). */
export function nameOf(names: ReleaseNames, id: string): string {
  return names.get(id)?.label ?? `release ${id}`
}
