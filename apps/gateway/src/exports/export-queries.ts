/**
 * The one GraphQL operation behind each export, run through the supergraph with the caller's
 * token, so the caller's access rules decide what the export contains. Field names are the
 * public contract's (shared/contract/schema.graphql) plus the documented additions
 * (AgencyReleasePlan.releases(from, to)). Results match the types in export-data.ts.
 */

const FREEZE_WINDOW = 'id name reason start end timeZone recurrence tiers'
const WINDOW = 'tier start end environment { key }'

export const CALENDAR_QUERY = /* GraphQL */ `
  query RailyardCalendarFeed($key: String!, $from: Date!, $to: Date!, $windowsFrom: DateTime, $windowsTo: DateTime) {
    program(key: $key) {
      key
      name
      strategy { promotionPath cadence { timeZone } freezeWindows { ${FREEZE_WINDOW} } }
      cycles(from: $from, to: $to) { id name codeFreeze releaseDate }
      plans(status: APPROVED) {
        id title status agency { code name }
        releases(from: $windowsFrom, to: $windowsTo) { id name version type status schedule { ${WINDOW} } }
      }
    }
  }
`

export const FREEZE_EXPORT_QUERY = /* GraphQL */ `
  query RailyardFreezeExport($key: String!) {
    program(key: $key) {
      key
      name
      strategy { promotionPath freezeWindows { ${FREEZE_WINDOW} } }
    }
  }
`

export const ROADMAP_QUERY = /* GraphQL */ `
  query RailyardRoadmapExport($key: String!, $windowsFrom: DateTime, $windowsTo: DateTime) {
    program(key: $key) {
      key
      name
      strategy { promotionPath cadence { timeZone } }
      plans {
        id title status agency { code name }
        releases(from: $windowsFrom, to: $windowsTo) { id name version type status currentTier schedule { ${WINDOW} } }
      }
    }
  }
`

const CRITERION = 'key description kind threshold evidenceRequired'
const STEP = 'order name approverRole minApprovals separationOfDuties'
const ESCALATION = 'level title contact responseMinutes'

export const RMP_QUERY = /* GraphQL */ `
  query RailyardReleaseManagementPlan($id: ID!) {
    agencyPlan(id: $id) {
      id title status periodStart periodEnd revision strategyVersion updatedAt updatedBy
      agency { code name }
      program {
        key
        name
        strategyVersions {
          version publishedAt notes
          cadence { rule timeZone startsOn codeFreezeDaysBefore }
          promotionPath
          qualityGates { key name tier criteria { ${CRITERION} } }
          readinessCriteria { ${CRITERION} }
          planApproval { name steps { ${STEP} } }
          escalationPath { ${ESCALATION} }
          freezeWindows { ${FREEZE_WINDOW} }
        }
      }
      alignment { aligned stale strategyVersion issues { code severity message release { id } } }
      approvals {
        id status currentStep requestedBy requestedAt
        workflow { name steps { ${STEP} } }
        decisions { step decidedBy decision comment decidedAt }
      }
      releases {
        id name version type summary status currentTier
        cycle { id name codeFreeze releaseDate }
        scope { key title kind }
        artifacts { name version digest uri }
        schedule { tier start end environment { key name } }
        steps { order title owner durationMinutes tier }
        validations { tier description owner }
        roles { responsibility person contact }
        requirements { key expected }
        dependencies {
          release { id name version agency { code name } }
          sharedComponent { key name currentVersion }
          versionRange
          note
        }
        dependents { id name version agency { code name } }
        impactedAgencies { code name }
        rollback { strategy triggers steps maxMinutes rehearsedAt }
        escalation { ${ESCALATION} }
        gates { gate { key name tier } passed unmetCriteria }
        checkpoints { criterionKey met value evidenceUrl recordedBy recordedAt note }
        postReleaseValidation { passed notes recordedBy recordedAt }
      }
    }
  }
`
