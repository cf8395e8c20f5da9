/** GraphQL documents of the plan pages (list, new, editor). */
import { graphql } from '../../gql/index.ts'

export const PlansListDocument = graphql(`
  query PlansList($key: String!) {
    program(key: $key) {
      id
      agencies {
        id
        code
        name
        plans {
          id
          title
          status
          periodStart
          periodEnd
          releases {
            id
          }
        }
      }
    }
  }
`)

export const NewPlanContextDocument = graphql(`
  query NewPlanContext($key: String!) {
    program(key: $key) {
      id
      key
      name
      agencies {
        id
        code
        name
      }
    }
  }
`)

export const CreateAgencyPlanDocument = graphql(`
  mutation CreateAgencyPlan($input: CreateAgencyPlanInput!) {
    createAgencyPlan(input: $input) {
      id
    }
  }
`)

// The fields the release editor reads; codegen inlines this fragment into the documents that spread it.
graphql(`
  fragment ReleaseEditorFields on Release {
    id
    name
    version
    type
    summary
    status
    currentTier
    revision
    cycle {
      id
      name
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
        id
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
        }
      }
      sharedComponent {
        id
        key
        name
      }
      versionRange
      note
    }
    rollback {
      strategy
      triggers
      steps
      maxMinutes
      rehearsedAt
    }
    escalation {
      level
      title
      contact
      responseMinutes
    }
  }
`)

export const PlanEditorDocument = graphql(`
  query PlanEditor($id: ID!) {
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
        id
        code
        name
      }
      program {
        id
        key
        name
        strategy {
          version
          promotionPath
          cadence {
            timeZone
          }
          escalationPath {
            level
            title
            contact
            responseMinutes
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
            name
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
            order
            name
            approverRole
            minApprovals
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
        ...ReleaseEditorFields
      }
    }
  }
`)

export const PlanEditorOptionsDocument = graphql(`
  query PlanEditorOptions($programId: ID!, $from: Date!, $to: Date!) {
    program(id: $programId) {
      id
      cycles(from: $from, to: $to) {
        id
        name
        releaseDate
      }
      environments {
        id
        key
        name
        tier
        agency {
          code
        }
      }
      sharedComponents {
        id
        key
        name
        currentVersion
      }
      agencies {
        code
        plans {
          id
          title
          releases {
            id
            name
            version
          }
        }
      }
    }
  }
`)

export const UpdateAgencyPlanDocument = graphql(`
  mutation UpdateAgencyPlan($id: ID!, $expectedRevision: Int!, $input: UpdateAgencyPlanInput!) {
    updateAgencyPlan(id: $id, expectedRevision: $expectedRevision, input: $input) {
      id
      revision
    }
  }
`)

export const RealignAgencyPlanDocument = graphql(`
  mutation RealignAgencyPlan($id: ID!, $expectedRevision: Int!) {
    realignAgencyPlan(id: $id, expectedRevision: $expectedRevision) {
      id
      revision
      strategyVersion
    }
  }
`)

export const SubmitAgencyPlanDocument = graphql(`
  mutation SubmitAgencyPlan($id: ID!, $expectedRevision: Int!) {
    submitAgencyPlan(id: $id, expectedRevision: $expectedRevision) {
      id
      revision
      status
    }
  }
`)

export const AddReleaseDocument = graphql(`
  mutation AddRelease($planId: ID!, $expectedRevision: Int!, $input: ReleaseInput!) {
    addRelease(planId: $planId, expectedRevision: $expectedRevision, input: $input) {
      id
      revision
    }
  }
`)

export const UpdateReleaseDocument = graphql(`
  mutation UpdateRelease($id: ID!, $expectedRevision: Int!, $input: ReleaseInput!) {
    updateRelease(id: $id, expectedRevision: $expectedRevision, input: $input) {
      id
      revision
    }
  }
`)

export const CancelReleaseDocument = graphql(`
  mutation CancelRelease($id: ID!, $expectedRevision: Int!, $reason: String!) {
    cancelRelease(id: $id, expectedRevision: $expectedRevision, reason: $reason) {
      id
      status
      revision
    }
  }
`)
