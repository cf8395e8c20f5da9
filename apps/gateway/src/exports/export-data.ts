/**
 * The plain data the export formatters take: exactly the results of the exports' GraphQL
 * queries (export-queries.ts, typed by codegen), so a route passes `data` straight on. The names
 * below are views into the generated result types — never hand-written shapes.
 * Instants are ISO strings, dates 'YYYY-MM-DD'.
 */
import type {
  ExportCriterionFragment,
  ExportEscalationLevelFragment,
  ExportFreezeWindowFragment,
  RailyardCalendarFeedQuery,
  RailyardFreezeExportQuery,
  RailyardReleaseManagementPlanQuery,
  RailyardRoadmapExportQuery,
  RailyardRoadmapPdfQuery,
} from '../__generated__/gql/graphql.ts'

/** A freeze window: `start`/`end` of its first occurrence, RFC 5545 `recurrence` (null: once), `tiers` empty = every tier. */
export type FreezeWindowData = ExportFreezeWindowFragment
export type CriterionData = ExportCriterionFragment
export type EscalationLevelData = ExportEscalationLevelFragment

/** The calendar feed's program (only APPROVED plans are asked for). */
export type CalendarData = NonNullable<RailyardCalendarFeedQuery['program']>
/** GitLab freeze periods / Argo CD sync windows. */
export type FreezeExportData = NonNullable<RailyardFreezeExportQuery['program']>
/** The roadmap CSV's program. */
export type RoadmapData = NonNullable<RailyardRoadmapExportQuery['program']>
/** The roadmap PDF's program (with the range's freeze occurrences). */
export type RoadmapPdfData = NonNullable<RailyardRoadmapPdfQuery['program']>

/** The Release Management Plan's plan; `program.strategyVersions` holds every published version (the formatter picks the pinned one). */
export type RmpPlanData = NonNullable<RailyardReleaseManagementPlanQuery['agencyPlan']>
export type RmpReleaseData = RmpPlanData['releases'][number]
/** A window of the RMP (its environment with key and name). */
export type RmpStageWindowData = RmpReleaseData['schedule'][number]
export type StrategyData = RmpPlanData['program']['strategyVersions'][number]
