import type { PlanChange } from '@railyard/release-rules'

/** One difference since the last approval (release-rules diffPlanContent result). */
export type PlanChangeModel = PlanChange

/** What changed in a plan since it was last approved (the GraphQL PlanChangeSet). */
export interface PlanChangeSetModel {
  approvedAt: string
  approvedRevision: number
  approvedBy: string
  changes: PlanChangeModel[]
}
