import type { MigrationSet } from '@railyard/db'
import * as init from './20261128_0900_init.ts'

/** Every migration of the environment_inventory schema, by timestamped name. */
export const migrations: MigrationSet = {
  '20261128_0900_init': init,
}
