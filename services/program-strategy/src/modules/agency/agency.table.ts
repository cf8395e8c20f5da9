import type { Generated, Selectable } from 'kysely'

export interface AgencyTable {
  id: Generated<string>
  code: string
  name: string
  createdAt: Generated<string>
  createdBy: string
}

export type AgencyRow = Selectable<AgencyTable>
