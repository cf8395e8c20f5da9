import type { ColumnType, Generated, Selectable } from 'kysely'
import type { ConfigItem } from '@railyard/release-rules'

/** jsonb list of config items: read as objects, written as a JSON string. */
export type ConfigItemsColumn = ColumnType<ConfigItem[], string, string>

export interface EnvironmentReportTable {
  id: Generated<string>
  environmentId: string
  items: ConfigItemsColumn
  reportedBy: string
  reportedAt: Generated<string>
}

export type EnvironmentReportRow = Selectable<EnvironmentReportTable>
