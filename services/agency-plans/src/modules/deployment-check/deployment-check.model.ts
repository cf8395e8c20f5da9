import type { DeploymentBlockerCode, WindowOccurrence } from '@railyard/release-rules'
import type { ReleaseRow } from '../release/release.table.ts'

/** One blocker of a deploy check; `waivedBy`: the id of the approved exception lifting it. */
export interface DeploymentBlockerModel {
  code: DeploymentBlockerCode
  message: string
  waivedBy: string | null
}

/** A deploy check as GraphQL shows it (DeploymentCheck). */
export interface DeploymentCheckModel {
  allowed: boolean
  release: ReleaseRow
  tier: string
  environmentId: string | null
  at: string
  blockers: DeploymentBlockerModel[]
  freezes: WindowOccurrence[]
  nextAllowedAt: string | null
}
