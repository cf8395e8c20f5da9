import type { Generated, Selectable } from 'kysely'

export interface SharedComponentTable {
  id: Generated<string>
  programId: string
  key: string
  name: string
  ownerAgencyId: string | null
  currentVersion: string | null
  createdAt: Generated<string>
  createdBy: string
}

export type SharedComponentRow = Selectable<SharedComponentTable>
