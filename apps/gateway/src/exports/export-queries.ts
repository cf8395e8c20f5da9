/**
 * The one GraphQL operation behind each export, run through the supergraph with the caller's
 * token, so the caller's access rules decide what the export contains. Field names are the
 * public contract's (shared/contract/schema.graphql) plus the documented additions
 * (AgencyReleasePlan.releases(from, to)). Each is a TypedDocumentNode (`pnpm codegen` →
 * ../__generated__/gql/); export-data.ts names the shapes of their results.
 */
import { graphql } from '../__generated__/gql/index.ts'

graphql(`
  fragment ExportFreezeWindow on FreezeWindow {
    id
    name
    reason
    start
    end
    timeZone
    recurrence
    tiers
  }
`)

graphql(`
  fragment ExportStageWindow on StageWindow {
    tier
    start
    end
    environment {
      key
    }
  }
`)

graphql(`
  fragment ExportCriterion on ReadinessCriterion {
    key
    description
    kind
    threshold
    evidenceRequired
  }
`)

graphql(`
  fragment ExportApprovalStep on ApprovalStep {
    order
    name
    approverRole
    minApprovals
    separationOfDuties
  }
`)

graphql(`
  fragment ExportEscalationLevel on EscalationLevel {
    level
    title
    contact
    responseMinutes
  }
`)

export const CALENDAR_QUERY = graphql(`
  query RailyardCalendarFeed($key: String!, $from: Date!, $to: Date!, $windowsFrom: DateTime, $windowsTo: DateTime) {
    program(key: $key) {
      key
      name
      strategy {
        promotionPath
        cadence {
          timeZone
        }
        freezeWindows {
          ...ExportFreezeWindow
        }
      }
      cycles(from: $from, to: $to) {
        id
        name
        codeFreeze
        releaseDate
      }
      plans(status: APPROVED) {
        id
        title
        status
        agency {
          code
          name
        }
        releases(from: $windowsFrom, to: $windowsTo) {
          id
          name
          version
          type
          status
          schedule {
            ...ExportStageWindow
          }
        }
      }
    }
  }
`)

export const FREEZE_EXPORT_QUERY = graphql(`
  query RailyardFreezeExport($key: String!) {
    program(key: $key) {
      key
      name
      strategy {
        promotionPath
        freezeWindows {
          ...ExportFreezeWindow
        }
      }
    }
  }
`)

export const ROADMAP_QUERY = graphql(`
  query RailyardRoadmapExport($key: String!, $windowsFrom: DateTime, $windowsTo: DateTime) {
    program(key: $key) {
      key
      name
      strategy {
        promotionPath
        cadence {
          timeZone
        }
      }
      plans {
        id
        title
        status
        agency {
          code
          name
        }
        releases(from: $windowsFrom, to: $windowsTo) {
          id
          name
          version
          type
          status
          currentTier
          schedule {
            ...ExportStageWindow
          }
        }
      }
    }
  }
`)

/** The roadmap PDF: the CSV's plans and releases, and the freeze occurrences of the range (drawn as bands). */
export const ROADMAP_PDF_QUERY = graphql(`
  query RailyardRoadmapPdf($key: String!, $windowsFrom: DateTime, $windowsTo: DateTime, $freezeFrom: DateTime!, $freezeTo: DateTime!) {
    program(key: $key) {
      key
      name
      strategy {
        promotionPath
        cadence {
          timeZone
        }
      }
      freezeOccurrences(from: $freezeFrom, to: $freezeTo) {
        start
        end
        window {
          name
          tiers
        }
      }
      plans {
        id
        title
        status
        agency {
          code
          name
        }
        releases(from: $windowsFrom, to: $windowsTo) {
          id
          name
          version
          status
          schedule {
            ...ExportStageWindow
          }
        }
      }
    }
  }
`)

export const RMP_QUERY = graphql(`
  query RailyardReleaseManagementPlan($id: ID!) {
    agencyPlan(id: $id) {
      id
      title
      status
      periodStart
      periodEnd
      revision
      strategyVersion
      updatedAt
      updatedBy
      agency {
        code
        name
      }
      program {
        key
        name
        strategyVersions {
          version
          publishedAt
          notes
          cadence {
            rule
            timeZone
            startsOn
            codeFreezeDaysBefore
          }
          promotionPath
          qualityGates {
            key
            name
            tier
            criteria {
              ...ExportCriterion
            }
          }
          readinessCriteria {
            ...ExportCriterion
          }
          planApproval {
            name
            steps {
              ...ExportApprovalStep
            }
          }
          escalationPath {
            ...ExportEscalationLevel
          }
          freezeWindows {
            ...ExportFreezeWindow
          }
        }
      }
      alignment {
        aligned
        stale
        strategyVersion
        issues {
          code
          severity
          message
          release {
            id
          }
        }
      }
      approvals {
        id
        status
        currentStep
        requestedBy
        requestedAt
        workflow {
          name
          steps {
            ...ExportApprovalStep
          }
        }
        decisions {
          step
          decidedBy
          decision
          comment
          decidedAt
        }
      }
      releases {
        id
        name
        version
        type
        summary
        status
        currentTier
        cycle {
          id
          name
          codeFreeze
          releaseDate
        }
        scope {
          key
          title
          kind
        }
        artifacts {
          name
          version
          digest
          uri
        }
        schedule {
          tier
          start
          end
          environment {
            key
            name
          }
        }
        steps {
          order
          title
          owner
          durationMinutes
          tier
        }
        validations {
          tier
          description
          owner
        }
        roles {
          responsibility
          person
          contact
        }
        requirements {
          key
          expected
        }
        dependencies {
          release {
            id
            name
            version
            agency {
              code
              name
            }
          }
          sharedComponent {
            key
            name
            currentVersion
          }
          versionRange
          note
        }
        dependents {
          id
          name
          version
          agency {
            code
            name
          }
        }
        impactedAgencies {
          code
          name
        }
        rollback {
          strategy
          triggers
          steps
          maxMinutes
          rehearsedAt
        }
        escalation {
          ...ExportEscalationLevel
        }
        gates {
          gate {
            key
            name
            tier
          }
          passed
          unmetCriteria
        }
        checkpoints {
          criterionKey
          met
          value
          evidenceUrl
          recordedBy
          recordedAt
          note
        }
        postReleaseValidation {
          passed
          notes
          recordedBy
          recordedAt
        }
      }
    }
  }
`)
