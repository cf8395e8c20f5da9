import DataLoader from 'dataloader'
import { failedPrecondition, type SubgraphClient } from '@railyard/graphql-kit'
import { type ReleaseForReadiness, type UpstreamReadiness, fetchReadiness } from '../../upstream/environment-inventory.ts'
import { type DeployPolicy, fetchDeployPolicies } from '../../upstream/program-strategy.ts'

/** Upstream data of deploy checks, batched per request: one call per subgraph however many checks a request makes. */
export function createDeploymentCheckLoaders(programStrategy: SubgraphClient, environmentInventory: SubgraphClient, token: string) {
  return {
    /** The latest strategy's freezes and enforcement per program (null without a strategy). */
    deployPolicyByProgram: new DataLoader<string, DeployPolicy | null>(async (ids) => {
      try {
        return await fetchDeployPolicies(programStrategy, token, ids)
      } catch (err) {
        const why = err instanceof Error ? err.message : String(err)
        throw failedPrecondition(`Cannot check freezes: program-strategy is not reachable (${why})`, {
          reason: 'UPSTREAM_UNAVAILABLE',
          upstream: 'program-strategy',
        })
      }
    }),
    /** Readiness of each release's scheduled environments. */
    readinessByRelease: new DataLoader<ReleaseForReadiness, UpstreamReadiness[], string>((releases) => fetchReadiness(environmentInventory, token, releases), {
      cacheKeyFn: (r) => r.id,
    }),
  }
}
