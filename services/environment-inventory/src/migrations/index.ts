import type { MigrationSet } from '@railyard/db'
import * as init from './20261128_0900_init.ts'
import * as auditV2 from './20261202_1700_audit_v2.ts'
import * as environmentRevision from './20261202_1710_environment_revision.ts'
import * as bookingRevision from './20261203_1400_booking_revision.ts'
import * as outbox from './20261204_1900_outbox.ts'

/** Every migration of the environment_inventory schema, by timestamped name. */
export const migrations: MigrationSet = {
  '20261128_0900_init': init,
  '20261202_1700_audit_v2': auditV2,
  '20261202_1710_environment_revision': environmentRevision,
  '20261203_1400_booking_revision': bookingRevision,
  '20261204_1900_outbox': outbox,
}
