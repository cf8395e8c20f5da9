import type { MigrationSet } from '@railyard/db'
import * as init from './20261127_1700_init.ts'

/** Every migration of the program_strategy schema, by timestamped name. */
export const migrations: MigrationSet = {
  '20261127_1700_init': init,
}
