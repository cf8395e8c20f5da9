import type { Generated, Selectable } from 'kysely'

export type EnvironmentStatus = 'AVAILABLE' | 'DEGRADED' | 'OFFLINE'

export interface EnvironmentTable {
  id: Generated<string>
  key: string
  name: string
  tier: string
  /** Program id (program-strategy). */
  programId: string
  /** Owning agency id (program-strategy); null for a shared environment. */
  agencyId: string | null
  /** Owning agency code, as tokens name agencies; null for a shared environment. */
  agencyCode: string | null
  url: string | null
  status: Generated<EnvironmentStatus>
  /** Version of the current baseline; 0 before the first approval (compare-and-set on approval). */
  baselineVersion: Generated<number>
  /** Bumped by every change of the row (status, a report, a baseline approval): setEnvironmentStatus's expectedRevision. */
  revision: Generated<number>
  /** The last report received; null before the first. */
  lastReportId: string | null
  createdAt: Generated<string>
  createdBy: string
  updatedAt: Generated<string>
  updatedBy: string
}

export type EnvironmentRow = Selectable<EnvironmentTable>
