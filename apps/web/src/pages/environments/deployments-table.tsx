/** An environment's recent deployments. */
import { StatusTag } from '../../components/status.tsx'
import { formatInstant } from '../../lib/time.ts'
import type { Env } from './environment-card.tsx'
import { nameOf } from './environment-groups.ts'
import type { ReleaseNames } from './environment-groups.ts'

export function DeploymentsTable({ env: e, tz, releaseNames }: { env: Env; tz: string; releaseNames: ReleaseNames }) {
  return (
    <>
      <h4 className="font-heading-sm margin-bottom-05">Recent deployments</h4>
      {e.deployments.length === 0 ? (
        <p className="ry-muted margin-top-0">None recorded.</p>
      ) : (
        <div className="overflow-x-auto">
          <table className="usa-table usa-table--borderless usa-table--compact width-full" data-testid={`deployments-${e.key}`}>
            <thead>
              <tr>
                <th scope="col">Release</th>
                <th scope="col">Version</th>
                <th scope="col">Outcome</th>
                <th scope="col">Started</th>
                <th scope="col">By</th>
              </tr>
            </thead>
            <tbody>
              {e.deployments.map((d) => (
                <tr key={d.id}>
                  <td>{nameOf(releaseNames, d.release.id)}</td>
                  <td>{d.version}</td>
                  <td>
                    <StatusTag status={d.outcome} />
                  </td>
                  <td>{formatInstant(d.startedAt, tz)}</td>
                  <td>{d.deployedBy}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </>
  )
}
