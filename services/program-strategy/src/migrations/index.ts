import type { MigrationSet } from '@railyard/db'
import * as init from './20261127_1700_init.ts'
import * as releaseStrategy from './20261128_0900_release_strategy.ts'
import * as auditV2 from './20261202_1700_audit_v2.ts'
import * as strategyEnforcement from './20261202_1600_strategy_enforcement.ts'
import * as calendarFeed from './20261203_1300_calendar_feed.ts'

/** Every migration of the program_strategy schema, by timestamped name. */
export const migrations: MigrationSet = {
  '20261127_1700_init': init,
  '20261128_0900_release_strategy': releaseStrategy,
  '20261202_1600_strategy_enforcement': strategyEnforcement,
  '20261202_1700_audit_v2': auditV2,
  '20261203_1300_calendar_feed': calendarFeed,
}
