import type { ColumnType, Generated, Selectable } from 'kysely'
import type { ExceptionStatus, WaivableBlockerCode } from '@railyard/release-rules'

/** deployment_exception: one break-glass exception of a release for one tier. */
export interface DeploymentExceptionTable {
  id: Generated<string>
  releaseId: ColumnType<string, string, never>
  /** The release's agency (tokens name their agency by code). */
  agencyCode: ColumnType<string, string, never>
  tier: ColumnType<string, string, never>
  waives: ColumnType<WaivableBlockerCode[], string, never>
  /** Instants: [startAt, endAt). */
  startAt: ColumnType<string, string, never>
  endAt: ColumnType<string, string, never>
  justification: ColumnType<string, string, never>
  status: ColumnType<ExceptionStatus, ExceptionStatus | undefined, ExceptionStatus>
  requestedBy: ColumnType<string, string, never>
  requestedAt: Generated<string>
  decidedBy: ColumnType<string | null, never, string>
  decidedAt: ColumnType<string | null, never, string>
  comment: ColumnType<string | null, never, string>
}

export type DeploymentExceptionRow = Selectable<DeploymentExceptionTable>
