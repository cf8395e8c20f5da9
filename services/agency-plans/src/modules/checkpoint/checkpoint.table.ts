import type { Generated, Selectable } from 'kysely'

/** Recorded evidence for one readiness criterion of a release (history is kept). */
export interface CheckpointTable {
  id: Generated<string>
  /** Insertion order, to break recordedAt ties. */
  seq: Generated<number>
  releaseId: string
  criterionKey: string
  value: number | null
  attested: boolean | null
  evidenceUrl: string | null
  note: string | null
  met: boolean
  recordedBy: string
  recordedAt: Generated<string>
}

export type CheckpointRow = Selectable<CheckpointTable>
