import type { Generated, Selectable } from 'kysely'
import type { ConfigItemsColumn } from '../environment-report/environment-report.table.ts'

export interface ConfigurationBaselineTable {
  id: Generated<string>
  environmentId: string
  version: number
  items: ConfigItemsColumn
  /** The report this baseline was approved from. */
  reportId: string | null
  /** Release (agency-plans) whose post-release state this records, if any. */
  releaseId: string | null
  note: string | null
  approvedBy: string
  approvedAt: Generated<string>
}

export type ConfigurationBaselineRow = Selectable<ConfigurationBaselineTable>
