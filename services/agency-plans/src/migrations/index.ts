import type { MigrationSet } from '@railyard/db'
import * as init from './20261127_1800_init.ts'
import * as planApprovalSnapshot from './20261127_1900_plan_approval_snapshot.ts'

/** Every migration of the agency_plans schema, by timestamped name. */
export const migrations: MigrationSet = {
  '20261127_1800_init': init,
  '20261127_1900_plan_approval_snapshot': planApprovalSnapshot,
}
