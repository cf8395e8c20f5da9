import type { Generated, Selectable } from 'kysely'

export interface EnvironmentBookingTable {
  id: Generated<string>
  environmentId: string
  /** Release id (agency-plans). */
  releaseId: string
  /** The release's agency id at booking time (agency-plans / program-strategy). */
  releaseAgencyId: string | null
  startsAt: string
  endsAt: string
  purpose: string | null
  /** 1 for a new booking; bumped by every change of the row. cancelBooking's expectedRevision. */
  revision: Generated<number>
  createdAt: Generated<string>
  createdBy: string
}

export type EnvironmentBookingRow = Selectable<EnvironmentBookingTable>
