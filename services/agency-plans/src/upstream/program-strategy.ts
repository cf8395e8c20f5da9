import type { SubgraphClient } from '@railyard/graphql-kit'
import type { DeployEnforcementSpec, FreezeWindowSpec } from '@railyard/release-rules'
import { isUuid } from '../modules/common/refs.ts'
import type { PinnedStrategy } from '../modules/plan/plan.table.ts'

/**
 * Calls to program-strategy (always with the caller's token, so its own access rules apply).
 * Ids that are not UUIDs name nothing: they are sent as the nil UUID, which matches no row.
 */
const NIL = '00000000-0000-0000-0000-000000000000'
const idOrNil = (id: string) => (isUuid(id) ? id : NIL)

const CRITERION = 'key description kind threshold evidenceRequired'

/** Every field of a strategy version that a plan pins (the complete snapshot). */
const STRATEGY_SNAPSHOT_FIELDS = `
  version publishedAt publishedBy notes
  cadence { rule timeZone startsOn codeFreezeDaysBefore }
  promotionPath
  qualityGates { id key name tier criteria { ${CRITERION} } }
  readinessCriteria { ${CRITERION} }
  planApproval { name steps { order name approverRole minApprovals separationOfDuties } }
  escalationPath { level title contact responseMinutes }
  freezeWindows { id name reason start end timeZone recurrence tiers }
  enforcement { windowTiers readinessTiers }`

export interface UpstreamAgency {
  id: string
  code: string
}

export interface ProgramForPlan {
  id: string
  key: string
  agencies: UpstreamAgency[]
  strategy: PinnedStrategy | null
}

const PROGRAM_FOR_PLAN = `query AgencyPlansProgramForPlan($programId: ID!, $agencyId: ID!) {
  program(id: $programId) { id key agencies { id code } strategy { ${STRATEGY_SNAPSHOT_FIELDS} } }
  agency(id: $agencyId) { id code }
}`

/** The program (with its latest strategy, complete) and the agency a plan is created for. */
export async function fetchProgramForPlan(
  client: SubgraphClient,
  token: string,
  programId: string,
  agencyId: string,
): Promise<{ program: ProgramForPlan | null; agency: UpstreamAgency | null }> {
  const data = await client.request<{ program: ProgramForPlan | null; agency: UpstreamAgency | null }>(
    PROGRAM_FOR_PLAN,
    { programId: idOrNil(programId), agencyId: idOrNil(agencyId) },
    token,
  )
  return { program: data.program, agency: data.agency }
}

const LATEST_STRATEGY = `query AgencyPlansLatestStrategy($programId: ID!) {
  program(id: $programId) { id key strategy { ${STRATEGY_SNAPSHOT_FIELDS} } }
}`

/** The program's latest strategy, complete (for realignment); null program when unknown. */
export async function fetchLatestStrategy(
  client: SubgraphClient,
  token: string,
  programId: string,
): Promise<{ id: string; key: string; strategy: PinnedStrategy | null } | null> {
  const data = await client.request<{ program: { id: string; key: string; strategy: PinnedStrategy | null } | null }>(
    LATEST_STRATEGY,
    { programId: idOrNil(programId) },
    token,
  )
  return data.program
}

const LATEST_VERSIONS = `query AgencyPlansLatestVersions($r: [_Any!]!) {
  _entities(representations: $r) { ... on Program { id strategy { version } } }
}`

/** Latest published strategy version per program, in one call (0 when none or unknown). */
export async function fetchLatestStrategyVersions(client: SubgraphClient, token: string, programIds: readonly string[]): Promise<number[]> {
  const valid = programIds.filter(isUuid)
  if (valid.length === 0) return programIds.map(() => 0)
  const data = await client.request<{ _entities: ({ id: string; strategy: { version: number } | null } | null)[] }>(
    LATEST_VERSIONS,
    { r: valid.map((id) => ({ __typename: 'Program', id })) },
    token,
  )
  const byId = new Map(data._entities.filter((e) => e !== null).map((e) => [e.id, e.strategy?.version ?? 0]))
  return programIds.map((id) => byId.get(id) ?? 0)
}

export interface UpstreamSharedComponent {
  id: string
  owner: { id: string } | null
}

const SHARED_COMPONENTS = `query AgencyPlansSharedComponents($programId: ID!) {
  program(id: $programId) { id sharedComponents { id owner { id } } }
}`

/** The shared components of a program with their owners (empty when the program is unknown). */
export async function fetchSharedComponents(client: SubgraphClient, token: string, programId: string): Promise<UpstreamSharedComponent[]> {
  const data = await client.request<{ program: { sharedComponents: UpstreamSharedComponent[] } | null }>(
    SHARED_COMPONENTS,
    { programId: idOrNil(programId) },
    token,
  )
  return data.program?.sharedComponents ?? []
}

/** The program-wide deploy policy of a program's latest strategy: its freezes and enforced tiers. */
export interface DeployPolicy {
  programId: string
  version: number
  promotionPath: string[]
  freezeWindows: FreezeWindowSpec[]
  enforcement: DeployEnforcementSpec
}

const DEPLOY_POLICIES = `query AgencyPlansDeployPolicies($r: [_Any!]!) {
  _entities(representations: $r) {
    ... on Program { id strategy { version promotionPath freezeWindows { id name reason start end timeZone recurrence tiers } enforcement { windowTiers readinessTiers } } }
  }
}`

/**
 * The deploy policy (latest strategy's freezes and enforcement) of each program, in one call; null
 * for a program without a strategy. Freezes and enforcement are program-wide and apply to every
 * plan at once, whichever strategy version the plan is aligned to.
 */
export async function fetchDeployPolicies(client: SubgraphClient, token: string, programIds: readonly string[]): Promise<(DeployPolicy | null)[]> {
  const valid = [...new Set(programIds.filter(isUuid))]
  if (valid.length === 0) return programIds.map(() => null)
  type Entity = { id: string; strategy: Omit<DeployPolicy, 'programId'> | null } | null
  const data = await client.request<{ _entities: Entity[] }>(DEPLOY_POLICIES, { r: valid.map((id) => ({ __typename: 'Program', id })) }, token)
  const byId = new Map<string, DeployPolicy>()
  for (const e of data._entities) if (e?.strategy) byId.set(e.id, { programId: e.id, ...e.strategy })
  return programIds.map((id) => byId.get(id) ?? null)
}

export interface ProgramForHealth {
  id: string
  agencies: UpstreamAgency[]
  /** The latest published strategy, as far as health needs it; null when none is published. */
  strategy: { promotionPath: string[]; cadence: { timeZone: string } } | null
}

const PROGRAM_FOR_HEALTH = `query AgencyPlansProgramForHealth($programId: ID!) {
  program(id: $programId) { id agencies { id code } strategy { promotionPath cadence { timeZone } } }
}`

/** The program's agencies and its latest promotion path and time zone (program health); null when unknown. */
export async function fetchProgramForHealth(client: SubgraphClient, token: string, programId: string): Promise<ProgramForHealth | null> {
  const data = await client.request<{ program: ProgramForHealth | null }>(PROGRAM_FOR_HEALTH, { programId: idOrNil(programId) }, token)
  return data.program
}
