import type { MigrationSet } from '@railyard/db'
import * as init from './20261127_1700_init.ts'
import * as releaseStrategy from './20261128_0900_release_strategy.ts'

/** Every migration of the program_strategy schema, by timestamped name. */
export const migrations: MigrationSet = {
  '20261127_1700_init': init,
  '20261128_0900_release_strategy': releaseStrategy,
}
