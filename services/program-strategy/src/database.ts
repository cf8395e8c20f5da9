import type { AuditLogTable } from '@railyard/graphql-kit'
import type { CalendarFeedTable } from './modules/calendar-feed/calendar-feed.table.ts'
import type { AgencyTable } from './modules/agency/agency.table.ts'
import type { ProgramAgencyTable, ProgramTable } from './modules/program/program.table.ts'
import type { SharedComponentTable } from './modules/shared-component/shared-component.table.ts'
import type { ReleaseStrategyTable } from './modules/strategy/strategy.table.ts'

/** Tables of the program_strategy schema (camelCase here, snake_case in SQL). */
export interface Database {
  agency: AgencyTable
  program: ProgramTable
  programAgency: ProgramAgencyTable
  sharedComponent: SharedComponentTable
  releaseStrategy: ReleaseStrategyTable
  auditLog: AuditLogTable
  calendarFeed: CalendarFeedTable
}

export const SCHEMA = 'program_strategy'
