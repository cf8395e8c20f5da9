import type { AuditLogTable, OutboxEventTable } from '@railyard/graphql-kit'
import type { ConfigurationBaselineTable } from './modules/baseline/baseline.table.ts'
import type { EnvironmentBookingTable } from './modules/booking/booking.table.ts'
import type { DeploymentTable } from './modules/deployment/deployment.table.ts'
import type { EnvironmentReportTable } from './modules/environment-report/environment-report.table.ts'
import type { EnvironmentTable } from './modules/environment/environment.table.ts'

/** Tables of the environment_inventory schema (camelCase here, snake_case in SQL). */
export interface Database {
  environment: EnvironmentTable
  environmentReport: EnvironmentReportTable
  configurationBaseline: ConfigurationBaselineTable
  environmentBooking: EnvironmentBookingTable
  deployment: DeploymentTable
  auditLog: AuditLogTable
  outboxEvent: OutboxEventTable
}

export const SCHEMA = 'environment_inventory'
