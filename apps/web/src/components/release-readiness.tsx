/**
 * The readiness of a release's scheduled environments, as the release page and the environments
 * page show it: one row per scheduled window that names an environment, ready or blocked, and
 * each blocker (DRIFT, REQUIREMENT_UNMET, NOT_BOOKED, BOOKING_CONFLICT, ENVIRONMENT_OFFLINE) with
 * the server's message. Computed by environment-inventory; nothing is judged here.
 */
import { graphql } from '../gql/index.ts'
import type { EnvironmentReadinessFieldsFragment } from '../gql/graphql.ts'
import { enumText } from '../lib/format.ts'
import { StatusTag } from './status.tsx'

graphql(`
  fragment EnvironmentReadinessFields on EnvironmentReadiness {
    environment {
      id
      key
      name
    }
    tier
    ready
    blockers {
      code
      message
    }
  }
`)

/** A release's environments: readiness per window, its bookings and its deployments. */
export const ReleaseEnvironmentsDocument = graphql(`
  query ReleaseEnvironments($id: ID!) {
    release(id: $id) {
      id
      environmentReadiness {
        ...EnvironmentReadinessFields
      }
      bookings {
        ...BookingFields
        environment {
          id
          key
        }
      }
      deployments {
        ...DeploymentFields
        environment {
          key
        }
      }
    }
  }
`)

/** The readiness table; rows are `${testId}-${tier}` with `data-ready`. */
export function ReadinessTable({ readiness, testId }: { readiness: readonly EnvironmentReadinessFieldsFragment[]; testId: string }) {
  if (readiness.length === 0) return <p className="ry-muted">No scheduled window names an environment.</p>
  return (
    <table className="usa-table usa-table--borderless usa-table--compact width-full" data-testid={testId}>
      <thead>
        <tr>
          <th scope="col">Tier</th>
          <th scope="col">Environment</th>
          <th scope="col">Ready</th>
          <th scope="col">Blockers</th>
        </tr>
      </thead>
      <tbody>
        {readiness.map((x, i) => (
          <tr key={i} data-testid={`${testId}-${x.tier}`} data-ready={x.ready}>
            <td>{x.tier}</td>
            <td>{x.environment.key}</td>
            <td>{x.ready ? <StatusTag status="AVAILABLE" label="READY" /> : <StatusTag status="ERROR" label="BLOCKED" />}</td>
            <td>
              {x.blockers.length === 0
                ? '—'
                : x.blockers.map((b, k) => (
                    <div key={k}>
                      <strong>{enumText(b.code)}</strong>: {b.message}
                    </div>
                  ))}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  )
}
