import type { Generated, Selectable } from 'kysely'

/** saved_view: a named roadmap view (its query string) owned by `createdBy`; shared ones are read by every reader of the program. */
export interface SavedViewTable {
  id: Generated<string>
  programId: string
  /** The owner: the token subject of the person who saved it. */
  createdBy: string
  name: string
  /** The roadmap's query string without '?', only known parameters (saved-view.validation.ts). */
  parameters: string
  shared: Generated<boolean>
  revision: Generated<number>
  createdAt: Generated<string>
  updatedAt: Generated<string>
}

export type SavedViewRow = Selectable<SavedViewTable>
