import type { AlignmentIssue, AlignmentResult } from '@railyard/release-rules'

/** Models of the alignment report (release-rules checkAlignment results). */
export type AlignmentReportModel = AlignmentResult
export type AlignmentIssueModel = AlignmentIssue
