import type { Generated, Selectable } from 'kysely'

export type DeploymentOutcome = 'SUCCEEDED' | 'FAILED' | 'ROLLED_BACK'

export interface DeploymentTable {
  id: Generated<string>
  environmentId: string
  /** Release id (agency-plans). */
  releaseId: string
  version: string
  outcome: DeploymentOutcome
  startedAt: string
  finishedAt: string | null
  deployedBy: string
  recordedAt: Generated<string>
}

export type DeploymentRow = Selectable<DeploymentTable>
