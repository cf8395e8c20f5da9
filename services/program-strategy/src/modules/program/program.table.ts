import type { Generated, Selectable } from 'kysely'

export interface ProgramTable {
  id: Generated<string>
  key: string
  name: string
  description: string | null
  createdAt: Generated<string>
  createdBy: string
}

export interface ProgramAgencyTable {
  programId: string
  agencyId: string
}

export type ProgramRow = Selectable<ProgramTable>
