import type { MigrationSet } from '@railyard/db'
import * as init from './20261127_1800_init.ts'
import * as planApprovalSnapshot from './20261127_1900_plan_approval_snapshot.ts'
import * as auditV2 from './20261202_1700_audit_v2.ts'
import * as deploymentException from './20261202_1600_deployment_exception.ts'
import * as communication from './20261203_1300_communication.ts'
import * as savedView from './20261204_1900_saved_view.ts'
import * as emailDigest from './20261204_1900_email_digest.ts'

/** Every migration of the agency_plans schema, by timestamped name. */
export const migrations: MigrationSet = {
  '20261127_1800_init': init,
  '20261127_1900_plan_approval_snapshot': planApprovalSnapshot,
  '20261202_1600_deployment_exception': deploymentException,
  '20261202_1700_audit_v2': auditV2,
  '20261203_1300_communication': communication,
  '20261204_1900_saved_view': savedView,
  '20261204_1900_email_digest': emailDigest,
}
